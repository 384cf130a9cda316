"""The EWC -> material mapping sends each entry only to lawful, usual uses, and the bundled
datasets leave the hazard to the app unless their source states it."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

REPO = Path(__file__).resolve().parents[2]
REF = REPO / "data" / "reference"
DATASETS = REPO / "data" / "datasets"


def read(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False)


@pytest.fixture(scope="module")
def mapping() -> pd.Series:
    return read(REF / "ewc_materials.csv").set_index("ewc_code")["material_id"]


@pytest.fixture(scope="module")
def ewc() -> pd.DataFrame:
    return read(REF / "ewc_list_of_waste.csv").set_index("code")


@pytest.fixture(scope="module")
def satisfies() -> dict[str, set[str]]:
    table = read(REF / "materials.csv")
    return {
        material: {want for want in wants.split(";") if want}
        for material, wants in zip(table["material_id"], table["satisfies"], strict=True)
    }


def meets(material: str, want: str, satisfies: dict[str, set[str]]) -> bool:
    """True when a have of `material` can be offered to a want of `want`."""
    return bool(material) and (material == want or want in satisfies.get(material, set()))


def burnt_biomass_or_waste_ash(ewc: pd.DataFrame) -> list[str]:
    """Fly ash and boiler dust from burning peat or wood, or from incinerating waste (ch. 19)."""
    title = ewc["title"].str.lower()
    ash = title.str.contains("fly ash|boiler dust")
    biomass = title.str.contains("peat|wood")
    return sorted(ewc.index[ash & (biomass | (ewc["chapter"] == "19"))])


@pytest.mark.parametrize("code", ["200108", "200125", "190809"])
def test_catering_waste_cooking_oil_and_grease_are_not_feed(code, mapping, satisfies):
    # Regulation (EC) No 1069/2009 Art. 11(1)(b): no catering waste for farmed animals
    material = mapping[code]
    assert not meets(material, "animal_feed", satisfies)
    assert meets(material, "biogas_feedstock", satisfies)


def test_lead_batteries_are_not_nonferrous_scrap(mapping, satisfies, ewc):
    assert ewc.at["160601", "hazardous"] == "True"
    assert mapping["160601"] != "nonferrous_scrap"
    assert mapping["160601"] == "lead_batteries"
    assert not meets("lead_batteries", "nonferrous_scrap", satisfies)


def test_the_ash_list_holds_the_entries_it_is_meant_for(ewc):
    assert {"100103", "190113", "190114", "190115", "190116", "190402"} <= set(
        burnt_biomass_or_waste_ash(ewc)
    )
    assert "100102" not in burnt_biomass_or_waste_ash(ewc)


def test_no_biomass_peat_or_incinerator_fly_ash_is_a_cement_material(mapping, satisfies, ewc):
    # EN 450-1 and EN 197-1 admit coal fly ash (co-combustion within limits) only
    for code in burnt_biomass_or_waste_ash(ewc):
        material = mapping[code]
        assert material != "fly_ash", code
        assert not meets(material, "cement_raw_material", satisfies), code
    assert mapping["100103"] == "biomass_ash"
    assert mapping["100102"] == "fly_ash"


def test_incinerator_fly_ash_is_hazardous_and_earns_no_clinker_credit(mapping, satisfies, ewc):
    assert ewc.at["190113", "hazardous"] == "True"
    material = mapping["190113"]
    assert not meets(material, "cement_raw_material", satisfies)
    factors = read(REF / "factors.csv")
    clinker = factors[(factors["kind"] == "ef_virgin") & factors["unit"].str.contains("clinker")]
    assert material == "" or material not in set(clinker["material"])


def test_new_materials_are_in_the_vocabulary_as_project_extensions(satisfies):
    table = read(REF / "materials.csv").set_index("material_id")
    new = ["catering_waste", "used_cooking_oil", "grease_trap_fat", "lead_batteries", "biomass_ash"]
    assert set(new) <= set(table.index)
    assert (table.loc[new, "origin"] == "project extension").all()
    assert satisfies["catering_waste"] == {"biogas_feedstock"}
    assert satisfies["biomass_ash"] == {"soil_improver", "construction_material"}


def test_hazard_by_default_follows_the_mapping():
    taxonomy = pytest.importorskip("dashboard.domain.taxonomy")
    for material in ("waste_oil", "spent_solvents", "lead_batteries"):
        assert taxonomy.hazardous_by_default(material), material
    for material in ("catering_waste", "used_cooking_oil", "grease_trap_fat", "biomass_ash"):
        assert not taxonomy.hazardous_by_default(material), material


# --- hazard cells of the bundled datasets ---------------------------------------------------


@pytest.mark.parametrize("dataset", ["leningrad", "kalundborg"])
def test_datasets_without_a_stated_hazard_leave_the_cell_empty(dataset):
    streams = read(DATASETS / dataset / "streams.csv")
    assert (streams["hazardous"] == "").all()


def test_finland_keeps_the_reported_hw_nonhw_split():
    streams = read(DATASETS / "finland_eprtr" / "streams.csv")
    haves = streams[streams["direction"] == "have"]
    assert set(haves["hazardous"]) == {"true", "false"}
    assert (haves.loc[haves["material"] == "waste_oil", "hazardous"] == "true").all()


def test_synthetic_waste_oil_and_solvents_load_as_hazardous():
    loader = pytest.importorskip("dashboard.io.datasets")
    dataset, problems = loader.load_path(DATASETS / "leningrad")
    assert problems == []
    streams = dataset.streams
    for material in ("waste_oil", "spent_solvents"):
        haves = streams[(streams["material"] == material) & (streams["direction"] == "have")]
        assert len(haves) > 0, material
        assert haves["hazardous"].tolist() == [True] * len(haves), material
