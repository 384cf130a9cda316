"""Map: companies, flows and candidate exchanges over the bundled boundaries; click a company."""

from functools import partial

import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from dashboard import map_view as mv
from dashboard.export import escape_markdown, safe_csv_bytes
from dashboard.i18n import t
from dashboard.reference import UNITS
from dashboard.webapp import current, find_candidates_cached

KM_CHOICES = (5, 10, 25, 50, 100, 200, 300, 0)  # 0: only the material's own limit
LINE_LAYERS = ("existing", "planned", "potential")
MAP_KEY = "map_view"
COLUMNS = {
    "direction": t("map.col.direction"),
    "partner": t("map.col.partner"),
    "material": t("col.material"),
    "quantity": st.column_config.NumberColumn(t("col.quantity"), format="localized"),
    "unit": t("col.unit"),
    "hazardous": t("col.hazardous"),
    "provenance": t("map.col.provenance"),
    "notes": t("map.col.notes"),
    "status": t("map.col.status"),
    "source_name": t("map.col.source"),
    "target_name": t("map.col.target"),
    "have_material": t("map.col.have_material"),
    "want_material": t("map.col.want_material"),
    "distance_km": st.column_config.NumberColumn(t("map.col.distance_km"), format="%.1f"),
    "coverage": st.column_config.NumberColumn(t("map.col.coverage"), format="percent"),
    "score": st.column_config.ProgressColumn(
        t("map.col.score"), min_value=0, max_value=100, format="%.1f"
    ),
    "reasons": st.column_config.TextColumn(t("map.col.reasons"), width="large"),
}
TABLE_COLUMNS = [
    "source_name", "target_name", "have_material", "want_material", "quantity", "unit",
    "coverage", "distance_km", "hazardous", "score", "reasons",
]  # fmt: skip


def select_company(companies: pd.DataFrame) -> str | None:
    """The selected company: a new click on a marker, else the picker, else the choice kept
    from another page; None when it is not on the map."""
    click = (st.session_state.get(MAP_KEY) or {}).get("last_object_clicked")
    if click and click != st.session_state.get("map_last_click"):
        st.session_state["map_last_click"] = click
        found = mv.company_at(companies, click["lat"], click["lng"])
        if found is not None:
            st.session_state["map_company"] = found
    chosen = st.session_state.get("map_company", st.session_state.get("selected_company"))
    chosen = chosen if chosen in set(companies["company_id"]) else None
    st.session_state["map_company"] = st.session_state["selected_company"] = chosen
    return chosen


def show_table(frame: pd.DataFrame, key: str) -> None:
    if frame.empty:
        st.caption(t("map.panel.none"))
    else:
        st.dataframe(frame, hide_index=True, key=key, column_config=COLUMNS)


def show_panel(panel: mv.CompanyPanel) -> None:
    st.subheader(escape_markdown(panel.name))
    st.caption(escape_markdown(" · ".join(filter(None, [panel.sector, panel.region]))))
    for heading, frame, key in (
        (t("map.panel.haves"), panel.haves, "panel_haves"),
        (t("map.panel.wants"), panel.wants, "panel_wants"),
        (t("map.panel.flows"), panel.flows, "panel_flows"),
        (t("map.panel.candidates"), panel.candidates, "panel_candidates"),
    ):
        st.markdown(f"**{heading}**")
        show_table(frame, key)


full, view = current()
st.title(t("map.title"))
st.caption(t("map.intro"))

with st.sidebar:
    st.subheader(t("map.settings"))
    max_km = st.select_slider(
        t("map.max_km"), KM_CHOICES, value=0, key="map_max_km", help=t("map.max_km_help"),
        format_func=lambda km: t("map.no_limit") if km == 0 else f"{km} km",
    )  # fmt: skip
    min_score = st.slider(
        t("map.min_score"), 0, 100, 0, step=5, key="map_min_score", help=t("map.min_score_help")
    )
    layers = st.pills(
        t("map.layers"), LINE_LAYERS, selection_mode="multi", default=list(LINE_LAYERS),
        key="map_layers", format_func=lambda k: t(f"map.layer.{k}"), help=t("map.layers_help"),
    )  # fmt: skip
    unit = st.segmented_control(
        t("map.unit"), UNITS, default=UNITS[0], key="map_unit", help=t("map.unit_help")
    ) or UNITS[0]  # fmt: skip
    choropleth = st.toggle(t("map.choropleth"), key="map_choropleth", help=t("map.choropleth_help"))
    tiles = st.toggle(t("map.tiles"), key="map_tiles", help=t("map.tiles_help"))

candidates = find_candidates_cached(min_score, max_km=max_km or None)
companies = mv.shown_companies(view, full, candidates)
selected = select_company(companies)

settings = mv.MapSettings(unit, tuple(layers), choropleth, tiles, selected)
groups = mv.map_layers(view, full, candidates, companies, settings)

map_column, panel_column = st.columns([3, 2])
with map_column:
    st_folium(
        mv.base_map(mv.data_bounds(full.companies)),
        key=MAP_KEY,
        feature_group_to_add=groups,
        returned_objects=["last_object_clicked"],
        height=620,
        use_container_width=True,
    )
    st.caption(t("map.caption", shown=len(companies)))

with panel_column:
    names = dict(zip(companies["company_id"], companies["name"], strict=True))
    st.selectbox(
        t("map.panel.pick"), list(names), key="map_company", format_func=names.get,
        placeholder=t("map.panel.placeholder"), help=t("map.panel.pick_help"),
    )  # fmt: skip
    panel = mv.company_panel(full, candidates, selected) if selected else None
    if panel is None:
        st.info(t("map.panel.nothing"))
    else:
        show_panel(panel)

st.subheader(t("map.candidates.heading"))
if candidates.empty:
    st.info(t("map.candidates.none"))
else:
    st.caption(
        t(
            "map.candidates.caption",
            count=len(candidates),
            drawn=min(len(candidates), mv.MAX_CANDIDATE_LINES),
        )
    )
    st.dataframe(
        candidates[TABLE_COLUMNS], hide_index=True, key="map_candidates", column_config=COLUMNS
    )
    st.download_button(
        t("map.candidates.download"),
        data=partial(safe_csv_bytes, candidates),
        file_name=f"candidates-{full.name}.csv",
        mime="text/csv",
        key="map_download",
        on_click="ignore",
    )
