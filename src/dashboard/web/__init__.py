"""The only package that imports Streamlit.

- `session`: every `st.session_state` key and the accessors of shared state (the dataset
  choice, uploads with `accept_upload`, the selected company, the policy catalogue, ...)
- `cache`: what is cached and its keys (`load_bundled`, `candidates`, `chains`, ...)
- `sidebar`: the dataset picker and shared filters
- `widgets`, `columns`: widgets and table headings the pages share
- `chain_actions`: what the Chains page's buttons do
"""
