"""The bundled factor table: sources, numbers, coverage of the bundled flows; overrides."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from dashboard.domain import reference
from dashboard.domain.factors import KINDS, PROVENANCES, Factors, read_factors
from dashboard.domain.fates import DISPOSAL_FATES, FATES

ROWS = read_factors()


def bundled_flow_materials() -> set[str]:
    materials = set()
    for path in reference.DATASETS_DIR.glob("*/flows.csv"):
        materials |= set(pd.read_csv(path, dtype=str, keep_default_na=False)["material"])
    return materials - {""}


def test_every_row_has_a_source_a_number_and_a_known_kind():
    assert ROWS
    for row in ROWS:
        assert row.source.strip(), row.factor_id
        assert math.isfinite(row.value), row.factor_id
        assert row.kind in KINDS, row.factor_id
        assert row.provenance in PROVENANCES, row.factor_id
        assert row.unit.strip(), row.factor_id


def test_factor_ids_are_unique():
    ids = [row.factor_id for row in ROWS]
    assert len(ids) == len(set(ids))


def test_estimates_say_how_they_were_made():
    for row in ROWS:
        if row.provenance == "estimated":
            assert row.note.strip(), row.factor_id


def test_bundled_flows_use_materials_that_the_factor_table_covers():
    materials = bundled_flow_materials()
    assert len(materials) > 30
    factors = Factors()
    for material in materials:
        virgin = factors.lookup("ef_virgin", material)
        assert virgin is not None and virgin.material == material, material
        if virgin.value == 0:
            assert "none:" in virgin.note, material
        assert factors.lookup("virgin_share", material) is not None, material
        assert factors.lookup("fate", material, None) is not None, material


def test_every_vocabulary_material_has_ef_virgin_and_a_default_fate():
    factors = Factors()
    for material in reference.materials().index:
        kind = "ef_electricity" if material == "electricity" else "ef_virgin"
        assert factors.lookup(kind, material) is not None, material
        fate = factors.lookup("fate", material, None)
        assert fate is not None and fate.route in FATES, material


def test_only_mass_materials_have_a_disposal_fate_with_a_gate_fee():
    units = reference.materials()["unit"]
    for row in ROWS:
        if row.kind == "fate" and row.route in DISPOSAL_FATES and row.material in units:
            assert units[row.material] == "t/yr", row.factor_id


@pytest.mark.parametrize("country", ["DK", "SE", "FI", "EE", "RU"])
def test_gate_fees_for_the_baltic_countries(country):
    fee = Factors().lookup("gate_fee", "", "landfill", country)
    assert fee is not None and fee.country == country and fee.value > 0
    assert fee.unit == "EUR/t"
    if country == "RU":
        assert "RUB" in fee.note and "100 RUB/EUR" in fee.note


def test_transport_factors_of_the_domain_brief():
    factors = Factors()
    values = {
        m: factors.lookup("ef_transport", "", m).value for m in ("road", "rail", "inland_water")
    }
    assert values == {"road": 0.0903, "rail": 0.0113, "inland_water": 0.0386}


def test_lookup_prefers_the_most_specific_row_and_reports_missing_as_none():
    factors = Factors()
    assert (
        factors.lookup("ef_virgin", "spent_grain", "biogas_feedstock").route == "biogas_feedstock"
    )
    assert factors.lookup("ef_virgin", "spent_grain", "animal_feed").route == ""
    assert factors.lookup("fate", "plastics_waste", None, "RU").route == "market"
    assert factors.lookup("fate", "plastics_waste", None, "FI").route == "incineration"
    assert factors.lookup("fate", "bark", None, "FI", "17.12").route == "on_site_energy"
    assert factors.lookup("fate", "bark", None, "FI", "16.10").route == "market"
    assert factors.lookup("virgin_distance", "fly_ash").material == "group:minerals"
    assert factors.lookup("gate_fee", "", "landfill", "XX") is None
    assert factors.lookup("no_such_kind", "fly_ash") is None


def test_override_and_reset():
    factors = Factors()
    row = factors.lookup("ef_transport", "", "road")
    factors.override(row.factor_id, 0.2)
    assert factors.lookup("ef_transport", "", "road").value == 0.2
    assert factors.get(row.factor_id).overridden
    assert factors.table().set_index("factor_id").at[row.factor_id, "value"] == 0.2
    factors.reset(row.factor_id)
    assert factors.lookup("ef_transport", "", "road").value == 0.0903
    factors.override(row.factor_id, 0.3)
    factors.reset()
    assert factors.lookup("ef_transport", "", "road").value == 0.0903
    with pytest.raises(KeyError):
        factors.override("no.such.factor", 1)
