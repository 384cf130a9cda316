"""Reading rules of the interchange format: encodings, delimiters, codes, derivations, round trips."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from dashboard.domain.dataset import Dataset
from dashboard.domain.reference import parse_ewc, resolve_nace
from dashboard.io.datasets import (
    load_files,
    load_path,
    template_xlsx_bytes,
    template_zip_bytes,
    to_xlsx_bytes,
    write_folder,
)

COMPANIES_RU = (
    "Company_ID; Название ;NACE;LAT;Lon;Employees\n"
    "П1;ООО «Завод <script>»;10.51;59,93;30,31;1 200\n"
    "П2;=1+1;35.11;59,44;32,02;\n"
).replace("Название", "name")
STREAMS_RU = (
    "stream_id;company_id;direction;material;ewc_code;quantity;unit\n"
    "S1;П1;have;;02 05 01;12\u00a0500,5;t/yr\n"
    "S2;П2;want;heat;;3 600;GJ/yr\n"
    "S3;П2;have;;13 02 05*;4;t/yr\n"
)


def load(files: dict[str, str | bytes]) -> Dataset:
    encoded = {k: v.encode("utf-8") if isinstance(v, str) else v for k, v in files.items()}
    dataset, problems = load_files("t", encoded)
    assert problems == [], [str(p) for p in problems]
    return dataset


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1251"])
def test_encodings_semicolons_decimal_commas_and_thousands(encoding):
    dataset = load(
        {"companies.csv": COMPANIES_RU.encode(encoding), "streams.csv": STREAMS_RU.encode(encoding)}
    )
    companies = dataset.companies.set_index("company_id")
    assert companies.at["П1", "name"] == "ООО «Завод <script>»"
    assert companies.at["П2", "name"] == "=1+1"
    assert companies.at["П1", "lat"] == pytest.approx(59.93)
    assert companies.at["П1", "employees"] == 1200
    assert pd.isna(companies.at["П2", "employees"])
    streams = dataset.streams.set_index("stream_id")
    assert streams.at["S1", "quantity"] == pytest.approx(12500.5)


def test_headers_are_case_insensitive_and_extra_columns_kept():
    dataset = load(
        {
            "Companies.CSV": " COMPANY_ID ,Name,Nace,Lat,LON,Website\nA,Alpha,C,60.1,24.9,x.fi\n",
            "streams.csv": "stream_id,company_id,direction,material,quantity,unit\n"
            "S,A,have,fly_ash,1,t/yr\n",
        }
    )
    assert dataset.companies.loc[0, "website"] == "x.fi"
    assert dataset.companies.loc[0, "nace_section"] == "C"
    assert dataset.flows.empty


@pytest.mark.parametrize(
    "raw, code, section, division",
    [
        ("C", "C", "C", ""),
        ("c", "C", "C", ""),
        ("10", "10", "C", "10"),
        ("10.5", "10.5", "C", "10"),
        ("10.51", "10.51", "C", "10"),
        ("1.11", "01.11", "A", "01"),
        ("35.30", "35.30", "D", "35"),
        ("10.51.1", "10.51", "C", "10"),
        ("35.30.14", "35.30", "D", "35"),
    ],
)
def test_nace_any_level_and_okved2(raw, code, section, division):
    resolved = resolve_nace(raw)
    assert (resolved.code, resolved.section, resolved.division) == (code, section, division)


@pytest.mark.parametrize("raw", ["", "V", "10.5.1.1.1", "abc", "04"])
def test_unknown_nace(raw):
    assert resolve_nace(raw) is None


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("100102", ("100102", False)),
        ("10 01 02", ("100102", False)),
        ("10.01.02", ("100102", False)),
        ("13 02 05*", ("130205", True)),
        ("130205 *", ("130205", True)),
        (" 13\u00a002\u00a005* ", ("130205", True)),
        ("1001", None),
        ("10010x", None),
    ],
)
def test_ewc_codes_in_any_spacing(raw, expected):
    assert parse_ewc(raw) == expected


def test_derivations_region_country_hazard_material_and_energy_units():
    dataset = load({"companies.csv": COMPANIES_RU, "streams.csv": STREAMS_RU})
    companies = dataset.companies.set_index("company_id")
    assert companies.at["П1", "region_code"] == "RU-SPE"
    assert companies.at["П1", "country"] == "RU"
    assert companies.at["П2", "region_code"] == "RU-LEN"
    streams = dataset.streams.set_index("stream_id")
    assert streams.at["S2", "quantity"] == pytest.approx(1000.0)
    assert streams.at["S2", "unit"] == "MWh/yr"
    assert bool(streams.at["S3", "hazardous"]) is True
    assert bool(streams.at["S1", "hazardous"]) is False
    assert pd.isna(streams.at["S2", "hazardous"])
    assert streams.at["S1", "ewc_code"] == "020501"


def test_point_outside_every_region_stays_unknown():
    dataset = load(
        {
            "companies.csv": "company_id,name,nace,lat,lon\nA,Far away,C,-33.9,18.4\n",
            "streams.csv": "stream_id,company_id,direction,material,quantity,unit\n"
            "S,A,have,fly_ash,1,t/yr\n",
        }
    )
    assert dataset.companies.loc[0, "region_code"] is None
    assert dataset.companies.loc[0, "country"] is None


def test_given_region_derives_country_without_geometry():
    dataset = load(
        {
            "companies.csv": "company_id,name,nace,lat,lon,region_code\nA,X,C,0,0,FI-18\n",
            "streams.csv": "stream_id,company_id,direction,material,quantity,unit\n"
            "S,A,have,fly_ash,1,t/yr\n",
        }
    )
    assert dataset.companies.loc[0, "country"] == "FI"


def test_unknown_flow_quantity_stays_unknown():
    dataset = load(
        {
            "companies.csv": "company_id,name,nace,lat,lon\nA,X,C,60,25\nB,Y,D,60.1,25.1\n",
            "streams.csv": "stream_id,company_id,direction,material,quantity,unit\n"
            "S,A,have,fly_ash,1,t/yr\n",
            "flows.csv": "flow_id,source_company,target_company,material,quantity,unit,status\n"
            "F,A,B,fly_ash,,,existing\n",
        }
    )
    assert math.isnan(dataset.flows.loc[0, "quantity"])
    assert dataset.flows.loc[0, "unit"] is None


def test_folder_round_trip_reads_back_unchanged(tmp_path):
    first = load({"companies.csv": COMPANIES_RU, "streams.csv": STREAMS_RU})
    write_folder(first, tmp_path / "out")
    second, problems = load_path(tmp_path / "out")
    assert problems == []
    for name in ("companies", "streams", "flows"):
        pd.testing.assert_frame_equal(first.table(name), second.table(name), check_dtype=False)
    write_folder(second, tmp_path / "again")
    for name in ("companies", "streams", "flows"):
        assert (tmp_path / "out" / f"{name}.csv").read_bytes() == (
            tmp_path / "again" / f"{name}.csv"
        ).read_bytes()


def test_workbook_round_trip(tmp_path):
    first = load({"companies.csv": COMPANIES_RU, "streams.csv": STREAMS_RU})
    path = tmp_path / "dataset.xlsx"
    path.write_bytes(to_xlsx_bytes(first))
    second, problems = load_path(path)
    assert problems == []
    for name in ("companies", "streams"):
        pd.testing.assert_frame_equal(first.table(name), second.table(name), check_dtype=False)


def test_templates_are_valid_datasets(tmp_path):
    import zipfile

    (tmp_path / "t.xlsx").write_bytes(template_xlsx_bytes())
    dataset, problems = load_path(tmp_path / "t.xlsx")
    assert problems == [] and len(dataset.companies) == 2
    zipfile.ZipFile(__import__("io").BytesIO(template_zip_bytes())).extractall(tmp_path / "z")
    dataset, problems = load_path(tmp_path / "z")
    assert problems == [] and len(dataset.flows) == 1


def test_a_stream_without_code_or_flag_takes_its_materials_hazard():
    dataset = load(
        {
            "companies.csv": "company_id,name,nace,lat,lon\nA,Alpha,C,59.93,30.31\n",
            "streams.csv": "stream_id,company_id,direction,material,quantity,unit,hazardous\n"
            "S1,A,have,waste_oil,300,t/yr,\n"
            "S2,A,have,spent_solvents,150,t/yr,\n"
            "S3,A,have,fly_ash,100,t/yr,\n",
        }
    )
    streams = dataset.streams.set_index("stream_id")
    assert bool(streams.at["S1", "hazardous"]) is True
    assert bool(streams.at["S2", "hazardous"]) is True
    assert pd.isna(streams.at["S3", "hazardous"])
