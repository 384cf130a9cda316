"""Home: what the app is for and the loaded dataset at a glance."""

import streamlit as st

from dashboard import figures, summary
from dashboard.export import escape_markdown
from dashboard.i18n import t
from dashboard.webapp import current, material_columns

full, view = current()
st.title(t("home.title"))
st.markdown(t("home.intro"))

st.subheader(t("home.dataset_heading", title=escape_markdown(full.meta.get("title", full.name))))
if full.meta.get("description"):
    st.caption(escape_markdown(full.meta["description"]))
counts, total = summary.counts(view), summary.counts(full)
columns = st.columns(3)
for column, key in zip(columns, ("companies", "streams", "flows"), strict=True):
    column.metric(
        t(f"home.metric.{key}"),
        f"{counts[key]:,}",
        help=t("home.of_total", total=f"{total[key]:,}"),
    )

if view.companies.empty:
    st.info(t("home.nothing_selected"))
else:
    left, right = st.columns(2)
    left.plotly_chart(figures.sector_bar(summary.by_sector(view.companies)), key="sectors")
    right.plotly_chart(figures.region_bar(summary.by_region(view.companies)), key="regions")
    left.plotly_chart(figures.provenance_bar(summary.by_provenance(view)), key="provenance")
    with right:
        st.markdown(f"**{t('home.materials_heading')}**")
        st.caption(t("home.materials_caption"))
        st.dataframe(
            summary.by_material(view.streams),
            hide_index=True,
            column_config=material_columns(),
        )
    if full.meta.get("provenance_note"):
        st.caption(t("home.provenance_note", note=escape_markdown(full.meta["provenance_note"])))

st.subheader(t("home.own_data_heading"))
st.markdown(t("home.own_data_text"))
st.page_link("app_pages/data.py", label=t("home.to_data_page"), icon=":material/upload:")
