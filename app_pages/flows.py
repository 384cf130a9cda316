"""Flows: Sankey diagrams of existing, planned and potential flows, one per unit."""

from dataclasses import dataclass
from functools import partial

import streamlit as st

from dashboard.analysis.sankey_links import (
    SECTOR_LEVELS,
    VIEWS,
    SankeyDefinition,
    flow_links,
    sankey_links,
    split_unknown,
)
from dashboard.domain.labels import status_label
from dashboard.domain.statuses import ACTIVE, FLOW_STATUSES
from dashboard.i18n import t
from dashboard.io.export import safe_csv_bytes
from dashboard.views.markdown import escape_markdown
from dashboard.views.sankey_figure import export_image, links_table, sankey_figure
from dashboard.web import cache, session
from dashboard.web.widgets import table


@dataclass(frozen=True)
class Settings:
    definition: SankeyDefinition
    statuses: tuple[str, ...]
    with_candidates: bool
    min_score: float
    only_selected: str | None


def read_settings(data: session.PageData) -> Settings:
    left, middle, right = st.columns(3)
    view = left.radio(
        t("flows.view"), VIEWS, format_func=lambda v: t(f"flows.view.{v}"),
        key=session.SANKEY_VIEW,
    )  # fmt: skip
    level = left.radio(
        t("flows.sector_level"), SECTOR_LEVELS, format_func=lambda v: t(f"flows.level.{v}"),
        key=session.SANKEY_LEVEL, horizontal=True, disabled=view == "company",
    )  # fmt: skip
    statuses = middle.multiselect(
        t("flows.statuses"), FLOW_STATUSES, default=list(ACTIVE), format_func=status_label,
        key=session.SANKEY_STATUSES, filter_mode="contains", select_all=False,
    )  # fmt: skip
    with_candidates = middle.toggle(t("flows.with_candidates"), key=session.SANKEY_CANDIDATES)
    min_score = middle.slider(
        t("flows.min_score"), 0, 100, 60, key=session.SANKEY_MIN_SCORE,
        disabled=not with_candidates,
    )  # fmt: skip
    other = right.slider(t("flows.other_below"), 0.0, 10.0, 0.0, 0.5, key=session.SANKEY_OTHER)
    selected = session.selected_company()
    names = data.full.company_names()
    only = False
    if selected in names:
        only = right.toggle(
            t("flows.only_selected", name=escape_markdown(names[selected])), value=True,
            key=session.SANKEY_ONLY_SELECTED,
        )  # fmt: skip
    definition = SankeyDefinition(view, level, other / 100)
    return Settings(
        definition, tuple(statuses), with_candidates, min_score, selected if only else None
    )


def render(data: session.PageData, settings: Settings) -> None:
    full, view, key = data
    names = full.company_names()
    candidates = None
    if settings.with_candidates:
        candidates = cache.candidates(key, full, session.filters(), min_score=settings.min_score)
    links = flow_links(view.flows, settings.statuses, candidates)
    if settings.only_selected:
        company = settings.only_selected
        links = links[(links["source_company"] == company) | (links["target_company"] == company)]
    known, unknown = split_unknown(links)
    grouped = sankey_links(known, full.companies, settings.definition)
    if grouped.empty:
        st.info(t("flows.nothing"))
    for unit in sorted(grouped["unit"].unique()):
        figure = sankey_figure(grouped, names, unit)
        st.plotly_chart(figure, key=session.sankey_key("chart", unit))
        rows = links_table(grouped[grouped["unit"] == unit], names)
        slug = unit.replace("/", "_per_")
        buttons = st.columns(3)
        for column, kind, mime, data_bytes in (
            (buttons[0], "png", "image/png", partial(export_image, figure, "png")),
            (buttons[1], "svg", "image/svg+xml", partial(export_image, figure, "svg")),
            (buttons[2], "csv", "text/csv", partial(safe_csv_bytes, rows)),
        ):
            column.download_button(
                t(f"flows.download_{kind}"), data_bytes, file_name=f"sankey_{slug}.{kind}",
                mime=mime, on_click="ignore", key=session.sankey_key(kind, unit),
            )  # fmt: skip
    if len(unknown):
        st.subheader(t("flows.unknown_heading"))
        st.caption(t("flows.unknown_caption"))
        shown = unknown.assign(
            source=unknown["source_company"].map(names), target=unknown["target_company"].map(names)
        )[["flow_id", "source", "target", "material", "status", "provenance"]]
        table(shown, session.UNKNOWN_FLOWS, hide_index=True)


data = session.data()
st.title(t("flows.title"))
st.caption(t("flows.intro"))
render(data, read_settings(data))
