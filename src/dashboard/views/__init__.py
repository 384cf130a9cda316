"""Pure builders: results in, plotly figures, folium layers, HTML and tables out, in the current
language; text from data escaped.

- `labels` live in `dashboard.domain.labels`; colours in `style`
- maps: `leaflet` (base map, layer elements), `map_layers`, `company_panel`, `chain_map`
- `candidate_reasons`: the reasons beside each candidate exchange
- `sankey_figure`, `home_charts`, `chain_diagram`, `chain_figures`
- tables: `chain_tables`, `chain_options`, `policy_text`, `export_tables`, `vocabulary`
- `report_html`, `about_texts`, `markdown`
"""
