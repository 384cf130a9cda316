"""Summaries and their figures on the bundled Kalundborg dataset and a small hand-made one."""

from __future__ import annotations

from dashboard.analysis import summary
from dashboard.domain.dataset import apply_filters
from dashboard.domain.reference import DATASETS_DIR
from dashboard.io.datasets import load_or_raise

from ..summary_data import small


def test_counts_and_groupings():
    dataset = small()
    assert summary.counts(dataset) == {"companies": 3, "streams": 5, "flows": 1}
    sectors = summary.by_sector(dataset.companies).set_index("nace_section")["companies"]
    assert sectors.to_dict() == {"A": 1, "C": 1, "D": 1}
    regions = summary.by_region(dataset.companies).set_index("region_code")["companies"]
    assert regions.to_dict() == {"": 1, "RU-LEN": 1, "RU-SPE": 1}


def test_material_totals_never_mix_units():
    table = summary.by_material(small().streams)
    grain = table[table["material"] == "spent_grain"]
    assert grain[["direction", "unit", "streams", "quantity"]].values.tolist() == [
        ["have", "t/yr", 2, 107.0]
    ]
    assert set(zip(table["material"], table["unit"], strict=True)) == {
        ("spent_grain", "t/yr"), ("biogas_feedstock", "t/yr"), ("biogas", "MWh/yr"),
        ("heat", "MWh/yr"),
    }  # fmt: skip


def test_provenance_counts_every_table():
    table = summary.by_provenance(small()).set_index("provenance")
    assert table.loc["synthetic"].tolist() == [2, 0, 0]
    assert table.loc["unspecified"].tolist() == [0, 5, 1]


def test_filter_effects_say_what_each_filter_narrows():
    full = load_or_raise(DATASETS_DIR / "leningrad")
    filters = {"sector": ("C",), "region": (), "material": ("sulphur",)}
    view = apply_filters(full, ["C"], [], ["sulphur"])
    effects = summary.filter_effects(full, view, filters)
    assert effects["sector_companies"] == effects["companies"] == 31
    assert effects["companies_total"] == len(full.companies)
    assert effects["material_streams"] == len(view.streams) == 2
    assert effects["companies_with_material"] == 2
