"""The game's tables as people read them: a team's enterprises, a chain's links and the working
of its score, the scoreboard, and the debrief's tables. Headings and words in the reader's
language; names and free text from data and players as they are (Streamlit and the report
escape them)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd

from dashboard.analysis.policy.catalogue import Catalogue
from dashboard.domain.dataset import Dataset
from dashboard.domain.game import GameChain, Score, Team
from dashboard.domain.labels import amount, material_label, provenance_label, section_label
from dashboard.game.debrief import Comparison, DifficultyGroup, Standing
from dashboard.i18n import language, t
from dashboard.views.game_text import category_label, difficulty_text, part_label, part_value


def _col(name: str) -> str:
    return t(f"game.col.{name}")


def _streams_text(streams: pd.DataFrame) -> str:
    return "; ".join(
        f"{material_label(s.material)} {amount(s.quantity, s.unit)}".strip()
        for s in streams.itertuples(index=False)
    )


def deck_table(dataset: Dataset, deck: Sequence[str]) -> pd.DataFrame:
    """One row per enterprise in play: name, sector, what it has and what it wants."""
    companies = dataset.companies.set_index("company_id")
    streams = dataset.streams
    rows = []
    for company in deck:
        if company not in companies.index:
            continue
        own = streams[streams["company_id"] == company]
        rows.append({
            _col("enterprise"): str(companies.at[company, "name"]),
            _col("sector"): section_label(companies.at[company, "nace_section"]),
            _col("haves"): _streams_text(own[own["direction"] == "have"]),
            _col("wants"): _streams_text(own[own["direction"] == "want"]),
        })  # fmt: skip
    return pd.DataFrame(rows, columns=[_col(c) for c in ("enterprise", "sector", "haves", "wants")])


def links_table(chain: GameChain, names: Mapping[str, str]) -> pd.DataFrame:
    rows = [
        {_col("giver"): names.get(k.giver, k.giver), _col("material"): material_label(k.material),
         _col("quantity"): amount(k.quantity, k.unit),
         _col("receiver"): names.get(k.receiver, k.receiver)}
        for k in chain.links
    ]  # fmt: skip
    columns = ("giver", "material", "quantity", "receiver")
    return pd.DataFrame(rows, columns=[_col(c) for c in columns])


def working_table(score: Score, weights: Mapping[str, float]) -> pd.DataFrame:
    """Each part: its value in its unit, its points 0..100, its weight (unknown parts are left
    out of the total)."""
    rows = [
        {_col("part"): part_label(part), _col("value"): part_value(part, value),
         _col("points"): points, _col("weight"): weights.get(part)}
        for part, value, points in score.parts
    ]  # fmt: skip
    return pd.DataFrame(rows, columns=[_col(c) for c in ("part", "value", "points", "weight")])


def _tonnes(value: float | None) -> float | None:
    return None if value is None else float(round(value))


def scoreboard(standings: Sequence[Standing], teams: Mapping[str, Team]) -> pd.DataFrame:
    """One row per team, most points first; GHG to the tonne (the sum of its known chains)."""
    rows = [
        {_col("rank"): i + 1, _col("team"): teams[s.team_id].name, _col("points"): s.points,
         _col("chains"): s.chains, _col("links"): s.links, _col("ghg"): _tonnes(s.ghg_t_co2e),
         _col("locked"): t("game.yes") if teams[s.team_id].locked else ""}
        for i, s in enumerate(standings)
    ]  # fmt: skip
    columns = ("rank", "team", "points", "chains", "links", "ghg", "locked")
    return pd.DataFrame(rows, columns=[_col(c) for c in columns])


def chains_side_by_side(
    chains: Sequence[GameChain],
    teams: Mapping[str, Team],
    names: Mapping[str, str],
    provenance: Mapping[str, str] | None = None,
) -> pd.DataFrame:
    """Every chain of the room: team, round, name, links in words, each part's points, total,
    and the weakest provenance of the factors behind its numbers."""
    provenance = provenance or {}
    rows = []
    for c in chains:
        row = {
            _col("team"): teams[c.team_id].name if c.team_id in teams else c.team_id,
            _col("round"): c.round,
            _col("chain"): c.name,
            _col("links"): " · ".join(
                f"{names.get(k.giver, k.giver)} → {material_label(k.material)} → "
                f"{names.get(k.receiver, k.receiver)}"
                for k in c.links
            ),
            _col("difficulties"): len([d for d in c.difficulties if d.accepted]),
        }
        for part, _, points in c.score.parts if c.score else ():
            row[part_label(part)] = points
        row[_col("points")] = c.score.total if c.score else None
        row[_col("provenance")] = provenance_label(provenance[c.id]) if c.id in provenance else ""
        rows.append(row)
    return pd.DataFrame(rows)


def difficulty_table(
    groups: Sequence[DifficultyGroup], teams: Mapping[str, Team], catalogue: Catalogue
) -> pd.DataFrame:
    """One row per category: what the teams wrote, how many chains the rules expected it for,
    and the support measures that could answer it."""
    rows = []
    for g in groups:
        said = [f"{teams[team].name if team in teams else team}: {difficulty_text(d, catalogue)}"
                for team, _, d in g.recorded]  # fmt: skip
        rows.append({
            _col("category"): category_label(g.category),
            _col("recorded"): len(g.recorded),
            _col("expected"): g.expected_chains,
            _col("what_teams_said"): "\n".join(said),
            _col("measures"): "; ".join(
                f"{m}: {catalogue.measure(m).name(language())}" for m in g.supports
            ),
        })  # fmt: skip
    return pd.DataFrame(rows)


def missed_table(comparison: Comparison) -> pd.DataFrame:
    """The matcher's best candidates among the enterprises in play that no team made."""
    m = comparison.missed
    if m.empty:
        columns = ("giver", "material", "quantity", "receiver", "km", "score")
        return pd.DataFrame(columns=[_col(c) for c in columns])
    return pd.DataFrame({
        _col("giver"): m["source_name"].astype(str),
        _col("material"): [material_label(x) for x in m["have_material"]],
        _col("quantity"): [amount(q, u) for q, u in zip(m["quantity"], m["unit"], strict=True)],
        _col("receiver"): m["target_name"].astype(str),
        _col("km"): m["distance_km"],
        _col("score"): m["score"],
    })  # fmt: skip


def teams_only_table(comparison: Comparison, names: Mapping[str, str]) -> pd.DataFrame:
    return pd.DataFrame(
        [{_col("giver"): names.get(g, g), _col("material"): material_label(mat),
          _col("receiver"): names.get(r, r)} for g, r, mat in comparison.teams_only],
        columns=[_col(c) for c in ("giver", "material", "receiver")],
    )  # fmt: skip
