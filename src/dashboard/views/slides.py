"""A deck's slides as content for a projector: a title, short points, at most one chart and one
small table, and a caption naming sources and provenance. Built from the same results as the
pages (cases, the dataset, a chain's assessment, policy findings, score sheets, a game room);
drawn by the Presentation page and by the deck's HTML export alike.

Projector sizes: at 1280x720 body text is 24 px and chart text at least `CHART_FONT_PX`, so a
slide holds few lines: points and tables are cut to fit and say how many more there are."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from dashboard.analysis.assessment import ChainAssessment
from dashboard.analysis.mca import CRITERIA
from dashboard.analysis.policy.findings import ChainFinding
from dashboard.domain.dataset import Dataset
from dashboard.domain.exchange import flow_exchanges
from dashboard.domain.game import Team
from dashboard.domain.labels import (
    exchange_label,
    material_label,
    number_text,
    provenance_label,
    section_label,
    unit_label,
)
from dashboard.domain.scoring import Sheet
from dashboard.domain.statuses import EXISTING
from dashboard.game.debrief import Standing
from dashboard.i18n import has, t
from dashboard.io.cases import Entry
from dashboard.views import case_views as cv
from dashboard.views.chain_diagram import chain_diagram, diagram_figure
from dashboard.views.chain_tables import criterion_label, factor_sources, result_label
from dashboard.views.leaflet import boundaries, world_outlines
from dashboard.views.plotly_text import escape_plotly, separators
from dashboard.views.sheet_view import radar_figure
from dashboard.views.style import section_colour

CHART_FONT_PX = 20
"""Chart text on a slide (ticks, labels, legends); titles are larger."""
CHART_HEIGHT = 380
POINTS_MAX = 5
TABLE_ROWS_MAX = 3
TITLE_CHARS, SUBTITLE_CHARS = 58, 90
EXCHANGE_CHARS = 46
"""An exchange's "giver → material → receiver" in the step-by-step table (one line)."""
NARROW_CHARS, WIDE_CHARS = 38, 92
"""About how many characters of 24 px text a line holds: beside a chart, across the slide."""
TEXT_LINES = 11
TEXT_ONLY_LINES = 13
"""Lines of a slide without a chart."""
LINE_GAP = 0.35
"""The space between two points, in lines."""
HEADLINE = ("ghg_avoided_t_co2e", "net_benefit_eur", "waste_diverted_t", "energy_recovered_mwh")
SECTIONS_SHOWN = 4
LEGEND_CHARS = 22
LEGEND_ENTRY_CHARS = 40
CHART_WIDE_PX = 1200
"""A chart across the slide (beside text it is 700 px)."""
SLIDE_TEXT_SCALE = CHART_FONT_PX / 11
"""An exchange diagram's texts on a slide against its page size (edge labels 11 px)."""
"""A legend entry of a chart beside the text (a Sankey's materials of one colour)."""
"""Sectors with a colour of their own on the region's map; the others are grey."""
CATEGORIES = ("support", "obligation", "barrier")


@dataclass(frozen=True)
class SlideContent:
    """What one slide shows; every text plain (escaped when drawn)."""

    title: str
    subtitle: str = ""
    points: tuple[str, ...] = ()
    figure: go.Figure | None = None
    table: pd.DataFrame | None = None
    caption: str = ""
    gone: bool = False
    """The case, chain or room the slide shows is not there (any more)."""


def slide(title: str, subtitle: str = "", **parts) -> SlideContent:
    """A slide whose title and subtitle are cut to one line each."""
    return SlideContent(short(title, TITLE_CHARS), short(subtitle, SUBTITLE_CHARS), **parts)


def gone_slide(kind: str) -> SlideContent:
    return SlideContent(t(f"deck.kind.{kind}"), points=(t("deck.gone"),), gone=True)


def cut(items: Sequence[str], limit: int = POINTS_MAX) -> tuple[str, ...]:
    """At most `limit` items, the last saying how many more there are."""
    if len(items) <= limit:
        return tuple(items)
    return (*items[: limit - 1], t("deck.more", count=len(items) - limit + 1))


def short(text: str, limit: int) -> str:
    """The text cut to `limit` characters, an ellipsis marking the cut."""
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def fit(points: Sequence[str], wide: bool, lines: int = TEXT_LINES) -> tuple[str, ...]:
    """As many points as fit in the slide's text column at 24 px (`wide`: the whole width),
    each cut to three lines, the last kept line saying how many more there are."""
    width = WIDE_CHARS if wide else NARROW_CHARS
    kept: list[str] = []
    used = 0.0
    for i, point in enumerate(points):
        point = short(point, 4 * width)
        need = -(-len(point) // width) + LINE_GAP
        if used + need > lines:
            kept = list(cut([*kept, point, *points[i + 1 :]], max(len(kept), 1)))
            break
        kept.append(point)
        used += need
    return tuple(kept)


def projector(figure: go.Figure, height: int = CHART_HEIGHT) -> go.Figure:
    """The figure with text large enough for the back of a room, a fixed height, no title
    (the slide has one) and no tool bar."""
    figure = go.Figure(figure)
    figure.update_layout(
        font={"size": CHART_FONT_PX}, height=height, title=None, separators=separators(),
        margin={"l": 10, "r": 10, "t": 10, "b": 10}, legend={"font": {"size": CHART_FONT_PX}},
        hoverlabel={"font": {"size": CHART_FONT_PX}},
    )  # fmt: skip
    for axes in (figure.update_xaxes, figure.update_yaxes):
        axes(tickfont={"size": CHART_FONT_PX}, title_font={"size": CHART_FONT_PX}, automargin=True)
    for annotation in figure.layout.annotations or ():
        if (annotation.font.size or 0) < CHART_FONT_PX - 2:
            annotation.font.size = CHART_FONT_PX - 2
    for trace in figure.data:
        if "textfont" in trace and (trace.textfont.size or 0) < CHART_FONT_PX:
            trace.textfont.size = CHART_FONT_PX
        if trace.name and len(trace.name) > LEGEND_ENTRY_CHARS:
            trace.name = re.sub(r"&[#a-z0-9]*…$", "…", short(trace.name, LEGEND_ENTRY_CHARS))
    return figure


def _outline_trace(features: Sequence[Mapping]) -> go.Scatter:
    """Polygon outlines as one line trace (longitude as x, latitude as y)."""
    xs: list[float | None] = []
    ys: list[float | None] = []
    for feature in features:
        geometry = feature["geometry"]
        polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [
            geometry["coordinates"]]  # fmt: skip
        for polygon in polygons:
            for ring in polygon:
                xs += [p[0] for p in ring] + [None]
                ys += [p[1] for p in ring] + [None]
    return go.Scatter(x=xs, y=ys, mode="lines", line={"color": "#9e9e9e", "width": 1},
                      fill="toself", fillcolor="#eeeeee", hoverinfo="skip",
                      showlegend=False)  # fmt: skip


def _geo_layout(figure: go.Figure, west: float, east: float, south: float, north: float) -> None:
    """Longitude and latitude as equal-looking axes around the middle latitude, no axes."""
    import math

    middle = math.radians((south + north) / 2)
    figure.update_xaxes(visible=False, range=[west, east], fixedrange=True)
    figure.update_yaxes(visible=False, range=[south, north], fixedrange=True,
                        scaleanchor="x", scaleratio=1 / max(math.cos(middle), 0.2))  # fmt: skip
    figure.update_layout(plot_bgcolor="white", paper_bgcolor="white")


# -- the slides --------------------------------------------------------------------------------


def title_slide(deck_name: str, dataset_title: str, when: str) -> SlideContent:
    return slide(deck_name, f"{dataset_title} · {when}", points=(t("deck.title.tagline"),))


def intro_slide(entries: Sequence[Entry]) -> SlideContent:
    """What industrial symbiosis is and why it matters for a circular economy, with the
    library's documented exchanges by material group as evidence."""
    groups = Counter(
        t(f"group.{group}") if has(f"group.{group}") else t("deck.group.other")
        for e in entries for group in e.dataset.flows["material"].map(_group)
    )  # fmt: skip
    counted = sorted(groups.items(), key=lambda kv: kv[1])
    figure = go.Figure(go.Bar(x=[v for _, v in counted], y=[escape_plotly(k) for k, _ in counted],
                              orientation="h", marker_color="#2e7d32",
                              hovertemplate="%{y}: %{x}<extra></extra>"))  # fmt: skip
    figure.update_xaxes(title=t("deck.intro.axis"))
    exchanges = sum(len(e.case.exchanges) for e in entries)
    return slide(
        t("deck.intro.title"),
        points=fit((t("deck.intro.what"), t("deck.intro.counterfactual"), t("deck.intro.why"),
                    t("deck.intro.needs")), wide=False),
        figure=projector(figure),
        caption=t("deck.intro.caption", cases=len(entries), exchanges=exchanges),
    )  # fmt: skip


def _group(material: str) -> str:
    from dashboard.domain.reference import materials

    return str(materials()["group"].get(material, "other") or "other")


def world_slide(entries: Sequence[Entry]) -> SlideContent:
    """The library's cases on a world map, coloured by how they came about."""
    figure = go.Figure(_outline_trace(world_outlines()["features"]))
    for kind, colour in cv.TYPE_COLOURS.items():
        chosen = [e.case for e in entries if e.case.type == kind]
        if not chosen:
            continue
        figure.add_trace(go.Scatter(
            x=[c.lon for c in chosen], y=[c.lat for c in chosen], mode="markers",
            marker={"size": 16, "color": colour, "line": {"color": "white", "width": 1}},
            name=t(f"examples.type.{kind}"),
            hovertext=[escape_plotly(f"{cv.name(c)} ({cv.country_name(c.country)})")
                       for c in chosen], hoverinfo="text",
        ))  # fmt: skip
    _geo_layout(figure, -20, 150, -40, 72)
    figure = projector(figure)
    figure.update_layout(legend={"orientation": "h", "y": -0.02, "x": 0})
    types = Counter(e.case.type for e in entries)
    points = [t("deck.world.count", count=len(entries),
                countries=len({e.case.country for e in entries}))]  # fmt: skip
    points += [f"{t(f'examples.type.{k}')}: {number_text(types[k])}" for k in cv.TYPE_COLOURS
               if types[k]]  # fmt: skip
    return slide(t("deck.world.title"), points=fit(points, wide=False), figure=figure,
                 caption=t("deck.world.caption"))  # fmt: skip


def case_slide(entry: Entry) -> SlideContent:
    """One case: where and how it came about, what its sources claim (value, year,
    provenance), and its exchanges as a Sankey (the largest unit) or a diagram."""
    case = entry.case
    facts = [cv.text(case.place), cv.country_name(case.country), t(f"examples.type.{case.type}")]
    if case.started:
        facts.append(t("examples.started", year=case.started))
    claims = []
    for r in case.results:
        if r.value is None:
            continue
        value = f"{number_text(r.value)} {unit_label(r.unit)}".strip()
        year = f", {r.year}" if r.year else ""
        claims.append(f"{t(f'examples.result.{r.kind}')}: {value}{year} "
                      f"({provenance_label(r.provenance)})")  # fmt: skip
    points = claims or [cv.text(case.summary)]
    if case.caveats is not None:
        points = [t("deck.case.caveat"), *points]
    sankeys = [figure for _, figure in cv.case_sankeys(entry)]
    figure = max(sankeys, key=lambda f: len(f.data[0].link.source), default=None)
    sources = t("deck.case.caption", sources=", ".join(s.id for s in case.sources[:4]))
    if figure is not None:
        shown = len(figure.data[0].link.source)
        sources = t("deck.case.sankey", shown=shown, total=len(case.exchanges)) + " " + sources
    else:  # no quantities: its exchanges in words across the slide
        names = entry.dataset.company_names()
        points += [exchange_label(ex, names) for ex in flow_exchanges(entry.dataset)]
        return slide(cv.name(case), " · ".join(facts), caption=sources,
                     points=fit(points, wide=True, lines=TEXT_ONLY_LINES))  # fmt: skip
    figure = projector(figure, height=CHART_HEIGHT + 10)
    entries = sum(1 for trace in figure.data if getattr(trace, "showlegend", None))
    if entries:  # two legend entries a row, below the diagram
        figure.update_layout(
            legend={"entrywidth": 0.5, "entrywidthmode": "fraction", "title": None},
            margin={"b": 20 + 34 * -(-entries // 2)},
        )  # fmt: skip
    return slide(
        cv.name(case), " · ".join(facts), points=fit(points, wide=False), figure=figure,
        caption=sources,
    )  # fmt: skip


def region_slide(dataset: Dataset, title: str, candidates: int) -> SlideContent:
    """The dataset's companies by sector on the map, its existing flows as lines, and counts."""
    companies = dataset.companies.dropna(subset=["lat", "lon"])
    codes = set(companies["region_code"].dropna())
    figure = go.Figure(_outline_trace(
        [f for f in boundaries()["regions"]["features"]
         if f["properties"].get("region_code") in codes]))  # fmt: skip
    flows = dataset.flows[dataset.flows["status"] == EXISTING]
    where = companies.set_index("company_id")[["lon", "lat"]]
    xs: list[float | None] = []
    ys: list[float | None] = []
    for source, target in zip(flows["source_company"], flows["target_company"], strict=True):
        if source in where.index and target in where.index:
            xs += [where.at[source, "lon"], where.at[target, "lon"], None]
            ys += [where.at[source, "lat"], where.at[target, "lat"], None]
    if xs:
        figure.add_trace(go.Scatter(x=xs, y=ys, mode="lines", hoverinfo="skip",
                                    line={"color": "#1b5e20", "width": 3},
                                    name=t("deck.region.flows")))  # fmt: skip
    counts = companies["nace_section"].fillna("?").value_counts()
    for section in counts.index[:SECTIONS_SHOWN]:
        rows = companies[companies["nace_section"].fillna("?") == section]
        figure.add_trace(go.Scatter(
            x=rows["lon"], y=rows["lat"], mode="markers",
            name=escape_plotly(short(section_label(section), LEGEND_CHARS)),
            marker={"size": 12, "color": section_colour(section),
                    "line": {"color": "white", "width": 1}},
            hovertext=[escape_plotly(n) for n in rows["name"].astype(str)], hoverinfo="text",
        ))  # fmt: skip
    rest = companies[~companies["nace_section"].fillna("?").isin(counts.index[:SECTIONS_SHOWN])]
    if len(rest):
        figure.add_trace(go.Scatter(x=rest["lon"], y=rest["lat"], mode="markers",
                                    name=t("deck.region.other"), marker={"size": 9,
                                    "color": "#9e9e9e"}, hoverinfo="skip"))  # fmt: skip
    if len(companies):
        west, east = companies["lon"].min(), companies["lon"].max()
        south, north = companies["lat"].min(), companies["lat"].max()
        pad_x, pad_y = max((east - west) * 0.05, 0.05), max((north - south) * 0.05, 0.05)
        _geo_layout(figure, west - pad_x, east + pad_x, south - pad_y, north + pad_y)
    figure = projector(figure)
    figure.update_layout(legend={"x": 1.0, "xanchor": "left", "y": 1.0})
    materials = Counter(dataset.streams["material"].dropna())
    top = ", ".join(material_label(m) for m, _ in materials.most_common(3))
    points = (
        t("deck.region.companies", count=len(dataset.companies)),
        t("deck.region.existing", count=len(flows)),
        t("deck.region.candidates", count=candidates),
        t("deck.region.materials", materials=top) if top else t("deck.region.no_streams"),
    )
    provenance = Counter(dataset.companies.get("provenance", pd.Series(dtype=str)).fillna(
        "unspecified"))  # fmt: skip
    shares = ", ".join(f"{provenance_label(k)} {number_text(v)}" for k, v in provenance.items())
    return slide(title, points=fit(points, wide=False), figure=figure,
                 caption=t("deck.region.caption", provenance=shares))  # fmt: skip


def _provenance_caption(chain: ChainAssessment, factors) -> str:
    used = factor_sources(chain, factors)
    counts = Counter(used["provenance"].fillna("unspecified"))
    words = ", ".join(f"{provenance_label(k)} {number_text(v)}" for k, v in sorted(counts.items()))
    return t("deck.chain.factors", count=len(used), provenance=words or "-")


def chain_slide(name: str, exchanges, chain: ChainAssessment, names: Mapping[str, str],
                factors) -> SlideContent:  # fmt: skip
    """The chain's diagram across the slide (its totals are on the step-by-step slide)."""
    drawn = diagram_figure(chain_diagram(exchanges, names, SLIDE_TEXT_SCALE, CHART_WIDE_PX))
    figure = projector(drawn, height=min(drawn.layout.height, CHART_HEIGHT + 10))
    count = t("deck.chain.exchanges", count=len(exchanges))
    return slide(t("deck.kind.chain"), f"{count} · {name}", figure=figure,
                 caption=_provenance_caption(chain, factors))  # fmt: skip


def working_slide(name: str, chain: ChainAssessment, names: Mapping[str, str],
                  factors) -> SlideContent:  # fmt: skip
    """Step by step: each exchange's GHG avoided and net benefit, then the chain's totals as
    their sums."""
    rows = []
    for a in chain.assessments[:TABLE_ROWS_MAX]:
        ex = a.exchange
        label = " → ".join((names.get(ex.source_company, ex.source_company),
                            material_label(ex.material),
                            names.get(ex.target_company, ex.target_company)))  # fmt: skip
        row = {t("deck.working.exchange"): short(label, EXCHANGE_CHARS)}
        for result in ("ghg_avoided_t_co2e", "net_benefit_eur"):
            value = a.results[result].value if result in a.results else None
            row[result_label(result)] = value
        rows.append(row)
    if len(chain.assessments) > TABLE_ROWS_MAX:
        rows.append({t("deck.working.exchange"):
                     t("deck.more", count=len(chain.assessments) - TABLE_ROWS_MAX)})
    table = pd.DataFrame(rows)
    points = [t("deck.working.how")]
    groups = chain.by_status if len(chain.by_status) > 1 else {"": chain.totals}
    for group, totals in groups.items():
        values = [_value(totals[r]) for r in ("ghg_avoided_t_co2e", "net_benefit_eur")]
        words = t("deck.working.totals", ghg=values[0], net=values[1])
        points.append(f"{t(f'chainsui.status_group.{group}')}: {words}" if group else words)
    return slide(t("deck.working.title"), name, points=fit(points, wide=True, lines=6),
                 table=table, caption=_provenance_caption(chain, factors))  # fmt: skip


def _value(result) -> str:
    if result.value is None:
        return t("label.unknown")
    return f"{number_text(result.value)} {unit_label(result.unit)}".strip()


def profile_slide(name: str, sheets: Mapping[str, Sheet], scores: Mapping[str, float | None]) -> (
    SlideContent
):
    """The people's scores of the chain (the latest sheet of each scorer) as a radar of the
    areas; before anyone scored it, the computed indicators (0 to 1) as bars."""
    if sheets:
        figure = projector(radar_figure(sheets, ""))
        figure.update_layout(legend={"orientation": "h", "y": -0.1})
        points = (t("deck.profile.sheets", count=len(sheets)), t("deck.profile.levels"))
    else:
        known = [(criterion_label(c), scores.get(c)) for c in CRITERIA]
        figure = go.Figure(go.Bar(
            x=[v if v is not None else 0 for _, v in known], y=[escape_plotly(k) for k, _ in known],
            orientation="h", marker_color=["#1565c0" if v is not None else "#e0e0e0"
                                           for _, v in known],
            text=[number_text(round(v, 2)) if v is not None else t("label.unknown")
                  for _, v in known], textposition="auto",
        ))  # fmt: skip
        figure.update_xaxes(range=[0, 1])
        figure.update_yaxes(autorange="reversed")
        figure = projector(figure)
        points = (t("deck.profile.none"), t("deck.profile.computed"))
    return slide(t("deck.profile.title"), name, figure=figure, caption=" ".join(points))


def policy_slide(name: str, split: Mapping[str, list[ChainFinding]], lang: str) -> SlideContent:
    """How many measures stand in the chain's way, oblige it or support it, and the first two
    of each (barriers first, the most specific first) with the law's jurisdiction."""
    points = [t("policy.summary", **{k: len(v) for k, v in split.items()})]
    for category in reversed(CATEGORIES):
        for item in split.get(category, [])[:2]:
            points.append(f"{t(f'policy.category.{category}')}: "
                          f"{short(item.measure.name(lang), 120)} ({item.measure.jurisdiction})")
    return slide(t("deck.policy.title"), name, points=fit(points, wide=True),
                 caption=t("deck.policy.caption"))  # fmt: skip


def game_slide(code: str, standings: Sequence[Standing], teams: Mapping[str, Team]) -> (
    SlideContent
):
    """The room's standings: points per team as bars, and the first teams' chains and GHG."""
    names = [teams[s.team_id].name for s in standings]
    figure = go.Figure(go.Bar(x=[escape_plotly(n) for n in names], y=[s.points for s in standings],
                              marker_color="#6a1b9a", text=[number_text(s.points) for s in
                                                             standings], textposition="auto"))
    figure.update_yaxes(title=t("deck.game.points"))
    points = [
        t("deck.game.team", rank=i + 1, team=teams[s.team_id].name, points=number_text(s.points),
          chains=s.chains, ghg=t("deck.game.tonnes", value=number_text(round(s.ghg_t_co2e)))
          if s.ghg_t_co2e is not None else t("label.unknown"))
        for i, s in enumerate(standings)
    ]  # fmt: skip
    if not standings:
        points = [t("deck.game.no_teams")]
    return slide(t("deck.game.title", code=code), points=fit(points, wide=not standings),
                 figure=projector(figure, height=380) if standings else None)

