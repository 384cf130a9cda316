"""Map: companies, flows and candidate exchanges over the bundled boundaries; click a company."""

import streamlit as st
from streamlit_folium import st_folium

from dashboard.domain.labels import capitalised, status_label, unit_label
from dashboard.domain.reference import UNITS
from dashboard.domain.statuses import ACTIVE
from dashboard.i18n import language, t
from dashboard.views.candidate_reasons import table_rows
from dashboard.views.company_panel import (
    Card,
    CompanyPanel,
    company_at,
    company_panel,
    panel_cards,
)
from dashboard.views.leaflet import base_map, data_bounds, height_layer, map_height
from dashboard.views.map_layers import (
    MAX_CANDIDATE_LINES,
    TABLE_COLUMNS,
    TABLE_ROWS,
    MapSettings,
    area_towns,
    data_layers,
    fresh_copy,
    shown_companies,
    town_rows,
    with_selection,
)
from dashboard.views.markdown import escape_markdown
from dashboard.views.people_csv import candidates_csv
from dashboard.web import cache, session
from dashboard.web.columns import map_columns
from dashboard.web.viewport import window_height
from dashboard.web.widgets import deferred, table

KM_CHOICES = (5, 10, 25, 50, 100, 200, 300, 0)  # 0: only the material's own limit
PLACE_ZOOM = 12


def read_settings() -> tuple[MapSettings, int, float]:
    """The sidebar's map settings: layers and units, the distance limit, the minimum score."""
    with st.sidebar:
        st.subheader(t("map.settings"))
        max_km = st.select_slider(
            t("map.max_km"), KM_CHOICES, value=0, key=session.MAP_MAX_KM,
            help=t("map.max_km_help"),
            format_func=lambda km: t("map.no_limit") if km == 0 else f"{km} km",
        )  # fmt: skip
        min_score = st.slider(
            t("map.min_score"), 0, 100, 0, step=5, key=session.MAP_MIN_SCORE,
            help=t("map.min_score_help"),
        )  # fmt: skip
        layers = st.pills(
            t("map.layers"), ACTIVE, selection_mode="multi", default=list(ACTIVE),
            key=session.MAP_LAYERS, format_func=lambda k: capitalised(status_label(k)),
            help=t("map.layers_help"),
        )  # fmt: skip
        unit = st.segmented_control(
            t("map.unit"), UNITS, default=UNITS[0], key=session.MAP_UNIT, format_func=unit_label,
            help=t("map.unit_help"),
        ) or UNITS[0]  # fmt: skip
        choropleth = st.toggle(
            t("map.choropleth"), key=session.MAP_CHOROPLETH, help=t("map.choropleth_help")
        )
        tiles = st.toggle(t("map.tiles"), key=session.MAP_TILES, help=t("map.tiles_help"))
    return MapSettings(unit, tuple(layers), choropleth, tiles), max_km, min_score


def show_card(card: Card) -> None:
    with st.container(border=True):
        st.markdown(f"**{escape_markdown(card.title)}** · {escape_markdown(card.amount)}")
        if card.facts:
            st.markdown(escape_markdown(" · ".join(card.facts)))
        if card.note:
            st.caption(escape_markdown(card.note))


def show_panel(panel: CompanyPanel) -> None:
    st.subheader(escape_markdown(panel.name))
    st.caption(escape_markdown(" · ".join(filter(None, [panel.sector, panel.region]))))
    cards = panel_cards(panel)
    for heading, key in (
        (t("map.panel.haves"), "haves"),
        (t("map.panel.wants"), "wants"),
        (t("map.panel.flows"), "flows"),
        (t("map.panel.candidates"), "candidates"),
    ):
        with st.container(key=session.panel_key(key)):
            st.markdown(f"**{heading}**")
            if not cards[key]:
                st.caption(t("map.panel.none"))
            for card in cards[key]:
                show_card(card)


def place_search(companies) -> tuple[float, float] | None:
    """A picker of the towns around the companies; the chosen town's (lat, lon)."""
    towns = area_towns(companies)
    labels = {
        place_id: " · ".join(filter(None, dict.fromkeys([name, name_ru])))
        for place_id, name, name_ru in zip(
            towns.index, towns["name"], towns["name_ru"], strict=True
        )
    }
    session.keep_only(session.MAP_PLACE, labels)
    chosen = st.selectbox(
        t("map.place"), list(labels), index=None, key=session.MAP_PLACE,
        format_func=labels.get, placeholder=t("map.place_placeholder"), help=t("map.place_help"),
    )  # fmt: skip
    if chosen is None:
        return None
    return float(towns.at[chosen, "lat"]), float(towns.at[chosen, "lon"])


def company_candidates(candidates, company_id: str | None, name: str):
    """The candidates below the map: the selected company's, unless all are asked for."""
    if company_id is None:
        return candidates
    mine = candidates[
        (candidates["source_company"] == company_id) | (candidates["target_company"] == company_id)
    ]
    st.caption(
        t(
            "map.candidates.of_company",
            name=escape_markdown(name),
            count=len(mine),
            total=len(candidates),
        )
    )
    if st.toggle(t("map.candidates.all"), key=session.MAP_ALL_CANDIDATES):
        return candidates
    return mine


def built_layers(data: session.PageData, candidates, companies, settings, options) -> list:
    """The data layers of the map, built once per dataset, filters, options, settings and
    language in a session (the selected company does not rebuild them)."""
    full, view, key = data
    layer_key = (key, tuple(sorted(session.filters().items())), options, settings, language())
    layers = session.map_layers(layer_key)
    if layers is None:
        layers = data_layers(view, full, candidates, companies, settings.with_selected(None))
        session.set_map_layers(layer_key, layers)
    return fresh_copy(layers)


def render(data: session.PageData, settings: MapSettings, max_km: int, min_score: float) -> None:
    full, view, key = data
    height = map_height(window_height())
    st.title(t("map.title"))
    st.caption(t("map.intro"))
    candidates = cache.candidates(
        key, full, session.filters(), min_score=min_score, max_km=max_km or None
    )
    companies = shown_companies(view, full, candidates)
    click = session.new_map_click()
    clicked = company_at(companies, click["lat"], click["lng"]) if click else None
    selected = session.choose_company(clicked, companies["company_id"])
    layers = with_selection(
        built_layers(data, candidates, companies, settings, (max_km, min_score)),
        companies, selected,
    )  # fmt: skip

    if settings.tiles:
        st.warning(t("map.tiles_offline"), icon=":material/wifi_off:")
    map_column, panel_column = st.columns([3, 2])
    with map_column:
        centre = place_search(companies)
        bounds = data_bounds(companies)
        fmap = base_map(bounds, town_rows(companies))
        st_folium(
            fmap, key=session.MAP, feature_group_to_add=[*layers, height_layer(height, bounds)],
            center=centre,
            zoom=PLACE_ZOOM if centre else None, returned_objects=["last_object_clicked"],
            height=height, use_container_width=True,
        )  # fmt: skip
        st.caption(t("map.caption", shown=len(companies)))
    with panel_column:
        names = dict(zip(companies["company_id"], companies["name"], strict=True))
        st.selectbox(
            t("map.panel.pick"), list(names), key=session.MAP_COMPANY, format_func=names.get,
            placeholder=t("map.panel.placeholder"), help=t("map.panel.pick_help"),
        )  # fmt: skip
        panel = company_panel(full, candidates, selected) if selected else None
        if panel is None:
            st.info(t("map.panel.nothing"))
        else:
            show_panel(panel)

    st.subheader(t("map.candidates.heading"))
    if candidates.empty:
        st.info(t("map.candidates.none"))
        return
    drawn = min(len(candidates), MAX_CANDIDATE_LINES)
    st.caption(t("map.candidates.caption", count=len(candidates), drawn=drawn))
    listed = company_candidates(candidates, selected, names.get(selected, ""))
    if len(listed) > TABLE_ROWS:
        st.caption(t("map.candidates.capped", shown=TABLE_ROWS, count=len(listed)))
    table(table_rows(listed, TABLE_COLUMNS, TABLE_ROWS), session.MAP_CANDIDATES, hide_index=True,
          column_config=map_columns())  # fmt: skip
    st.download_button(
        t("map.candidates.download"), data=deferred("candidates", candidates_csv, listed),
        file_name=f"candidates-{full.name}.csv", mime="text/csv", key=session.MAP_DOWNLOAD,
        on_click="ignore",
    )  # fmt: skip


render(session.data(), *read_settings())
