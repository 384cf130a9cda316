"""Policy findings in words: each finding's reason written from its measure's template and the
facts of the exchange, in the current language, and the tables the pages and the command line
show and export."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import pandas as pd

from dashboard.analysis.chains import detect_chains
from dashboard.analysis.policy.catalogue import (
    Catalogue,
    Measure,
    bundled_catalogue,
    render_template,
)
from dashboard.analysis.policy.facts import ExchangeFacts, Party
from dashboard.analysis.policy.findings import ChainFinding, chain_findings, flow_findings
from dashboard.analysis.policy.rules import Finding, Note
from dashboard.domain.labels import ARROW, chain_name, material_label, region_label
from dashboard.i18n import has, language, t
from dashboard.views.markdown import escape_markdown

FINDING_COLUMNS = [
    "measure_id", "name", "jurisdiction", "type", "flows", "reasons", "action", "source_url",
]  # fmt: skip
TABLE_COLUMNS = (
    "kind", "id", "name", "flows", "measure_id", "measure_name", "category", "type",
    "jurisdiction", "reasons", "action", "source_url", "last_checked",
)  # fmt: skip


def _place(party: Party) -> str:
    return region_label(party.region) or party.country or t("policy.unknown_place")


def template_values(facts: ExchangeFacts, parties: Iterable[str]) -> dict[str, str]:
    """The value of every placeholder a reason template may use (`catalogue.PLACEHOLDERS`)."""
    matched = list(parties)
    ends = [facts.source if role == "source" else facts.target for role in matched]
    unknown = t("policy.unknown_place")

    def joined(values: Iterable[str]) -> str:
        return t("policy.and").join(dict.fromkeys(values))

    hazard = facts.hazard_class and t("policy.hazard_class", value=facts.hazard_class)
    hazard_key = "hazardous" if facts.hazardous else "non_hazardous"
    return {
        "material": material_label(facts.material),
        "waste_status": t(f"policy.status.{facts.waste_status}"),
        "hazard_class": hazard or t(f"policy.hazard.{hazard_key}"),
        "source_name": facts.source.name,
        "target_name": facts.target.name,
        "source_region": _place(facts.source),
        "target_region": _place(facts.target),
        "source_country": facts.source.country or unknown,
        "target_country": facts.target.country or unknown,
        "party": t(f"policy.party.{'both' if len(matched) == 2 else matched[0]}"),
        "party_name": joined(p.name for p in ends),
        "party_region": joined(_place(p) for p in ends),
        "party_country": joined(p.country or unknown for p in ends),
    }


def generic_values(facts: ExchangeFacts, parties: Iterable[str]) -> dict[str, str]:
    """`template_values` with the companies, places and material named by their role (the
    giver, the receiver, the material): one sentence for every exchange a measure applies to."""
    values = template_values(facts, parties)
    matched = list(parties)
    role = "both" if len(matched) == 2 else matched[0]
    generic = {
        "material": t("policy.generic.material"),
        "party_name": t(f"policy.generic.party.{role}"),
        "party_region": t(f"policy.generic.party_region.{role}"),
        "party_country": t(f"policy.generic.party_country.{role}"),
    }
    for side in ("source", "target"):
        generic[f"{side}_name"] = t(f"policy.generic.party.{side}")
        generic[f"{side}_region"] = t(f"policy.generic.party_region.{side}")
        generic[f"{side}_country"] = t(f"policy.generic.party_country.{side}")
    return values | generic


def note_text(note: Note) -> str:
    sizes = " / ".join(t(f"policy.size.{s}") for s in note.sizes)
    return t(f"policy.note.{note.code}", name=note.party, size=sizes)


def finding_reasons(finding: Finding) -> tuple[str, ...]:
    """Why the measure applies to the exchange, then the caveats."""
    values = template_values(finding.facts, finding.parties)
    reason = render_template(finding.measure.reason_template(language()), values)
    return (reason, *(note_text(note) for note in finding.notes))


def reasons_of(findings: Iterable[Finding]) -> tuple[str, ...]:
    """The distinct reasons of several findings, in order."""
    return tuple(dict.fromkeys(r for finding in findings for r in finding_reasons(finding)))


def reason_groups(item: ChainFinding) -> list[tuple[str, tuple[str, ...]]]:
    """Each reason of a chain's measure once, with the exchanges it applies to: a sentence
    that only the names and material vary in is written once by role (`generic_values`); a
    reason for one exchange only keeps its names."""
    groups: dict[str, list[tuple[str, str]]] = {}
    for exchange_id, finding in zip(item.flows, item.findings, strict=True):
        template = finding.measure.reason_template(language())
        specific = template.format_map(template_values(finding.facts, finding.parties))
        generic = template.format_map(generic_values(finding.facts, finding.parties))
        generic = generic[:1].upper() + generic[1:]
        groups.setdefault(generic, []).append((exchange_id, specific))
        for note in finding.notes:
            groups.setdefault(note_text(note), []).append((exchange_id, note_text(note)))
    result = []
    for generic, entries in groups.items():
        ids = tuple(dict.fromkeys(i for i, _ in entries))
        texts = {text for _, text in entries}
        result.append((texts.pop() if len(texts) == 1 else generic, ids))
    return result


def code_word(kind: str, code: object) -> str:
    """A catalogue code as a word: `code_word("type", "financial")` -> 'financial'; a code the
    catalogue has no word for as it is."""
    key = f"policy.{kind}.{code}"
    return t(key) if has(key) else str(code)


def catalogue_view(measures: pd.DataFrame) -> pd.DataFrame:
    """The catalogue as a reader sees it: each measure's name and summary in the current
    language (English where the catalogue has no translation), level, type and category as
    words."""
    russian = language() == "ru"

    def localised(english: str, russian_column: str) -> pd.Series:
        if not russian or russian_column not in measures:
            return measures[english]
        return measures[russian_column].where(measures[russian_column].fillna("") != "",
                                              measures[english])  # fmt: skip

    return measures.assign(
        name=localised("name_en", "name_ru"),
        summary=localised("gives_or_requires", "gives_or_requires_ru"),
        level=measures["level"].map(lambda c: code_word("level", c)),
        type=measures["type"].map(lambda c: code_word("type", c)),
        category=measures["category"].map(lambda c: code_word("kind", c)),
    )


def material_defaults_view(defaults: pd.DataFrame) -> pd.DataFrame:
    """`facts.material_defaults` as read: material names, groups, statuses, rules and the
    hazard flag in words."""
    return defaults.assign(
        name=defaults["material"].map(material_label),
        group=defaults["group"].map(lambda g: t(f"group.{g}") if has(f"group.{g}") else g),
        waste_status=defaults["waste_status"].map(lambda s: t(f"policy.status.{s}")),
        rule=defaults["rule"].map(lambda r: t(f"policy.rule.{r}")),
        hazardous=defaults["hazardous"].map(lambda h: t("label.yes") if h else t("label.no")),
    )[["material", "name", "group", "waste_status", "rule", "hazardous"]]


def findings_table(items: Iterable[ChainFinding]) -> pd.DataFrame:
    """A chain's findings as rows: measure, name, jurisdiction, type, flows, reasons, source."""
    rows = [
        {
            "measure_id": i.measure.measure_id,
            "name": i.measure.name(language()),
            "jurisdiction": i.measure.jurisdiction,
            "type": code_word("type", i.measure.type),
            "flows": ", ".join(i.flows),
            "reasons": " ".join(text for text, _ in reason_groups(i)),
            "action": i.measure.action(language()),
            "source_url": i.measure.source_url,
        }
        for i in items
    ]
    return pd.DataFrame(rows, columns=FINDING_COLUMNS)


def measure_summary(items: list[ChainFinding]) -> pd.DataFrame:
    """A chain's measures as a compact table (the reasons are shown apart, readable): measure,
    name, jurisdiction, type, how many of its exchanges, what to do, source."""
    table = findings_table(items)
    return table.assign(flows=[len(i.flows) for i in items])[
        ["measure_id", "name", "jurisdiction", "type", "flows", "action", "source_url"]
    ]


def reasons_markdown(item: ChainFinding, labels: Mapping[str, str]) -> str:
    """A measure's reasons as a Markdown list, each once with the exchanges it applies to
    (data text escaped), then the next step when the catalogue gives one."""
    lines = []
    for text, ids in reason_groups(item):
        names = "; ".join(escape_markdown(labels.get(i, i)) for i in ids)
        where = t("policy.applies_to", count=len(ids))
        lines.append(f"- {escape_markdown(text)}\n\n  *{where}* {names}")
    action = item.measure.action(language())
    if action:
        lines.append(f"\n**{t('policy.action_label')}** {escape_markdown(action)}")
    return "\n".join(lines)


def marked_matrix(matrix: pd.DataFrame, catalogue: Catalogue) -> pd.DataFrame:
    """A chains-by-measures matrix with each measure's column marked as a driver (support),
    an obligation or a barrier: `⛔ RU-7FZ-NVOS-COEF`."""
    marks = {m.measure_id: t(f"policy.marker.{m.category}") for m in catalogue.measures}
    return matrix.rename(columns=lambda c: f"{marks.get(c, '')} {c}".strip())


def _row(kind, ident, name, flows, measure: Measure, reasons) -> dict[str, object]:
    return {
        "kind": kind, "id": ident, "name": name, "flows": ";".join(flows),
        "measure_id": measure.measure_id, "measure_name": measure.name(language()),
        "category": measure.category, "type": measure.type,
        "jurisdiction": measure.jurisdiction, "reasons": " ".join(reasons),
        "action": measure.action(language()), "source_url": measure.source_url,
        "last_checked": measure.last_checked,
    }  # fmt: skip


def measures_table(dataset, catalogue: Catalogue | None = None, chains=None) -> pd.DataFrame:
    """One row per (flow or chain, applicable measure); chains default to `detect_chains`."""
    catalogue = catalogue or bundled_catalogue()
    found = flow_findings(dataset, catalogue)
    names = dataset.company_names()
    rows = []
    for flow in dataset.flows.itertuples(index=False):
        name = f"{names.get(flow.source_company, flow.source_company)}{ARROW}"
        name += f"{names.get(flow.target_company, flow.target_company)}: "
        name += material_label(flow.material)
        for item in found.get(flow.flow_id, []):
            reasons = reasons_of([item])
            rows.append(_row("flow", flow.flow_id, name, [flow.flow_id], item.measure, reasons))
    if chains is None:
        chains = detect_chains(dataset.flows)
    for chain in chains:
        title = chain_name(chain, names)
        for item in chain_findings(found, chain.flow_ids):
            reasons = reasons_of(item.findings)
            rows.append(_row("chain", chain.chain_id, title, item.flows, item.measure, reasons))
    return pd.DataFrame(rows, columns=list(TABLE_COLUMNS))
