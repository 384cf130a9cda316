"""`python -m dashboard validate DIR` and `match DIR --out FILE` as a user runs them, on synthetic
regions written as interchange-format files (the generator of benchmarks/matching.py; `nace` is
the section letter, regions are derived from the coordinates), beside two anchors.

    python benchmarks/match_command.py [--sizes 10000 100000] [--runs 3] [--naive-max 2000]

Whole processes (Python start-up, imports, reading, validation, matching, reasons, writing),
median wall time of `--runs` runs and the highest peak resident memory: `validate DIR`,
`match DIR --out x.csv` and `match DIR --out x.parquet`. Anchors, in this process on the same
files: `pandas.read_csv` of the three files (the floor for reading), beside reading and
validating them in this process as `validate` does (the ratio is "validate / read_csv"), and
at sizes up to `--naive-max` the naive all-pairs loop of benchmarks/matching.py on the dataset
as loaded, against the engine alone with no per-have limit ("engine / naive"). Growth exponents
are the slopes of log time against log size between consecutive sizes (1 is linear). At the
first size, the candidates' writers side by side: the writer before issue 17 (`safe_csv_bytes`,
a neutralised copy held as bytes), the streaming writer (`write_safe_csv`, Arrow in chunks of
50,000 rows) and `pyarrow.csv.write_csv` without neutralising.
"""

from __future__ import annotations

import argparse
import io
import itertools
import math
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO / "benchmarks"))

import pandas as pd  # noqa: E402
import pyarrow as pa  # noqa: E402
from matching import naive_candidates, synthetic_dataset  # noqa: E402
from pyarrow import csv  # noqa: E402

from dashboard.analysis.matching import MatchOptions, find_candidates  # noqa: E402
from dashboard.cli import MATCH_COLUMNS  # noqa: E402
from dashboard.io.datasets import load_or_raise, load_path  # noqa: E402
from dashboard.io.export import chunks, safe_csv_bytes, write_safe_csv  # noqa: E402
from dashboard.io.readers import FILE_LIMITS  # noqa: E402
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


PEAK = """
import atexit, runpy, sys
def peak():
    status = open("/proc/self/status").read()
    print(status.split("VmHWM:")[1].split()[0], file=sys.stderr)
atexit.register(peak)
sys.argv = ["dashboard", *sys.argv[1:]]
runpy.run_module("dashboard", run_name="__main__", alter_sys=True)
"""
"""Runs the command and prints its peak resident kB last on standard error: the process's own
high-water mark (VmHWM), which starts afresh at exec, unlike ru_maxrss, which a child inherits
from the benchmark that forked it."""


def run(*args: str) -> tuple[float, float]:
    """Wall seconds and peak resident MB of `python -m dashboard ARGS` in a process of its own."""
    start = time.perf_counter()
    env = dict(os.environ, PYTHONPATH=str(REPO / "src"))
    done = subprocess.run([sys.executable, "-c", PEAK, *args], env=env,
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)  # fmt: skip
    wall = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{args} failed: {done.stderr.decode()[-2000:]}")
    return wall, int(done.stderr.split()[-1]) / 1024


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


WRITERS_MAX = 20_000
"""The writers are compared at the first size up to this: the old one holds gigabytes beyond."""


def read_anchor(folder: Path, runs: int) -> float:
    """Median seconds of `pandas.read_csv` of the region's three files."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        for name in ("companies.csv", "streams.csv", "flows.csv"):
            pd.read_csv(folder / name)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def load_in_process(folder: Path, runs: int) -> float:
    """Median seconds of reading and validating the region in this process, as `validate` does,
    after a first run that imports and caches what any run needs."""
    load_path(folder, FILE_LIMITS)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        dataset, problems = load_path(folder, FILE_LIMITS)
        times.append(time.perf_counter() - start)
        assert dataset is not None, problems[:3]
    return statistics.median(times)


def naive_anchor(folder: Path) -> tuple[float, float, int]:
    """Seconds of the engine with no per-have limit and of the naive loop, on the loaded data."""
    dataset = load_or_raise(folder)
    start = time.perf_counter()
    everything = find_candidates(dataset, MatchOptions(max_per_have=None))
    engine = time.perf_counter() - start
    dataset.streams["hazardous"] = dataset.streams["hazardous"].fillna(False)
    start = time.perf_counter()
    naive = naive_candidates(dataset)
    return engine, time.perf_counter() - start, len(naive) - len(everything)


def exponent(rows: list[dict], key: str) -> str:
    pairs = itertools.pairwise(rows)
    slopes = [math.log(b[key] / a[key]) / math.log(b["n"] / a["n"]) for a, b in pairs]
    return ", ".join(f"{s:.2f}" for s in slopes) or "(one size)"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--naive-max", type=int, default=2_000)
    parser.add_argument("--match-max", type=int, default=100_000,
                        help="sizes above this are validated only (1,000,000 companies give "
                             "about 38 million candidates, a CSV of about 22 GB)")  # fmt: skip
    args = parser.parse_args()
    rows: list[dict] = []
    with tempfile.TemporaryDirectory() as tmp:
        for n in args.sizes:
            folder = Path(tmp) / f"region-{n}"
            write_region(n, folder)
            size = sum(p.stat().st_size for p in folder.iterdir()) / 1e6
            print(f"{n:,} companies, {4 * n:,} streams, {size:.1f} MB of CSV")
            row = {"n": n, "read_csv": read_anchor(folder, args.runs)}
            row["load"] = load_in_process(folder, args.runs)
            print(f"  in this process: anchor pandas.read_csv of the files {row['read_csv']:.2f} s;"
                  f" reading and validating {row['load']:.2f} s, "
                  f"{row['load'] / row['read_csv']:.1f}x the anchor")  # fmt: skip
            commands = [("validate", ("validate", str(folder)))]
            if n <= args.match_max:
                commands += [
                    ("match --out csv", ("match", str(folder), "--out", f"{tmp}/c.csv")),
                    ("match --out parquet", ("match", str(folder), "--out", f"{tmp}/c.parquet")),
                ]
            for label, command in commands:
                runs = [run(*command) for _ in range(args.runs)]
                wall = statistics.median(w for w, _ in runs)
                rss = max(r for _, r in runs)
                row[label] = wall
                print(f"  {label}: {wall:.2f} s (median of {len(runs)}; "
                      f"{min(w for w, _ in runs):.2f}-{max(w for w, _ in runs):.2f}), "
                      f"peak RSS {rss:,.0f} MB")  # fmt: skip
            if n <= args.naive_max:
                engine, naive, missing = naive_anchor(folder)
                print(f"  engine, all pairs: {engine:.2f} s; naive all-pairs loop: {naive:.1f} s;"
                      f" engine / naive {engine / naive:.3f}; pairs the engine lacks: {missing}")
            if n == args.sizes[0] and n <= WRITERS_MAX:
                writers(folder)
            rows.append(row)
    if len(rows) > 1:
        matched = [row for row in rows if "match --out csv" in row]
        print(f"growth exponent, validate: {exponent(rows, 'validate')} (in process: "
              f"{exponent(rows, 'load')}); "
              f"match --out csv: {exponent(matched, 'match --out csv')}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
