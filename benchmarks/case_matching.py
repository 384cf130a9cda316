"""The documented cases as a gold set for the matcher: from each case's partners' haves and
wants alone (its flows removed), how many documented exchanges does matching find in its top k
(recall at k), and how many of its top k are documented (precision at k)?

Each case file is read and validated (`io.cases.load_case`) and turned into its gold set
(`case_dataset(case, with_flows=False)`: a have of each exchange's giver and a want of its
receiver, with the exchange's quantity or 1 where no source gives one). The matcher runs with
no cut per have and existing flows ignored (there are none); its candidates, best first, are
compared with the documented (giver, receiver, material) triples. k = the number of documented
exchanges of the case (R-precision: recall and precision are then equal) and k = 10.

    python benchmarks/case_matching.py

The anchor is the time to read and validate the case files, measured in the same run.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from dashboard.analysis.matching import MatchOptions, find_candidates  # noqa: E402
from dashboard.io.cases import case_dataset, case_files, load_case  # noqa: E402

K_FIXED = 10
SHAREBOX = (
    "best published figure: the SHAREBOX recommenders' maximum accuracy of 33 % (CORALIS "
    "webinar summary, https://ee-ip.org/en/article/digital-matchmaking-for-industrial-"
    "sustainability-how-knowledge-platforms-enable-circular-economy-7900)"
)
OPTIONS = MatchOptions(max_per_have=None)


def main() -> int:
    start = time.perf_counter()
    cases = [load_case(path) for path in case_files()]
    anchor = time.perf_counter() - start
    bad = [p for c, p in cases if c is None]
    if bad:
        print("cases that do not load:", bad)
        return 1
    print(f"{len(cases)} cases read and validated in {anchor * 1000:.0f} ms (the anchor)")
    print(f"{'case':<14}{'documented':>11}{'candidates':>11}{'R-prec':>8}{'rec@10':>8}"
          f"{'prec@10':>9}{'ms':>7}")  # fmt: skip
    totals = {"documented": 0, "hits_r": 0, "hits_10": 0, "shown_10": 0}
    elapsed = 0.0
    for case, _ in cases:
        t0 = time.perf_counter()
        gold, problems = case_dataset(case, with_flows=False)
        if gold is None:
            print(f"{case.id}: gold set invalid: {problems[:2]}")
            return 1
        found = find_candidates(gold, OPTIONS)
        spent = time.perf_counter() - t0
        elapsed += spent
        documented = {(e.source, e.target, e.material) for e in case.exchanges}
        ranked = list(zip(found["source_company"], found["target_company"],
                          found["have_material"], strict=True))  # fmt: skip
        ranked = list(dict.fromkeys(ranked))  # one per triple, the best
        k = len(documented)
        hits_r = len(documented & set(ranked[:k]))
        hits_10 = len(documented & set(ranked[:K_FIXED]))
        shown = min(K_FIXED, len(ranked))
        totals["documented"] += k
        totals["hits_r"] += hits_r
        totals["hits_10"] += hits_10
        totals["shown_10"] += shown
        print(f"{case.id:<14}{k:>11}{len(ranked):>11}{hits_r / k:>8.0%}{hits_10 / k:>8.0%}"
              f"{(hits_10 / shown if shown else 0):>9.0%}{spent * 1000:>7.0f}")  # fmt: skip
    n = totals["documented"]
    print(f"{'all (micro)':<14}{n:>11}{'':>11}{totals['hits_r'] / n:>8.0%}"
          f"{totals['hits_10'] / n:>8.0%}{totals['hits_10'] / totals['shown_10']:>9.0%}"
          f"{elapsed * 1000:>7.0f}")  # fmt: skip
    print(f"matching all gold sets: {elapsed / anchor:.1f} x the anchor; {SHAREBOX}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
