"""The Living Lab pipeline page: the portfolio of followed chains (counts by stage, realised
benefits by year against the ex-ante assessment, stage times, stop reasons, the funder's
report) and one chain's follow-up (stage changes, dated notes, yearly figures, owner)."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import UTC, date, datetime

import streamlit as st
from sqlalchemy.exc import SQLAlchemyError

from dashboard.analysis.portfolio import (
    chain_years,
    ex_ante,
    realised_by_year,
    stage_counts,
    stage_times,
    stop_reasons,
)
from dashboard.domain.factors import PROVENANCES
from dashboard.domain.labels import provenance_label
from dashboard.domain.members import StoredChain
from dashboard.domain.pipeline import (
    METRICS,
    STAGES,
    STOP_REASONS,
    STOPPED,
    Note,
    Pipeline,
    StageChange,
    YearResult,
)
from dashboard.i18n import t
from dashboard.io.datasets import workbook_bytes
from dashboard.io.export import safe_csv_bytes
from dashboard.store import pipelines as store
from dashboard.views import portfolio as views
from dashboard.views.markdown import escape_markdown
from dashboard.web import access, cache, chain_actions, session
from dashboard.web.widgets import deferred, number_table, show_flash, table

LOG = logging.getLogger(__name__)
EARLIEST_YEAR = 1990


def bold(text: str) -> str:
    return f"**{text}**"


def today() -> date:
    return datetime.now(UTC).date()


def _guard(action, *args, **kwargs) -> bool:
    """Run a store action; a refusal or a database error becomes a message, never a traceback."""
    try:
        action(*args, **kwargs)
    except store.PipelineRefused as refused:
        session.flash("warning", t(f"pipeline.refused.{refused.code}"))
    except SQLAlchemyError:
        LOG.exception("a pipeline action failed")
        session.flash("warning", t("pipeline.refused.database"))
    else:
        return True
    return False


def read_pipelines(dataset_key: str) -> tuple[dict[str, Pipeline], str | None]:
    try:
        return store.pipelines(dataset_key), None
    except SQLAlchemyError:
        LOG.exception("reading the pipeline failed")
        return {}, t("pipeline.refused.database")


def expected_of(chains: Mapping[str, StoredChain], followed, data) -> dict[str, dict]:
    """The ex-ante assessment of each followed chain, per year."""
    factors = chain_actions.session_factors()
    found = {}
    for chain_id in followed:
        exchanges = chain_actions.chain_exchanges(chains[chain_id].members, data.full, data.key)
        found[chain_id] = ex_ante(cache.assessment(exchanges, factors))
    return found


# -- callbacks --------------------------------------------------------------------------------


def _follow(chain_id: str) -> None:
    owner = session.value(session.PL_OWNER) or ""
    since = session.value(session.PL_SINCE) or today()
    if _guard(store.follow, chain_id, owner, since, today=today()):
        session.flash("success", t("pipeline.followed"))


def _move(chain_id: str) -> None:
    stage = session.value(session.PL_STAGE)
    reason = session.value(session.PL_REASON) if stage == STOPPED else ""
    change = StageChange(session.value(session.PL_ON) or today(), stage, reason or "")
    note = session.value(session.PL_NOTE) or ""
    if _guard(store.move, chain_id, change, today=today(), note=note):
        session.flash("success", t("pipeline.moved", stage=views.stage_label(stage)))


def _add_note(chain_id: str) -> None:
    note = Note(
        session.value(session.PL_NOTE_ON) or today(),
        session.value(session.PL_NOTE_TEXT) or "",
        session.value(session.PL_NOTE_AUTHOR) or "",
    )  # fmt: skip
    if _guard(store.add_note, chain_id, note, today=today()):
        session.flash("success", t("pipeline.noted"))


def _set_owner(chain_id: str) -> None:
    if _guard(store.set_owner, chain_id, session.value(session.PL_NEW_OWNER) or ""):
        session.flash("success", t("pipeline.owner_set"))


def _record(chain_id: str) -> None:
    year = session.value(session.PL_YEAR)
    values = {m: session.value(session.pl_metric_key(m)) for m in METRICS}
    result = YearResult(
        int(year or 0), {m: None if v is None else float(v) for m, v in values.items()},
        session.value(session.PL_PROVENANCE) or "reported",
        session.value(session.PL_SOURCE) or "",
    )  # fmt: skip
    if _guard(store.record_year, chain_id, result, today=today()):
        session.flash("success", t("pipeline.recorded", year=result.year))


def _remove_year(chain_id: str) -> None:
    year = session.value(session.PL_REMOVE_YEAR)
    if year is not None and _guard(store.remove_year, chain_id, int(year)):
        session.flash("success", t("pipeline.removed", year=year))


def _unfollow(chain_id: str) -> None:
    if _guard(store.unfollow, chain_id):
        session.flash("success", t("pipeline.unfollowed"))


# -- the page ---------------------------------------------------------------------------------


def portfolio(followed: dict[str, Pipeline], names: Mapping[str, str], expected, when: date):
    """Counts by stage, realised benefits, stage times, stop reasons and the funder's report."""
    st.subheader(t("pipeline.portfolio"))
    pipelines = list(followed.values())
    counts = stage_counts(pipelines)
    for column, (stage, count) in zip(
        st.columns(len(STAGES)), zip(counts["stage"], counts["chains"], strict=True), strict=True
    ):
        column.metric(views.stage_label(stage), count)
    by_year = realised_by_year(pipelines, expected)
    if by_year.empty:
        st.info(t("pipeline.no_results"))
    else:
        with st.container(key=session.PL_CHART):
            st.plotly_chart(views.realised_figure(by_year), config={"displaylogo": False})
        number_table(views.summary_table(by_year), session.PL_SUMMARY)
        st.caption(t("pipeline.summary_note"))
    times = stage_times(pipelines, when)
    reasons = stop_reasons(pipelines)
    left, right = st.columns([3, 2])
    with left:
        st.markdown(bold(t("pipeline.times")))
        number_table(views.times_table(times), session.PL_TIMES)
    with right:
        st.markdown(bold(t("pipeline.stopped_why")))
        if reasons.empty:
            st.caption(t("pipeline.none_stopped"))
        else:
            number_table(views.reasons_table(reasons), session.PL_REASONS)
    years = views.years_table(chain_years(pipelines, expected), followed, names)
    sheets = views.report_sheets(counts, times, reasons, by_year, years)
    left, right = st.columns(2)
    left.download_button(
        t("pipeline.report_xlsx"), deferred("pipeline report", workbook_bytes, sheets),
        file_name=f"pipeline-report-{when.isoformat()}.xlsx", key=session.PL_REPORT,
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        disabled=not followed, on_click="ignore",
    )  # fmt: skip
    right.download_button(
        t("pipeline.report_csv"), deferred("pipeline years", safe_csv_bytes, years),
        file_name=f"pipeline-chains-{when.isoformat()}.csv", key=session.PL_REPORT_CSV,
        mime="text/csv", disabled=not followed, on_click="ignore",
    )  # fmt: skip


def follow_form(chain_id: str) -> None:
    st.caption(t("pipeline.not_followed"))
    owner, since, button = st.columns([3, 2, 1], vertical_alignment="bottom")
    owner.text_input(t("pipeline.owner"), key=session.PL_OWNER, max_chars=store.OWNER_LIMIT)
    since.date_input(t("pipeline.since"), value=today(), max_value=today(), key=session.PL_SINCE,
                     format="YYYY-MM-DD")  # fmt: skip
    button.button(t("pipeline.follow"), key=session.PL_FOLLOW, type="primary",
                  on_click=_follow, args=(chain_id,))  # fmt: skip


def move_form(chain_id: str, current: Pipeline) -> None:
    with st.form(session.PL_MOVE_FORM, clear_on_submit=True, border=True):
        st.markdown(bold(t("pipeline.move")))
        stage, on, reason = st.columns(3)
        others = [s for s in STAGES if s != current.stage]
        stage.selectbox(t("pipeline.new_stage"), others, key=session.PL_STAGE,
                        format_func=views.stage_label)  # fmt: skip
        on.date_input(t("pipeline.on"), value=today(), max_value=today(), key=session.PL_ON,
                      format="YYYY-MM-DD")  # fmt: skip
        reason.selectbox(t("pipeline.reason"), STOP_REASONS, index=None, key=session.PL_REASON,
                         format_func=views.reason_label, placeholder=t("pipeline.no_reason"),
                         help=t("pipeline.reason_help"))  # fmt: skip
        st.text_input(t("pipeline.move_note"), key=session.PL_NOTE, max_chars=2000)
        st.form_submit_button(t("pipeline.move_button"), key=session.PL_MOVE,
                              on_click=_move, args=(chain_id,))  # fmt: skip


def note_form(chain_id: str) -> None:
    with st.form(session.PL_NOTE_FORM, clear_on_submit=True, border=True):
        st.markdown(bold(t("pipeline.add_note")))
        on, author = st.columns([1, 2])
        on.date_input(t("pipeline.on"), value=today(), max_value=today(),
                      key=session.PL_NOTE_ON, format="YYYY-MM-DD")  # fmt: skip
        author.text_input(t("pipeline.author"), key=session.PL_NOTE_AUTHOR, max_chars=200)
        st.text_area(t("pipeline.note"), key=session.PL_NOTE_TEXT, max_chars=2000, height=80)
        st.form_submit_button(t("pipeline.add_note_button"), key=session.PL_ADD_NOTE,
                              on_click=_add_note, args=(chain_id,))  # fmt: skip


def year_form(chain_id: str) -> None:
    with st.form(session.PL_YEAR_FORM, clear_on_submit=True, border=True):
        st.markdown(bold(t("pipeline.record_year")))
        st.caption(t("pipeline.record_help"))
        first = st.columns(len(METRICS) + 1)
        first[0].number_input(t("pipeline.year"), EARLIEST_YEAR, today().year, today().year - 1,
                              step=1, key=session.PL_YEAR)  # fmt: skip
        for column, metric in zip(first[1:], METRICS, strict=True):
            column.number_input(
                views.metric_heading(metric), value=None,
                min_value=0.0 if metric in ("diverted_t", "jobs") else None,
                step=1.0, key=session.pl_metric_key(metric),
            )  # fmt: skip
        provenance, source = st.columns([1, 3])
        provenance.selectbox(t("pipeline.provenance"), PROVENANCES, index=1,
                             key=session.PL_PROVENANCE, format_func=provenance_label)  # fmt: skip
        source.text_input(t("pipeline.source"), key=session.PL_SOURCE,
                          max_chars=store.SOURCE_LIMIT)  # fmt: skip
        st.form_submit_button(t("pipeline.record_button"), key=session.PL_RECORD,
                              on_click=_record, args=(chain_id,))  # fmt: skip


def chain_panel(chain_id: str, current: Pipeline | None, expected, names, when: date) -> None:
    if current is None:
        follow_form(chain_id)
        return
    stage = views.stage_label(current.stage)
    reason = f" ({views.reason_label(current.reason)})" if current.reason else ""
    st.markdown(t("pipeline.now", stage=stage + reason, owner=escape_markdown(current.owner)))
    table(views.history_table(current, when), session.PL_HISTORY, hide_index=True)
    move_form(chain_id, current)
    figures = views.years_table(chain_years([current], expected), {chain_id: current}, names)
    st.markdown(bold(t("pipeline.figures")))
    if figures.empty:
        st.caption(t("pipeline.no_figures"))
    else:
        number_table(figures.drop(columns=figures.columns[:3]), session.PL_YEARS)
    year_form(chain_id)
    if current.years:
        year, button = st.columns([1, 1], vertical_alignment="bottom")
        year.selectbox(t("pipeline.remove_year"), [r.year for r in current.years],
                       key=session.PL_REMOVE_YEAR)  # fmt: skip
        button.button(t("pipeline.remove"), key=session.PL_REMOVE, on_click=_remove_year,
                      args=(chain_id,))  # fmt: skip
    st.markdown(bold(t("pipeline.notes")))
    if current.notes:
        table(views.notes_table(current), session.PL_NOTES, hide_index=True)
    else:
        st.caption(t("pipeline.no_notes"))
    note_form(chain_id)
    owner, button, leave = st.columns([3, 1, 1], vertical_alignment="bottom")
    owner.text_input(t("pipeline.new_owner"), value=current.owner, key=session.PL_NEW_OWNER,
                     max_chars=store.OWNER_LIMIT)  # fmt: skip
    button.button(t("pipeline.set_owner"), key=session.PL_SET_OWNER, on_click=_set_owner,
                  args=(chain_id,))  # fmt: skip
    leave.button(t("pipeline.unfollow"), key=session.PL_UNFOLLOW, on_click=_unfollow,
                 args=(chain_id,), help=t("pipeline.unfollow_help"))  # fmt: skip


def render(data: session.PageData) -> None:
    when = today()
    st.title(t("pipeline.title"))
    st.caption(t("pipeline.intro"))
    if not access.facilitators_only():
        return
    saved, warning = chain_actions.saved_chains(data.key)
    followed, failed = read_pipelines(data.key)
    for message in (warning, failed):
        if message:
            st.warning(escape_markdown(message))
    show_flash()
    chains = {c.id: c for c in saved}
    followed = {k: v for k, v in followed.items() if k in chains}
    names = {k: c.name for k, c in chains.items()}
    expected = expected_of(chains, followed, data)
    portfolio(followed, names, expected, when)
    st.divider()
    st.subheader(t("pipeline.follow_up"))
    if not chains:
        st.info(t("pipeline.no_chains"))
        return
    order = sorted(chains, key=lambda c: (c not in followed, names[c].casefold()))
    session.keep_only(session.PL_CHAIN, order)
    chosen = st.selectbox(
        t("pipeline.pick"), order, key=session.PL_CHAIN,
        format_func=lambda c: t("pipeline.pick_label", name=names[c], stage=views.stage_label(
            followed[c].stage)) if c in followed else names[c],
    )  # fmt: skip
    chain_panel(chosen, followed.get(chosen), expected, names, when)
