"""A trainer's deck exported as a user exports it: read the bundled Leningrad dataset and the
case library, build every slide of a training deck (title, IS, the world, all 15 cases, the
region, a detected chain's diagram, working, profile and policies), write the self-contained
HTML file and print it to PDF with the system's Chromium.

    python benchmarks/deck_export.py

The anchor, in the same run, is what plotly gives for the same figures written one file each
with `include_plotlyjs=True` (every file self-contained, so plotly.js once per chart): its
time and total size beside the deck's single file.
"""

from __future__ import annotations

import sys
import time
import tracemalloc
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from dashboard.analysis.assessment import assess_chain  # noqa: E402
from dashboard.analysis.chains import detect_chains  # noqa: E402
from dashboard.analysis.mca import criteria_scores  # noqa: E402
from dashboard.analysis.policy.catalogue import bundled_catalogue  # noqa: E402
from dashboard.analysis.policy.findings import exchanges_findings  # noqa: E402
from dashboard.domain.exchange import flow_exchanges  # noqa: E402
from dashboard.domain.factors import Factors  # noqa: E402
from dashboard.domain.reference import DATASETS_DIR  # noqa: E402
from dashboard.io.cases import load_library  # noqa: E402
from dashboard.io.datasets import load_or_raise  # noqa: E402
from dashboard.io.pdf import chromium, html_pdf  # noqa: E402
from dashboard.views import slides as sv  # noqa: E402
from dashboard.views.deck_html import deck_html  # noqa: E402


def build() -> tuple[list[sv.SlideContent], float, float]:
    """The deck's slides, the seconds spent reading and those spent building slides."""
    start = time.perf_counter()
    dataset = load_or_raise(DATASETS_DIR / "leningrad")
    entries, _ = load_library()
    read = time.perf_counter() - start
    start = time.perf_counter()
    chain = max(detect_chains(dataset.flows), key=lambda c: len(c.flow_ids))
    exchanges = [ex for ex in flow_exchanges(dataset) if ex.exchange_id in set(chain.flow_ids)]
    assessed, factors, names = assess_chain(exchanges), Factors(), dataset.company_names()
    slides = [
        sv.title_slide("Training", "Leningrad", "2 December 2026"),
        sv.intro_slide(entries),
        sv.world_slide(entries),
        *[sv.case_slide(e) for e in entries],
        sv.region_slide(dataset, "Leningrad", 0),
        sv.chain_slide("Chain", exchanges, assessed, names, factors),
        sv.working_slide("Chain", assessed, names, factors),
        sv.profile_slide("Chain", {}, criteria_scores(assessed)),
        sv.policy_slide("Chain", exchanges_findings(dataset, bundled_catalogue(), exchanges),
                        "en"),
    ]
    return slides, read, time.perf_counter() - start


def main() -> int:
    slides, read, built = build()
    start = time.perf_counter()
    page = deck_html("Training", slides, [])
    written = time.perf_counter() - start
    tracemalloc.start()
    deck_html("Training", slides, [])
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    figures = [s.figure for s in slides if s.figure is not None]
    start = time.perf_counter()
    anchor = sum(len(f.to_html(full_html=True, include_plotlyjs=True)) for f in figures)
    anchor_s = time.perf_counter() - start
    size = len(page.encode())
    print(f"slides: {len(slides)}, charts: {len(figures)}")
    print(f"read dataset + 15 cases: {read:.2f} s; build slides: {built:.2f} s; "
          f"write HTML: {written:.2f} s (peak Python memory {peak / 1e6:.0f} MB)")  # fmt: skip
    print(f"deck HTML: {size / 1e6:.1f} MB in one file; anchor (one self-contained file per "
          f"chart): {anchor / 1e6:.1f} MB in {len(figures)} files, {anchor_s:.2f} s; "
          f"ratio size {size / anchor:.2f}, time {written / anchor_s:.2f}")  # fmt: skip
    if chromium() is None:
        print("PDF: no Chromium on this machine")
        return 0
    start = time.perf_counter()
    data = html_pdf(page)
    print(f"PDF by Chromium: {len(data) / 1e6:.1f} MB, {time.perf_counter() - start:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
