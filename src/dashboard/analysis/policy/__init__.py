"""Policy measures for exchanges and chains.

- `catalogue`: `load_catalogue`, `bundled_catalogue`, `filter_catalogue`, the rule language
- `facts`: `ExchangeFacts`, `flow_facts`, `candidate_facts`, `exchange_facts`, `waste_status`
- `rules`: `evaluate`, `findings`, `Finding`, `rank_key`, `ranked` (barriers first, the most
  specific first)
- `findings`: `chain_findings`, `by_category`, `flow_findings`, `exchanges_findings`,
  `chain_matrix`, `matrix_by_instrument` (regulatory, economic, informational and planning)
"""
