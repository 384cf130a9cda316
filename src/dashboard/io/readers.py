"""Reading raw tables from CSV text (any supported encoding and delimiter) or XLSX workbooks.

A raw table keeps every cell as text or an Excel value, with the line number of each record,
so validation can point at `file:row:column`.
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass

from charset_normalizer import from_bytes

from dashboard.domain.dataset import TABLES
from dashboard.io.problems import Problem

REQUIRED_TABLES = ("companies", "streams")
XLSX_MAGIC = b"PK\x03\x04"


@dataclass
class RawTable:
    """Cells of one table; `records[i]` came from line `lines[i]` of `file`."""

    file: str
    columns: list[str]
    records: list[dict[str, object]]
    lines: list[int]
    decimal: str = "."
    header_line: int = 1


def decode(data: bytes) -> str | None:
    """Decode UTF-8 (with or without BOM) or Windows-1251 text; None when it is not text."""
    if b"\x00" in data[:4096]:
        return None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    guess = from_bytes(data, cp_isolation=["cp1251", "utf_8"]).best()
    encoding = guess.encoding if guess is not None else "cp1251"
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def _looks_binary(text: str) -> bool:
    sample = text[:4096]
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\r\n\t")
    return controls > max(2, len(sample) // 100)


def detect_delimiter(header_line: str) -> str:
    """Comma or semicolon, whichever the header uses more outside quotes."""
    counts = {";": 0, ",": 0}
    quoted = False
    for ch in header_line:
        if ch == '"':
            quoted = not quoted
        elif not quoted and ch in counts:
            counts[ch] += 1
    return ";" if counts[";"] > counts[","] else ","


def normalise_header(name: object) -> str:
    return str(name if name is not None else "").strip().lstrip("\ufeff").strip().lower()


def read_csv_bytes(file: str, data: bytes) -> tuple[RawTable | None, list[Problem]]:
    """Parse one CSV file; problems name the file and, where they can, the line."""
    if not data.strip():
        return None, [Problem(file, None, None, "empty_file")]
    if data.startswith(XLSX_MAGIC):
        return None, [Problem(file, None, None, "xlsx_named_csv")]
    text = decode(data)
    if text is None or _looks_binary(text):
        return None, [Problem(file, None, None, "not_text")]
    first_line = next((ln for ln in text.splitlines() if ln.strip()), "")
    delimiter = detect_delimiter(first_line)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header: list[str] | None = None
    header_line = 0
    records: list[dict[str, object]] = []
    lines: list[int] = []
    problems: list[Problem] = []
    last_line = 0
    try:
        for cells in reader:
            start, last_line = last_line + 1, reader.line_num
            if not any(c.strip() for c in cells):
                continue
            if header is None:
                header, header_line = [normalise_header(c) for c in cells], start
                continue
            if len(cells) > len(header) and any(c.strip() for c in cells[len(header) :]):
                problems.append(
                    Problem(
                        file,
                        start,
                        None,
                        "too_many_cells",
                        {"found": len(cells), "expected": len(header)},
                    )
                )
                continue
            records.append({h: (cells[i] if i < len(cells) else "") for i, h in enumerate(header)})
            lines.append(start)
    except csv.Error as exc:
        return None, [Problem(file, reader.line_num, None, "csv_syntax", {"detail": str(exc)})]
    if header is None:
        return None, [Problem(file, None, None, "empty_file")]
    problems += _header_problems(file, header, header_line)
    decimal = "," if delimiter == ";" else "."
    return RawTable(file, header, records, lines, decimal, header_line), problems


def _header_problems(file: str, header: list[str], line: int) -> list[Problem]:
    seen: set[str] = set()
    problems = []
    for name in header:
        if name and name in seen:
            problems.append(Problem(file, line, name, "duplicate_column"))
        seen.add(name)
    return problems


def read_xlsx_bytes(file: str, data: bytes) -> tuple[dict[str, RawTable], list[Problem]]:
    """Read the `companies`, `streams` and `flows` sheets of a workbook (names case-insensitive)."""
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        return {}, [Problem(file, None, None, "bad_xlsx", {"detail": type(exc).__name__})]
    sheets = {name.strip().lower(): name for name in workbook.sheetnames}
    problems = []
    missing = [name for name in REQUIRED_TABLES if name not in sheets]
    if missing:
        problems.append(
            Problem(
                file,
                None,
                None,
                "missing_sheets",
                {"missing": ", ".join(missing), "found": ", ".join(workbook.sheetnames)},
            )
        )
    unexpected = [sheets[name] for name in sheets if name not in TABLES]
    if unexpected:
        problems.append(
            Problem(file, None, None, "unexpected_sheets", {"sheets": ", ".join(unexpected)})
        )
    tables: dict[str, RawTable] = {}
    for name in TABLES:
        if name in sheets:
            table, sheet_problems = _read_sheet(f"{file}[{sheets[name]}]", workbook[sheets[name]])
            problems += sheet_problems
            if table is not None:
                tables[name] = table
    workbook.close()
    return tables, problems


def _read_sheet(file: str, sheet) -> tuple[RawTable | None, list[Problem]]:
    header: list[str] | None = None
    header_line = 0
    records: list[dict[str, object]] = []
    lines: list[int] = []
    for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
        if not any(v is not None and str(v).strip() for v in values):
            continue
        if header is None:
            header, header_line = [normalise_header(v) for v in values], number
            while header and not header[-1]:
                header.pop()
            continue
        records.append(
            {
                h: ("" if i >= len(values) or values[i] is None else values[i])
                for i, h in enumerate(header)
            }
        )
        lines.append(number)
    if header is None:
        return None, [Problem(file, None, None, "empty_sheet")]
    return RawTable(file, header, records, lines, "auto", header_line), _header_problems(
        file, header, header_line
    )


def read_upload(files: dict[str, bytes]) -> tuple[dict[str, RawTable], list[Problem]]:
    """Read a dataset given as `{file name: bytes}`: one workbook, or CSVs named by table."""
    problems: list[Problem] = []
    if not files:
        return {}, [Problem("(upload)", None, None, "no_files")]
    workbooks = [name for name in files if name.lower().endswith(".xlsx")]
    if workbooks:
        if len(files) > 1:
            return {}, [Problem(", ".join(sorted(files)), None, None, "workbook_alone")]
        return read_xlsx_bytes(workbooks[0], files[workbooks[0]])
    tables: dict[str, RawTable] = {}
    for name, data in sorted(files.items()):
        stem, dot, ext = name.rpartition(".")
        table_name = stem.strip().lower()
        if not dot or ext.lower() not in ("csv", "txt") or table_name not in TABLES:
            problems.append(Problem(name, None, None, "unexpected_file"))
            continue
        table, file_problems = read_csv_bytes(name, data)
        problems += file_problems
        if table is not None:
            tables[table_name] = table
    present = {name.rpartition(".")[0].strip().lower() for name in files}
    for required in REQUIRED_TABLES:
        if required not in present:
            problems.append(Problem(f"{required}.csv", None, None, "missing_file"))
    return tables, problems
