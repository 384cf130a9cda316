"""The public tier: nothing that names or places a confidential company exactly, or tells its
exact quantities or prices, survives; every group shown holds at least 3 companies."""

from __future__ import annotations

import io

import pandas as pd
import pytest

from dashboard import cli
from dashboard.domain.anonymise import MIN_GROUP, bands, public_view
from dashboard.domain.places import places
from dashboard.domain.reference import DATASETS_DIR
from dashboard.io.datasets import load_or_raise, load_path

BUNDLED = ["leningrad", "kalundborg", "finland_eprtr"]


def text_of(dataset) -> str:
    """Every cell of every table, as a CSV would hold it."""
    sink = io.StringIO()
    for frame in (dataset.companies, dataset.streams, dataset.flows):
        frame.to_csv(sink, index=False)
    return sink.getvalue() + repr(dataset.meta)


def test_bands_are_a_1_2_5_series_with_their_geometric_middle():
    low, high, middle = bands(pd.Series([0, 1, 1.5, 2, 37, 999, 1000, 12345, None]))
    assert low.tolist()[:8] == [0, 1, 1, 2, 20, 500, 1000, 10000]
    assert high.tolist()[:8] == [0, 2, 2, 5, 50, 1000, 2000, 20000]
    assert middle.tolist()[:8] == [0, 1.4, 1.4, 3.2, 32, 710, 1400, 14000]
    assert low.isna().iloc[-1] and middle.isna().iloc[-1]


@pytest.mark.parametrize("name", BUNDLED)
def test_no_name_id_coordinate_quantity_or_free_text_of_a_confidential_company_is_left(name):
    dataset = load_or_raise(DATASETS_DIR / name)
    public = public_view(dataset)
    text = text_of(public)
    companies = dataset.companies
    for value in companies["name"]:
        assert str(value) not in text
    for value in [*companies["company_id"], *dataset.streams["stream_id"], *dataset.flows["flow_id"]]:
        assert f"{value}," not in text and f",{value}" not in text
    towns = set(zip(places()["lat"], places()["lon"], strict=True))
    for lat, lon in zip(public.companies["lat"], public.companies["lon"], strict=True):
        assert (lat, lon) in towns or (round(lat, 1) == lat and round(lon, 1) == lon)
    quantities = pd.concat([dataset.streams["quantity"], dataset.flows["quantity"]]).dropna()
    banded = pd.concat([public.streams, public.flows])
    for column in ("quantity", "quantity_low", "quantity_high"):
        assert column in banded
    moved = quantities[quantities > 0]
    same = moved.isin(set(banded["quantity"].dropna()))
    middles = set(bands(moved)[2])
    assert (moved[same].isin(middles)).all()
    for table in (public.companies, public.streams, public.flows):
        assert not {"notes", "source", "transfer_price", "employees", "city"} & set(table)
    assert public.meta["tier"] == "public" and "description" not in public.meta


@pytest.mark.parametrize("name", BUNDLED)
def test_every_group_shown_holds_at_least_three_companies(name):
    public = public_view(load_or_raise(DATASETS_DIR / name))
    assert public.companies.groupby(["nace", "name"]).size().min() >= MIN_GROUP
    assert public.companies["company_id"].is_unique


@pytest.mark.parametrize("name", BUNDLED)
def test_the_public_tier_is_a_valid_dataset_in_the_interchange_format(name, tmp_path):
    assert cli.main(["anonymise", str(DATASETS_DIR / name), "--out", str(tmp_path / "out")]) == 0
    back, problems = load_path(tmp_path / "out")
    assert problems == [] and back is not None
    public = public_view(load_or_raise(DATASETS_DIR / name))
    assert len(back.companies) == len(public.companies)
    assert len(back.streams) == len(public.streams) and len(back.flows) == len(public.flows)


def test_a_company_that_may_be_shown_and_a_company_in_its_own_view_stay_as_they_are():
    dataset = load_or_raise(DATASETS_DIR / "leningrad")
    first, second = dataset.companies["company_id"].iloc[:2]
    dataset.companies["confidential"] = dataset.companies["company_id"].ne(first).map(str)
    public = public_view(dataset, keep=[second])
    names = set(public.companies["name"])
    original = dataset.companies.set_index("company_id")["name"]
    assert original[first] in names and original[second] in names
    assert original.iloc[2] not in names
    mine = dataset.streams[dataset.streams["company_id"] == first]["quantity"].dropna()
    assert set(mine) <= set(public.streams["quantity"])


def test_the_command_refuses_a_folder_that_is_not_empty(tmp_path, capsys):
    (tmp_path / "x.txt").write_text("x")
    assert cli.main(["anonymise", str(DATASETS_DIR / "kalundborg"), "--out", str(tmp_path)]) == 1
    assert "not an empty folder" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        cli.main(["anonymise", str(DATASETS_DIR / "kalundborg")])
