"""Vocabulary and value objects; imports nothing of the package but `dashboard.i18n`.

- `reference`: bundled reference tables (materials, NACE/OKVED2, EWC, regions) and code parsing
- `taxonomy`: which have meets which want, transport distances, handling
- `dataset`: `Dataset` and the shared filters (`filter_options`, `apply_filters`)
- `values`: what counts as missing (`is_missing`, `optional_number`, `cell_text`, ...)
- `labels`: every display name (`material_label`, `section_label`, `status_label`, `amount`, ...)
- `statuses`: the flow-status vocabulary and its named subsets
- `geo`: `haversine_km`, `EARTH_RADIUS_KM`, `locate` (region and country from coordinates)
- `exchange`: `Exchange`, `flow_exchanges`, `candidate_exchange`
- `members`: chain members (`Member`, `StoredChain`, `member_exchanges`)
- `factors`: assessment factors with sources (`Factors`, `read_factors`)
"""
