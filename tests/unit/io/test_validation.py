"""Malformed inputs: each case asserts the exact problems reported, as `file:row:column: message`."""

from __future__ import annotations

import io

import pytest
from openpyxl import Workbook

from dashboard.i18n import t
from dashboard.io.datasets import load_files

COMPANIES = "company_id,name,nace,lat,lon\nA,Alpha,10.51,59.93,30.31\nB,Beta,35.11,60.15,24.71\n"
STREAMS = (
    "stream_id,company_id,direction,material,quantity,unit\n"
    "S1,A,have,spent_grain,1200,t/yr\nS2,B,want,heat,500,MWh/yr\n"
)
FLOWS = (
    "flow_id,source_company,target_company,material,quantity,unit,status\n"
    "F1,A,B,spent_grain,100,t/yr,existing\n"
)


def problems_of(files: dict[str, bytes | str]) -> list[str]:
    encoded = {k: v.encode("utf-8") if isinstance(v, str) else v for k, v in files.items()}
    dataset, problems = load_files("test", encoded)
    assert (dataset is None) == bool(problems)
    return [str(p) for p in problems]


def with_files(companies=COMPANIES, streams=STREAMS, flows=FLOWS) -> dict[str, str]:
    files = {"companies.csv": companies, "streams.csv": streams}
    if flows is not None:
        files["flows.csv"] = flows
    return files


def workbook(sheets: dict[str, list[list[object]]]) -> bytes:
    book = Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_valid_baseline_has_no_problems():
    assert problems_of(with_files()) == []


CASES = {
    "empty companies file": (
        with_files(companies=""),
        ["companies.csv: the file is empty"],
    ),
    "whitespace-only streams file": (
        with_files(streams="  \n\n"),
        ["streams.csv: the file is empty"],
    ),
    "binary file named csv": (
        with_files(companies=b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00"),
        [
            "companies.csv: not a CSV text file (binary content or an unknown encoding); "
            "expected CSV in UTF-8 or Windows-1251, or an .xlsx workbook"
        ],
    ),
    "workbook named csv": (
        with_files(companies=workbook({"companies": [["company_id"]]})),
        ["companies.csv: this is an Excel workbook, not a CSV file; name it .xlsx"],
    ),
    "unexpected file name": (
        {**with_files(), "plants.csv": "x\n1\n"},
        [
            "plants.csv: " + t("problem.unexpected_file")
        ],
    ),
    "pdf instead of csv": (
        {**with_files(), "report.pdf": b"%PDF-1.4"},
        [
            "report.pdf: " + t("problem.unexpected_file")
        ],
    ),
    "missing streams file": (
        {"companies.csv": COMPANIES},
        ["streams.csv: this required file is missing"],
    ),
    "missing required column": (
        with_files(companies="company_id,name,lat,lon\nA,Alpha,59.9,30.3\n"),
        ["companies.csv:1:nace: required column is missing"],
    ),
    "header only": (
        with_files(companies="company_id,name,nace,lat,lon\n"),
        ["companies.csv: the table has no data rows"],
    ),
    "duplicate header column": (
        with_files(companies="company_id,name,nace,lat,lon,name\nA,Alpha,10,59.9,30.3,X\n"),
        [
            "companies.csv:1:name: this column appears more than once in the header",
            "streams.csv:3:company_id: company 'B' is not in companies",
            "flows.csv:2:target_company: company 'B' is not in companies",
        ],
    ),
    "too many cells": (
        with_files(companies=COMPANIES + "C,Gamma,10,59.9,30.3,extra\n"),
        ["companies.csv:4:: 6 cells in this row, but the header has 5 columns"],
    ),
    "duplicate company id": (
        with_files(companies=COMPANIES + "A,Again,10,59.9,30.3\n"),
        ["companies.csv:4:company_id: duplicate id 'A' (first used on row 2)"],
    ),
    "empty required name": (
        with_files(companies=COMPANIES.replace("Alpha", "")),
        ["companies.csv:2:name: required value is empty"],
    ),
    "latitude out of range": (
        with_files(companies=COMPANIES.replace("59.93", "95")),
        ["companies.csv:2:lat: 95 is outside [-90, 90]"],
    ),
    "longitude out of range": (
        with_files(companies=COMPANIES.replace("24.71", "-181.5")),
        ["companies.csv:3:lon: -181.5 is outside [-180, 180]"],
    ),
    "latitude not a number": (
        with_files(companies=COMPANIES.replace("59.93", "north")),
        ["companies.csv:2:lat: 'north' is not a number"],
    ),
    "unknown nace code": (
        with_files(companies=COMPANIES.replace("10.51", "99.99")),
        ["companies.csv:2:nace: '99.99' is not a NACE Rev. 2 or OKVED2 code"],
    ),
    "negative employees": (
        with_files(
            companies="company_id,name,nace,lat,lon,employees\nA,Alpha,10,59.9,30.3,-4\n"
            "B,Beta,35,60.1,24.7,\n"
        ),
        ["companies.csv:2:employees: must be 0 or more, got -4"],
    ),
    "fractional employees": (
        with_files(
            companies="company_id,name,nace,lat,lon,employees\nA,Alpha,10,59.9,30.3,2.5\n"
            "B,Beta,35,60.1,24.7,\n"
        ),
        ["companies.csv:2:employees: '2.5' is not a whole number"],
    ),
    "bad provenance": (
        with_files(
            companies="company_id,name,nace,lat,lon,provenance\nA,Alpha,10,59.9,30.3,guess\n"
            "B,Beta,35,60.1,24.7,\n"
        ),
        [
            "companies.csv:2:provenance: 'guess' is not one of: documented, reported, "
            "estimated, synthetic, unspecified"
        ],
    ),
    "bad region code": (
        with_files(
            companies="company_id,name,nace,lat,lon,region_code\nA,Alpha,10,59.9,30.3,Leningrad\n"
            "B,Beta,35,60.1,24.7,\n"
        ),
        [
            "companies.csv:2:region_code: 'LENINGRAD' is not an ISO 3166-2 region code (e.g. RU-LEN, FI-18)"
        ],
    ),
    "region in another country": (
        with_files(
            companies="company_id,name,nace,lat,lon,region_code,country\n"
            "A,Alpha,10,59.9,30.3,RU-LEN,FI\nB,Beta,35,60.1,24.7,,\n"
        ),
        ["companies.csv:2:country: region RU-LEN is not in country FI"],
    ),
    "stream of unknown company": (
        with_files(streams=STREAMS + "S3,Z,have,fly_ash,10,t/yr\n"),
        ["streams.csv:4:company_id: company 'Z' is not in companies"],
    ),
    "duplicate stream id": (
        with_files(streams=STREAMS + "S1,A,have,fly_ash,10,t/yr\n"),
        ["streams.csv:4:stream_id: duplicate id 'S1' (first used on row 2)"],
    ),
    "bad direction": (
        with_files(streams=STREAMS.replace("want", "need")),
        ["streams.csv:3:direction: 'need' is not one of: have, want"],
    ),
    "negative quantity": (
        with_files(streams=STREAMS.replace("1200", "-5")),
        ["streams.csv:2:quantity: must be 0 or more, got -5"],
    ),
    "empty stream quantity": (
        with_files(streams=STREAMS.replace("1200", "")),
        ["streams.csv:2:quantity: required value is empty"],
    ),
    "unknown unit": (
        with_files(streams=STREAMS.replace("t/yr", "kg/day")),
        [
            "streams.csv:2:unit: unknown unit 'kg/day'; use t/yr, m3/yr or MWh/yr (GJ/yr is converted to MWh/yr)"
        ],
    ),
    "unknown material": (
        with_files(streams=STREAMS.replace("spent_grain", "unobtainium")),
        [
            "streams.csv:2:material: unknown material 'unobtainium'; see the material vocabulary on the Data page"
        ],
    ),
    "neither material nor ewc": (
        with_files(
            streams="stream_id,company_id,direction,material,ewc_code,quantity,unit\n"
            "S1,A,have,,,5,t/yr\n"
        ),
        ["streams.csv:2:material: give a material or an EWC code"],
    ),
    "malformed ewc code": (
        with_files(
            streams="stream_id,company_id,direction,ewc_code,quantity,unit\nS1,A,have,10 01,5,t/yr\n"
        ),
        [
            "streams.csv:2:ewc_code: '10 01' is not an EWC code (6 digits, e.g. 10 01 02 or 17 05 03*)"
        ],
    ),
    "ewc code not in the list": (
        with_files(
            streams="stream_id,company_id,direction,ewc_code,quantity,unit\nS1,A,have,99 99 99,5,t/yr\n"
        ),
        ["streams.csv:2:ewc_code: EWC code '99 99 99' is not in the European List of Waste"],
    ),
    "star on a non-hazardous ewc entry": (
        with_files(
            streams="stream_id,company_id,direction,ewc_code,quantity,unit\nS1,A,have,17 05 04*,5,t/yr\n"
        ),
        [
            "streams.csv:2:ewc_code: EWC code '17 05 04*' is marked hazardous (*), but that "
            "entry of the List of Waste is not hazardous"
        ],
    ),
    "bad hazardous flag": (
        with_files(
            streams="stream_id,company_id,direction,material,quantity,unit,hazardous\n"
            "S1,A,have,fly_ash,5,t/yr,maybe\n"
        ),
        ["streams.csv:2:hazardous: 'maybe' is not true or false"],
    ),
    "flow from a company to itself": (
        with_files(flows=FLOWS.replace("F1,A,B", "F1,A,A")),
        ["flows.csv:2:target_company: a flow from company 'A' to itself"],
    ),
    "flow to unknown company": (
        with_files(flows=FLOWS.replace("F1,A,B", "F1,A,Q")),
        ["flows.csv:2:target_company: company 'Q' is not in companies"],
    ),
    "flow quantity without unit": (
        with_files(flows=FLOWS.replace("100,t/yr", "100,")),
        ["flows.csv:2:unit: a quantity needs a unit"],
    ),
    "bad flow status": (
        with_files(flows=FLOWS.replace("existing", "maybe")),
        ["flows.csv:2:status: 'maybe' is not one of: existing, planned, potential, discontinued"],
    ),
    "empty flow material": (
        with_files(flows=FLOWS.replace("spent_grain", "")),
        ["flows.csv:2:material: required value is empty"],
    ),
    "since_year out of range": (
        with_files(
            flows="flow_id,source_company,target_company,material,status,since_year\n"
            "F1,A,B,fly_ash,existing,1066\n"
        ),
        ["flows.csv:2:since_year: 1066 is outside [1800, 2100]"],
    ),
    "duplicate flow id": (
        with_files(flows=FLOWS + "F1,B,A,heat,,,planned\n"),
        ["flows.csv:3:flow_id: duplicate id 'F1' (first used on row 2)"],
    ),
    "comma decimal in a comma-separated file": (
        with_files(streams=STREAMS.replace("1200", '"1200,5"')),
        [
            "streams.csv:2:quantity: '1200,5' has a comma, but a comma-delimited file takes the point"
            " as decimal separator; write numbers without commas, e.g. 1000 or 1.5"
        ],
    ),
    "several problems in one row are all listed": (
        with_files(companies="company_id,name,nace,lat,lon\nA,,XX,91,abc\nB,Beta,35,60.1,24.7\n"),
        [
            "companies.csv:2:name: required value is empty",
            "companies.csv:2:nace: 'XX' is not a NACE Rev. 2 or OKVED2 code",
            "companies.csv:2:lat: 91 is outside [-90, 90]",
            "companies.csv:2:lon: 'abc' is not a number",
        ],
    ),
    "row numbers count lines of multi-line quoted cells": (
        with_files(
            companies='company_id,name,nace,lat,lon\nA,"Alpha\nsecond line",10,59.9,30.3\n'
            "B,Beta,35,60.1,x\n"
        ),
        ["companies.csv:4:lon: 'x' is not a number"],
    ),
}


@pytest.mark.parametrize("files, expected", CASES.values(), ids=CASES.keys())
def test_malformed_input_reports_exact_problems(files, expected):
    assert sorted(problems_of(files)) == sorted(expected)


WORKBOOK_CASES = {
    "workbook with wrong sheet names": (
        {"data.xlsx": workbook({"Firms": [["company_id"]], "streams": [["stream_id"]]})},
        [
            "data.xlsx: the workbook lacks the required sheet(s) companies; it has: Firms, streams",
            "data.xlsx: unexpected sheet(s) Firms; expected companies, streams and flows",
            "data.xlsx[streams]:1:company_id: required column is missing",
            "data.xlsx[streams]:1:direction: required column is missing",
            "data.xlsx[streams]:1:quantity: required column is missing",
            "data.xlsx[streams]:1:unit: required column is missing",
        ],
    ),
    "corrupt workbook": (
        {"data.xlsx": b"PK\x03\x04 this is not really a zip"},
        ["data.xlsx: not a readable .xlsx workbook (BadZipFile)"],
    ),
    "workbook cell errors name the sheet and row": (
        {
            "data.xlsx": workbook(
                {
                    "companies": [
                        ["company_id", "name", "nace", "lat", "lon"],
                        ["A", "Alpha", "10.51", 59.9, 30.3],
                    ],
                    "streams": [
                        ["stream_id", "company_id", "direction", "material", "quantity", "unit"],
                        ["S1", "A", "have", "fly_ash", -1, "t/yr"],
                    ],
                }
            )
        },
        ["data.xlsx[streams]:2:quantity: must be 0 or more, got -1"],
    ),
    "workbook with csv beside it": (
        {"data.xlsx": workbook({"companies": [["x"]]}), "flows.csv": FLOWS},
        ["data.xlsx, flows.csv: give either one .xlsx workbook or CSV files, not both"],
    ),
}


@pytest.mark.parametrize("files, expected", WORKBOOK_CASES.values(), ids=WORKBOOK_CASES.keys())
def test_malformed_workbook_reports_exact_problems(files, expected):
    assert sorted(problems_of(files)) == sorted(expected)


def test_there_are_at_least_thirty_malformed_cases():
    assert len(CASES) + len(WORKBOOK_CASES) >= 30


DECLARED = (
    "flow_id,source_company,target_company,material,quantity,unit,status,use,fate,"
    "transfer_price,temperature_c\n"
)


def test_a_flow_may_declare_its_use_fate_and_transfer_price():
    from dashboard.analysis.assessment import assess_exchange
    from dashboard.domain.exchange import flow_exchanges

    flows = DECLARED + "F1,A,B,spent_grain,100,t/yr,existing,biogas_feedstock,landfill,-12.5,\n"
    dataset, problems = load_files("t", {k: v.encode() for k, v in with_files(flows=flows).items()})
    assert problems == []
    [ex] = flow_exchanges(dataset)
    assert (ex.use, ex.fate, ex.transfer_price) == ("biogas_feedstock", "landfill", -12.5)
    a = assess_exchange(ex)
    assert a.fate == "landfill" and a.transfer.value == pytest.approx(-1250)


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        ("compost,,", "flows.csv:2:use: 'compost' is not one of"),
        (",dumped,", "flows.csv:2:fate: 'dumped' is not one of"),
        (",,cheap", "flows.csv:2:transfer_price: 'cheap' is not a number"),
        (",,,2000", "flows.csv:2:temperature_c: 2000 is outside [-50, 1500]"),
    ],
)
def test_a_declared_use_fate_or_price_is_checked(row, expected):
    flows = DECLARED + f"F1,A,B,spent_grain,100,t/yr,existing,{row}\n"
    [problem] = problems_of(with_files(flows=flows))
    assert problem.startswith(expected)


def test_a_flag_cannot_make_waste_oil_non_hazardous():
    streams = (
        "stream_id,company_id,direction,material,quantity,unit,hazardous,ewc_code\n"
        "S1,A,have,waste_oil,10,t/yr,false,\nS2,A,have,fly_ash,10,t/yr,true,\n"
        "S3,A,have,fly_ash,10,t/yr,true,100102\n"
    )
    dataset, problems = load_files(
        "t", {k: v.encode() for k, v in with_files(streams=streams, flows=None).items()}
    )
    assert problems == []
    flags = dict(zip(dataset.streams["stream_id"], dataset.streams["hazardous"], strict=True))
    # waste oil: every List-of-Waste entry is hazardous; fly ash: the flag, unless a code decides
    assert flags == {"S1": True, "S2": True, "S3": False}


def test_problems_are_worded_in_the_readers_language_after_their_location():
    from dashboard.i18n import use_language

    files = with_files(streams=STREAMS.replace("1200,t/yr", "1200,furlongs"))
    encoded = {k: v.encode("utf-8") for k, v in files.items()}
    _, problems = load_files("test", encoded)
    [problem] = problems
    with use_language("ru"):
        assert str(problem) == "streams.csv:2:unit: " + t(
            "problem.unknown_unit", "ru", value="furlongs"
        )
    assert str(problem) == "streams.csv:2:unit: " + t("problem.unknown_unit", "en", value="furlongs")
    assert t("problem.unknown_unit", "ru", value="x") != t("problem.unknown_unit", "en", value="x")
