"""Hostile inputs give problems located as file:row:column, never an exception (issue 11)."""

from __future__ import annotations

import io
import json
import time
import zipfile

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dashboard.domain import reference
from dashboard.io import datasets
from dashboard.io.datasets import (
    bundled_datasets,
    load_files,
    load_path,
    template_zip_bytes,
    to_csv_bytes,
    to_xlsx_bytes,
    to_zip_bytes,
    write_folder,
)
from dashboard.io.export import neutralise_formula, safe_csv_bytes
from dashboard.io.readers import Limits, read_csv_bytes, read_upload, read_xlsx_bytes
from dashboard.io.validation import CellError, parse_number
from tests.corpus.xlsx import members, sheet_xml, workbook, zip_bytes

COMPANIES = [
    ["company_id", "name", "nace", "lat", "lon", "employees"],
    ["C1", "Alpha", "11.05", 59.93, 30.31, 120],
    ["C2", "Beta", "35.21", 59.57, 30.13, 15],
]
STREAMS = [
    ["stream_id", "company_id", "direction", "material", "quantity", "unit"],
    ["S1", "C1", "have", "spent_grain", 1200, "t/yr"],
    ["S2", "C2", "want", "biogas_feedstock", 5000, "t/yr"],
]
FLOWS = [
    ["flow_id", "source_company", "target_company", "material", "status", "since_year"],
    ["F1", "C1", "C2", "spent_grain", "planned", 2020],
]


def csv(rows: list[list[object]]) -> str:
    return "".join(",".join(str(c) for c in row) + "\n" for row in rows)


def replaced(rows, row: int, column: str, value: object) -> list[list[object]]:
    copy = [list(r) for r in rows]
    copy[row][copy[0].index(column)] = value
    return copy


def problems_of(files: dict[str, str | bytes], limits: Limits | None = None) -> list[str]:
    encoded = {k: v.encode() if isinstance(v, str) else v for k, v in files.items()}
    dataset, problems = load_files("t", encoded, limits)
    assert (dataset is None) == bool(problems)
    return [str(p) for p in problems]


def csv_files(**tables) -> dict[str, str | bytes]:
    base = {"companies": COMPANIES, "streams": STREAMS, "flows": FLOWS}
    return {
        f"{name}.csv": (content if isinstance(content, str | bytes) else csv(content))
        for name, content in {**base, **tables}.items()
    }


def xlsx_files(**tables) -> dict[str, bytes]:
    base = {"companies": COMPANIES, "streams": STREAMS, "flows": FLOWS}
    return {"t.xlsx": workbook({**base, **tables})}


@pytest.mark.parametrize(
    "table, row, column, value, expected",
    [
        (
            "companies",
            1,
            "employees",
            "1e20",
            "companies.csv:2:employees: 1e20 is outside [0, 10000000]",
        ),
        (
            "companies",
            2,
            "employees",
            "9.3e18",
            "companies.csv:3:employees: 9.3e18 is outside [0, 10000000]",
        ),
        ("flows", 1, "since_year", "1e20", "flows.csv:2:since_year: 1e20 is outside [1800, 2100]"),
        (
            "flows",
            1,
            "since_year",
            "9.3e18",
            "flows.csv:2:since_year: 9.3e18 is outside [1800, 2100]",
        ),
    ],
)
def test_huge_integers_in_csv_are_out_of_range(table, row, column, value, expected):
    base = {"companies": COMPANIES, "flows": FLOWS}[table]
    assert problems_of(csv_files(**{table: replaced(base, row, column, value)})) == [expected]


@pytest.mark.parametrize("value", [1e20, 9.3e18, 10**30])
def test_huge_numeric_workbook_cells_are_out_of_range(value):
    found = problems_of(xlsx_files(companies=replaced(COMPANIES, 1, "employees", value)))
    assert len(found) == 1
    assert found[0].startswith("t.xlsx[companies]:2:employees: ")
    assert "is outside [0, 10000000]" in found[0]
    found = problems_of(xlsx_files(flows=replaced(FLOWS, 1, "since_year", value)))
    assert found[0].startswith("t.xlsx[flows]:2:since_year: ") and "[1800, 2100]" in found[0]


def hostile_book(companies_xml: str) -> bytes:
    return zip_bytes(members({"companies": companies_xml, "streams": sheet_xml(STREAMS)}))


def entity_sheet(doctype: str, reference_text: str) -> str:
    rows = [COMPANIES[0], ["C1", reference_text, "11.05", 59.9, 30.3, 1]]
    return sheet_xml(rows, doctype).replace(f"&amp;{reference_text[1:]}", reference_text)


def test_malformed_sheet_xml_is_a_bad_workbook():
    assert problems_of({"t.xlsx": hostile_book(sheet_xml(COMPANIES)[:-50])}) == [
        "t.xlsx: not a readable .xlsx workbook (ExpatError)"
    ]


def test_corrupt_deflate_data_is_a_bad_workbook():
    rows = COMPANIES + [[f"X{i}", "n", "10.51", 59.9, 30.3, i] for i in range(2000)]
    good = workbook({"companies": rows, "streams": STREAMS})
    info = zipfile.ZipFile(io.BytesIO(good)).getinfo("xl/worksheets/sheet1.xml")
    start = info.header_offset + 30 + len(info.filename) + 300
    bad = good[:start] + bytes(b ^ 0x5A for b in good[start : start + 64]) + good[start + 64 :]
    assert problems_of({"t.xlsx": bad}) == ["t.xlsx: not a readable .xlsx workbook (zlib.error)"]


def test_billion_laughs_is_refused_quickly():
    doctype = (
        '<!DOCTYPE lolz [<!ENTITY lol0 "lol">'
        + "".join(f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10))
        + "]>"
    )
    started = time.process_time()
    found = problems_of({"t.xlsx": hostile_book(entity_sheet(doctype, "&lol9;"))})
    assert time.process_time() - started < 2
    assert found == ["t.xlsx: not a readable .xlsx workbook (EntitiesForbidden)"]


def test_an_external_entity_is_never_resolved(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-CONTENT")
    doctype = f'<!DOCTYPE x [<!ENTITY xxe SYSTEM "{secret.as_uri()}">]>'
    data = hostile_book(entity_sheet(doctype, "&xxe;"))
    tables, problems = read_xlsx_bytes("t.xlsx", data)
    assert tables == {}
    assert [p.key for p in problems] == ["bad_xlsx"]
    assert "TOP-SECRET" not in " ".join(str(p) for p in problems)


def test_a_zip_bomb_is_refused_before_it_is_unpacked():
    sheets = {"companies": sheet_xml(COMPANIES), "streams": sheet_xml(STREAMS)}
    head, tail = sheets["streams"].split("<sheetData>")
    sheets["streams"] = head + "<sheetData>" + " " * 3_000_000 + tail
    data = zip_bytes(members(sheets))
    assert len(data) < 10_000
    started = time.process_time()
    found = problems_of({"t.xlsx": data}, Limits(xlsx_unpacked_bytes=1_000_000))
    assert time.process_time() - started < 0.5
    assert len(found) == 1
    assert found[0].startswith("t.xlsx: the workbook unpacks to 3,00")
    assert "more than the limit of 1,000,000 bytes" in found[0]


@pytest.mark.parametrize(
    "content, expected",
    [
        (b'{"title": "x",', "dataset.json:1:: dataset.json is not valid JSON (line 1, column 15)"),
        ('{"title": "Ленинград"}'.encode("cp1251"), "dataset.json: dataset.json is not UTF-8 text"),
        (b"[1, 2]", "dataset.json: dataset.json must hold one JSON object"),
        (b"[" * 100_000, "dataset.json: dataset.json is nested too deeply"),
    ],
)
def test_a_bad_dataset_json_rejects_the_folder(tmp_path, content, expected):
    for name, data in csv_files().items():
        (tmp_path / name).write_text(data)
    (tmp_path / "dataset.json").write_bytes(content)
    dataset, problems = load_path(tmp_path)
    assert dataset is None
    assert len(problems) == 1 and str(problems[0]).startswith(expected)


def test_a_bundled_dataset_with_a_bad_description_keeps_its_data(tmp_path, monkeypatch, caplog):
    for folder, meta in (("good", b'{"title": "Good"}'), ("bad", b"\xff{")):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "companies.csv").write_text(csv(COMPANIES))
        (tmp_path / folder / "dataset.json").write_bytes(meta)
    monkeypatch.setattr(reference, "DATASETS_DIR", tmp_path)
    found = bundled_datasets()
    assert found["good"]["title"] == "Good"
    assert found["bad"] == {"id": "bad", "title": "bad"}
    assert "dataset.json" in caplog.text and "not UTF-8" in caplog.text


@pytest.mark.parametrize(
    "value, decimal, expected",
    [
        ("1,5", "auto", 1.5),
        ("1,000.5", "auto", 1000.5),
        ("1.000,5", "auto", 1000.5),
        ("1,000,000", "auto", 1_000_000.0),
        ("1.5", "auto", 1.5),
        ("0,25", "auto", 0.25),
        ("1,000", ",", 1.0),
        ("1 200,5", ",", 1200.5),
        ("-1.2E3", ".", -1200.0),
        ("+5", ".", 5.0),
        (".5", ".", 0.5),
    ],
)
def test_numbers_by_their_rule(value, decimal, expected):
    assert parse_number(value, decimal) == expected


@pytest.mark.parametrize(
    "value, decimal, key",
    [
        ("1,000", "auto", "ambiguous_number"),
        ("12,345", "auto", "ambiguous_number"),
        ("1,000", ".", "comma_in_number"),
        ("1,5", ".", "comma_in_number"),
        ("1,0,0", "auto", "not_number"),
        ("1.000.5", "auto", "not_number"),
        ("1,00.5", "auto", "not_number"),
    ],
)
def test_ambiguous_or_wrong_separators_are_reported(value, decimal, key):
    with pytest.raises(CellError) as raised:
        parse_number(value, decimal)
    assert raised.value.key == key


def test_a_workbook_text_cell_1000_with_comma_is_ambiguous():
    found = problems_of(xlsx_files(streams=replaced(STREAMS, 1, "quantity", "1,000")))
    assert found == [
        "t.xlsx[streams]:2:quantity: '1,000' is ambiguous (a thousands or a decimal comma?); "
        "write 1000 or 1.5 unambiguously"
    ]


def test_a_quoted_comma_number_in_a_comma_file_is_rejected():
    text = csv(STREAMS).replace("1200", '"1,000"')
    found = problems_of(csv_files(streams=text))
    assert found == [
        "streams.csv:2:quantity: '1,000' has a comma, but a comma-delimited file takes the point"
        " as decimal separator; write numbers without commas, e.g. 1000 or 1.5"
    ]


@pytest.mark.parametrize(
    "value",
    ["1_000", "１２３", "١٢٣", "inf", "-inf", "nan", "Infinity", "0x10", "1e5_0", "--5", "+-1",
     "1e", "e5", "1.2.3", "0b11", "1j", "½", "²"],
)  # fmt: skip
def test_only_the_contract_number_syntax_is_accepted(value):
    with pytest.raises(CellError) as raised:
        parse_number(value, ".")
    assert raised.value.key == "not_number"
    found = problems_of(csv_files(streams=replaced(STREAMS, 1, "quantity", value)))
    assert found == [f"streams.csv:2:quantity: '{value}' is not a number"]


def test_mixed_utf8_and_cp1251_lines_are_reported_with_the_first_bad_line():
    data = (
        "company_id,name,nace,lat,lon\nC1,Альфа,11.05,59.9,30.3\n".encode()
        + "C2,Бета,35.21,59.5,30.1\n".encode("cp1251")
        + "C3,Гамма,35.11,59.8,30.5\n".encode()
    )
    assert problems_of(csv_files(companies=data)) == [
        "companies.csv:3:: the file mixes encodings: line 3 is not UTF-8 while other lines are; "
        "save the whole file in one encoding (UTF-8)"
    ]


def test_a_pure_cp1251_file_still_loads():
    text = csv(replaced(COMPANIES, 1, "name", "ООО «Пивзавод» Ёлка"))
    assert problems_of(csv_files(companies=text.encode("cp1251"))) == []


def test_text_longer_than_a_workbook_cell_is_reported_even_above_the_csv_field_limit():
    long_names = replaced(replaced(COMPANIES, 1, "name", "x" * 140_000), 2, "name", "y" * 32_767)
    assert problems_of(csv_files(companies=long_names)) == [
        "companies.csv:2:name: the text is 140,000 characters long; the limit is 32,767 "
        "(what a workbook cell holds)"
    ]


@pytest.mark.parametrize("character", ["\x07", "\x01", "\x1b", "\x0c", "\x7f\x0b"])
def test_control_characters_are_reported_by_code_point(character):
    code = next(f"U+{ord(c):04X}" for c in character if ord(c) < 32)
    found = problems_of(csv_files(companies=replaced(COMPANIES, 2, "name", f"a{character}b")))
    assert found == [
        f"companies.csv:3:name: the text holds the control character {code}, which a workbook "
        "cannot store; remove it"
    ]


def test_every_accepted_text_can_be_written_as_a_workbook():
    text = "tab\there\nline\r\n" + "z" * 32_700
    dataset, problems = load_files(
        "t",
        {
            k: v.encode()
            for k, v in csv_files(companies=replaced(COMPANIES, 1, "name", f'"{text}"')).items()
        },
    )
    assert problems == []
    assert to_xlsx_bytes(dataset)


@pytest.mark.parametrize(
    "table, column, value, expected",
    [
        (
            "streams",
            "quantity",
            "1e308",
            "streams.csv:2:quantity: 1e308 is outside [0, 1000000000000]",
        ),
        (
            "streams",
            "quantity",
            "1000000000001",
            "streams.csv:2:quantity: 1000000000001 is outside",
        ),
        (
            "flows",
            "transfer_price",
            "1e300",
            "flows.csv:2:transfer_price: 1e300 is outside [-1000000, 1000000]",
        ),
    ],
)
def test_quantities_and_prices_are_bounded(table, column, value, expected):
    rows = {"streams": STREAMS, "flows": FLOWS}[table]
    if column not in rows[0]:
        rows = [[*rows[0], column], *[[*r, ""] for r in rows[1:]]]
    found = problems_of(csv_files(**{table: replaced(rows, 1, column, value)}))
    assert len(found) == 1 and found[0].startswith(expected)


def test_an_upload_above_the_byte_limit_is_refused_before_parsing():
    big = b"company_id,name\n" + b"C,x\n" * 5_300_000
    started = time.process_time()
    tables, problems = read_upload({"companies.csv": big, "streams.csv": b"x"})
    assert time.process_time() - started < 0.5
    assert tables == {}
    assert [str(p) for p in problems] == [
        "companies.csv, streams.csv: 21,200,017 bytes, more than the limit of 20,000,000 bytes"
    ]
    tables, problems = read_upload({"t.xlsx": b"PK\x03\x04" + b"\0" * 10_000_000})
    assert [str(p) for p in problems] == [
        "t.xlsx: 10,000,004 bytes, more than the limit of 10,000,000 bytes"
    ]


def test_the_row_limit_stops_reading_a_csv_file():
    rows = COMPANIES + [[f"X{i}", "n", "10.51", 59.9, 30.3, 1] for i in range(50)]
    table, problems = read_csv_bytes("c.csv", csv(rows).encode(), Limits(rows=10))
    assert table is None
    assert [str(p) for p in problems] == [
        "c.csv:12:: more than 10 data rows; a table may hold at most 10 rows"
    ]
    assert read_csv_bytes("c.csv", csv(rows).encode(), Limits(rows=52))[0] is not None


def test_the_row_and_cell_limits_stop_reading_a_sheet():
    rows = COMPANIES + [[f"X{i}", "n", "10.51", 59.9, 30.3, 1] for i in range(50)]
    data = workbook({"companies": rows, "streams": STREAMS})
    assert problems_of({"t.xlsx": data}, Limits(rows=10)) == [
        "t.xlsx[companies]:12:: more than 10 data rows; a table may hold at most 10 rows"
    ]
    assert problems_of({"t.xlsx": data}, Limits(sheet_cells=60)) == [
        "t.xlsx[companies]:11:: the sheet holds more than 60 cells (empty ones included); "
        "the limit is 60"
    ]


def test_load_path_takes_the_limits_and_reads_no_file_above_them(tmp_path):
    for name, data in csv_files().items():
        (tmp_path / name).write_text(data)
    assert load_path(tmp_path)[0] is not None
    dataset, problems = load_path(tmp_path, Limits(csv_bytes=100))
    assert dataset is None
    assert str(problems[0]).startswith("companies.csv, flows.csv, streams.csv: ")
    assert load_path(tmp_path, Limits(rows=1))[0] is None


@pytest.mark.parametrize(
    "text, written",
    [
        ("=1+1", "'=1+1"),
        ("'=1+1", "''=1+1"),
        ("''+x", "'''+x"),
        ("-5", "'-5"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("'abc", "'abc"),
        ("abc", "abc"),
        ("", ""),
    ],
)
def test_neutralisation_is_undone_by_the_reader(text, written):
    assert neutralise_formula(text) == written
    data = safe_csv_bytes(pd.DataFrame({"id": ["r1"], "cell": [text]}))
    table, problems = read_csv_bytes("t.csv", data)
    assert problems == []
    assert table.records == [{"id": "r1", "cell": text}]


def test_numbers_and_missing_cells_are_not_neutralised():
    frame = pd.DataFrame({"n": [-5, 3], "x": [-1.5, None], "t": ["-a", None]})
    assert safe_csv_bytes(frame) == b"n,x,t\n-5,-1.5,'-a\n3,,\n"


TEXT = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"))
CELLS = TEXT.filter(lambda s: not any(ord(c) < 32 and c not in "\t\r\n" for c in s))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(CELLS, CELLS), min_size=1, max_size=5))
def test_any_text_cells_read_back_unchanged(rows):
    frame = pd.DataFrame(
        {
            "id": [f"r{i}" for i in range(len(rows))],
            "a": [a for a, _ in rows],
            "b": [b for _, b in rows],
        }
    )
    table, problems = read_csv_bytes("t.csv", safe_csv_bytes(frame))
    assert problems == []
    assert [(r["a"], r["b"]) for r in table.records] == rows


@pytest.fixture(scope="module")
def leningrad():
    dataset, problems = load_path(reference.DATASETS_DIR / "leningrad")
    assert problems == []
    first = dataset.companies.index[0]
    dataset.companies.loc[first, "name"] = '=HYPERLINK("http://x","y")'
    dataset.companies.loc[dataset.companies.index[1], "name"] = "'-already"
    return dataset


def test_a_dataset_with_formula_text_round_trips_through_every_csv_writer(leningrad, tmp_path):
    files = {
        f"{name}.csv": to_csv_bytes(leningrad.table(name), name)
        for name in ("companies", "streams", "flows")
    }
    assert b"'=HYPERLINK" in files["companies.csv"]
    again, problems = load_files("leningrad", files)
    assert problems == []
    for name in ("companies", "streams", "flows"):
        pd.testing.assert_frame_equal(again.table(name), leningrad.table(name))
    with zipfile.ZipFile(io.BytesIO(to_zip_bytes(leningrad))) as archive:
        zipped = {n: archive.read(n) for n in archive.namelist()}
    assert zipped == files
    write_folder(leningrad, tmp_path / "out")
    assert {p.name: p.read_bytes() for p in (tmp_path / "out").iterdir()} == files


def test_the_template_zip_is_neutralised(monkeypatch):
    monkeypatch.setitem(
        datasets.TEMPLATE_ROWS,
        "companies",
        [{**datasets.TEMPLATE_ROWS["companies"][0], "name": "=1+1"}],
    )
    with zipfile.ZipFile(io.BytesIO(template_zip_bytes())) as archive:
        assert b"'=1+1" in archive.read("companies.csv")


def test_the_meta_of_a_loaded_folder_is_kept(tmp_path):
    for name, data in csv_files().items():
        (tmp_path / name).write_text(data)
    (tmp_path / "dataset.json").write_text(json.dumps({"title": "T"}))
    assert load_path(tmp_path)[0].meta == {"title": "T"}
