"""Evaluating policy measures: whether a measure's eligibility rules hold for the facts of one
exchange, and for which of its parties."""

from __future__ import annotations

from dataclasses import dataclass

from dashboard.analysis.policy.catalogue import COUNTRY_GROUPS, Catalogue, Condition, Measure
from dashboard.analysis.policy.facts import ExchangeFacts, Party
from dashboard.domain import reference

ROLES = {
    "source": ("source",),
    "target": ("target",),
    "both": ("source", "target"),
    "exchange": ("source", "target"),
}
SME_EMPLOYEES = 250
SIZE_UNKNOWN = "size_unknown"


@dataclass(frozen=True)
class Note:
    """A caveat to a finding: the size of a party is unknown, so a size rule (`sizes`) could
    not be checked for it."""

    code: str
    party: str
    sizes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Finding:
    """A measure that applies to one exchange: the facts it was found on, the parties whose
    company rules hold (`source`, `target`), and caveats. Its reason is written from these by
    `dashboard.views.policy_text`."""

    measure: Measure
    facts: ExchangeFacts
    parties: tuple[str, ...]
    notes: tuple[Note, ...] = ()

    @property
    def exchange_id(self) -> str:
        return self.facts.exchange_id


def _country_match(country: str | None):
    return lambda v: country is not None and (country == v or country in COUNTRY_GROUPS.get(v, ()))


def _region_match(party: Party):
    return lambda v: (party.region == v) or (len(v) == 2 and party.country == v)


def _nace_match(party: Party):
    code, section = party.nace_code or "", party.nace_section or ""

    def match(value: str) -> bool:
        if value.isalpha():
            return section == value
        if code == value or code.startswith(value + "."):
            return True
        return "." in value and code.startswith(value)

    return match


def _size(party: Party) -> str | None:
    if party.employees is None:
        return None
    return "sme" if party.employees < SME_EMPLOYEES else "large"


def _party_match(measure: Measure, party: Party) -> tuple[bool, list[Note]]:
    """Whether the company rules hold for one party, and caveats for unknown facts."""
    rules = measure.rules
    checks = (
        ("countries", _country_match(party.country)),
        ("regions", _region_match(party)),
        ("nace", _nace_match(party)),
    )
    for column, predicate in checks:
        condition = rules.get(column, Condition())
        if not condition.any and not condition.allows(predicate):
            return False, []
    size_rule = rules.get("company_size", Condition())
    if size_rule.any:
        return True, []
    size = _size(party)
    if size is None:
        return True, [Note(SIZE_UNKNOWN, party.name, tuple(sorted(size_rule.include)))]
    return size_rule.allows(lambda v: v == size), []


def _exchange_match(measure: Measure, ex: ExchangeFacts) -> bool:
    rules = measure.rules
    group = reference.materials()["group"].get(ex.material, "")
    values = {
        "materials": lambda v: v == ex.material or v == f"group:{group}",
        "waste_status": lambda v: v == ex.waste_status,
        "hazard": lambda v: v == ("hazardous" if ex.hazardous else "non_hazardous"),
        "cross_border": lambda v: (
            ex.cross_border is not None and v == ("yes" if ex.cross_border else "no")
        ),
    }
    return all(rules.get(c, Condition()).allows(p) for c, p in values.items())


OTHER_END = {"source": "target", "target": "source"}


def _counterpart_match(measure: Measure, other: Party) -> bool:
    """Whether the other end of the exchange is in one of the `counterpart_countries`."""
    condition = measure.rules.get("counterpart_countries", Condition())
    return condition.any or condition.allows(_country_match(other.country))


def evaluate(measure: Measure, ex: ExchangeFacts) -> Finding | None:
    """The finding when `measure` applies to the exchange, else None. A party passes when the
    company rules hold for it and the other end is in the `counterpart_countries`."""
    if not _exchange_match(measure, ex):
        return None
    ends = {"source": ex.source, "target": ex.target}
    roles = ROLES[measure.applies_to]
    results = {}
    for role in roles:
        ok, notes = _party_match(measure, ends[role])
        results[role] = (ok and _counterpart_match(measure, ends[OTHER_END[role]]), notes)
    matched = [role for role, (ok, _) in results.items() if ok]
    if not matched or (measure.applies_to == "both" and len(matched) < 2):
        return None
    notes = [note for role in matched for note in results[role][1]]
    return Finding(measure, ex, tuple(matched), tuple(dict.fromkeys(notes)))


CATEGORY_RANK = {"barrier": 0, "obligation": 1, "support": 2}
"""What blocks first, then what is obligatory, then what helps."""
LEVEL_RANK = {"regional": 0, "national": 1, "eu": 2}
"""The most specific jurisdiction first."""


def rank_key(measure: Measure) -> tuple[int, int, int, int]:
    """How a measure ranks among the findings of an exchange or chain: by category (barrier,
    obligation, support), then the most specific first: regional before national before EU,
    material-specific before generic, then the one with more rules that hold."""
    specific = sum(not c.any for c in measure.rules.values())
    generic = 1 if measure.rules.get("materials", Condition()).any else 0
    return (CATEGORY_RANK.get(measure.category, len(CATEGORY_RANK)),
            LEVEL_RANK.get(measure.level, len(LEVEL_RANK)), generic, -specific)  # fmt: skip


def ranked(items):
    """Findings (anything with a `measure`) in rank order; ties keep their order."""
    return sorted(items, key=lambda item: rank_key(item.measure))


def findings(catalogue: Catalogue, ex: ExchangeFacts) -> list[Finding]:
    """Every measure of the catalogue that applies to the exchange, ranked (`rank_key`)."""
    return ranked(f for m in catalogue.measures if (f := evaluate(m, ex)) is not None)
