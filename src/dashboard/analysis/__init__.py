"""Data in, data out: no Streamlit, no figures, no display names.

- `matching`: `find_candidates`, `count_candidates`, `MatchOptions`, `score`
- `chains`: `detect_chains`, `Chain`
- `assessment`: `assess_exchange`, `assess_chain`, `partner_table`, `Result`, `Missing`
- `mca`: `criteria_scores`, `mca_score`, `compare_chains`
- `sensitivity`: `sensitivity`
- `sankey_links`: `SankeyDefinition`, `flow_links`, `split_unknown`, `sankey_links`
- `summary`: `counts`, `by_sector`, `by_region`, `by_material`, `by_provenance`
- `policy`: the measure catalogue, exchange facts, rule evaluation and findings
"""
