"""The library of documented cases as people read it: the world map of the cases, a case's
sheet (texts in the reader's language, every claim with its sources), its exchanges, claimed
results and sources as tables, and its exchange diagram."""

from __future__ import annotations

from collections.abc import Sequence

import folium
import pandas as pd
import plotly.graph_objects as go

from dashboard.analysis.sankey_links import (
    SankeyDefinition,
    flow_links,
    sankey_links,
    split_loops,
    split_unknown,
)
from dashboard.domain.cases import Case, Text
from dashboard.domain.exchange import flow_exchanges
from dashboard.domain.labels import (
    amount,
    material_label,
    number_text,
    provenance_label,
    section_label,
    unit_label,
)
from dashboard.i18n import has, language, t
from dashboard.io.cases import Entry
from dashboard.views.chain_diagram import chain_diagram, diagram_figure
from dashboard.views.leaflet import CircleMarkers, html_lines, world_map
from dashboard.views.markdown import escape_markdown
from dashboard.views.sankey_figure import sankey_figure

TYPE_COLOURS = {"self_organised": "#2e7d32", "facilitated": "#1565c0", "planned": "#ef6c00"}
WORLD = [[-45.0, -130.0], [70.0, 150.0]]


def text(value: Text | None) -> str:
    """A sheet's text in the reader's language."""
    if value is None:
        return ""
    return value.ru if language() == "ru" else value.en


def country_name(code: str) -> str:
    """A country's name in the reader's language (its ISO code when the catalogue has none)."""
    return t(f"country.{code}") if has(f"country.{code}") else code


def name(case: Case) -> str:
    return text(case.name)


def cases_map() -> folium.Map:
    """The world, stable whatever the filters (the cases are a layer on it)."""
    return world_map(WORLD)


def case_layer(entries: Sequence[Entry], chosen: str | None) -> folium.FeatureGroup:
    """A marker per case, coloured by its type, the chosen one larger."""
    group = folium.FeatureGroup(name="cases")
    rows = [
        [e.case.lat, e.case.lon, 11 if e.case.id == chosen else 7,
         TYPE_COLOURS[e.case.type], 0.9,
         html_lines(name(e.case), text(e.case.place), t(f"examples.type.{e.case.type}"))]
        for e in entries
    ]  # fmt: skip
    CircleMarkers(rows, className="is-case").add_to(group)
    return group


def _sources(ids: Sequence[str]) -> str:
    return ", ".join(ids)


def sheet_markdown(case: Case) -> str:
    """The sheet's texts as Markdown: every text from the file escaped, its sources named."""
    e = escape_markdown

    def cited(value: Text) -> str:
        tail = f" *({e(_sources(value.sources))})*" if value.sources else ""
        return f"{e(text(value))}{tail}"

    parts = [
        f"**{e(t('examples.summary'))}** {cited(case.summary)}",
        f"**{e(t('examples.how_it_started'))}** {cited(case.how_it_started)}",
        f"**{e(t('examples.drivers'))}**\n" + "\n".join(f"- {cited(d)}" for d in case.drivers),
        f"**{e(t('examples.barriers'))}**\n" + "\n".join(f"- {cited(b)}" for b in case.barriers),
        f"**{e(t('examples.lessons'))}**\n" + "\n".join(f"- {cited(x)}" for x in case.lessons),
    ]
    return "\n\n".join(parts)


def _col(key: str) -> str:
    return t(f"examples.col.{key}")


def exchanges_table(entry: Entry) -> pd.DataFrame:
    names = {p.id: p.name for p in entry.case.partners}
    rows = [
        {_col("giver"): names[x.source], _col("material"): material_label(x.material),
         _col("receiver"): names[x.target],
         _col("quantity"): amount(x.quantity, x.unit) if x.quantity else t("label.unknown"),
         _col("year"): x.year, _col("since"): x.since, _col("status"): t(f"status.{x.status}"),
         _col("provenance"): provenance_label(x.provenance),
         _col("sources"): _sources(x.sources), _col("note"): x.note}
        for x in entry.case.exchanges
    ]  # fmt: skip
    return pd.DataFrame(rows)


def results_table(case: Case) -> pd.DataFrame:
    rows = [
        {_col("kind"): t(f"examples.result.{r.kind}"), _col("claim"): text(r.claim),
         _col("value"): f"{number_text(r.value)} {unit_label(r.unit)}".strip()
         if r.value is not None else "",
         _col("year"): r.year, _col("provenance"): provenance_label(r.provenance),
         _col("sources"): _sources(r.sources)}
        for r in case.results
    ]  # fmt: skip
    columns = ("kind", "claim", "value", "year", "provenance", "sources")
    return pd.DataFrame(rows, columns=[_col(c) for c in columns])


def sources_table(case: Case) -> pd.DataFrame:
    rows = [
        {_col("id"): s.id, _col("title"): s.title, _col("year"): s.year, _col("url"): s.url,
         _col("accessed"): s.accessed}
        for s in case.sources
    ]  # fmt: skip
    return pd.DataFrame(rows)


def partners_table(entry: Entry) -> pd.DataFrame:
    companies = entry.dataset.companies
    return pd.DataFrame({
        _col("partner"): companies["name"].astype(str),
        _col("sector"): [section_label(s) for s in companies["nace_section"]],
        _col("nace"): companies["nace"].astype(str),
    })  # fmt: skip


def case_diagram(entry: Entry) -> go.Figure:
    """The case's exchanges as a diagram: partners left to right, one labelled arrow each."""
    exchanges = flow_exchanges(entry.dataset)
    return diagram_figure(chain_diagram(exchanges, entry.dataset.company_names()))


def case_sankeys(entry: Entry) -> list[tuple[str, go.Figure]]:
    """A Sankey diagram per unit of the case's exchanges whose quantity a source gives (company
    to company; links closing a loop left out, as on the Flows page); none without quantities."""
    links = flow_links(entry.dataset.flows, statuses=tuple(entry.dataset.flows["status"].unique()))
    known, _ = split_unknown(links)
    if known.empty:
        return []
    grouped = sankey_links(known, entry.dataset.companies, SankeyDefinition())
    drawn, _ = split_loops(grouped)
    names = entry.dataset.company_names()
    return [(unit, sankey_figure(drawn, names, unit)) for unit in sorted(drawn["unit"].unique())]
