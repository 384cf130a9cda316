"""Chains: detected and saved symbiotic chains, their assessment with the working, multi-criteria
comparison, sensitivity, export, editable factors, and composing chains from flows and candidates.
"""

import hashlib
import re
from dataclasses import dataclass
from datetime import datetime
from functools import partial

import streamlit as st
from streamlit_folium import st_folium

from dashboard.analysis.assessment import assess_chain
from dashboard.analysis.mca import CRITERIA, compare_chains, criteria_scores, mca_score
from dashboard.analysis.policy.findings import exchanges_findings
from dashboard.analysis.sensitivity import SENSITIVITY_OUTPUTS
from dashboard.domain.labels import exchange_label, score_text
from dashboard.domain.members import member_exchanges, member_key
from dashboard.i18n import t
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
from dashboard.views.chain_options import SAVED, exchange_options, listed_chains
from dashboard.views.markdown import escape_markdown
from dashboard.views.policy_text import findings_table
from dashboard.views.report_html import report_html
from dashboard.web import cache, chain_actions, session
from dashboard.web.columns import measure_columns
from dashboard.web.widgets import (
    exchange_picker,
    headline_metrics,
    reasons_markdown,
    show_flash,
    show_table,
    table_config,
)

HEADLINE = ("ghg_avoided_t_co2e", "net_benefit_eur", "waste_diverted_t", "energy_recovered_mwh")
COMPARE_DEFAULT = 4
KEPT = (session.CHAIN, session.NEW_NAME, session.NEW_MEMBERS, session.PERCENT)
FACTOR_COLUMNS = ("factor_id", "value", "unit", "default", "source", "source_url", "provenance",
                  "kind", "material", "note")  # fmt: skip
TAB_NAMES = (
    "diagram", "assessment", "policy", "working", "mca", "sensitivity", "export", "factors",
)  # fmt: skip


@dataclass(frozen=True)
class Settings:
    weights: dict[str, float]
    percent: int


def read_settings() -> Settings:
    session.restore([*KEPT, *map(session.weight_key, CRITERIA)])
    weights = {c: float(session.default(session.weight_key(c), 1.0)) for c in CRITERIA}
    return Settings(weights, int(session.default(session.PERCENT, 25)))


def slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-")[:40] or "chain"


def render_builder(data, options, saved_count: int, open_: bool, factors) -> None:
    with st.expander(t("chainsui.build.heading"), expanded=open_, key=session.BUILD):
        st.caption(t("chainsui.build.intro"))
        name_column, save_column = st.columns([4, 1], vertical_alignment="bottom")
        name_column.text_input(t("chainsui.build.name"), key=session.NEW_NAME, max_chars=200)
        chosen = exchange_picker(session.NEW_MEMBERS, options, t("chainsui.build.members_help"))
        save_column.button(
            t("chainsui.build.save"), key=session.SAVE, type="primary", disabled=not chosen,
            on_click=chain_actions.save_new, args=(data.key, options, saved_count + 1),
            width="stretch",
        )  # fmt: skip
        session.keep([session.NEW_NAME, session.NEW_MEMBERS])
        if chosen:
            draft = member_exchanges([options[k].member for k in chosen], data.full)
            headline_metrics(assess_chain(draft, factors), HEADLINE, st.columns(len(HEADLINE)))


def render_manage(chain_id: str, name: str, members, options) -> None:
    if not session.managing(chain_id):
        session.set_value(session.RENAME, name)
        session.set_value(session.EDIT_MEMBERS, [member_key(m) for m in members])
    with st.expander(t("chainsui.manage.heading"), key=session.MANAGE):
        name_column, rename_column, delete_column = st.columns(
            [4, 1, 1], vertical_alignment="bottom"
        )
        name_column.text_input(t("chainsui.manage.name"), key=session.RENAME, max_chars=200)
        rename_column.button(
            t("chainsui.manage.rename"), key=session.RENAME_BUTTON, width="stretch",
            on_click=chain_actions.rename, args=(chain_id,),
        )  # fmt: skip
        with delete_column.popover(t("chainsui.manage.delete"), width="stretch"):
            st.caption(t("chainsui.manage.delete_confirm"))
            st.button(
                t("chainsui.manage.delete_button"), key=session.DELETE, type="primary",
                on_click=chain_actions.delete, args=(chain_id, name),
            )  # fmt: skip
        exchange_picker(
            session.EDIT_MEMBERS, options, t("chainsui.manage.members_help"),
            on_change=chain_actions.edit_members, args=(chain_id, options),
        )  # fmt: skip


def render(data: session.PageData, settings: Settings) -> None:
    full, view, key = data
    names = full.company_names()
    factors = chain_actions.session_factors()
    st.title(t("chainsui.title"))
    st.caption(t("chainsui.intro"))
    saved, error = chain_actions.saved_chains(key)
    if error:
        st.warning(t("chainsui.store_error", error=escape_markdown(error)))
    chains = listed_chains(saved, cache.chains(key, full), full, view.companies["company_id"])
    candidates = cache.candidates(key, full, session.filters())
    options = exchange_options(full, candidates, [m for s in saved for m in s.members])
    session.keep_only(session.NEW_MEMBERS, options)
    show_flash()
    render_builder(data, options, len(saved), not chains, factors)
    if not chains:
        st.info(t("chainsui.none"))
        return

    session.keep_only(session.CHAIN, chains)
    choice = st.selectbox(
        t("chainsui.pick"), list(chains), key=session.CHAIN,
        format_func=lambda k: chains[k].label, help=t("chainsui.pick_help"),
    )  # fmt: skip
    session.keep([session.CHAIN])
    _, name, members = chains[choice]
    if choice.startswith(SAVED):
        render_manage(choice.removeprefix(SAVED), name, members, options)
    exchanges = member_exchanges(members, full)
    if not exchanges:
        st.info(t("chainsui.empty"))
        return
    assessed = assess_chain(exchanges, factors)
    scores = criteria_scores(assessed)
    score, coverage = mca_score(scores, settings.weights)

    columns = st.columns(len(HEADLINE) + 1)
    headline_metrics(assessed, HEADLINE, columns)
    columns[-1].metric(
        t("chainsui.mca_score"), score_text(score),
        help=t("chainsui.mca_coverage", coverage=f"{coverage:.0%}"),
    )  # fmt: skip
    unknown = reasons_markdown(assessed.totals[n] for n in HEADLINE)
    if unknown:
        st.caption(t("chainsui.unknown_caption", reasons=unknown))
    if factors.overrides:
        st.caption(t("chainsui.overridden", count=len(factors.overrides)))

    labels = [t(f"chainsui.tab.{tab}") for tab in TAB_NAMES]
    tabs = dict(zip(TAB_NAMES, st.tabs(labels, key=session.TABS), strict=True))
    with tabs["diagram"]:
        st.plotly_chart(
            diagram_figure(chain_diagram(exchanges, names)), key=session.DIAGRAM,
            config={"displayModeBar": False},
        )  # fmt: skip
        st.caption(t("chainsui.diagram_caption"))
        st_folium(
            chain_map(exchanges, full), key=session.CHAIN_MAP,
            feature_group_to_add=map_layers(exchanges, full), returned_objects=[], height=460,
            use_container_width=True,
        )  # fmt: skip

    with tabs["assessment"]:
        st.subheader(t("chainsui.totals"))
        show_table(ct.totals_table(assessed), session.chain_table_key("totals"))
        st.subheader(t("chainsui.per_exchange"))
        show_table(ct.exchange_table(assessed, names), session.chain_table_key("exchanges"))
        st.subheader(t("chainsui.per_partner"))
        st.caption(t("chainsui.per_partner_caption"))
        show_table(ct.partner_frame(assessed, names), session.chain_table_key("partners"))

    with tabs["policy"]:
        st.caption(t("chainsui.policy.intro"))
        split = exchanges_findings(full, session.policy_catalogue(), exchanges)
        st.markdown(t("policy.summary", **{k: len(v) for k, v in split.items()}))
        for category, items in split.items():
            st.markdown(f"**{t(f'policy.category.{category}')}**")
            st.dataframe(
                findings_table(items), hide_index=True, column_config=measure_columns(),
                key=session.chain_table_key(f"policy_{category}"),
            )  # fmt: skip

    with tabs["working"]:
        st.caption(t("chainsui.working.intro"))
        with st.expander(t("chainsui.total")):
            st.markdown(ct.working_markdown(ct.totals_working(assessed, names)))
        for assessment in assessed.assessments:
            with st.expander(escape_markdown(exchange_label(assessment.exchange, names))):
                st.markdown(ct.working_markdown(ct.working_table(assessment, factors)))
        st.subheader(t("chainsui.report.sources"))
        show_table(ct.factor_sources(assessed, factors), session.chain_table_key("sources"))

    with tabs["mca"]:
        st.caption(t("chainsui.mca.intro"))
        sliders = st.columns(3)
        for i, criterion in enumerate(CRITERIA):
            sliders[i % 3].slider(
                ct.criterion_label(criterion), 0.0, 5.0, step=0.5,
                key=session.weight_key(criterion),
            )  # fmt: skip
        session.keep(map(session.weight_key, CRITERIA))
        st.markdown(t("chainsui.mca.result", score=score_text(score), coverage=f"{coverage:.0%}"))
        show_table(ct.criteria_table(scores, settings.weights), session.chain_table_key("criteria"))
        st.subheader(t("chainsui.mca.compare"))
        session.keep_only(session.COMPARE, chains)
        if not session.value(session.COMPARE):
            session.set_value(session.COMPARE, list(chains)[:COMPARE_DEFAULT])
        compared = st.multiselect(
            t("chainsui.mca.chains"), list(chains), key=session.COMPARE,
            format_func=lambda k: chains[k].label,
        )  # fmt: skip
        assessments = {
            k: assess_chain(member_exchanges(chains[k].members, full), factors)
            for k in dict.fromkeys([choice, *compared])
        }
        frame = compare_chains(assessments, settings.weights)
        chain_names = {k: chains[k].label for k in assessments}
        table_key = session.chain_table_key("compare_table")
        show_table(ct.comparison_table(frame, chain_names), table_key)
        st.plotly_chart(comparison_figure(frame, chain_names), key=session.COMPARE_CHART)

    with tabs["sensitivity"]:
        percent = st.slider(
            t("chainsui.sensitivity.percent"), 5, 50, step=5, key=session.PERCENT, format="%d %%"
        )
        session.keep([session.PERCENT])
        st.caption(t("chainsui.sensitivity.intro", percent=percent))
        known = [o for o in SENSITIVITY_OUTPUTS if assessed.totals[o].known]
        overrides = tuple(factors.overrides.items())
        swings = cache.sensitivity_of(tuple(exchanges), overrides, percent, known)
        labels = parameter_labels(swings["parameter"].unique(), factors)
        for output in SENSITIVITY_OUTPUTS:
            rows = tornado_rows(swings, output, labels)
            if rows.empty:
                st.info(t("chainsui.sensitivity.unknown", result=ct.result_label(output)))
                continue
            unit = assessed.totals[output].unit
            figure = tornado_figure(rows, ct.result_label(output), unit, percent)
            st.plotly_chart(figure, key=session.chain_table_key(f"tornado_{output}"))

    with tabs["export"]:
        st.caption(t("chainsui.export.intro"))
        report = partial(
            report_html, title=name, dataset_title=full.meta.get("title", full.name),
            chain=assessed, names=names, factors=factors, scores=scores,
            weights=settings.weights, mca=(score, coverage), generated=datetime.now(),
        )  # fmt: skip
        st.download_button(
            t("chainsui.export.csv"), partial(safe_csv_bytes, ct.csv_table(assessed, names)),
            file_name=f"{slug(name)}.csv", mime="text/csv", on_click="ignore", key=session.CSV,
        )  # fmt: skip
        st.download_button(
            t("chainsui.export.html"), lambda: report().encode("utf-8"),
            file_name=f"{slug(name)}.html", mime="text/html", on_click="ignore",
            key=session.HTML,
        )  # fmt: skip

    with tabs["factors"]:
        render_factors(assessed, factors)


def render_factors(assessed, factors) -> None:
    st.caption(t("chainsui.factors.intro"))
    table = factors.table()
    if st.toggle(t("chainsui.factors.only_used"), value=True, key=session.ONLY_USED):
        table = table[table["factor_id"].isin(ct.factor_sources(assessed, factors)["factor_id"])]
    table = table[list(FACTOR_COLUMNS)].reset_index(drop=True)
    ids = table["factor_id"].tolist()
    editor_key = session.factor_editor_key(hashlib.sha1("\n".join(ids).encode()).hexdigest()[:10])
    config = table_config(table)
    config["value"] = st.column_config.NumberColumn(config["value"].get("label"), format="%g")
    config["default"] = st.column_config.NumberColumn(config["default"].get("label"), format="%g")
    st.data_editor(
        table, key=editor_key, hide_index=True,
        disabled=[c for c in FACTOR_COLUMNS if c != "value"],
        on_change=chain_actions.apply_factor_edits, args=(editor_key, ids), column_config=config,
    )  # fmt: skip
    st.button(
        t("chainsui.factors.reset"), key=session.FACTORS_RESET,
        on_click=session.reset_factor_overrides,
    )  # fmt: skip


render(session.data(), read_settings())
