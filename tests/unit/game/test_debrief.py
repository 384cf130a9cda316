"""The debrief: standings, the room replayed by round, the comparison with the matcher and the
difficulties grouped across teams."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from dashboard.analysis.matching import MatchOptions, find_candidates
from dashboard.domain.game import (
    DIFFICULTY_CATEGORIES,
    Difficulty,
    GameChain,
    Link,
    Score,
    Team,
    Weights,
)  # fmt: skip
from dashboard.game import debrief
from dashboard.game.scoring import score_chain

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
HEAT = Link("syn-refinery-kirishi", "syn-greenhouse-kirishi", "surplus_heat", 80000, "MWh/yr")
CO2 = Link("syn-brewery-kirovsky", "syn-greenhouse-shushary", "co2", 3000, "t/yr")
GRAIN = Link("syn-brewery-kirovsky", "syn-biogas-tosno", "spent_grain", 15000, "t/yr")
"""An existing flow of Leningrad (len-f01): the matcher leaves it out by default."""


def team(tid: str, minute: int) -> Team:
    return Team(tid, "room", f"Team {tid}", False, T0 + timedelta(minutes=minute))


def chain(cid, tid, points=None, ghg=None, round_no=1, links=(HEAT,), difficulties=()):
    score = None if points is None else Score(points, (("ghg", ghg, None),))
    return GameChain(cid, "room", tid, round_no, cid, tuple(links), tuple(difficulties), score,
                     T0, T0)  # fmt: skip


def test_standings_most_points_first_ties_in_join_order():
    teams = [team("a", 0), team("b", 1), team("c", 2), team("d", 3)]
    chains = [
        chain("a1", "a", 30.0, 100.0),
        chain("b1", "b", 50.0, 10.0), chain("b2", "b", 10.04, None),
        chain("c1", "c", 30.0, None),
    ]  # fmt: skip
    rows = debrief.standings(teams, chains)
    assert [s.team_id for s in rows] == ["b", "a", "c", "d"]
    b, a, c, d = rows
    assert (b.chains, b.links, b.points, b.ghg_t_co2e, b.unknown_ghg) == (2, 2, 60.0, 10.0, 1)
    assert (a.points, a.ghg_t_co2e, a.unknown_ghg) == (30.0, 100.0, 0)
    assert (c.points, c.ghg_t_co2e, c.unknown_ghg) == (30.0, None, 1)
    assert (d.chains, d.links, d.points, d.ghg_t_co2e, d.unknown_ghg) == (0, 0, 0.0, None, 0)


def test_standings_ties_follow_the_order_teams_joined():
    teams = [team("x", 0), team("y", 1), team("z", 2)]
    chains = [chain("z1", "z", 20.0), chain("y1", "y", 20.0), chain("x1", "x", 20.0)]
    assert [s.team_id for s in debrief.standings(teams, chains)] == ["x", "y", "z"]


def test_a_chain_not_scored_counts_no_points_and_unknown_ghg():
    rows = debrief.standings([team("a", 0)], [chain("a1", "a"), chain("a2", "a", 12.0, 3.0)])
    assert (rows[0].points, rows[0].ghg_t_co2e, rows[0].unknown_ghg) == (12.0, 3.0, 1)


def test_replay_keeps_the_chains_made_by_the_round():
    chains = [chain(f"r{r}", "a", round_no=r) for r in (1, 2, 2, 3)]
    assert [c.round for c in debrief.replay(chains, 0)] == []
    assert [c.round for c in debrief.replay(chains, 1)] == [1]
    assert [c.round for c in debrief.replay(chains, 2)] == [1, 2, 2]
    assert debrief.replay(chains, 3) == chains


@pytest.fixture(scope="module")
def in_play(leningrad):
    return tuple(leningrad.companies["company_id"])


def test_compare_with_matcher(leningrad, in_play):
    found = find_candidates(leningrad, MatchOptions())
    best = found.iloc[0]
    made = Link(best["source_company"], best["target_company"], best["have_material"],
                float(best["quantity"]), best["unit"])  # fmt: skip
    key = (made.giver, made.receiver, made.material)
    chains = [chain("a1", "a", links=[made, HEAT]), chain("b1", "b", links=[GRAIN])]
    result = debrief.compare_with_matcher(leningrad, in_play, chains)
    assert result.candidates == len(found)
    missed = set(zip(result.missed["source_company"], result.missed["target_company"],
                     result.missed["have_material"], strict=True))  # fmt: skip
    assert key not in missed
    assert (HEAT.giver, HEAT.receiver, HEAT.material) not in missed
    assert len(result.missed) == debrief.MISSED_MAX
    assert list(result.missed["score"]) == sorted(result.missed["score"], reverse=True)
    assert result.teams_only == ((GRAIN.giver, GRAIN.receiver, GRAIN.material),)


def test_compare_without_chains_misses_the_best_candidates(leningrad, in_play):
    result = debrief.compare_with_matcher(leningrad, in_play, [])
    found = find_candidates(leningrad, MatchOptions())
    assert list(result.missed["have_stream_id"]) == list(found["have_stream_id"][:15])
    assert result.teams_only == ()


def test_compare_only_among_the_enterprises_in_play(leningrad):
    few = (HEAT.giver, HEAT.receiver, "gppd-kirishskaya-gres")
    result = debrief.compare_with_matcher(leningrad, few, [chain("a1", "a", links=[CO2])])
    assert set(result.missed["source_company"]) | set(result.missed["target_company"]) <= set(few)
    assert result.candidates == len(result.missed) > 0
    assert result.teams_only == ((CO2.giver, CO2.receiver, CO2.material),)


def test_difficulty_groups_across_teams(leningrad, factors, catalogue):
    legal = Difficulty("legal", "heat supply law")
    social = Difficulty("social", "neighbours")
    money = Difficulty("economic", "who pays for the pipe")
    rejected = Difficulty("technical", "pipe", "X", accepted=False)
    chains = [
        chain("a1", "a", links=[HEAT], difficulties=[legal, rejected]),
        chain("b1", "b", links=[HEAT], difficulties=[legal, social, money]),
        chain("b2", "b", links=[CO2], difficulties=[social]),
    ]
    scored = {c.id: score_chain(leningrad, factors, catalogue, c.links, c.difficulties, Weights())
              for c in chains}  # fmt: skip
    groups = {g.category: g for g in debrief.difficulty_groups(chains, scored,
                                                               DIFFICULTY_CATEGORIES)}  # fmt: skip
    assert list(groups) == list(DIFFICULTY_CATEGORIES)
    assert groups["legal"].recorded == (("a", "a1", legal), ("b", "b1", legal))
    assert groups["social"].recorded == (("b", "b1", social), ("b", "b2", social))
    assert groups["technical"].recorded == ()  # the rejected one is not recorded
    assert groups["legal"].expected_chains == 2  # the heat links, not the CO2 one
    assert groups["technical"].expected_chains == 2
    assert groups["social"].expected_chains == 0
    # Supports: the support measures, in the group's category, of the chains that recorded
    # or were expected to meet it.
    for category, group in groups.items():
        concerned = {cid for _, cid, _ in group.recorded} | {
            cid for cid, sc in scored.items() if any(e.category == category for e in sc.evidence)
        }
        expected = {f.measure.measure_id for cid in concerned for f in scored[cid].findings["support"]
                    if debrief.measure_category(f.measure) == category}  # fmt: skip
        assert len(set(group.supports)) == len(group.supports)
        assert set(group.supports) == expected, category
    # The heat chain's supports are financial (industrial-park programmes): economic.
    assert groups["economic"].recorded == (("b", "b1", money),)
    assert groups["economic"].supports
    assert groups["legal"].supports == groups["social"].supports == ()
