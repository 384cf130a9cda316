"""Reading raw tables from CSV text (any supported encoding and delimiter) or XLSX workbooks.

A raw table keeps every cell as text or an Excel value, with the line number of each record,
so validation can point at `file:row:column`. What is read is bounded by `Limits`: an upload
above them is refused before it is parsed, a table stops being read at its row limit.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
import zlib
from dataclasses import dataclass
from xml.etree.ElementTree import ParseError

import pyarrow as pa
import pyarrow.compute as pc
from charset_normalizer import from_bytes
from pyarrow import csv as arrow_csv

from dashboard.domain.dataset import TABLES
from dashboard.io.problems import Problem

REQUIRED_TABLES = ("companies", "streams")
XLSX_MAGIC = b"PK\x03\x04"

MAX_CSV_BYTES = 20_000_000
MAX_XLSX_BYTES = 10_000_000
MAX_XLSX_UNPACKED_BYTES = 40_000_000
MAX_ROWS = 100_000
MAX_SHEET_CELLS = 2_000_000


@dataclass(frozen=True)
class Limits:
    """Bounds on one upload: total CSV bytes, workbook bytes (packed and unpacked), data rows
    per table, cells read per sheet (empty ones included)."""

    csv_bytes: int = MAX_CSV_BYTES
    xlsx_bytes: int = MAX_XLSX_BYTES
    xlsx_unpacked_bytes: int = MAX_XLSX_UNPACKED_BYTES
    rows: int = MAX_ROWS
    sheet_cells: int = MAX_SHEET_CELLS


LIMITS = Limits()
"""What a web upload may hold: a shared server reads it into memory."""
FILE_LIMITS = Limits(csv_bytes=1_000_000_000, rows=10_000_000)
"""What the command line reads from the user's own disk: a national register in CSV (1,000,000
companies with 4 streams each is about 330 MB); workbooks keep the upload's bounds, as openpyxl
holds a whole sheet and a packed workbook can unpack to far more than it weighs."""


def resolve_limits(limits: Limits | None) -> Limits:
    """The limits given, else the module's `LIMITS` as it is now."""
    return limits or LIMITS


# A reader undoes what `export.safe_csv_bytes` does: one apostrophe before a formula start.
NEUTRALISED = re.compile(r"^'+[=+\-@\t\r]")
NEUTRALISED_GROUPS = r"^'('*[=+\-@\t\r])"
"""The same for pyarrow (RE2 has no look-ahead): the apostrophe goes, the group stays."""
# What a corrupt or hostile workbook raises while openpyxl reads it (defusedxml's refusals of
# DTDs and entities are ValueErrors).
XLSX_ERRORS = (
    zipfile.BadZipFile,
    zlib.error,
    ParseError,
    KeyError,
    IndexError,
    TypeError,
    AttributeError,
    ValueError,
    OSError,
    EOFError,
    OverflowError,
)


class RawTable:
    """Cells of one table; `records[i]` came from line `lines[i]` of `file`.

    A table read column by column holds `arrays` (text, one pyarrow array per column, record
    `i` on line `header_line + 1 + i`); its records and lines are built when first asked for."""

    def __init__(
        self,
        file: str,
        columns: list[str],
        records: list[dict[str, object]] | None = None,
        lines: list[int] | None = None,
        decimal: str = ".",
        header_line: int = 1,
        arrays: dict[str, pa.Array] | None = None,
    ):
        self.file, self.columns, self.arrays = file, columns, arrays
        self.decimal, self.header_line = decimal, header_line
        self._records, self._lines = records, lines

    def __len__(self) -> int:
        if self._records is None and self.arrays is not None:
            return len(next(iter(self.arrays.values()), ()))
        return len(self.records)

    @property
    def records(self) -> list[dict[str, object]]:
        if self._records is None:
            arrays = self.arrays or {}
            values = [arrays[column].to_pylist() for column in self.columns]
            rows = zip(*values, strict=True)
            self._records = [dict(zip(self.columns, row, strict=True)) for row in rows]
        return self._records

    @property
    def lines(self) -> list[int]:
        if self._lines is None:
            self._lines = list(range(self.header_line + 1, self.header_line + 1 + len(self)))
        return self._lines


def _mixed_encoding_line(data: bytes) -> int | None:
    """The first line that is not UTF-8 when other lines hold multi-byte UTF-8 text."""
    first_bad, has_utf8 = None, False
    for number, line in enumerate(data.split(b"\n"), start=1):
        try:
            line.decode("utf-8")
        except UnicodeDecodeError:
            first_bad = first_bad or number
            continue
        has_utf8 = has_utf8 or not line.isascii()
    return first_bad if has_utf8 else None


def _decode(file: str, data: bytes) -> tuple[str | None, Problem | None]:
    """UTF-8 (with or without BOM) or Windows-1251 text, else the problem."""
    not_text = Problem(file, None, None, "not_text")
    if b"\x00" in data[:4096]:
        return None, not_text
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError:
        pass
    line = _mixed_encoding_line(data)
    if line is not None:
        return None, Problem(file, line, None, "mixed_encoding", {"line": line})
    guess = from_bytes(data, cp_isolation=["cp1251", "utf_8"]).best()
    encoding = guess.encoding if guess is not None else "cp1251"
    try:
        return data.decode(encoding), None
    except (UnicodeDecodeError, LookupError):
        return None, not_text


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


def restore_cell(cell: str) -> str:
    """A CSV cell as it was before `safe_csv_bytes` neutralised it."""
    return cell[1:] if cell.startswith("'") and NEUTRALISED.match(cell) else cell


def _too_many_rows(file: str, line: int, limits: Limits) -> Problem:
    return Problem(file, line, None, "too_many_rows", {"limit": limits.rows})


def read_csv_bytes(
    file: str, data: bytes, limits: Limits | None = None
) -> tuple[RawTable | None, list[Problem]]:
    """Parse one CSV file; problems name the file and, where they can, the line."""
    limits = resolve_limits(limits)
    if not data.strip():
        return None, [Problem(file, None, None, "empty_file")]
    if data.startswith(XLSX_MAGIC):
        return None, [Problem(file, None, None, "xlsx_named_csv")]
    text, problem = _decode(file, data)
    if problem is not None:
        return None, [problem]
    if _looks_binary(text):
        return None, [Problem(file, None, None, "not_text")]
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        return None, [Problem(file, line, None, "control_character", {"char": "U+0000"})]
    if csv.field_size_limit() < len(data):
        csv.field_size_limit(len(data))
    first_line = next((ln for ln in text.splitlines() if ln.strip()), "")
    delimiter = detect_delimiter(first_line)
    table = _read_columns(file, text, delimiter, limits)
    if table is not None:
        return table, []
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
            if len(records) >= limits.rows:
                return None, [_too_many_rows(file, start, limits)]
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
            records.append(
                {h: restore_cell(cells[i]) if i < len(cells) else "" for i, h in enumerate(header)}
            )
            lines.append(start)
    except csv.Error as exc:
        return None, [Problem(file, reader.line_num, None, "csv_syntax", {"detail": str(exc)})]
    if header is None:
        return None, [Problem(file, None, None, "empty_file")]
    problems += _header_problems(file, header, header_line)
    decimal = "," if delimiter == ";" else "."
    return RawTable(file, header, records, lines, decimal, header_line), problems


def _read_columns(file: str, text: str, delimiter: str, limits: Limits) -> RawTable | None:
    """The table parsed by pyarrow when that is sure to give what `csv.reader` gives: a header on
    line 1 with distinct names, then one record a line (no blank line, no line break in a cell,
    no bare carriage return), every record as wide as the header and none of them blank.
    Otherwise None, and the reader goes row by row."""
    header_text, _, _ = text.partition("\n")
    header = [normalise_header(c) for c in next(csv.reader([header_text.rstrip("\r")],
                                                           delimiter=delimiter), [])]  # fmt: skip
    if not header_text.strip() or "" in header or len(set(header)) != len(header):
        return None
    lines = text.count("\n") + (not text.endswith("\n"))
    if lines - 1 > limits.rows or text.count("\r") != text.count("\r\n"):
        return None
    names = [f"c{i}" for i in range(len(header))]
    try:
        parsed = arrow_csv.read_csv(
            pa.py_buffer(text.encode("utf-8")),
            read_options=arrow_csv.ReadOptions(column_names=names, skip_rows=1),
            parse_options=arrow_csv.ParseOptions(delimiter=delimiter, newlines_in_values=True),
            convert_options=arrow_csv.ConvertOptions(
                column_types=dict.fromkeys(names, pa.string()),
                strings_can_be_null=False, quoted_strings_can_be_null=False,
            ),
        )  # fmt: skip
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return None
    if parsed.num_rows != lines - 1:
        return None
    arrays, blank = {}, None
    for name, column in zip(header, parsed.columns, strict=True):
        cells = column.combine_chunks()
        arrays[name] = pc.replace_substring_regex(cells, NEUTRALISED_GROUPS, r"\1")
        empty = pc.equal(pc.utf8_length(pc.utf8_trim_whitespace(cells)), 0)
        blank = empty if blank is None else pc.and_(blank, empty)
    if parsed.num_rows and pc.any(blank).as_py():
        return None
    return RawTable(file, header, decimal="," if delimiter == ";" else ".", arrays=arrays)


def _header_problems(file: str, header: list[str], line: int) -> list[Problem]:
    seen: set[str] = set()
    problems = []
    for name in header:
        if name and name in seen:
            problems.append(Problem(file, line, name, "duplicate_column"))
        seen.add(name)
    return problems


def _bad_xlsx(file: str, exc: BaseException) -> Problem:
    """`bad_xlsx` named by the first cause (openpyxl wraps what its parser raised)."""
    while exc.__cause__ or exc.__context__:
        exc = exc.__cause__ or exc.__context__
    name = "zlib.error" if isinstance(exc, zlib.error) else type(exc).__name__
    return Problem(file, None, None, "bad_xlsx", {"detail": name})


def _unpacked_problem(file: str, data: bytes, limits: Limits) -> Problem | None:
    """A workbook whose members unpack to more than the limit (a zip bomb), or not a zip."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        return _bad_xlsx(file, exc)
    if unpacked > limits.xlsx_unpacked_bytes:
        return Problem(
            file,
            None,
            None,
            "xlsx_unpacked_too_large",
            {"size": unpacked, "limit": limits.xlsx_unpacked_bytes},
        )
    return None


def read_xlsx_bytes(
    file: str, data: bytes, limits: Limits | None = None
) -> tuple[dict[str, RawTable], list[Problem]]:
    """Read the `companies`, `streams` and `flows` sheets of a workbook (names case-insensitive).

    A workbook that unpacks beyond the limit is refused before openpyxl opens it; one that
    cannot be parsed (corrupt zip or XML, a DTD or entity, which defusedxml refuses) gives
    `bad_xlsx`."""
    from openpyxl import load_workbook

    limits = resolve_limits(limits)
    problem = _unpacked_problem(file, data, limits)
    if problem is not None:
        return {}, [problem]
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except XLSX_ERRORS as exc:
        return {}, [_bad_xlsx(file, exc)]
    try:
        return _read_workbook(file, workbook, limits)
    except XLSX_ERRORS as exc:
        return {}, [_bad_xlsx(file, exc)]
    finally:
        workbook.close()


def _read_workbook(
    file: str, workbook, limits: Limits
) -> tuple[dict[str, RawTable], list[Problem]]:
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
            sheet_file = f"{file}[{sheets[name]}]"
            table, sheet_problems = _read_sheet(sheet_file, workbook[sheets[name]], limits)
            problems += sheet_problems
            if table is not None:
                tables[name] = table
    return tables, problems


def _read_sheet(file: str, sheet, limits: Limits) -> tuple[RawTable | None, list[Problem]]:
    header: list[str] | None = None
    header_line = 0
    records: list[dict[str, object]] = []
    lines: list[int] = []
    cells = 0
    for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
        cells += len(values)
        if cells > limits.sheet_cells:
            limit = {"limit": limits.sheet_cells}
            return None, [Problem(file, number, None, "too_many_cells_in_sheet", limit)]
        if not any(v is not None and str(v).strip() for v in values):
            continue
        if header is None:
            header, header_line = [normalise_header(v) for v in values], number
            while header and not header[-1]:
                header.pop()
            continue
        if len(records) >= limits.rows:
            return None, [_too_many_rows(file, number, limits)]
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


def _too_large(file: str, size: int, limit: int) -> Problem:
    return Problem(file, None, None, "upload_too_large", {"size": size, "limit": limit})


COPY_SUFFIX = re.compile(r"\s*\(\d+\)$")
"""The ` (1)` a browser adds to the name of a file downloaded twice."""
MAX_ARCHIVE_MEMBERS = 20
IGNORED_MEMBERS = ("dataset.json",)


def table_of(name: str) -> str | None:
    """The table a CSV file holds, by its name: `companies.csv`, `Companies (1).csv` and
    `folder/companies.txt` all hold `companies`; None for any other name."""
    stem, dot, ext = name.replace("\\", "/").rsplit("/", 1)[-1].rpartition(".")
    table = COPY_SUFFIX.sub("", stem.strip()).lower()
    return table if dot and ext.lower() in ("csv", "txt") and table in TABLES else None


def _unpack(name: str, data: bytes, limits: Limits) -> tuple[dict[str, bytes], list[Problem]]:
    """The files of a .zip archive (such as the app's own dataset download), named
    `archive.zip/member`; folders, hidden files and `dataset.json` are left out."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = [
                info for info in archive.infolist()
                if not info.is_dir() and not info.filename.startswith("__MACOSX/")
                and not info.filename.rsplit("/", 1)[-1].startswith(".")
                and info.filename.rsplit("/", 1)[-1] not in IGNORED_MEMBERS
            ]  # fmt: skip
            unpacked = sum(info.file_size for info in members)
            if len(members) > MAX_ARCHIVE_MEMBERS or unpacked > limits.csv_bytes:
                return {}, [_too_large(name, unpacked, limits.csv_bytes)]
            return {f"{name}/{info.filename}": archive.read(info) for info in members}, []
    except (zipfile.BadZipFile, zlib.error, OSError, ValueError, EOFError) as exc:
        return {}, [Problem(name, None, None, "bad_zip", {"detail": type(exc).__name__})]


def read_upload(
    files: dict[str, bytes], limits: Limits | None = None
) -> tuple[dict[str, RawTable], list[Problem]]:
    """Read a dataset given as `{file name: bytes}`: one workbook, CSVs named by table, or one
    .zip archive of either.

    An upload above the byte limits is refused before anything is parsed."""
    limits = resolve_limits(limits)
    problems: list[Problem] = []
    if not files:
        return {}, [Problem("(upload)", None, None, "no_files")]
    archives = [name for name in files if name.lower().endswith(".zip")]
    if archives:
        if len(files) > 1:
            return {}, [Problem(", ".join(sorted(files)), None, None, "archive_alone")]
        if len(files[archives[0]]) > limits.csv_bytes:
            return {}, [_too_large(archives[0], len(files[archives[0]]), limits.csv_bytes)]
        unpacked, problems = _unpack(archives[0], files[archives[0]], limits)
        if problems:
            return {}, problems
        if not unpacked:
            return {}, [Problem(archives[0], None, None, "no_files")]
        return read_upload(unpacked, limits)
    workbooks = [name for name in files if name.lower().endswith(".xlsx")]
    if workbooks:
        if len(files) > 1:
            return {}, [Problem(", ".join(sorted(files)), None, None, "workbook_alone")]
        data = files[workbooks[0]]
        if len(data) > limits.xlsx_bytes:
            return {}, [_too_large(workbooks[0], len(data), limits.xlsx_bytes)]
        return read_xlsx_bytes(workbooks[0], data, limits)
    total = sum(len(data) for data in files.values())
    if total > limits.csv_bytes:
        return {}, [_too_large(", ".join(sorted(files)), total, limits.csv_bytes)]
    tables: dict[str, RawTable] = {}
    first: dict[str, str] = {}
    for name, data in sorted(files.items()):
        table_name = table_of(name)
        if table_name is None:
            problems.append(Problem(name, None, None, "unexpected_file"))
            continue
        if table_name in first:
            problems.append(
                Problem(name, None, None, "duplicate_table",
                        {"table": table_name, "other": first[table_name]})
            )  # fmt: skip
            continue
        first[table_name] = name
        table, file_problems = read_csv_bytes(name, data, limits)
        problems += file_problems
        if table is not None:
            tables[table_name] = table
    for required in REQUIRED_TABLES:
        if required not in first:
            problems.append(Problem(f"{required}.csv", None, None, "missing_file"))
    return tables, problems
