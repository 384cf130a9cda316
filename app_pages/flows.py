"""Flows: Sankey diagrams of existing, planned and potential flows, one per unit, and the
structure of every flow (by number of exchanges) where quantities are unknown."""

import hashlib
import time
from dataclasses import dataclass
from functools import partial

import pandas as pd
import streamlit as st

from dashboard.analysis.allocation import (
    MODES,
    allocate,
    allocation_summary,
    have_remaining,
)
from dashboard.analysis.sankey_links import (
    COUNT,
    SECTOR_LEVELS,
    VIEWS,
    SankeyDefinition,
    count_links,
    first_hop,
    flow_links,
    sankey_links,
    split_loops,
    split_unknown,
)
from dashboard.domain.labels import amount, dataset_title, material_label, region_name, status_label
from dashboard.domain.statuses import ACTIVE, FLOW_STATUSES
from dashboard.i18n import number, t
from dashboard.io.export import safe_csv_bytes
from dashboard.views.markdown import escape_markdown
from dashboard.views.people_csv import for_people
from dashboard.views.plotly_text import escape_plotly
from dashboard.views.sankey_figure import (
    flows_shown,
    for_export,
    links_shown,
    links_table,
    sankey_figure,
)
from dashboard.web import cache, session
from dashboard.web.columns import flow_columns
from dashboard.web.widgets import table


@dataclass(frozen=True)
class Settings:
    definition: SankeyDefinition
    statuses: tuple[str, ...]
    with_candidates: bool
    min_score: float
    only_selected: str | None
    allocation: str = MODES[0]


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
    allocation = middle.radio(
        t("flows.allocation"), MODES, format_func=lambda m: t(f"flows.allocation.{m}"),
        key=session.SANKEY_ALLOCATION, disabled=not with_candidates,
        help=t("flows.allocation_help"),
    )  # fmt: skip
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
            t("flows.only_selected", name=escape_markdown(names[selected])), value=False,
            key=session.SANKEY_ONLY_SELECTED,
        )  # fmt: skip
    definition = SankeyDefinition(view, level, other / 100)
    return Settings(
        definition, tuple(statuses), with_candidates, min_score, selected if only else None,
        allocation,
    )  # fmt: skip


def allocated_candidates(data: session.PageData, settings: Settings) -> pd.DataFrame:
    """The candidates as alternatives: allocated without exceeding any have or want, with a
    caption per unit of what was added and what was left out."""
    full, key = data.full, data.key
    offered = cache.candidates(key, full, session.filters(), min_score=settings.min_score)
    allocated = allocate(offered, settings.allocation, have_remaining(full.streams, full.flows))
    for row in allocation_summary(offered, allocated).itertuples(index=False):
        st.caption(
            t(
                f"flows.allocation_caption.{settings.allocation}",
                kept=number(row.kept), candidates=number(row.candidates),
                allocated=amount(row.allocated, row.unit), left_out=number(row.left_out),
                offered=amount(row.offered, row.unit),
                not_allocated=amount(row.not_allocated, row.unit),
            )
        )  # fmt: skip
    return allocated


def export_caption(data: session.PageData, settings: Settings) -> str:
    """The filters and choices a diagram was drawn under, for the exported image."""
    chosen = session.filters()
    every = t("flows.export.all")
    parts = {
        "sector": ", ".join(chosen["sector"]) or every,
        "region": ", ".join(region_name(r) for r in chosen["region"]) or every,
        "material": ", ".join(material_label(m) for m in chosen["material"]) or every,
        "statuses": ", ".join(status_label(s) for s in settings.statuses) or every,
        "candidates": (
            t(f"flows.allocation.{settings.allocation}") + f" (≥ {settings.min_score})"
            if settings.with_candidates
            else t("flows.export.no_candidates")
        ),
    }
    return escape_plotly(t("flows.export.caption", **parts))


def export_buttons(figure, rows: pd.DataFrame, unit: str, title: str, caption: str) -> None:
    """CSV at once; PNG and SVG rendered on request, with progress, then offered."""
    slug = "exchanges" if unit == COUNT else unit.replace("/", "_per_")
    image = for_export(figure, title, caption)
    digest = hashlib.sha1(image.to_json().encode()).hexdigest()
    buttons = st.columns(4)
    if buttons[0].button(t("flows.prepare_images"), key=session.sankey_key("prepare", unit)):
        with st.status(t("flows.exporting"), expanded=False) as status:
            start = time.perf_counter()
            images = {kind: cache.image(image, kind) for kind in ("png", "svg")}
            seconds = time.perf_counter() - start
            status.update(
                label=t("flows.exported", seconds=number(seconds, ".1f")), state="complete"
            )
        session.set_sankey_images(unit, {"digest": digest, **images})
    ready = session.sankey_images(unit, digest) or {}
    for column, kind, mime in (
        (buttons[1], "png", "image/png"),
        (buttons[2], "svg", "image/svg+xml"),
    ):
        column.download_button(
            t(f"flows.download_{kind}"), ready.get(kind, b""), file_name=f"sankey_{slug}.{kind}",
            mime=mime, on_click="ignore", key=session.sankey_key(kind, unit),
            disabled=kind not in ready, help=None if kind in ready else t("flows.prepare_first"),
        )  # fmt: skip
    buttons[3].download_button(
        t("flows.download_csv"), partial(safe_csv_bytes, for_people(rows)),
        file_name=f"sankey_{slug}.csv", mime="text/csv", on_click="ignore",
        key=session.sankey_key("csv", unit),
    )  # fmt: skip


def show_loops(loops: pd.DataFrame, names, unit: str) -> None:
    if len(loops):
        st.caption(t("flows.loops_caption", count=len(loops)))
        table(
            links_shown(loops, names), session.sankey_key("loops", unit), hide_index=True,
            column_config=flow_columns(),
        )  # fmt: skip


def draw(grouped: pd.DataFrame, data: session.PageData, settings: Settings) -> None:
    """One diagram per unit; links that close a loop listed under it instead of drawn."""
    names = data.full.company_names()
    drawn, loops = split_loops(grouped)
    dataset = dataset_title(data.full.meta, data.full.name)
    caption = export_caption(data, settings)
    for unit in sorted(grouped["unit"].unique()):
        mine = grouped[grouped["unit"] == unit]
        total = mine.loc[first_hop(mine), "quantity"].sum()
        figure = sankey_figure(drawn, names, unit, total)
        st.plotly_chart(figure, key=session.sankey_key("chart", unit))
        show_loops(loops[loops["unit"] == unit], names, unit)
        title = escape_plotly(dataset) + " · " + figure.layout.title.text
        export_buttons(figure, links_table(mine, names), unit, title, caption)


def render(data: session.PageData, settings: Settings) -> None:
    full, view, _ = data
    names = full.company_names()
    candidates = allocated_candidates(data, settings) if settings.with_candidates else None
    links = flow_links(view.flows, settings.statuses, candidates)
    if settings.only_selected:
        company = settings.only_selected
        links = links[(links["source_company"] == company) | (links["target_company"] == company)]
    known, unknown = split_unknown(links)
    grouped = sankey_links(known, full.companies, settings.definition)
    if grouped.empty:
        st.info(t("flows.nothing"))
    else:
        draw(grouped, data, settings)
    if len(unknown):
        st.subheader(t("flows.unknown_heading"))
        st.caption(t("flows.unknown_caption", count=len(unknown), total=len(links)))
        table(
            flows_shown(unknown, names), session.UNKNOWN_FLOWS, hide_index=True,
            column_config=flow_columns(),
        )  # fmt: skip
        structure(links, data, settings)


def structure(links: pd.DataFrame, data: session.PageData, settings: Settings) -> None:
    """Who exchanges what with whom, every flow counted once whatever its quantity."""
    st.subheader(t("flows.structure_heading"))
    st.caption(t("flows.structure_caption"))
    definition = SankeyDefinition(settings.definition.view, settings.definition.sector_level)
    grouped = sankey_links(count_links(links), data.full.companies, definition)
    drawn, loops = split_loops(grouped)
    figure = sankey_figure(drawn, data.full.company_names(), COUNT, float(len(links)))
    with st.container(key=session.SANKEY_STRUCTURE):
        st.plotly_chart(figure, key=session.sankey_key("chart", COUNT))
    show_loops(loops, data.full.company_names(), COUNT)


data = session.data()
st.title(t("flows.title"))
st.caption(t("flows.intro"))
render(data, read_settings(data))
