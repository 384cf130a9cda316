"""What the public tier costs a visitor, per bundled dataset: the time and peak memory of the
anonymising transform (`public_view`) against reading and validating the dataset (the anchor,
measured in the same run), and what it does to the figures a page shows: companies kept,
candidate exchanges found on the public tier against the full data.

    python benchmarks/public_tier.py

Each step is timed 5 times; the median is printed. Peak memory is tracemalloc's, per step.
"""

from __future__ import annotations

import statistics
import sys
import time
import tracemalloc
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from dashboard.analysis.matching import MatchOptions, find_candidates  # noqa: E402
from dashboard.domain.anonymise import public_view  # noqa: E402
from dashboard.domain.reference import DATASETS_DIR  # noqa: E402
from dashboard.io.datasets import load_path  # noqa: E402

RUNS = 5


def measured(step):
    """(median seconds over RUNS, peak MiB of one run, the result)."""
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        result = step()
        times.append(time.perf_counter() - start)
    tracemalloc.start()
    step()
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    return statistics.median(times), peak, result


def main() -> int:
    print(f"{'dataset':<12}{'companies':>10}{'kept':>7}{'read ms':>9}{'public ms':>10}"
          f"{'ratio':>7}{'read MiB':>9}{'public MiB':>11}{'cand. full':>11}"
          f"{'cand. public':>13}")  # fmt: skip
    for folder in sorted(p for p in DATASETS_DIR.iterdir() if p.is_dir()):
        read_s, read_mib, (full, _) = measured(lambda f=folder: load_path(f))
        public_s, public_mib, public = measured(lambda d=full: public_view(d))
        options = MatchOptions()
        full_candidates = len(find_candidates(full, options))
        public_candidates = len(find_candidates(public, options))
        print(f"{folder.name:<12}{len(full.companies):>10,}{len(public.companies):>7,}"
              f"{read_s * 1000:>9.0f}{public_s * 1000:>10.0f}{public_s / read_s:>7.2f}"
              f"{read_mib:>9.1f}{public_mib:>11.1f}{full_candidates:>11,}"
              f"{public_candidates:>13,}")  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
