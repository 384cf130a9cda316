"""What a player reads of the game's results: refusals, the rules' expected difficulties, the
score's parts, the room's state and clock, in the reader's language."""

from __future__ import annotations

from collections.abc import Mapping

from dashboard.analysis.policy.catalogue import Catalogue
from dashboard.domain.game import Difficulty
from dashboard.domain.labels import amount, material_label, number_text, unit_label
from dashboard.game.difficulties import Evidence
from dashboard.game.links import Refusal
from dashboard.i18n import language, t


def _name(names: Mapping[str, str], company: object) -> str:
    return str(names.get(str(company), company))


def refusal_text(refusal: Refusal, names: Mapping[str, str]) -> str:
    """Why a link was refused, one sentence."""
    p = dict(refusal.params)
    values: dict[str, object] = {}
    for key in ("giver", "receiver", "company"):
        if key in p:
            values[key] = _name(names, p[key])
    if "material" in p:
        values["material"] = material_label(p["material"])
    if "role" in p:
        values["role"] = t(f"game.role.{p['role']}")
    if "left" in p:
        values["left"] = amount(float(p["left"]), p.get("unit"))
    if "unit" in p and "want_unit" in p:
        values["unit"], values["want_unit"] = unit_label(p["unit"]), unit_label(p["want_unit"])
    if "km" in p:
        values["km"], values["max_km"] = number_text(p["km"]), number_text(p["max_km"])
    if "quantity" in p:
        values["quantity"] = number_text(p["quantity"])
    return t(f"game.refusal.{refusal.code}", **values)


def evidence_text(e: Evidence, catalogue: Catalogue, names: Mapping[str, str]) -> str:
    """Why the rules expect a difficulty of this category."""
    p = dict(e.params)
    if "measure" in p:
        measure = catalogue.measure(str(p["measure"]))
        return t(f"game.evidence.{e.code}", measure=measure.measure_id,
                 name=measure.name(language()))  # fmt: skip
    values: dict[str, object] = {}
    if "material" in p:
        values["material"] = material_label(p["material"])
    if "actors" in p:
        values["actors"] = p["actors"]
    if "eur" in p:
        values["eur"] = number_text(p["eur"])
    return t(f"game.evidence.{e.code}", **values)


def category_label(category: str) -> str:
    return t(f"game.difficulty.{category}")


def difficulty_text(d: Difficulty, catalogue: Catalogue) -> str:
    """The team's sentence, or the measure's name and what it requires when suggested."""
    if d.measure_id:
        try:
            measure = catalogue.measure(d.measure_id)
        except StopIteration:
            return d.text or d.measure_id
        text = f"{measure.measure_id}: {measure.name(language())}"
        return f"{text}. {d.text}" if d.text else text
    return d.text


def part_label(part: str) -> str:
    return t(f"game.part.{part}")


def part_value(part: str, value: float | None) -> str:
    """A part's value in its unit: t CO2e/yr, EUR/yr, t/yr, points, or categories confirmed."""
    if value is None:
        return t("label.unknown")
    return t(f"game.part_value.{part}", value=number_text(float(value)))


def clock_text(seconds: float | None) -> str:
    """'12:05' left in the round, or '' outside a round."""
    if seconds is None:
        return ""
    whole = int(seconds)
    return f"{whole // 60:02d}:{whole % 60:02d}"


def state_text(state: str, round_no: int, rounds: int) -> str:
    return t(f"game.state.{state}", round=round_no, rounds=rounds)
