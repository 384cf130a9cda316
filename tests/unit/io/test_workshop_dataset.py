"""Accepted workshop cards become a valid dataset; incomplete ones are named, not guessed."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from dashboard.domain.workshop import ACCEPTED, NEW, Card, CardFields, Workshop
from dashboard.io.datasets import load_files
from dashboard.io.workshop import dataset_files

WHEN = datetime(2026, 12, 4, tzinfo=UTC)
WORKSHOP = Workshop("w1", "ABC234", "Kirishi park", WHEN, WHEN)
ASH = CardFields(kind="have", company="Kirishi CHP", description="=fly ash <b>", quantity=12000.0,
                 unit="t/yr", lat=59.47, lon=32.04, shareable=True, ewc_code="100102",
                 material="fly_ash", nace="35.11")  # fmt: skip


def card(n: int, fields: CardFields, status: str = ACCEPTED) -> Card:
    return Card(f"card{n:028d}", "w1", fields, status, None, WHEN, WHEN, 1)


def test_accepted_cards_make_a_valid_dataset_of_estimated_streams():
    cards = [
        card(1, ASH),
        card(2, replace(ASH, company=" kirishi  chp", kind="want", material="process_water",
                        ewc_code=None, unit="m3/yr", shareable=False, lat=None, lon=None)),
        card(3, replace(ASH, company="Cement plant", kind="want", material="cement_raw_material",
                        ewc_code=None, nace="23.51", lat=59.6, lon=33.5)),
        card(4, replace(ASH, company="Draft"), status=NEW),
    ]  # fmt: skip
    files, left_out = dataset_files(WORKSHOP, cards)
    assert left_out == {}
    dataset, problems = load_files("workshop", files)
    assert problems == [] and dataset is not None
    companies = dataset.companies.set_index("name")
    assert list(companies.index) == ["Kirishi CHP", "Cement plant"]
    assert companies.at["Kirishi CHP", "confidential"] == "true"
    assert companies.at["Cement plant", "confidential"] == "false"
    assert set(dataset.streams["provenance"]) == {"estimated"}
    assert set(dataset.streams["source"]) == {"workshop ABC234: Kirishi park"}
    assert dataset.streams["notes"].iloc[0] == "=fly ash <b>"
    assert len(dataset.streams) == 3


def test_incomplete_cards_are_left_out_with_what_they_lack():
    cards = [
        card(1, replace(ASH, lat=None, lon=None)),
        card(2, replace(ASH, company="B", nace=None)),
        card(3, replace(ASH, company="C", material=None, ewc_code=None)),
        card(4, replace(ASH, company="D", quantity=None)),
        card(5, replace(ASH, company="E", unit=None)),
    ]
    files, left_out = dataset_files(WORKSHOP, cards)
    assert list(left_out.values()) == ["location", "nace", "material", "quantity", "unit"]
    assert files["streams.csv"].decode().strip() == (
        "stream_id,company_id,direction,material,ewc_code,quantity,unit,provenance,source,notes"
    )
