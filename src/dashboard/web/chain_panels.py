"""The parts of a chain's page, each drawn from the chain's assessment: diagram and map, tables,
policy measures, working, multi-criteria view, sensitivity, export and factors. The Chains page
shows them as tabs; a presentation can show them one at a time."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import datetime
from functools import partial

import streamlit as st
from streamlit_folium import st_folium

from dashboard.analysis.assessment import ChainAssessment, default_fate
from dashboard.analysis.mca import CRITERIA, compare_chains
from dashboard.analysis.policy.findings import exchanges_findings
from dashboard.analysis.sensitivity import SENSITIVITY_OUTPUTS
from dashboard.domain.dataset import Dataset
from dashboard.domain.exchange import Exchange, flow_exchanges, with_fates
from dashboard.domain.factors import CHOICE_KINDS, Factors
from dashboard.domain.labels import dataset_text, dataset_title, exchange_label, score_text
from dashboard.domain.statuses import EXISTING
from dashboard.i18n import set_language, t
from dashboard.io.export import safe_csv_bytes
from dashboard.views import chain_tables as ct
from dashboard.views.chain_diagram import chain_diagram, diagram_figure
from dashboard.views.chain_figures import (
    comparison_figure,
    parameter_labels,
    tornado_figure,
    tornado_rows,
)
from dashboard.views.chain_map import chain_map, map_layers
from dashboard.views.chain_options import Listed
from dashboard.views.markdown import escape_markdown
from dashboard.views.policy_text import findings_table
from dashboard.views.report_html import ReportContent, report_html, report_pdf
from dashboard.views.table_words import in_words
from dashboard.web import cache, chain_actions, session, sheet_panel
from dashboard.web.columns import measure_columns
from dashboard.web.widgets import deferred, show_table, table, table_config

COMPARE_DEFAULT = 4
FACTOR_COLUMNS = ("factor_id", "value", "unit", "default", "source", "source_url", "provenance",
                  "kind", "material", "note")  # fmt: skip


@dataclass(frozen=True)
class ChainView:
    """One chain as the panels show it."""

    full: Dataset
    names: dict[str, str]
    chains: dict[str, Listed]
    choice: str
    name: str
    exchanges: list[Exchange]
    assessed: ChainAssessment
    factors: Factors
    scores: dict[str, float | None]
    weights: dict[str, float]
    score: float | None
    coverage: float
    dataset_key: str = ""


def slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-")[:40] or "chain"


def diagram(c: ChainView) -> None:
    st.plotly_chart(
        diagram_figure(chain_diagram(c.exchanges, c.names)), key=session.DIAGRAM,
        config={"displayModeBar": False},
    )  # fmt: skip
    st.caption(t("chainsui.diagram_caption"))


def chain_map_panel(c: ChainView) -> None:
    """The chain on the map: its own tab, drawn only when opened (the map costs most)."""
    st_folium(
        chain_map(c.exchanges, c.full), key=session.CHAIN_MAP,
        feature_group_to_add=map_layers(c.exchanges, c.full), returned_objects=[], height=460,
        use_container_width=True,
    )  # fmt: skip


def assessment(c: ChainView) -> None:
    st.subheader(t("chainsui.totals"))
    if len(c.assessed.by_status) > 1:  # what runs and what is only proposed are never added
        status_totals(c.assessed, ct.RESULTS, part="totals_by_status")
    else:
        show_table(ct.totals_table(c.assessed), session.chain_table_key("totals"))
    st.subheader(t("chainsui.per_exchange"))
    show_table(ct.exchange_table(c.assessed, c.names), session.chain_table_key("exchanges"))
    st.subheader(t("chainsui.per_partner"))
    st.caption(t("chainsui.per_partner_caption"))
    show_table(ct.partner_frame(c.assessed, c.names), session.chain_table_key("partners"))


def policy(c: ChainView) -> None:
    st.caption(t("chainsui.policy.intro"))
    split = exchanges_findings(c.full, session.policy_catalogue(), c.exchanges)
    st.markdown(t("policy.summary", **{k: len(v) for k, v in split.items()}))
    for category, items in split.items():
        st.markdown(f"**{t(f'policy.category.{category}')}**")
        table(
            findings_table(items), session.chain_table_key(f"policy_{category}"),
            hide_index=True, column_config=measure_columns(),
        )  # fmt: skip


def working(c: ChainView) -> None:
    st.caption(t("chainsui.working.intro"))
    with st.expander(t("chainsui.total")):
        st.markdown(ct.working_markdown(ct.totals_working(c.assessed, c.names)))
    for each in c.assessed.assessments:
        with st.expander(escape_markdown(exchange_label(each.exchange, c.names))):
            st.markdown(ct.working_markdown(ct.working_table(each, c.factors)))
    st.subheader(t("chainsui.report.sources"))
    show_table(ct.factor_sources(c.assessed, c.factors), session.chain_table_key("sources"))


def mca(c: ChainView) -> None:
    """The chain scored by people (the sheet, then the profiles), and the computed indicators
    that are its evidence, with their optional weighted score."""
    sheet_panel.scoring_sheet(c)
    session.keep_only(session.COMPARE, c.chains)
    if not session.value(session.COMPARE):
        session.set_value(session.COMPARE, list(c.chains)[:COMPARE_DEFAULT])
    compared = st.multiselect(
        t("chainsui.mca.chains"), list(c.chains), key=session.COMPARE,
        format_func=lambda k: c.chains[k].label, filter_mode="contains", select_all=False,
    )  # fmt: skip
    sheet_panel.profiles(c, compared)
    with st.expander(t("mca.computed_heading")):
        computed(c, compared)


def computed(c: ChainView, compared: list[str]) -> None:
    st.caption(t("chainsui.mca.intro"))
    sliders = st.columns(3)
    for i, criterion in enumerate(CRITERIA):
        sliders[i % 3].slider(
            ct.criterion_label(criterion), 0.0, 5.0, step=0.5,
            key=session.weight_key(criterion),
        )  # fmt: skip
    session.keep(map(session.weight_key, CRITERIA))
    st.markdown(t("chainsui.mca.result", score=score_text(c.score), coverage=f"{c.coverage:.0%}"))
    if c.score is None:
        st.caption(ct.mca_note(c.scores, c.weights, c.coverage))
    show_table(ct.criteria_table(c.scores, c.weights), session.chain_table_key("criteria"))
    st.markdown(f"**{t('chainsui.mca.compare')}**")
    assessments = {
        k: cache.assessment(
            chain_actions.chain_exchanges(c.chains[k].members, c.full, c.dataset_key), c.factors
        )
        for k in dict.fromkeys([c.choice, *compared])
    }
    frame = compare_chains(assessments, c.weights)
    chain_names = {k: c.chains[k].label for k in assessments}
    table_key = session.chain_table_key("compare_table")
    show_table(ct.comparison_table(frame, chain_names), table_key)
    st.plotly_chart(comparison_figure(frame, chain_names), key=session.COMPARE_CHART)


@st.fragment
def sensitivity(c: ChainView) -> None:
    """A fragment: its percent slider changes nothing else, so moving it reruns this panel only
    (in the session's language: a fragment's rerun does not pass through the app's entry point)."""
    chosen = session.run_language()
    if chosen:
        set_language(chosen)
    percent = st.slider(
        t("chainsui.sensitivity.percent"), 5, 50, step=5, key=session.PERCENT, format="%d %%"
    )
    session.keep([session.PERCENT])
    st.caption(t("chainsui.sensitivity.intro", percent=percent))
    known = [o for o in SENSITIVITY_OUTPUTS if c.assessed.totals[o].known]
    overrides = tuple(c.factors.overrides.items())
    swings = cache.sensitivity_of(tuple(c.exchanges), overrides, percent, known)
    exchange_names = {ex.exchange_id: exchange_label(ex, c.names) for ex in c.exchanges}
    labels = parameter_labels(swings["parameter"].unique(), c.factors, exchange_names)
    for output in SENSITIVITY_OUTPUTS:
        rows = tornado_rows(swings, output, labels)
        if rows.empty:
            st.info(t("chainsui.sensitivity.unknown", result=ct.result_label(output)))
            continue
        unit = c.assessed.totals[output].unit
        figure = tornado_figure(rows, ct.result_label(output), unit, percent)
        st.plotly_chart(figure, key=session.chain_table_key(f"tornado_{output}"))


def export(c: ChainView) -> None:
    st.caption(t("chainsui.export.intro"))
    content = ReportContent(
        title=c.name, dataset_title=dataset_title(c.full.meta, c.full.name), chain=c.assessed,
        names=c.names, factors=c.factors, scores=c.scores, weights=c.weights,
        mca=(c.score, c.coverage), generated=datetime.now(),
        measures=exchanges_findings(c.full, session.policy_catalogue(), c.exchanges),
        sheets=sheet_panel.chain_sheets(c, [c.choice]),
    )  # fmt: skip
    st.download_button(
        t("chainsui.export.csv"), partial(safe_csv_bytes, ct.csv_table(c.assessed, c.names)),
        file_name=f"{slug(c.name)}.csv", mime="text/csv", on_click="ignore", key=session.CSV,
    )  # fmt: skip
    st.download_button(
        t("chainsui.export.html"),
        deferred("HTML report", lambda: report_html(content).encode("utf-8")),
        file_name=f"{slug(c.name)}.html", mime="text/html", on_click="ignore",
        key=session.HTML,
    )  # fmt: skip
    st.download_button(
        t("chainsui.export.pdf"), deferred("PDF report", report_pdf, content),
        file_name=f"{slug(c.name)}.pdf", mime="application/pdf", on_click="ignore",
        key=session.PDF,
    )  # fmt: skip


def fates(c: ChainView) -> None:
    st.caption(t("chainsui.fates.intro"))
    rows = ct.fate_table(c.assessed, c.factors, c.names)
    ids = [a.exchange.exchange_id for a in c.assessed.assessments]
    defaults = {
        a.exchange.exchange_id: row.route
        for a in c.assessed.assessments
        if (row := default_fate(a.exchange, c.factors)) is not None
    }
    editor_key = session.fate_editor_key(hashlib.sha1("\n".join(ids).encode()).hexdigest()[:10])
    config = table_config(rows)
    config["fate"] = st.column_config.SelectboxColumn(
        config["fate"].get("label"), options=list(ct.fate_options()), required=True
    )
    st.data_editor(
        in_words(rows), key=editor_key, hide_index=True,
        disabled=[column for column in rows.columns if column != "fate"],
        on_change=chain_actions.apply_fate_edits, args=(editor_key, ids, c.dataset_key, defaults),
        column_config=config, placeholder=t("label.unknown"),
    )  # fmt: skip
    st.button(
        t("chainsui.fates.reset"), key=session.FATES_RESET,
        on_click=session.reset_fate_choices, args=(c.dataset_key,),
    )  # fmt: skip


def factors(c: ChainView) -> None:
    st.caption(t("chainsui.factors.intro"))
    rows = c.factors.table()
    rows = rows[~rows["kind"].isin(CHOICE_KINDS)]
    if st.toggle(t("chainsui.factors.only_used"), value=True, key=session.ONLY_USED):
        rows = rows[rows["factor_id"].isin(ct.factor_sources(c.assessed, c.factors)["factor_id"])]
    rows = rows[list(FACTOR_COLUMNS)].reset_index(drop=True)
    ids = rows["factor_id"].tolist()
    editor_key = session.factor_editor_key(hashlib.sha1("\n".join(ids).encode()).hexdigest()[:10])
    config = table_config(rows)
    config["value"] = st.column_config.NumberColumn(config["value"].get("label"), format="%g")
    config["default"] = st.column_config.NumberColumn(config["default"].get("label"), format="%g")
    st.data_editor(
        in_words(rows), key=editor_key, hide_index=True,
        disabled=[column for column in FACTOR_COLUMNS if column != "value"],
        on_change=chain_actions.apply_factor_edits, args=(editor_key, ids), column_config=config,
    )  # fmt: skip
    st.button(
        t("chainsui.factors.reset"), key=session.FACTORS_RESET,
        on_click=session.reset_factor_overrides,
    )  # fmt: skip


def status_totals(assessed: ChainAssessment, names, part: str = "by_status") -> None:
    """The totals of the chain's existing, planned and proposed exchanges, apart."""
    st.caption(t("chainsui.status_totals"))
    show_table(ct.status_table(assessed, list(names)), session.chain_table_key(part))


def reconciliation(full: Dataset, dataset_key: str, factors: Factors) -> None:
    """The dataset's published totals beside the tool's figures for its existing flows."""
    published = full.meta.get("published_totals")
    if not published:
        return
    flows = with_fates(flow_exchanges(full), session.fate_choices(dataset_key))
    existing = [ex for ex in flows if ex.status == EXISTING]
    with st.expander(t("chainsui.published.heading"), key=session.RECONCILIATION):
        st.caption(t("chainsui.published.intro", count=len(existing)))
        show_table(
            ct.reconciliation_table(published, cache.assessment(existing, factors)),
            session.chain_table_key("published"),
        )
        note = dataset_text(full.meta, "reconciliation_note")
        if note:
            st.markdown(escape_markdown(note))


PANELS = {
    "diagram": diagram,
    "map": chain_map_panel,
    "assessment": assessment,
    "policy": policy,
    "fates": fates,
    "working": working,
    "mca": mca,
    "sensitivity": sensitivity,
    "export": export,
    "factors": factors,
}
"""Every panel by name, in the order of the Chains page's tabs."""
