"""Chains: detected and saved symbiotic chains, their assessment with the working, multi-criteria
comparison, sensitivity, export, editable factors, and composing chains from flows and candidates.
"""

import hashlib
import re
from datetime import datetime
from functools import partial

import pandas as pd
import streamlit as st
from sqlalchemy.exc import SQLAlchemyError
from streamlit_folium import st_folium

from dashboard import chain_members as cm
from dashboard import chain_tables as ct
from dashboard import chain_view as cv
from dashboard import policy, store
from dashboard.assessment import (
    CRITERIA,
    SENSITIVITY_OUTPUTS,
    assess_chain,
    compare_chains,
    criteria_scores,
    criterion_label,
    mca_score,
    sensitivity,
)
from dashboard.chains import detect_chains
from dashboard.dataset import Dataset
from dashboard.export import escape_markdown, safe_csv_bytes
from dashboard.factors import Factors, bundled
from dashboard.i18n import t
from dashboard.webapp import current, dataset_key, find_candidates_cached, measure_columns

CHAIN = "chainsui_chain"
OVERRIDES = "chainsui_overrides"
FACTOR_VERSION = "chainsui_factor_version"
NEW_NAME, NEW_MEMBERS = "chainsui_new_name", "chainsui_new_members"
RENAME, EDIT_MEMBERS, MANAGE_FOR = "chainsui_rename", "chainsui_edit_members", "chainsui_manage_for"
COMPARE, PERCENT, ONLY_USED = "chainsui_compare", "chainsui_percent", "chainsui_only_used"
MESSAGE = "chainsui_message"
HEADLINE = ("ghg_avoided_t_co2e", "net_benefit_eur", "waste_diverted_t", "energy_recovered_mwh")
COMPARE_DEFAULT = 4
KEPT = (CHAIN, NEW_NAME, NEW_MEMBERS, PERCENT)
FACTOR_COLUMNS = ("factor_id", "value", "unit", "default", "source", "source_url", "provenance",
                  "kind", "material", "note")  # fmt: skip


@st.cache_data(show_spinner=False, max_entries=16)
def detected_chains(key: str, _full: Dataset):
    """Chains detected in the flows of the dataset `key`."""
    return detect_chains(_full.flows, _full.companies)


@st.cache_data(show_spinner=False, max_entries=32)
def sensitivity_of(
    exchanges: tuple, overrides: tuple, percent: float, known: list[str]
) -> pd.DataFrame:
    """Tornado data of a chain under the session's factor overrides (none when no output of it
    is known: nothing to vary)."""
    if not known:
        return pd.DataFrame(columns=["parameter", "output", "base", "low", "high"])
    return sensitivity(exchanges, Factors(overrides=dict(overrides)), percent)


def weight_key(criterion: str) -> str:
    return f"chainsui_weight_{criterion}"


def restore(keys) -> None:
    """Give widgets back the values they lost while the user was on another page."""
    for key in keys:
        if key not in st.session_state and f"{key}_kept" in st.session_state:
            st.session_state[key] = st.session_state[f"{key}_kept"]


def keep(keys) -> None:
    for key in keys:
        if key in st.session_state:
            st.session_state[f"{key}_kept"] = st.session_state[key]


def stored(action, *args) -> object:
    """Run a store action; a database error becomes a warning instead of a crash."""
    try:
        return action(*args)
    except SQLAlchemyError as error:
        flash("warning", t("chainsui.store_error", error=type(error).__name__))
        return None


def session_factors() -> Factors:
    ids = {f.factor_id for f in bundled()}
    overrides = st.session_state.setdefault(OVERRIDES, {})
    return Factors(overrides={k: float(v) for k, v in overrides.items() if k in ids})


def flash(kind: str, text: str) -> None:
    st.session_state[MESSAGE] = (kind, text)


def save_new(dataset_id: str, options: dict[str, cm.Option], count: int) -> None:
    members = [options[k].member for k in st.session_state.get(NEW_MEMBERS, []) if k in options]
    if not members:
        flash("warning", t("chainsui.build.need_members"))
        return
    name = st.session_state.get(NEW_NAME, "").strip() or t("chainsui.build.default_name", n=count)
    chain_id = stored(store.create_chain, name, dataset_id, members)
    if chain_id is None:
        return
    st.session_state[CHAIN] = f"saved:{chain_id}"
    st.session_state[NEW_NAME], st.session_state[NEW_MEMBERS] = "", []
    flash("success", t("chainsui.build.saved", name=name))


def rename(chain_id: str) -> None:
    name = st.session_state.get(RENAME, "").strip()
    if name and stored(store.rename_chain, chain_id, name):
        flash("success", t("chainsui.manage.renamed", name=name))


def edit_members(chain_id: str, options: dict[str, cm.Option]) -> None:
    members = [options[k].member for k in st.session_state.get(EDIT_MEMBERS, []) if k in options]
    if stored(store.set_members, chain_id, members):
        flash("success", t("chainsui.manage.members_saved", count=len(members)))


def delete(chain_id: str, name: str) -> None:
    if stored(store.delete_chain, chain_id):
        st.session_state.pop(CHAIN, None)
        st.session_state.pop(MANAGE_FOR, None)
        flash("success", t("chainsui.manage.deleted", name=name))


def apply_factor_edits(editor_key: str, ids: list[str]) -> None:
    edits = st.session_state[editor_key].get("edited_rows", {})
    current = st.session_state.get(OVERRIDES, {})
    st.session_state[OVERRIDES] = ct.edited_overrides(current, edits, ids, bundled())


def reset_factors() -> None:
    st.session_state[OVERRIDES] = {}
    st.session_state[FACTOR_VERSION] = st.session_state.get(FACTOR_VERSION, 0) + 1


def reasons_markdown(results) -> str | None:
    summary = ct.reasons_summary(results)
    return None if summary is None else escape_markdown(summary)


def table_config(frame: pd.DataFrame) -> dict[str, object]:
    labels = ct.column_labels()
    config: dict[str, object] = {}
    for column in frame.columns:
        label = labels.get(column, column)
        if column in ("exchange", "company", "result"):
            config[column] = st.column_config.TextColumn(label, pinned=True)
        elif column == "source_url":
            config[column] = st.column_config.LinkColumn(label)
        elif pd.api.types.is_float_dtype(frame[column]):
            config[column] = st.column_config.NumberColumn(label, format="localized")
        else:
            config[column] = st.column_config.TextColumn(label)
    return config


def show_table(frame: pd.DataFrame, key: str) -> None:
    """A table with headings from the catalogue; empty text cells stay empty."""
    text = {c: "" for c in frame.columns if frame[c].dtype == object}
    st.dataframe(frame.fillna(text), hide_index=True, key=key, column_config=table_config(frame))


def show_metrics(chain, columns) -> None:
    """The headline totals, unknown ones with their reasons in the help."""
    for column, name in zip(columns, HEADLINE, strict=False):
        result = chain.totals[name]
        column.metric(
            ct.result_label(name), ct.number_text(result.value), help=reasons_markdown([result])
        )


def slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-")[:40] or "chain"


full, view = current()
key = dataset_key()
names = cm.company_names(full)
factors = session_factors()
st.title(t("chainsui.title"))
st.caption(t("chainsui.intro"))

try:
    saved = store.list_chains(key)
except SQLAlchemyError as error:
    saved = []
    st.warning(t("chainsui.store_error", error=escape_markdown(type(error).__name__)))
chains = cm.listed_chains(
    saved, detected_chains(key, full), full.flows, view.companies["company_id"]
)

candidates = find_candidates_cached()
options = cm.exchange_options(full, candidates, [m for s in saved for m in s.members])
labels = {k: o.label for k, o in options.items()}
restore([*KEPT, *map(weight_key, CRITERIA)])
st.session_state[NEW_MEMBERS] = [k for k in st.session_state.get(NEW_MEMBERS, []) if k in options]

if MESSAGE in st.session_state:
    kind, text = st.session_state.pop(MESSAGE)
    (st.success if kind == "success" else st.warning)(escape_markdown(text))

with st.expander(t("chainsui.build.heading"), expanded=not chains, key="chainsui_build"):
    st.caption(t("chainsui.build.intro"))
    name_column, save_column = st.columns([4, 1], vertical_alignment="bottom")
    name_column.text_input(t("chainsui.build.name"), key=NEW_NAME, max_chars=200)
    chosen = st.multiselect(
        t("chainsui.build.members"),
        list(options),
        key=NEW_MEMBERS,
        format_func=labels.get,
        placeholder=t("chainsui.build.placeholder"),
        help=t("chainsui.build.members_help"),
    )
    save_column.button(
        t("chainsui.build.save"),
        key="chainsui_save",
        type="primary",
        disabled=not chosen,
        on_click=save_new,
        args=(key, options, len(saved) + 1),
        width="stretch",
    )
    keep([NEW_NAME, NEW_MEMBERS])
    if chosen:
        draft = cm.member_exchanges([options[k].member for k in chosen], full)
        show_metrics(assess_chain(draft, factors), st.columns(len(HEADLINE)))

if not chains:
    st.info(t("chainsui.none"))
    st.stop()

if st.session_state.get(CHAIN) not in chains:
    st.session_state.pop(CHAIN, None)
choice = st.selectbox(
    t("chainsui.pick"),
    list(chains),
    key=CHAIN,
    format_func=lambda k: chains[k].label,
    help=t("chainsui.pick_help"),
)
keep([CHAIN])
_, name, members = chains[choice]

if choice.startswith("saved:"):
    chain_id = choice.removeprefix("saved:")
    if st.session_state.get(MANAGE_FOR) != chain_id:
        st.session_state[MANAGE_FOR] = chain_id
        st.session_state[RENAME] = name
        st.session_state[EDIT_MEMBERS] = [cm.member_key(m) for m in members]
    with st.expander(t("chainsui.manage.heading"), key="chainsui_manage"):
        name_column, rename_column, delete_column = st.columns(
            [4, 1, 1], vertical_alignment="bottom"
        )
        name_column.text_input(t("chainsui.manage.name"), key=RENAME, max_chars=200)
        rename_column.button(
            t("chainsui.manage.rename"),
            key="chainsui_rename_button",
            on_click=rename,
            args=(chain_id,),
            width="stretch",
        )
        with delete_column.popover(t("chainsui.manage.delete"), width="stretch"):
            st.caption(t("chainsui.manage.delete_confirm"))
            st.button(
                t("chainsui.manage.delete_button"),
                key="chainsui_delete",
                type="primary",
                on_click=delete,
                args=(chain_id, name),
            )
        st.multiselect(
            t("chainsui.build.members"),
            list(options),
            key=EDIT_MEMBERS,
            format_func=labels.get,
            placeholder=t("chainsui.build.placeholder"),
            help=t("chainsui.manage.members_help"),
            on_change=edit_members,
            args=(chain_id, options),
        )

exchanges = cm.member_exchanges(members, full)
if not exchanges:
    st.info(t("chainsui.empty"))
    st.stop()
assessed = assess_chain(exchanges, factors)
for criterion in CRITERIA:
    st.session_state.setdefault(weight_key(criterion), 1.0)
weights = {c: float(st.session_state[weight_key(c)]) for c in CRITERIA}
scores = criteria_scores(assessed)
score, coverage = mca_score(scores, weights)

columns = st.columns(len(HEADLINE) + 1)
show_metrics(assessed, columns)
columns[-1].metric(
    t("chainsui.mca_score"),
    ct.score_text(score),
    help=t("chainsui.mca_coverage", coverage=f"{coverage:.0%}"),
)
unknown = reasons_markdown(assessed.totals[n] for n in HEADLINE)
if unknown:
    st.caption(t("chainsui.unknown_caption", reasons=unknown))
if factors.overrides:
    st.caption(t("chainsui.overridden", count=len(factors.overrides)))

TAB_NAMES = (
    "diagram", "assessment", "policy", "working", "mca", "sensitivity", "export", "factors",
)  # fmt: skip
tabs = dict(
    zip(
        TAB_NAMES,
        st.tabs(
            [t(f"chainsui.tab.{tab}") for tab in TAB_NAMES],
            key="chainsui_tabs",
        ),
        strict=True,
    )
)

with tabs["diagram"]:
    st.plotly_chart(
        cv.diagram_figure(cv.chain_diagram(exchanges, names)),
        key="chainsui_diagram",
        config={"displayModeBar": False},
    )
    st.caption(t("chainsui.diagram_caption"))
    st_folium(
        cv.chain_map(exchanges, full),
        key="chains_map",
        feature_group_to_add=cv.map_layers(exchanges, full),
        returned_objects=[],
        height=460,
        use_container_width=True,
    )

with tabs["assessment"]:
    st.subheader(t("chainsui.totals"))
    show_table(ct.totals_table(assessed), "chainsui_totals")
    st.subheader(t("chainsui.per_exchange"))
    show_table(ct.exchange_table(assessed, names), "chainsui_exchanges")
    st.subheader(t("chainsui.per_partner"))
    st.caption(t("chainsui.per_partner_caption"))
    show_table(ct.partner_frame(assessed, names), "chainsui_partners")

with tabs["policy"]:
    st.caption(t("chainsui.policy.intro"))
    split = policy.exchanges_findings(
        full, st.session_state.get("policy_catalogue") or policy.bundled_catalogue(), exchanges
    )
    st.markdown(t("policy.summary", **{k: len(v) for k, v in split.items()}))
    for category, items in split.items():
        st.markdown(f"**{t(f'policy.category.{category}')}**")
        st.dataframe(
            policy.findings_table(items),
            hide_index=True,
            key=f"chainsui_policy_{category}",
            column_config=measure_columns(),
        )

with tabs["working"]:
    st.caption(t("chainsui.working.intro"))
    with st.expander(t("chainsui.total")):
        st.markdown(ct.working_markdown(ct.totals_working(assessed, names)))
    for assessment in assessed.assessments:
        with st.expander(escape_markdown(cm.exchange_label(assessment.exchange, names))):
            st.markdown(ct.working_markdown(ct.working_table(assessment, factors)))
    st.subheader(t("chainsui.report.sources"))
    show_table(ct.factor_sources(assessed, factors), "chainsui_sources")

with tabs["mca"]:
    st.caption(t("chainsui.mca.intro"))
    sliders = st.columns(3)
    for i, criterion in enumerate(CRITERIA):
        sliders[i % 3].slider(
            criterion_label(criterion), 0.0, 5.0, step=0.5, key=weight_key(criterion)
        )
    keep(map(weight_key, CRITERIA))
    st.markdown(t("chainsui.mca.result", score=ct.score_text(score), coverage=f"{coverage:.0%}"))
    show_table(ct.criteria_table(scores, weights), "chainsui_criteria")
    st.subheader(t("chainsui.mca.compare"))
    st.session_state[COMPARE] = [k for k in st.session_state.get(COMPARE, []) if k in chains]
    if not st.session_state[COMPARE]:
        st.session_state[COMPARE] = list(chains)[:COMPARE_DEFAULT]
    compared = st.multiselect(
        t("chainsui.mca.chains"), list(chains), key=COMPARE, format_func=lambda k: chains[k].label
    )
    assessments = {
        k: assess_chain(cm.member_exchanges(chains[k].members, full), factors)
        for k in dict.fromkeys([choice, *compared])
    }
    frame = compare_chains(assessments, weights)
    chain_names = {k: chains[k].label for k in assessments}
    show_table(ct.comparison_table(frame, chain_names), "chainsui_compare_table")
    st.plotly_chart(cv.comparison_figure(frame, chain_names), key="chainsui_compare_chart")

with tabs["sensitivity"]:
    st.session_state.setdefault(PERCENT, 25)
    percent = st.slider(
        t("chainsui.sensitivity.percent"), 5, 50, step=5, key=PERCENT, format="%d %%"
    )
    keep([PERCENT])
    st.caption(t("chainsui.sensitivity.intro", percent=percent))
    known = [o for o in SENSITIVITY_OUTPUTS if assessed.totals[o].known]
    swings = sensitivity_of(tuple(exchanges), tuple(factors.overrides.items()), percent, known)
    parameter_labels = cv.parameter_labels(swings["parameter"].unique(), factors)
    for output in SENSITIVITY_OUTPUTS:
        rows = cv.tornado_rows(swings, output, parameter_labels)
        if rows.empty:
            st.info(t("chainsui.sensitivity.unknown", result=ct.result_label(output)))
            continue
        unit = assessed.totals[output].unit
        figure = cv.tornado_figure(rows, ct.result_label(output), unit, percent)
        st.plotly_chart(figure, key=f"chainsui_tornado_{output}")

with tabs["export"]:
    st.caption(t("chainsui.export.intro"))
    report = partial(
        cv.report_html,
        title=name,
        dataset_title=full.meta.get("title", full.name),
        chain=assessed,
        names=names,
        factors=factors,
        scores=scores,
        weights=weights,
        mca=(score, coverage),
        generated=datetime.now(),
    )
    st.download_button(
        t("chainsui.export.csv"),
        partial(safe_csv_bytes, ct.csv_table(assessed, names)),
        file_name=f"{slug(name)}.csv",
        mime="text/csv",
        on_click="ignore",
        key="chainsui_csv",
    )
    st.download_button(
        t("chainsui.export.html"),
        lambda: report().encode("utf-8"),
        file_name=f"{slug(name)}.html",
        mime="text/html",
        on_click="ignore",
        key="chainsui_html",
    )

with tabs["factors"]:
    st.caption(t("chainsui.factors.intro"))
    table = factors.table()
    if st.toggle(t("chainsui.factors.only_used"), value=True, key=ONLY_USED):
        table = table[table["factor_id"].isin(ct.factor_sources(assessed, factors)["factor_id"])]
    table = table[list(FACTOR_COLUMNS)].reset_index(drop=True)
    ids = table["factor_id"].tolist()
    digest = hashlib.sha1("\n".join(ids).encode()).hexdigest()[:10]
    editor_key = f"chainsui_factors_{st.session_state.get(FACTOR_VERSION, 0)}_{digest}"
    config = table_config(table)
    config["value"] = st.column_config.NumberColumn(config["value"].get("label"), format="%g")
    config["default"] = st.column_config.NumberColumn(config["default"].get("label"), format="%g")
    st.data_editor(
        table,
        key=editor_key,
        hide_index=True,
        disabled=[c for c in FACTOR_COLUMNS if c != "value"],
        on_change=apply_factor_edits,
        args=(editor_key, ids),
        column_config=config,
    )
    st.button(t("chainsui.factors.reset"), key="chainsui_factors_reset", on_click=reset_factors)
