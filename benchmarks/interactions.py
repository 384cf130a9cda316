"""How fast the pages answer: AppTest drives the app in this process and times each
interaction (median of `--repeat` runs after a warm-up), beside an anchor, a bare AppTest run of
a trivial script, measured in the same process (the ratio says how many anchors it costs).

Interactions: opening every page on each bundled dataset (a rerun after the first visit), and
on the Chains page moving an MCA weight slider, changing the sensitivity percent and picking
another chain. The chain store is a SQLite file in a temporary folder.

    python benchmarks/interactions.py [--repeat 5]

A widget inside an `st.fragment` reruns only its fragment in a browser; AppTest reruns the
whole script, so these figures are the full rerun (an upper bound for fragment interactions).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
os.chdir(REPO)

from streamlit.testing.v1 import AppTest  # noqa: E402

from dashboard.analysis.chains import detect_chains  # noqa: E402
from dashboard.analysis.mca import CRITERIA  # noqa: E402
from dashboard.domain.reference import DATASETS_DIR  # noqa: E402
from dashboard.i18n import t  # noqa: E402
from dashboard.io.datasets import bundled_datasets, load_path  # noqa: E402
from dashboard.web import session  # noqa: E402

APP = str(REPO / "app.py")
PAGES = ("home", "map", "flows", "chains", "policy", "data", "about")
TIMEOUT = 300


def timed(action: Callable[[], object], repeat: int, prepare: Callable[[], object] = lambda: None
          ) -> float:  # fmt: skip
    """Median wall time of `action` in seconds (`prepare` runs untimed before each), after one
    warm-up run."""
    times = []
    for _ in range(repeat + 1):
        prepare()
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times[1:])


def anchor(repeat: int) -> float:
    at = AppTest.from_string("import streamlit as st\nst.write('anchor')", default_timeout=60)
    return timed(at.run, repeat)


def opened(dataset: str, page: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.query_params[session.DATASET] = dataset
    at.run()
    at.switch_page(f"app_pages/{page}.py")
    return at.run()


def check(at: AppTest) -> AppTest:
    if at.exception:
        raise RuntimeError([e.value for e in at.exception])
    return at


def page_loads(repeat: int) -> list[tuple[str, float]]:
    rows = []
    for dataset in bundled_datasets():
        for page in PAGES:
            at = check(opened(dataset, page))

            def rerun(at=at, page=page) -> None:
                at.switch_page(f"app_pages/{page}.py")
                check(at.run())

            def away(at=at) -> None:
                at.switch_page("app_pages/about.py")
                check(at.run())

            rows.append((f"open {page} ({dataset})", timed(rerun, repeat, away)))
    return rows


def open_tab(at: AppTest, panel: str) -> AppTest:
    """Open a tab of the Chains page, as a click on it does."""
    at.session_state[session.TABS] = t(f"chainsui.tab.{panel}")
    return check(at.run())


def chains_interactions(repeat: int, dataset: str = "leningrad") -> list[tuple[str, float]]:
    """Each interaction with the tab it belongs to open (the chain picker: the first tab)."""
    at = check(opened(dataset, "chains"))
    weight = session.weight_key(next(iter(CRITERIA)))
    flows = load_path(DATASETS_DIR / dataset)[0].flows
    chains = [f"detected:{c.chain_id}" for c in detect_chains(flows)]
    values, percents, picks = iter([0.5, 1.0] * repeat * 2), iter([10, 25] * repeat * 2), iter(
        chains[:2] * repeat * 2)  # fmt: skip
    steps = {
        "move an MCA weight slider": (
            lambda: open_tab(at, "mca"),
            lambda: at.slider(key=weight).set_value(next(values)),
        ),
        "change the sensitivity percent": (
            lambda: open_tab(at, "sensitivity"),
            lambda: at.slider(key=session.PERCENT).set_value(next(percents)),
        ),
        "pick another chain": (
            lambda: open_tab(at, "diagram"),
            lambda: at.selectbox(key=session.CHAIN).set_value(next(picks)),
        ),
        "open the Map tab": (
            lambda: open_tab(at, "diagram"),
            lambda: at.session_state.__setitem__(session.TABS, t("chainsui.tab.map")),
        ),
        "open the Assessment tab": (
            lambda: open_tab(at, "diagram"),
            lambda: at.session_state.__setitem__(session.TABS, t("chainsui.tab.assessment")),
        ),
    }
    rows = []
    for name, (prepare, step) in steps.items():
        act = lambda step=step: (step(), check(at.run()))  # noqa: E731
        rows.append((f"{name} ({dataset})", timed(act, repeat, prepare)))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--only-chains", action="store_true", help="skip the page loads")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        os.environ["IS_DASHBOARD_DB"] = f"sqlite:///{Path(folder) / 'chains.sqlite'}"
        base = anchor(args.repeat)
        rows = chains_interactions(args.repeat)
        rows += chains_interactions(args.repeat, "kalundborg")
        if not args.only_chains:
            rows += page_loads(args.repeat)
    print(f"anchor: a bare AppTest run of a trivial script: {base * 1000:.1f} ms")
    print(f"{'interaction':<52} {'median':>9} {'x anchor':>9}")
    for name, seconds in rows:
        print(f"{name:<52} {seconds:>8.2f}s {seconds / base:>8.0f}x")


if __name__ == "__main__":
    main()
