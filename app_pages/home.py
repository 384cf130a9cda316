"""Home: what the app is for and the loaded dataset at a glance."""

import streamlit as st

from dashboard.analysis import summary
from dashboard.domain.labels import dataset_text, dataset_title
from dashboard.i18n import number, t
from dashboard.views import filter_text, home_charts
from dashboard.views.markdown import escape_markdown
from dashboard.web import session
from dashboard.web.columns import material_columns


def render(data: session.PageData) -> None:
    full, view, _ = data
    st.title(t("home.title"))
    st.markdown(t("home.intro"))
    title = escape_markdown(dataset_title(full.meta, full.name))
    st.subheader(t("home.dataset_heading", title=title))
    description = dataset_text(full.meta, "description")
    if description:
        st.caption(escape_markdown(description))
    counts, total = summary.counts(view), summary.counts(full)
    for column, key in zip(st.columns(3), ("companies", "streams", "flows"), strict=True):
        column.metric(
            t(f"home.metric.{key}"),
            number(counts[key]),
            help=t("home.of_total", total=number(total[key])),
        )
    lines = filter_text.narrowing(summary.filter_effects(full, view, session.filters()),
                                  session.filters())  # fmt: skip
    if lines:
        with st.container(key=session.HOME_FILTERS):
            st.markdown(f"**{t('filters.heading')}**")
            st.markdown("\n".join(f"- {escape_markdown(line)}" for line in lines))
    if view.companies.empty:
        st.info(t("home.nothing_selected"))
    else:
        left, right = st.columns(2)
        sectors = home_charts.sector_bar(summary.by_sector(view.companies))
        left.plotly_chart(sectors, key=session.HOME_SECTORS)
        regions = home_charts.region_bar(summary.by_region(view.companies))
        right.plotly_chart(regions, key=session.HOME_REGIONS)
        provenance = home_charts.provenance_bar(summary.by_provenance(view))
        left.plotly_chart(provenance, key=session.HOME_PROVENANCE)
        with right:
            st.markdown(f"**{t('home.materials_heading')}**")
            st.caption(t("home.materials_caption"))
            st.dataframe(
                home_charts.material_table(summary.by_material(view.streams)),
                hide_index=True,
                column_config=material_columns(),
            )
        note = dataset_text(full.meta, "provenance_note")
        if note:
            st.caption(t("home.provenance_note", note=escape_markdown(note)))
    st.subheader(t("home.own_data_heading"))
    st.markdown(t("home.own_data_text"))
    st.page_link("app_pages/data.py", label=t("home.to_data_page"), icon=":material/upload:")


render(session.data())
