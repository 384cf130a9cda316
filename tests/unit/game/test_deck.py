"""Decks: all of a dataset, chosen sectors, or a random deck per team drawn from the seed."""

from __future__ import annotations

import pytest

from dashboard.domain.game import DECK_ALL, DECK_RANDOM, DECK_SECTORS, RoomSettings
from dashboard.game.deck import deal, deck_dataset


def with_streams(dataset) -> set[str]:
    return set(dataset.streams["company_id"])


def directions(dataset, companies) -> set[str]:
    s = dataset.streams
    return set(s.loc[s["company_id"].isin(companies), "direction"])


def test_random_deck_is_the_same_for_the_same_seed_and_team(leningrad):
    settings = RoomSettings(deck=DECK_RANDOM, per_team=8, seed=42)
    first = deal(leningrad, settings, "team-a")
    assert first == deal(leningrad, settings, "team-a")
    assert first == deal(leningrad, RoomSettings(deck=DECK_RANDOM, per_team=8, seed=42), "team-a")
    assert list(first) == sorted(first)


def test_random_decks_differ_between_teams_and_seeds(leningrad):
    settings = RoomSettings(deck=DECK_RANDOM, per_team=8, seed=42)
    decks = {deal(leningrad, settings, f"team-{i}") for i in range(5)}
    assert len(decks) == 5
    other_seed = RoomSettings(deck=DECK_RANDOM, per_team=8, seed=43)
    assert deal(leningrad, other_seed, "team-0") != deal(leningrad, settings, "team-0")


@pytest.mark.parametrize("per_team", [2, 5, 8, 13])
def test_random_deck_has_per_team_companies_that_give_and_want(leningrad, per_team):
    settings = RoomSettings(deck=DECK_RANDOM, per_team=per_team, seed=7)
    for team in ("t1", "t2", "t3"):
        deck = deal(leningrad, settings, team)
        assert len(deck) == len(set(deck)) == per_team
        assert set(deck) <= with_streams(leningrad)
        assert directions(leningrad, deck) == {"have", "want"}


def test_random_deck_bigger_than_the_dataset_is_every_company_with_streams(leningrad):
    settings = RoomSettings(deck=DECK_RANDOM, per_team=500, seed=1)
    assert set(deal(leningrad, settings, "t1")) == with_streams(leningrad)


def test_all_deals_every_company_with_streams(leningrad):
    deck = deal(leningrad, RoomSettings(deck=DECK_ALL, per_team=4), "t1")
    companies = set(leningrad.companies["company_id"])
    assert set(deck) == with_streams(leningrad)
    # The hydro plants of Leningrad have no stream: they are left out.
    assert companies - set(deck)
    assert all(leningrad.streams["company_id"].eq(c).sum() == 0 for c in companies - set(deck))
    assert deck == deal(leningrad, RoomSettings(deck=DECK_ALL, per_team=4), "another team")


def test_sectors_keeps_only_the_chosen_nace_sections(leningrad):
    settings = RoomSettings(deck=DECK_SECTORS, sectors=("A", "E"), per_team=4)
    deck = deal(leningrad, settings, "t1")
    c = leningrad.companies
    section = dict(zip(c["company_id"], c["nace_section"], strict=True))
    expected = {k for k, s in section.items() if s in ("A", "E")} & with_streams(leningrad)
    assert set(deck) == expected
    assert len(deck) > 4  # not cut to per_team
    assert {section[k] for k in deck} == {"A", "E"}


def test_deck_dataset_keeps_the_deck_its_streams_and_the_flows_between_them(leningrad):
    deck = ("syn-brewery-kirovsky", "syn-biogas-tosno", "syn-agro-tosno")
    small = deck_dataset(leningrad, deck)
    assert set(small.companies["company_id"]) == set(deck)
    assert set(small.streams["company_id"]) == set(deck)
    assert set(small.flows["source_company"]) | set(small.flows["target_company"]) <= set(deck)
    f = leningrad.flows
    between = f[f["source_company"].isin(deck) & f["target_company"].isin(deck)]
    assert len(small.flows) == len(between) > 0
