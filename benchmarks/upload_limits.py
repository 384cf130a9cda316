"""Time and peak memory of reading and validating uploads at and above the upload limits, as
the Data page does (`load_files`), beside an anchor: the same files parsed by pandas (CSV) or
iterated by openpyxl in read-only mode (workbooks), in the same process.

Run: .venv/bin/python benchmarks/upload_limits.py

Each upload is written to a temporary folder and read in a fresh process; the peak is the growth
of that process's peak resident set while it loads the upload."""

from __future__ import annotations

import io
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd
from openpyxl import load_workbook

from dashboard.io import readers
from dashboard.io.datasets import load_files

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tests.corpus.xlsx import workbook

# Rows per table of the largest workbook under the byte limits (inline strings, 3 sheets):
# 25,000 rows unpack to about 38 MB.
XLSX_ROWS = 25_000


def workbook_of(files: dict[str, bytes]) -> bytes:
    def cell(text: str) -> object:
        return int(text) if text.isdigit() else text

    return workbook(
        {
            name.removesuffix(".csv"): [
                [cell(c) for c in line.split(",")] for line in data.decode().splitlines()
            ]
            for name, data in files.items()
        }
    )


def csv_tables(rows: int) -> dict[str, bytes]:
    companies = "company_id,name,nace,lat,lon,region_code,country,employees\n" + "".join(
        f"C{i},Company number {i},10.51,{59 + i % 1000 / 1000:.3f},{30 + i % 997 / 997:.3f},"
        f"RU-LEN,RU,{i % 500}\n"
        for i in range(rows)
    )
    streams = "stream_id,company_id,direction,material,quantity,unit\n" + "".join(
        f"S{i},C{i},{'have' if i % 2 else 'want'},spent_grain,{i % 9000 + 1},t/yr\n"
        for i in range(rows)
    )
    flows = "flow_id,source_company,target_company,material,quantity,unit,status\n" + "".join(
        f"F{i},C{i},C{(i + 1) % rows},spent_grain,{i % 700 + 1},t/yr,planned\n" for i in range(rows)
    )
    return {
        "companies.csv": companies.encode(),
        "streams.csv": streams.encode(),
        "flows.csv": flows.encode(),
    }


def scenario(name: str) -> dict[str, bytes]:
    limit = readers.MAX_ROWS
    if name == "csv-at-row-limit":
        return csv_tables(limit)
    if name == "csv-oversize":
        return {"companies.csv": b"x" * 45_000_000, "streams.csv": b"x"}
    if name == "csv-over-row-limit":
        return csv_tables(limit + 1)
    if name == "xlsx-largest-accepted":
        return {"m.xlsx": workbook_of(csv_tables(XLSX_ROWS))}
    if name == "xlsx-over-row-limit":
        tables = csv_tables(limit + 20_000)
        tables["streams.csv"] = csv_tables(10)["streams.csv"]
        return {"m.xlsx": workbook_of({k: tables[k] for k in ("companies.csv", "streams.csv")})}
    if name == "xlsx-oversize":
        return {"m.xlsx": b"PK\x03\x04" + b"\0" * 11_000_000}
    raise ValueError(name)


SCENARIOS = (
    "csv-at-row-limit",
    "csv-over-row-limit",
    "csv-oversize",
    "xlsx-largest-accepted",
    "xlsx-over-row-limit",
    "xlsx-oversize",
)


def high_water_mb() -> float:
    """The process's peak resident set in MB (VmHWM, which unlike ru_maxrss is not inherited
    from the parent process)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure(folder: Path) -> None:
    """Load the files of `folder` as one upload and print the figures."""
    files = {p.name: p.read_bytes() for p in sorted(folder.iterdir())}
    size = sum(len(v) for v in files.values())
    base = high_water_mb()
    cpu, wall = time.process_time(), time.perf_counter()
    dataset, problems = load_files("m", files)
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    peak = high_water_mb() - base
    anchor = anchor_seconds(files) if dataset is not None else float("nan")
    verdict = "accepted" if dataset is not None else f"rejected: {problems[-1]}"
    print(
        f"{folder.name}: {size / 1e6:.1f} MB, {wall:.2f} s wall ({wall / anchor:.1f}x the "
        f"anchor's {anchor:.2f} s), {cpu:.2f} s CPU, +{peak:.0f} MB peak RSS; {verdict}",
        flush=True,
    )


def anchor_seconds(files: dict[str, bytes]) -> float:
    """Wall time of parsing the same files with a library alone, no validation."""
    start = time.perf_counter()
    for name, data in files.items():
        if name.endswith(".xlsx"):
            book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
            for sheet in book.worksheets:
                for _ in sheet.iter_rows(values_only=True):
                    pass
            book.close()
        else:
            pd.read_csv(io.BytesIO(data), dtype=str)
    return time.perf_counter() - start


if __name__ == "__main__":
    if len(sys.argv) > 1:
        measure(Path(sys.argv[1]))
    else:
        with tempfile.TemporaryDirectory() as tmp:
            for name in SCENARIOS:
                folder = Path(tmp) / name
                folder.mkdir()
                for file, data in scenario(name).items():
                    (folder / file).write_bytes(data)
                command = [sys.executable, __file__, str(folder)]
                subprocess.run(command, check=True)
