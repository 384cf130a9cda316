"""Time and peak memory of loading and validating each bundled dataset, and file sizes.

Run: .venv/bin/python benchmarks/load_datasets.py [--repeat N]
"""

from __future__ import annotations

import argparse
import statistics
import time
import tracemalloc
from pathlib import Path

from dashboard.domain import reference
from dashboard.io.datasets import bundled_datasets, load_path, to_xlsx_bytes, to_zip_bytes


def measure(path: Path, repeat: int) -> dict[str, float]:
    load_path(path)
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        dataset, problems = load_path(path)
        times.append(time.perf_counter() - start)
        assert not problems, problems[:3]
    tracemalloc.start()
    load_path(path)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    start = time.perf_counter()
    xlsx = to_xlsx_bytes(dataset)
    xlsx_time = time.perf_counter() - start
    return {
        "companies": len(dataset.companies),
        "streams": len(dataset.streams),
        "flows": len(dataset.flows),
        "csv_kb": sum(p.stat().st_size for p in path.glob("*.csv")) / 1024,
        "load_median_s": statistics.median(times),
        "load_peak_mb": peak / 2**20,
        "xlsx_s": xlsx_time,
        "xlsx_kb": len(xlsx) / 1024,
        "zip_kb": len(to_zip_bytes(dataset)) / 1024,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    header = (
        f"{'dataset':<16}{'companies':>10}{'streams':>9}{'flows':>7}{'csv KB':>9}"
        f"{'load s (median)':>17}{'peak MB':>9}{'xlsx s':>8}{'xlsx KB':>9}{'zip KB':>8}"
    )
    print(f"repeat={args.repeat}; load = read + validate + derive regions")
    print(header)
    for dataset_id in bundled_datasets():
        r = measure(reference.DATASETS_DIR / dataset_id, args.repeat)
        print(
            f"{dataset_id:<16}{r['companies']:>10}{r['streams']:>9}{r['flows']:>7}"
            f"{r['csv_kb']:>9.0f}{r['load_median_s']:>17.3f}{r['load_peak_mb']:>9.1f}"
            f"{r['xlsx_s']:>8.2f}{r['xlsx_kb']:>9.0f}{r['zip_kb']:>8.0f}"
        )


if __name__ == "__main__":
    main()
