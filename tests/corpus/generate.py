"""Write the hostile-input corpus: `python -m tests.corpus.generate [OUT]` (default
tests/corpus/cases). Each case is a dataset folder; `expected.json` maps its id to the exit code
of `python -m dashboard validate`, a substring of its output and, for the size-limit cases, the
smaller limits the test runs it with."""

from __future__ import annotations

import io
import json
import shutil
import sys
import zipfile
from pathlib import Path

from tests.corpus.xlsx import members, sheet_xml, workbook, zip_bytes

CASES_DIR = Path(__file__).with_name("cases")

COMPANIES = [
    ["company_id", "name", "nace", "lat", "lon", "employees"],
    ["C1", "Alpha Brewery", "11.05", "59.93", "30.31", "120"],
    ["C2", "Beta Biogas", "35.21", "59.57", "30.13", "15"],
    ["C3", "Gamma Power", "35.11", "59.80", "30.50", ""],
]
STREAMS = [
    ["stream_id", "company_id", "direction", "material", "ewc_code", "quantity", "unit"],
    ["S1", "C1", "have", "spent_grain", "", "1200", "t/yr"],
    ["S2", "C2", "want", "biogas_feedstock", "", "5000", "t/yr"],
    ["S3", "C3", "have", "surplus_heat", "", "8000", "MWh/yr"],
    ["S4", "C2", "want", "heat", "", "2000", "MWh/yr"],
]
FLOWS = [
    ["flow_id", "source_company", "target_company", "material", "quantity", "unit", "status",
     "since_year"],
    ["F1", "C1", "C2", "spent_grain", "800", "t/yr", "planned", "2020"],
]  # fmt: skip
TABLES = {"companies": COMPANIES, "streams": STREAMS, "flows": FLOWS}
BOMB_BYTES = 101_000_000


def csv_text(rows: list[list[str]], delimiter: str = ",") -> str:
    def quote(cell: str) -> str:
        special = delimiter in cell or any(c in cell for c in '"\r\n')
        return '"' + cell.replace('"', '""') + '"' if special else cell

    return "".join(delimiter.join(quote(c) for c in row) + "\n" for row in rows)


def with_cell(table: str, row: int, column: str, value: str) -> list[list[str]]:
    """A copy of a base table with one cell changed (row 1 = the first data row)."""
    rows = [list(r) for r in TABLES[table]]
    rows[row][rows[0].index(column)] = value
    return rows


def folder(encoding: str = "utf-8", delimiter: str = ",", **tables) -> dict[str, bytes]:
    """CSV files of the base dataset, with some tables replaced by rows or raw text/bytes."""
    files = {}
    for name, base in TABLES.items():
        content = tables.get(name, base)
        if content is None:
            continue
        if isinstance(content, list):
            content = csv_text(content, delimiter)
        files[f"{name}.csv"] = content.encode(encoding) if isinstance(content, str) else content
    return files


def book(**sheets) -> dict[str, bytes]:
    """One workbook of the base dataset; `sheets` replaces sheets (None drops one)."""
    tables = {}
    for name, rows in ({**TABLES, **sheets}).items():
        if rows is not None:
            tables[name] = [[_cell(v) for v in row] for row in rows]
    return {"data.xlsx": workbook(tables)}


def _cell(value: object) -> object:
    """Base-table text that is a plain number becomes a numeric cell."""
    if isinstance(value, str):
        try:
            return int(value) if value.isdigit() else float(value) if "." in value else value
        except ValueError:
            return value
    return value


def raw_book(sheets: dict[str, str]) -> dict[str, bytes]:
    return {"data.xlsx": zip_bytes(members(sheets))}


def base_sheets() -> dict[str, str]:
    return {name: sheet_xml([[_cell(v) for v in r] for r in rows]) for name, rows in TABLES.items()}


def entity_sheet(doctype: str, entity: str) -> str:
    rows = [list(COMPANIES[0]), ["C1", entity, "11.05", 59.93, 30.31, 1]]
    return sheet_xml(rows, doctype).replace(f"&amp;{entity[1:]}", entity)


def corrupt_deflate() -> dict[str, bytes]:
    rows = COMPANIES + [
        [f"X{i}", f"Name {i}", "10.51", "59.9", "30.3", str(i)] for i in range(2000)
    ]
    good = workbook({"companies": rows, "streams": STREAMS})
    info = zipfile.ZipFile(io.BytesIO(good)).getinfo("xl/worksheets/sheet1.xml")
    start = info.header_offset + 30 + len(info.filename) + 300
    flipped = bytes(b ^ 0x5A for b in good[start : start + 64])
    return {"data.xlsx": good[:start] + flipped + good[start + 64 :]}


def zip_bomb() -> dict[str, bytes]:
    sheets = base_sheets()
    head, tail = sheets["flows"].split("<sheetData>")
    sheets["flows"] = head + "<sheetData>" + " " * BOMB_BYTES + tail
    return raw_book(sheets)


LAUGHS = (
    '<!DOCTYPE lolz [<!ENTITY lol0 "lol">'
    + "".join(f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10))
    + "]>"
)
XXE = '<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
INJECTIONS = {
    "script": "<script>alert(1)</script>",
    "formula": "=1+1",
    "dde": "+cmd|' /C calc'!A0",
    "jinja": "{{ 7*7 }}",
    "jinja-raw": "{% raw %}",
    "jinja-comment": "{# x",
    "streamlit-icon": ":material/warning:",
    "quoted": '"quoted"',
    "html-entity": "&amp;",
    "rtl-override": "evil\u202etxt.exe",
    "emoji": "Завод 🏭🔥",
    "long-name": "N" * 10_000,
    "markdown": "**bold** [link](javascript:alert(1))",
    "at-sign": "@SUM(A1)",
    "minus": "-5",
    "apostrophe-formula": "'=1+1",
    "percent-format": "%s %d {0}",
    "backslashes": "C:\\temp\\new",
}


def cases() -> dict[str, tuple[dict[str, bytes], int, str, dict[str, int]]]:
    """Case id -> (files, exit code, expected output substring, smaller limits)."""
    found: dict[str, tuple[dict[str, bytes], int, str, dict[str, int]]] = {}

    def add(case_id, files, code, message, limits=None):
        assert case_id not in found, case_id
        found[case_id] = (files, code, message, limits or {})

    ok = "\nvalid\n"
    add("valid-base", folder(), 0, ok)
    add("valid-no-flows", folder(flows=None), 0, ok)
    add("valid-semicolon-decimal-comma", folder(delimiter=";", companies=[
        *COMPANIES[:1], ["C1", "Alpha", "11.05", "59,93", "30,31", "1 200"], *COMPANIES[2:]
    ]), 0, ok)  # fmt: skip
    add("valid-utf8-bom", folder(encoding="utf-8-sig"), 0, ok)
    cyrillic = with_cell("companies", 1, "name", "ООО «Пивзавод»")
    add("valid-cp1251", folder(encoding="cp1251", companies=cyrillic), 0, ok)
    add("valid-cp1251-semicolon", folder("cp1251", ";", companies=cyrillic), 0, ok)
    add("valid-crlf", {k: v.replace(b"\n", b"\r\n") for k, v in folder().items()}, 0, ok)
    add(
        "valid-quoted-newline",
        folder(companies=with_cell("companies", 1, "name", "Two\nlines")),
        0,
        ok,
    )
    add("valid-headers-case-and-spaces", folder(companies=[
        [" Company_ID ", "NAME", "Nace", "LAT", "lon ", "Employees"], *COMPANIES[1:]
    ]), 0, ok)  # fmt: skip
    add("valid-extra-column", folder(companies=[
        [*COMPANIES[0], "website"], *[[*r, "x.example"] for r in COMPANIES[1:]]
    ]), 0, ok)  # fmt: skip
    add("valid-ewc-derives-material", folder(streams=[
        *STREAMS, ["S5", "C1", "have", "", "02 07 04", "30", "t/yr"]
    ]), 0, ok)  # fmt: skip
    add("valid-gj-unit", folder(streams=with_cell("streams", 3, "unit", "GJ/yr")), 0, ok)
    add(
        "valid-thousands-space", folder(streams=with_cell("streams", 1, "quantity", "1 200")), 0, ok
    )
    add("valid-exponent", folder(streams=with_cell("streams", 1, "quantity", "1.2e3")), 0, ok)
    add("valid-okved2", folder(companies=with_cell("companies", 3, "nace", "35.11.1")), 0, ok)
    add("valid-blank-lines", {k: v.replace(b"\n", b"\n\n") for k, v in folder().items()}, 0, ok)
    add(
        "valid-text-at-limit",
        folder(companies=with_cell("companies", 1, "name", "x" * 32_767)),
        0,
        ok,
    )
    add("valid-tab-in-text", folder(companies=with_cell("companies", 1, "name", "a\tb")), 0, ok)
    add("valid-meta", {**folder(), "dataset.json": b'{"title": "T", "description": "d"}'}, 0, ok)
    add("valid-transfer-price", folder(flows=[
        [*FLOWS[0], "transfer_price"], [*FLOWS[1], "-12.5"]
    ]), 0, ok)  # fmt: skip
    add(
        "valid-neutralised-csv", folder(companies=with_cell("companies", 1, "name", "'=1+1")), 0, ok
    )
    add("valid-xlsx", book(), 0, ok)
    add(
        "valid-xlsx-text-decimal-comma",
        book(streams=with_cell("streams", 1, "quantity", "1,5")),
        0,
        ok,
    )
    add(
        "valid-xlsx-grouped-thousands",
        book(streams=with_cell("streams", 1, "quantity", "1,000.5")),
        0,
        ok,
    )
    add("valid-xlsx-sheet-name-case", book(companies=None, Companies=COMPANIES), 0, ok)
    add("valid-xlsx-formula-cached", book(streams=[
        *STREAMS[:1], ["S1", "C1", "have", "spent_grain", "", ("f", "600*2", 1200), "t/yr"],
        *STREAMS[2:],
    ]), 0, ok)  # fmt: skip
    add("valid-xlsx-injection-names", book(companies=[
        *COMPANIES[:1], ["C1", "=HYPERLINK(\"http://x\",\"y\")", "11.05", "59.93", "30.31", "1"],
        ["C2", "<script>alert(1)</script>", "35.21", "59.57", "30.13", "2"],
        ["C3", "{{ 7*7 }}", "35.11", "59.8", "30.5", ""],
    ]), 0, ok)  # fmt: skip
    for name, text in INJECTIONS.items():
        add(
            f"injection-name-{name}",
            folder(companies=with_cell("companies", 1, "name", text)),
            0,
            ok,
        )
    add("injection-in-notes", folder(streams=[
        [*STREAMS[0], "notes"], *[[*r, INJECTIONS["dde"]] for r in STREAMS[1:]]
    ]), 0, ok)  # fmt: skip
    add("injection-ids", folder(
        companies=with_cell("companies", 1, "company_id", "=1+1"),
        streams=with_cell("streams", 1, "company_id", "=1+1"),
        flows=with_cell("flows", 1, "source_company", "=1+1"),
    ), 0, ok)  # fmt: skip

    # item 1: huge integers
    for value in ("1e20", "9.3e18", "10000001"):
        add(f"employees-{value}", folder(companies=with_cell("companies", 2, "employees", value)),
            1, f"companies.csv:3:employees: {value} is outside [0, 10000000]")  # fmt: skip
    add("employees-negative", folder(companies=with_cell("companies", 1, "employees", "-3")),
        1, "companies.csv:2:employees: must be 0 or more")  # fmt: skip
    add("employees-fraction", folder(companies=with_cell("companies", 1, "employees", "1.5")),
        1, "companies.csv:2:employees: '1.5' is not a whole number")  # fmt: skip
    for value in ("1e20", "9.3e18", "1799"):
        add(f"since-year-{value}", folder(flows=with_cell("flows", 1, "since_year", value)),
            1, f"flows.csv:2:since_year: {value} is outside [1800, 2100]")  # fmt: skip
    add("xlsx-employees-1e20", book(companies=[
        *COMPANIES[:2], ["C2", "Beta", "35.21", 59.57, 30.13, 1e20], *COMPANIES[3:]
    ]), 1, "data.xlsx[companies]:3:employees: 100000000000000000000 is outside")  # fmt: skip
    add("xlsx-since-year-9.3e18", book(flows=[FLOWS[0], [*FLOWS[1][:7], 9.3e18]]),
        1, "data.xlsx[flows]:2:since_year: 9300000000000000000 is outside")  # fmt: skip

    # item 2: hostile workbooks
    sheets = base_sheets()
    add("xlsx-malformed-xml", raw_book({**sheets, "companies": sheets["companies"][:-60]}),
        1, "data.xlsx: not a readable .xlsx workbook (ExpatError)")  # fmt: skip
    add("xlsx-corrupt-deflate", corrupt_deflate(), 1, "data.xlsx: not a readable .xlsx workbook")
    add("xlsx-billion-laughs", raw_book({**sheets, "companies": entity_sheet(LAUGHS, "&lol9;")}),
        1, "data.xlsx: not a readable .xlsx workbook (EntitiesForbidden)")  # fmt: skip
    add("xlsx-xxe", raw_book({**sheets, "companies": entity_sheet(XXE, "&xxe;")}),
        1, "data.xlsx: not a readable .xlsx workbook (EntitiesForbidden)")  # fmt: skip
    add("xlsx-zip-bomb", zip_bomb(), 1, "data.xlsx: the workbook unpacks to")
    add("xlsx-not-a-zip", {"data.xlsx": b"PK\x03\x04 this is not really a zip"}, 1,
        "data.xlsx: not a readable .xlsx workbook (BadZipFile)")  # fmt: skip
    add("xlsx-truncated-zip", {"data.xlsx": book()["data.xlsx"][:700]}, 1,
        "data.xlsx: not a readable .xlsx workbook")  # fmt: skip
    add("xlsx-empty-file", {"data.xlsx": b""}, 1, "data.xlsx: not a readable .xlsx workbook")
    add("xlsx-no-workbook-part", {"data.xlsx": zip_bytes({"hello.txt": "hi"})}, 1,
        "data.xlsx: not a readable .xlsx workbook")  # fmt: skip
    add("xlsx-sheet-names-wrong", book(companies=None, streams=None, Firms=COMPANIES, Flows2=FLOWS),
        1, "data.xlsx: the workbook lacks the required sheet(s) companies, streams")  # fmt: skip
    add("xlsx-empty-sheet", book(streams=[]), 1, "data.xlsx[streams]: the sheet is empty")
    add("xlsx-formula-no-cache", book(streams=[
        *STREAMS[:1], ["S1", "C1", "have", "spent_grain", "", ("f", "600*2", None), "t/yr"],
        *STREAMS[2:],
    ]), 1, "data.xlsx[streams]:2:quantity: required value is empty")  # fmt: skip
    add("xlsx-text-1,000-ambiguous", book(streams=with_cell("streams", 1, "quantity", "1,000")),
        1, "data.xlsx[streams]:2:quantity: '1,000' is ambiguous")  # fmt: skip
    add("xlsx-text-12,345-ambiguous", book(streams=with_cell("streams", 2, "quantity", "12,345")),
        1, "data.xlsx[streams]:3:quantity: '12,345' is ambiguous")  # fmt: skip
    add("xlsx-raw-control-character", book(companies=with_cell("companies", 1, "name", "bell\x07")),
        1, "data.xlsx: not a readable .xlsx workbook (ExpatError)")  # fmt: skip
    add("xlsx-numeric-employees-float", book(companies=[
        *COMPANIES[:1], ["C1", "Alpha", "11.05", 59.93, 30.31, 12.5], *COMPANIES[2:]
    ]), 1, "data.xlsx[companies]:2:employees: '12.5' is not a whole number")  # fmt: skip
    add("xlsx-with-csv", {**book(), **folder()}, 1, "give either one .xlsx workbook or CSV files")
    add("xlsx-named-csv", {"companies.csv": book()["data.xlsx"], **{
        k: v for k, v in folder().items() if k != "companies.csv"
    }}, 1, "companies.csv: this is an Excel workbook, not a CSV file")  # fmt: skip

    # item 3: dataset.json
    add("meta-malformed", {**folder(), "dataset.json": b'{"title": "x",'}, 1,
        "dataset.json:1:: dataset.json is not valid JSON")  # fmt: skip
    add("meta-cp1251", {**folder(), "dataset.json": '{"title": "Ленинград"}'.encode("cp1251")},
        1, "dataset.json: dataset.json is not UTF-8 text")  # fmt: skip
    add("meta-not-object", {**folder(), "dataset.json": b'["a", "b"]'}, 1,
        "dataset.json: dataset.json must hold one JSON object")  # fmt: skip
    add("meta-deep", {**folder(), "dataset.json": b"[" * 100_000}, 1,
        "dataset.json: dataset.json is nested too deeply")  # fmt: skip

    # item 5 (CSV side), item 7: numbers
    add("csv-comma-in-point-file", folder(streams=with_cell("streams", 1, "quantity", "1,000")),
        1, "streams.csv:2:quantity: '1,000' has a comma")  # fmt: skip
    for value in ("1_000", "１２３", "inf", "nan", "0x10", "1e5_0", "--5", "1.2.3", "١٢٣", "+-1",
                  "1e", "e5", "Infinity", "1,2,3"):  # fmt: skip
        add(f"number-{value}", folder(delimiter=";", streams=with_cell("streams", 1, "quantity", value)),
            1, f"streams.csv:2:quantity: '{value}' is not a number")  # fmt: skip
    add("number-semicolon-1,000-is-one", folder(delimiter=";", streams=with_cell(
        "streams", 1, "quantity", "1,000")), 0, ok)  # fmt: skip

    # item 6: encodings
    mixed = (
        csv_text(COMPANIES[:2]).encode("utf-8")
        + "C2,Бета Биогаз,35.21,59.57,30.13,15\n".encode("cp1251")
        + "C3,Гамма,35.11,59.80,30.50,\n".encode()
    )
    add("encoding-mixed", folder(companies=mixed), 1,
        "companies.csv:3:: the file mixes encodings: line 3 is not UTF-8")  # fmt: skip
    add("encoding-utf16", folder(encoding="utf-16"), 1, "companies.csv: not a CSV text file")
    add("encoding-binary", folder(companies=bytes(range(256)) * 20), 1,
        "companies.csv: not a CSV text file")  # fmt: skip
    add("encoding-nul-bytes", folder(companies=b"company_id\x00,name\n"), 1,
        "companies.csv: not a CSV text file")  # fmt: skip
    nul_late = (
        csv_text(COMPANIES[:2]).encode()
        + b"# "
        + b"y" * 4200
        + b"\n"
        + (b"C2,Be\x00ta,35.21,59.57,30.13,15\nC3,Gamma,35.11,59.80,30.50,\n")
    )
    add("encoding-nul-late", folder(companies=nul_late), 1,
        "companies.csv:4:: the text holds the control character U+0000")  # fmt: skip
    add("encoding-empty-file", folder(companies=b""), 1, "companies.csv: the file is empty")
    add("encoding-only-header", folder(companies=csv_text(COMPANIES[:1])), 1,
        "companies.csv: the table has no data rows")  # fmt: skip

    # items 8, 9: text limits and control characters
    add("text-too-long", folder(companies=with_cell("companies", 1, "name", "x" * 32_768)), 1,
        "companies.csv:2:name: the text is 32,768 characters long; the limit is 32,767")  # fmt: skip
    add("text-over-csv-field-limit", folder(streams=[
        [*STREAMS[0], "notes"], [*STREAMS[1], "n" * 140_000], *[[*r, ""] for r in STREAMS[2:]]
    ]), 1, "streams.csv:2:notes: the text is 140,000 characters long")  # fmt: skip
    for char in ("\x07", "\x1b", "\x0b"):
        code = f"U+{ord(char):04X}"
        add(f"control-character-{code}", folder(companies=with_cell("companies", 2, "name", f"a{char}b")),
            1, f"companies.csv:3:name: the text holds the control character {code}")  # fmt: skip
    add("control-character-nul-early", folder(companies=with_cell("companies", 2, "name", "a\x00b")),
        1, "companies.csv: not a CSV text file")  # fmt: skip
    add("control-character-in-id", folder(streams=with_cell("streams", 1, "stream_id", "S\x01")),
        1, "streams.csv:2:stream_id: the text holds the control character U+0001")  # fmt: skip

    # item 10: quantities and prices
    add("quantity-1e308", folder(streams=with_cell("streams", 1, "quantity", "1e308")), 1,
        "streams.csv:2:quantity: 1e308 is outside [0, 1000000000000]")  # fmt: skip
    add("quantity-1e400", folder(streams=with_cell("streams", 1, "quantity", "1e400")), 1,
        "streams.csv:2:quantity: '1e400' is not a number")  # fmt: skip
    add("quantity-negative", folder(streams=with_cell("streams", 1, "quantity", "-1")), 1,
        "streams.csv:2:quantity: must be 0 or more")  # fmt: skip
    add("flow-quantity-1e13", folder(flows=with_cell("flows", 1, "quantity", "1e13")), 1,
        "flows.csv:2:quantity: 1e13 is outside [0, 1000000000000]")  # fmt: skip
    add("transfer-price-1e300", folder(flows=[
        [*FLOWS[0], "transfer_price"], [*FLOWS[1], "1e300"]
    ]), 1, "flows.csv:2:transfer_price: 1e300 is outside [-1000000, 1000000]")  # fmt: skip
    add("temperature-out-of-range", folder(streams=[
        [*STREAMS[0], "temperature_c"], [*STREAMS[1], "9000"], *[[*r, ""] for r in STREAMS[2:]]
    ]), 1, "streams.csv:2:temperature_c: 9000 is outside [-50, 1500]")  # fmt: skip
    add("lat-out-of-range", folder(companies=with_cell("companies", 1, "lat", "91")), 1,
        "companies.csv:2:lat: 91 is outside [-90, 90]")  # fmt: skip
    add("lon-out-of-range", folder(companies=with_cell("companies", 1, "lon", "-180.5")), 1,
        "companies.csv:2:lon: -180.5 is outside [-180, 180]")  # fmt: skip

    # structure
    add("ragged-row", folder(companies=csv_text(COMPANIES) + "C4,Delta,10.51,59.9,30.3,1,extra\n"),
        1, "companies.csv:5:: 7 cells in this row, but the header has 6 columns")  # fmt: skip
    add("short-row", folder(companies=csv_text(COMPANIES) + "C4,Delta\n"), 1,
        "companies.csv:5:nace: required value is empty")  # fmt: skip
    add("duplicate-column", folder(companies=[[*COMPANIES[0], "name"], *[[*r, "x"] for r in COMPANIES[1:]]]),
        1, "companies.csv:1:name: this column appears more than once")  # fmt: skip
    add("missing-column", folder(companies=[r[:4] + r[5:] for r in COMPANIES]), 1,
        "companies.csv:1:lon: required column is missing")  # fmt: skip
    add("missing-file", folder(streams=None), 1, "streams.csv: this required file is missing")
    add("duplicate-company-id", folder(companies=with_cell("companies", 2, "company_id", "C1")),
        1, "companies.csv:3:company_id: duplicate id 'C1' (first used on row 2)")  # fmt: skip
    add("duplicate-stream-id", folder(streams=with_cell("streams", 2, "stream_id", "S1")),
        1, "streams.csv:3:stream_id: duplicate id 'S1'")  # fmt: skip
    add("unknown-company", folder(streams=with_cell("streams", 1, "company_id", "C9")), 1,
        "streams.csv:2:company_id: company 'C9' is not in companies")  # fmt: skip
    add("self-flow", folder(flows=with_cell("flows", 1, "target_company", "C1")), 1,
        "flows.csv:2:target_company: a flow from company 'C1' to itself")  # fmt: skip
    add("unknown-material", folder(streams=with_cell("streams", 1, "material", "kryptonite")), 1,
        "streams.csv:2:material: unknown material 'kryptonite'")  # fmt: skip
    add("unknown-unit", folder(streams=with_cell("streams", 1, "unit", "kg/s")), 1,
        "streams.csv:2:unit: unknown unit 'kg/s'")  # fmt: skip
    add("unknown-nace", folder(companies=with_cell("companies", 1, "nace", "99.99.99")), 1,
        "companies.csv:2:nace: '99.99.99' is not a NACE Rev. 2 or OKVED2 code")  # fmt: skip
    add("fullwidth-nace", folder(companies=with_cell("companies", 1, "nace", "１０")), 1,
        "companies.csv:2:nace: '１０' is not a NACE")  # fmt: skip
    add("bad-ewc", folder(streams=with_cell("streams", 1, "ewc_code", "12 34")), 1,
        "streams.csv:2:ewc_code: '12 34' is not an EWC code")  # fmt: skip
    add("unknown-ewc", folder(streams=with_cell("streams", 1, "ewc_code", "99 99 99")), 1,
        "streams.csv:2:ewc_code: EWC code '99 99 99' is not in the European List of Waste")  # fmt: skip
    add("bad-direction", folder(streams=with_cell("streams", 1, "direction", "give")), 1,
        "streams.csv:2:direction: 'give' is not one of: have, want")  # fmt: skip
    add("bad-status", folder(flows=with_cell("flows", 1, "status", "maybe")), 1,
        "flows.csv:2:status: 'maybe' is not one of")  # fmt: skip
    add("bad-boolean", folder(streams=[
        [*STREAMS[0], "hazardous"], [*STREAMS[1], "perhaps"], *[[*r, ""] for r in STREAMS[2:]]
    ]), 1, "streams.csv:2:hazardous: 'perhaps' is not true or false")  # fmt: skip
    add("bad-provenance", folder(companies=[
        [*COMPANIES[0], "provenance"], [*COMPANIES[1], "rumour"], *[[*r, ""] for r in COMPANIES[2:]]
    ]), 1, "companies.csv:2:provenance: 'rumour' is not one of")  # fmt: skip
    add("bad-region", folder(companies=[
        [*COMPANIES[0], "region_code"], [*COMPANIES[1], "Leningrad"], *[[*r, ""] for r in COMPANIES[2:]]
    ]), 1, "companies.csv:2:region_code: 'LENINGRAD' is not an ISO 3166-2 region code")  # fmt: skip
    add("unquoted-quote", folder(companies=csv_text(COMPANIES) + 'C4,"Delta,10.51,59.9,30.3,1\n'),
        1, "companies.csv:5:nace: required value is empty")  # fmt: skip
    add("unexpected-file", {**folder(), "notes.csv": b"a,b\n1,2\n"}, 1,
        "notes.csv: unexpected file")  # fmt: skip

    # item 11: size limits, run with smaller limits
    more = COMPANIES + [[f"C{i}", f"N{i}", "10.51", "59.9", "30.3", ""] for i in range(4, 9)]
    add("limit-rows-csv", folder(companies=more), 1,
        "companies.csv:6:: more than 4 data rows", {"rows": 4})  # fmt: skip
    add("limit-rows-xlsx", book(companies=more), 1,
        "data.xlsx[companies]:6:: more than 4 data rows", {"rows": 4})  # fmt: skip
    add("limit-cells-xlsx", book(companies=more), 1,
        "data.xlsx[companies]:5:: the sheet holds more than 24 cells", {"sheet_cells": 24})  # fmt: skip
    add("limit-csv-bytes", folder(), 1,
        "companies.csv, flows.csv, streams.csv: ", {"csv_bytes": 200})  # fmt: skip
    add("limit-xlsx-bytes", book(), 1, "data.xlsx: ", {"xlsx_bytes": 1000})
    add("limit-xlsx-unpacked", book(), 1,
        "data.xlsx: the workbook unpacks to", {"xlsx_unpacked_bytes": 2000})  # fmt: skip
    return found


def write(out: Path = CASES_DIR) -> int:
    """Write every case under `out` (replacing what was there); returns the number of cases."""
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    expected = {}
    for case_id, (files, code, message, limits) in cases().items():
        folder_path = out / case_id
        folder_path.mkdir()
        for name, data in files.items():
            (folder_path / name).write_bytes(data)
        expected[case_id] = {"exit": code, "message": message} | (
            {"limits": limits} if limits else {}
        )
    text = json.dumps(expected, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    (out / "expected.json").write_text(text, encoding="utf-8")
    return len(expected)


if __name__ == "__main__":
    count = write(Path(sys.argv[1]) if len(sys.argv) > 1 else CASES_DIR)
    print(f"{count} cases written")
