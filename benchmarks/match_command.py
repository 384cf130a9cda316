"""`python -m dashboard match DIR --out FILE` as a user runs it, on synthetic regions written as
interchange-format files (the generator of benchmarks/matching.py; `nace` is the section letter,
regions are derived from the coordinates), and the candidates' writers side by side.

    python benchmarks/match_command.py [--sizes 10000 100000]

Whole processes (Python start-up, imports, reading, validation, matching, reasons, writing):
`validate DIR`, `match DIR --out x.csv` and `match DIR --out x.parquet`, wall time and peak
resident memory of each. Then, in this process on the same candidates: the writer before issue
17 (`safe_csv_bytes`, a neutralised copy of the whole table held as bytes), the streaming writer
(`write_safe_csv`, Arrow in chunks of 50,000 rows), and the anchor `pyarrow.csv.write_csv` of
the same table without neutralising.
"""

from __future__ import annotations

import argparse
import io
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO / "benchmarks"))

import pyarrow as pa  # noqa: E402
from matching import synthetic_dataset  # noqa: E402
from pyarrow import csv  # noqa: E402

from dashboard.analysis.matching import MatchOptions, find_candidates  # noqa: E402
from dashboard.cli import MATCH_COLUMNS  # noqa: E402
from dashboard.io.datasets import load_or_raise  # noqa: E402
from dashboard.io.export import chunks, safe_csv_bytes, write_safe_csv  # noqa: E402
from dashboard.views.candidate_reasons import with_reasons  # noqa: E402


def write_region(n_companies: int, folder: Path) -> None:
    """The synthetic region as the three CSV files a user would have."""
    dataset = synthetic_dataset(n_companies)
    companies = dataset.companies.rename(columns={"nace_section": "nace"}).drop(
        columns="region_code").assign(provenance="synthetic")  # fmt: skip
    streams = dataset.streams.assign(provenance="synthetic")
    folder.mkdir(parents=True, exist_ok=True)
    companies.to_csv(folder / "companies.csv", index=False)
    streams.to_csv(folder / "streams.csv", index=False)
    dataset.flows.to_csv(folder / "flows.csv", index=False)


def run(*args: str) -> tuple[float, float]:
    """Wall seconds and peak resident MB of `python -m dashboard ARGS` in a process of its own."""
    start = time.perf_counter()
    env = dict(os.environ, PYTHONPATH=str(REPO / "src"))
    process = subprocess.Popen([sys.executable, "-m", "dashboard", *args], env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)  # fmt: skip
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{args} failed: {process.stderr.read().decode()[-2000:]}")
    return wall, usage.ru_maxrss / 1024


def writers(folder: Path) -> None:
    dataset = load_or_raise(folder)
    candidates = find_candidates(dataset, MatchOptions())
    table = with_reasons(candidates)[list(MATCH_COLUMNS)]
    start = time.perf_counter()
    anchor = io.BytesIO()
    csv.write_csv(pa.Table.from_pandas(table, preserve_index=False), anchor)
    anchor_s = time.perf_counter() - start
    start = time.perf_counter()
    old = len(safe_csv_bytes(table.astype({"reasons": object})))
    old_s = time.perf_counter() - start
    start = time.perf_counter()
    with tempfile.TemporaryFile() as sink:
        write_safe_csv(chunks(table), sink)
        new = sink.tell()
    new_s = time.perf_counter() - start
    print(f"  {len(table):,} candidates; anchor pyarrow.csv.write_csv {anchor_s:.2f} s "
          f"({anchor.tell() / 1e6:.0f} MB)")  # fmt: skip
    print(f"  before (safe_csv_bytes): {old_s:.2f} s, {old / 1e6:.0f} MB, "
          f"{old_s / anchor_s:.1f}x the anchor")  # fmt: skip
    print(f"  streaming (write_safe_csv): {new_s:.2f} s, {new / 1e6:.0f} MB, "
          f"{new_s / anchor_s:.1f}x the anchor, {old_s / new_s:.1f}x faster than before")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000])
    sizes = parser.parse_args().sizes
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            folder = Path(tmp) / f"region-{n}"
            write_region(n, folder)
            print(f"{n:,} companies, {4 * n:,} streams")
            for label, args in (
                ("validate", ("validate", str(folder))),
                ("match --out csv", ("match", str(folder), "--out", f"{tmp}/c.csv")),
                ("match --out parquet", ("match", str(folder), "--out", f"{tmp}/c.parquet")),
            ):
                wall, rss = run(*args)
                print(f"  {label}: {wall:.1f} s, peak RSS {rss:,.0f} MB")
            writers(folder)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
