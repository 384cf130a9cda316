"""The Examples page's parts: the library of documented cases (read once per process), its
filters, the world map, and the chosen case's sheet, diagram and tables."""

from __future__ import annotations

import streamlit as st
from streamlit_folium import st_folium

from dashboard.domain.cases import CASE_TYPES
from dashboard.domain.labels import material_label, section_label
from dashboard.i18n import t
from dashboard.io.cases import Entry, load_library, select
from dashboard.views import case_views as cv
from dashboard.views.markdown import escape_markdown
from dashboard.web import session
from dashboard.web.widgets import number_table


@st.cache_resource(show_spinner=False)
def library() -> tuple[list[Entry], list[tuple[str, list[str]]]]:
    """Every case file read and validated once per process (shared, read-only)."""
    return load_library()


def _multiselect(label: str, options, key: str, format_func) -> list[str]:
    return st.multiselect(
        label, sorted(options), key=key, format_func=format_func, select_all=False,
        filter_mode="contains",
    )  # fmt: skip


def filters(entries: list[Entry]) -> list[Entry]:
    cols = st.columns(4)
    with cols[0]:
        sections = {s for e in entries for s in e.sections}
        sectors = _multiselect(t("examples.filter.sector"), sections, session.EX_SECTOR,
                               section_label)  # fmt: skip
    with cols[1]:
        countries = _multiselect(t("examples.filter.country"), {e.case.country for e in entries},
                                 session.EX_COUNTRY, cv.country_name)  # fmt: skip
    with cols[2]:
        materials = _multiselect(t("examples.filter.material"),
                                 {m for e in entries for m in e.materials}, session.EX_MATERIAL,
                                 material_label)  # fmt: skip
    with cols[3]:
        types = _multiselect(t("examples.filter.type"), CASE_TYPES, session.EX_TYPE,
                             lambda k: t(f"examples.type.{k}"))  # fmt: skip
    return select(entries, sectors, countries, materials, types)


def case_page(entry: Entry) -> None:
    case = entry.case
    st.subheader(escape_markdown(cv.name(case)))
    facts = [cv.text(case.place), cv.country_name(case.country), t(f"examples.type.{case.type}")]
    if case.started:
        facts.append(t("examples.started", year=case.started))
    st.caption(escape_markdown(" · ".join(facts)))
    if case.caveats is not None:
        st.warning(escape_markdown(cv.text(case.caveats)))
    st.markdown(cv.sheet_markdown(case))
    st.markdown(f"**{t('examples.diagram')}**")
    st.plotly_chart(cv.case_diagram(entry), key=session.EX_DIAGRAM, width="stretch")
    for unit, figure in cv.case_sankeys(entry):
        st.plotly_chart(figure, key=session.examples_sankey_key(unit))
    st.caption(t("examples.sankey_caption"))
    for part, frame in (
        ("exchanges", cv.exchanges_table(entry)),
        ("results", cv.results_table(case)),
        ("partners", cv.partners_table(entry)),
        ("sources", cv.sources_table(case)),
    ):
        st.markdown(f"**{t(f'examples.{part}')}**")
        if frame.empty:
            st.caption(t("examples.none"))
        else:
            number_table(frame, session.examples_table_key(part))


def examples() -> None:
    st.title(t("examples.title"))
    st.markdown(t("examples.intro"))
    entries, failed = library()
    for file_name, problems in failed:
        st.warning(escape_markdown(t("examples.failed", file=file_name, count=len(problems))))
    shown = filters(entries)
    st.caption(t("examples.count", shown=len(shown), total=len(entries)))
    if not shown:
        st.info(t("examples.no_match"))
        return
    by_id = {e.case.id: e for e in shown}
    chosen = st.selectbox(t("examples.case"), list(by_id), key=session.EX_CASE,
                          format_func=lambda c: cv.name(by_id[c].case))  # fmt: skip
    st_folium(
        cv.cases_map(), key=session.EX_MAP,
        feature_group_to_add=cv.case_layer(shown, chosen), returned_objects=[], height=360,
        use_container_width=True,
    )  # fmt: skip
    st.caption(t("examples.map_caption"))
    case_page(by_id[chosen])
