"""The slides as content: every kind is built from real results, titles fit one line, points
fit the text column at 24 px and say how many are left out, chart text is large, text from data
stays literal, and a chain of mixed statuses never adds what runs to what is proposed."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from dashboard.analysis.assessment import assess_chain
from dashboard.analysis.mca import criteria_scores
from dashboard.domain.game import Team
from dashboard.domain.reference import DATASETS_DIR
from dashboard.game.debrief import Standing
from dashboard.i18n import t, use_language
from dashboard.io.cases import load_library
from dashboard.io.datasets import load_or_raise
from dashboard.views import slides as sv

from ..chain_data import HOSTILE, NAMES, exchange

ENTRIES, _ = load_library()
LENINGRAD = load_or_raise(DATASETS_DIR / "leningrad")
CHAIN = [exchange("A", "B", quantity=2000.0), exchange("B", "C", "digestate", status="planned")]


def chart_sizes(figure) -> list[float]:
    """Every text size the figure sets (layout, axes, legend, annotations, traces)."""
    layout = figure.layout
    sizes = [layout.font.size, layout.legend.font.size]
    for axis in (layout.xaxis, layout.yaxis):
        sizes += [axis.tickfont.size, axis.title.font.size]
    sizes += [a.font.size for a in layout.annotations or ()]
    sizes += [tr.textfont.size for tr in figure.data if "textfont" in tr and tr.textfont.size]
    return [s for s in sizes if s is not None]


def every_slide(lang: str) -> list[sv.SlideContent]:
    with use_language(lang):
        chain = assess_chain(CHAIN)
        standings = [Standing("t1", 2, 5, 140.0, 1234.4, 0), Standing("t2", 1, 2, 60.0, None, 1)]
        joined = datetime(2026, 12, 2, tzinfo=UTC)
        teams = {"t1": Team("t1", "r", HOSTILE, False, joined),
                 "t2": Team("t2", "r", "=1+1", True, joined)}  # fmt: skip
        return [
            sv.title_slide(f"Deck {HOSTILE}", "Leningrad", "2 December 2026"),
            sv.intro_slide(ENTRIES),
            sv.world_slide(ENTRIES),
            *[sv.case_slide(e) for e in ENTRIES],
            sv.region_slide(LENINGRAD, "Leningrad", 138),
            sv.chain_slide(f"Chain {HOSTILE}", CHAIN, chain, NAMES, _factors()),
            sv.working_slide("Chain", chain, NAMES, _factors()),
            sv.profile_slide("Chain", {}, criteria_scores(chain)),
            sv.policy_slide("Chain", {"barrier": [], "obligation": [], "support": []}, lang),
            sv.game_slide("ABC234", standings, teams),
            sv.game_slide("ABC234", [], {}),
        ]


def _factors():
    from dashboard.domain.factors import Factors

    return Factors()


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_every_slide_fits_and_its_charts_are_large(lang):
    for slide in every_slide(lang):
        assert slide.title and len(slide.title) <= sv.TITLE_CHARS
        assert len(slide.subtitle) <= sv.SUBTITLE_CHARS
        lines = sum(-(-len(p) // sv.NARROW_CHARS) + sv.LINE_GAP for p in slide.points)
        assert lines <= sv.TEXT_LINES + 4 or slide.figure is None, slide.title
        if slide.figure is not None:
            sizes = chart_sizes(slide.figure)
            assert sizes and min(sizes) >= sv.CHART_FONT_PX - 2, (slide.title, sizes)
            assert slide.figure.layout.height <= sv.CHART_HEIGHT + 10


def test_points_that_do_not_fit_are_cut_and_counted():
    points = [f"point {i} " + "word " * 20 for i in range(8)]
    kept = sv.fit(points, wide=False)
    assert 1 < len(kept) < len(points)
    left = len(points) - len(kept) + 1
    assert kept[-1] == t("deck.more", count=left)
    assert sv.fit(["short"], wide=True) == ("short",)
    assert sv.short("a  b\nc", 10) == "a b c" and sv.short("x" * 20, 8) == "x" * 7 + "…"


def test_a_chain_of_mixed_statuses_gives_its_totals_apart():
    chain = assess_chain(CHAIN)
    assert len(chain.by_status) == 2
    slide = sv.working_slide("Chain", chain, NAMES, _factors())
    assert any(p.startswith(t("chainsui.status_group.existing")) for p in slide.points)
    assert any(p.startswith(t("chainsui.status_group.planned")) for p in slide.points)
    assert len(slide.table) == 2 and t("deck.working.how") in slide.points


def test_the_game_slide_ranks_the_teams_and_keeps_unknown_ghg_unknown():
    [slide] = [s for s in every_slide("en") if s.title.startswith("The game")][:1]
    assert slide.points[0].startswith(f"1. {HOSTILE}: 140")
    assert slide.points[1].endswith(t("label.unknown")) and "CO2e" in slide.points[0]
    assert list(slide.figure.data[0].x) == ["&lt;script&gt;alert(1)&lt;/script&gt;", "=1+1"]


def test_a_case_with_caveats_says_its_figures_are_old_or_contested():
    caveated = [e for e in ENTRIES if e.case.caveats is not None]
    assert caveated
    for entry in caveated:
        assert sv.case_slide(entry).points[0] == t("deck.case.caveat")


def test_the_region_slide_counts_what_the_dataset_holds():
    slide = sv.region_slide(LENINGRAD, "Leningrad", 138)
    existing = int((LENINGRAD.flows["status"] == "existing").sum())
    assert slide.points[:3] == (
        t("deck.region.companies", count=len(LENINGRAD.companies)),
        t("deck.region.existing", count=existing),
        t("deck.region.candidates", count=138),
    )
    markers = sum(len(tr.x) for tr in slide.figure.data if tr.mode == "markers")
    assert markers == LENINGRAD.companies[["lat", "lon"]].dropna().shape[0]
