"""Column headings and formats of the tables the pages show (`st.dataframe` column configs), in
the current language."""

from __future__ import annotations

from collections.abc import Iterable

import streamlit as st

from dashboard.i18n import has, t
from dashboard.views.sheet_view import confidence_options, level_options


def material_columns() -> dict[str, object]:
    """The per-material summary table."""
    return {
        "material": st.column_config.TextColumn(t("col.material")),
        "direction": st.column_config.TextColumn(t("col.direction")),
        "unit": st.column_config.TextColumn(t("col.unit")),
        "streams": st.column_config.NumberColumn(t("col.streams")),
        "quantity": st.column_config.NumberColumn(t("col.quantity"), format="localized"),
    }


def problem_columns() -> dict[str, object]:
    """A table of validation problems."""
    return {
        "file": t("col.file"),
        "row": t("col.row"),
        "column": t("col.column"),
        "message": st.column_config.TextColumn(t("col.message"), width="large"),
    }


def measure_columns() -> dict[str, object]:
    """A table of applicable policy measures."""
    return {
        "measure_id": t("policy.col.measure_id"),
        "name": st.column_config.TextColumn(t("policy.col.name"), width="medium"),
        "jurisdiction": t("policy.col.jurisdiction"),
        "type": t("policy.col.type"),
        "flows": t("policy.col.flows"),
        "reasons": st.column_config.TextColumn(t("policy.col.reasons"), width="large"),
        "action": st.column_config.TextColumn(t("policy.col.action"), width="medium"),
        "source_url": st.column_config.LinkColumn(t("policy.col.source")),
    }


def catalogue_columns() -> dict[str, object]:
    """The policy catalogue, in the order shown."""
    return {
        "measure_id": t("policy.col.measure_id"),
        "name": st.column_config.TextColumn(t("policy.col.name"), width="medium"),
        "jurisdiction": t("policy.col.jurisdiction"),
        "level": t("policy.col.level"),
        "type": t("policy.col.type"),
        "category": t("policy.col.category"),
        "summary": st.column_config.TextColumn(t("policy.col.gives"), width="large"),
        "source_url": st.column_config.LinkColumn(t("policy.col.source")),
        "last_checked": t("policy.col.checked"),
    }


def material_default_columns() -> dict[str, object]:
    """The default waste status and hazard of each material."""
    return {
        "material": t("policy.col.material"),
        "name": t("policy.col.name"),
        "group": t("policy.col.group"),
        "waste_status": t("policy.col.waste_status"),
        "rule": t("policy.col.rule"),
        "hazardous": t("policy.col.hazardous"),
    }


def map_columns() -> dict[str, object]:
    """The Map page's company panel and candidates table."""
    return {
        "direction": t("map.col.direction"),
        "partner": t("map.col.partner"),
        "material": t("col.material"),
        "quantity": st.column_config.NumberColumn(t("col.quantity"), format="localized"),
        "unit": t("col.unit"),
        "hazardous": t("col.hazardous"),
        "provenance": t("map.col.provenance"),
        "notes": t("map.col.notes"),
        "status": t("map.col.status"),
        "source_name": t("map.col.source"),
        "target_name": t("map.col.target"),
        "have_material": t("map.col.have_material"),
        "want_material": t("map.col.want_material"),
        "distance_km": st.column_config.NumberColumn(t("map.col.distance_km"), format="localized"),
        "coverage": st.column_config.NumberColumn(t("map.col.coverage"), format="percent"),
        "score": st.column_config.ProgressColumn(
            t("map.col.score"), min_value=0, max_value=100, format="localized"
        ),
        "reasons": st.column_config.TextColumn(t("map.col.reasons"), width="large"),
    }


def vocabulary_columns() -> dict[str, object]:
    """The material vocabulary."""
    return {
        "material_id": t("col.material_id"),
        "unit": t("col.unit"),
        "group": t("col.group"),
        "label_en": t("col.label"),
        "satisfies": t("col.satisfies"),
        "origin": t("col.origin"),
        "max_distance_km": st.column_config.NumberColumn(t("col.max_distance_km")),
        "hazardous_handling": t("col.hazardous_handling"),
        "description": st.column_config.TextColumn(t("col.description"), width="large"),
        "distance_source": t("col.distance_source"),
    }


def dataset_columns(columns: Iterable[str]) -> dict[str, object]:
    """A table of the interchange format as it is: each column headed by its name in the
    language, its name in the format on hover."""
    config: dict[str, object] = {}
    for column in columns:
        key = f"field.{column}"
        label = t(key) if has(key) else column
        config[column] = st.column_config.Column(label, help=t("data.field_help", column=column))
    return config


def ewc_columns() -> dict[str, object]:
    """The European List of Waste."""
    return {
        "code_formatted": t("col.ewc_code"),
        "title": t("col.title"),
        "hazardous": t("col.hazardous"),
        "chapter_title": t("col.chapter"),
    }


def flow_columns() -> dict[str, object]:
    """The Flows page's tables of flows and links."""
    return {
        "source": st.column_config.TextColumn(t("flows.col.source"), width="medium"),
        "target": st.column_config.TextColumn(t("flows.col.target"), width="medium"),
        "material": t("col.material"),
        "quantity": st.column_config.NumberColumn(t("col.quantity"), format="localized"),
        "unit": t("col.unit"),
        "flows": st.column_config.NumberColumn(t("flows.col.flows"), format="%d"),
        "status": t("flows.col.status"),
        "provenance": t("flows.col.provenance"),
    }


def sheet_columns() -> dict[str, object]:
    """A scoring sheet's editor: the level and confidence picked from the scale, a comment."""
    return {
        "area": st.column_config.TextColumn(t("mca.col.area"), width=150),
        "criterion": st.column_config.TextColumn(t("mca.col.criterion"), width=300),
        "evidence": st.column_config.TextColumn(t("mca.col.evidence"), width=190),
        "suggested": st.column_config.TextColumn(t("mca.col.suggested"), width=100),
        "level": st.column_config.SelectboxColumn(t("mca.col.level"), options=level_options()),
        "confidence": st.column_config.SelectboxColumn(
            t("mca.col.confidence"), options=confidence_options()
        ),
        "comment": st.column_config.TextColumn(t("mca.col.comment"), width="large", max_chars=1000),
    }


def readiness_columns() -> dict[str, object]:
    """The readiness part of a scoring sheet."""
    config = sheet_columns()
    return {c: config[c] for c in ("criterion", "level", "confidence", "comment")}


def scenario_columns() -> dict[str, object]:
    """A what-if's metrics, baseline beside scenario."""
    number = st.column_config.NumberColumn
    return {
        "metric": st.column_config.TextColumn(t("scenario.col.metric"), width="large"),
        "unit": t("scenario.col.unit"),
        "baseline": number(t("scenario.col.baseline"), format="localized"),
        "scenario": number(t("scenario.col.scenario"), format="localized"),
        "difference": number(t("scenario.col.difference"), format="localized"),
    }


def scenario_change_columns() -> dict[str, object]:
    """What a what-if changes: the factor, its value before and after, a status."""
    number = st.column_config.NumberColumn
    return {
        "change": st.column_config.TextColumn(t("scenario.col.change"), width="medium"),
        "factor": t("scenario.col.factor"),
        "unit": t("scenario.col.unit"),
        "baseline": number(t("scenario.col.baseline"), format="localized"),
        "scenario": number(t("scenario.col.scenario"), format="localized"),
        "status": t("scenario.col.status"),
    }


def scenario_changed_columns() -> dict[str, object]:
    """The candidate exchanges and chains a what-if moves from one state to another."""
    number = st.column_config.NumberColumn
    return {
        "kind": t("scenario.col.kind"),
        "exchange": st.column_config.TextColumn(t("scenario.col.exchange"), width="medium"),
        "baseline_state": t("scenario.col.baseline_state"),
        "scenario_state": t("scenario.col.scenario_state"),
        "baseline": number(t("scenario.col.baseline_net"), format="localized"),
        "scenario": number(t("scenario.col.scenario_net"), format="localized"),
    }
