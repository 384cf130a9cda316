"""Summaries and their figures on the bundled Kalundborg dataset and a small hand-made one."""

from __future__ import annotations

from dashboard import figures, summary
from dashboard.dataset import load_files, load_or_raise
from dashboard.filters import apply_filters, filter_options
from dashboard.reference import DATASETS_DIR


def small():
    dataset, problems = load_files(
        "s",
        {
            "companies.csv": b"company_id,name,nace,lat,lon,provenance\n"
            b"A,Brewery,11.05,59.93,30.31,synthetic\nB,Biogas,35.21,59.57,30.13,reported\n"
            b"C,Far,01,-33.9,18.4,synthetic\n",
            "streams.csv": b"stream_id,company_id,direction,material,quantity,unit\n"
            b"S1,A,have,spent_grain,100,t/yr\nS2,B,want,biogas_feedstock,50,t/yr\n"
            b"S3,B,have,biogas,10,MWh/yr\nS4,A,want,heat,4,MWh/yr\nS5,C,have,spent_grain,7,t/yr\n",
            "flows.csv": b"flow_id,source_company,target_company,material,quantity,unit,status\n"
            b"F1,A,B,spent_grain,,,existing\n",
        },
    )
    assert not problems
    return dataset


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


def test_filters_keep_streams_and_flows_of_kept_companies():
    dataset = small()
    assert filter_options(dataset)["sector"] == ["A", "C", "D"]
    only_c = apply_filters(dataset, sectors=["C"])
    assert list(only_c.companies["company_id"]) == ["A"]
    assert list(only_c.streams["stream_id"]) == ["S1", "S4"]
    assert only_c.flows.empty
    grain = apply_filters(dataset, materials=["spent_grain"])
    assert list(grain.streams["stream_id"]) == ["S1", "S5"]
    assert list(grain.flows["flow_id"]) == ["F1"]


def test_figures_show_every_group_with_unknown_region_named():
    dataset = small()
    sectors = figures.sector_bar(summary.by_sector(dataset.companies))
    assert list(sectors.data[0].x) == [1, 1, 1]
    regions = figures.region_bar(summary.by_region(dataset.companies))
    assert "Unknown region" in list(regions.data[0].y)
    provenance = figures.provenance_bar(summary.by_provenance(dataset))
    assert {bar.name for bar in provenance.data} == {"synthetic", "reported", "unspecified"}


def test_describe_on_a_bundled_dataset():
    text = summary.describe(load_or_raise(DATASETS_DIR / "kalundborg"))
    assert text.splitlines()[0] == "kalundborg: 16 companies, 13 streams, 22 flows"
