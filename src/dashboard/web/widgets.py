"""Widgets the pages share: the exchange picker, tables with headings from the catalogue, the
problem table, headline metrics, one-time messages, and downloads made on click that log a
failure instead of showing the visitor a traceback."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Mapping
from pathlib import PurePosixPath
from urllib.parse import urlparse

import pandas as pd
import streamlit as st
from streamlit.runtime.media_file_manager import MediaFileManager

from dashboard.analysis.assessment import ChainAssessment
from dashboard.domain.labels import number_text
from dashboard.i18n import language, t, use_language
from dashboard.io.problems import Problem
from dashboard.views.chain_options import Option
from dashboard.views.chain_tables import column_labels, reasons_summary, result_label
from dashboard.views.markdown import escape_markdown
from dashboard.views.problem_table import problem_table
from dashboard.views.table_words import in_words
from dashboard.web import session
from dashboard.web.columns import problem_columns

LOG = logging.getLogger(__name__)


def deferred(what: str, build: Callable[..., bytes], *args: object) -> Callable[[], bytes]:
    """A download's content, made by `build(*args)` when the button is clicked (Streamlit runs
    it outside the page run): in the language of this run; a failure is logged with its details,
    and the visitor sees only the button's short error, never a traceback."""
    current = language()

    def make() -> bytes:
        try:
            with use_language(current):
                return build(*args)
        except Exception:
            LOG.exception("download %s failed", what)
            raise

    return make


def keep_made_downloads() -> None:
    """Keep the file a download click made referenced by its session until that session's next
    full run, as a file made during the run is. Streamlit 1.67 leaves it unreferenced, so two
    script runs of any session between the click and the browser's fetch (a class's live boards
    rerun every few seconds) delete it, and the visitor's download fails with a 404."""
    execute = MediaFileManager.execute_deferred
    if getattr(execute, "keeps_made", False):
        return

    def execute_and_keep(manager: MediaFileManager, file_id: str) -> str:
        url = execute(manager, file_id)
        with manager._lock:
            entry = manager._deferred_callables.get(file_id)
            if entry is not None:
                files = manager._files_by_session_and_coord[entry["session_id"]]
                files[f"{entry['coordinates']}:made"] = PurePosixPath(urlparse(url).path).stem
        return url

    execute_and_keep.keeps_made = True
    execute_and_keep.streamlit_own = execute
    MediaFileManager.execute_deferred = execute_and_keep


def exchange_picker(
    key: str,
    options: Mapping[str, Option],
    help_text: str,
    on_change: Callable | None = None,
    args: tuple = (),
) -> list[str]:
    """Pick the exchanges of a chain: flows and candidate exchanges by readable label; returns
    the chosen option keys in order."""
    return st.multiselect(
        t("chainsui.build.members"),
        list(options),
        key=key,
        format_func=lambda k: options[k].label,
        placeholder=t("chainsui.build.placeholder"),
        help=help_text,
        filter_mode="contains",
        select_all=False,
        on_change=on_change,
        args=args,
    )


def table(frame: pd.DataFrame, key: str, **options: object) -> None:
    """A read-only table in a container with this key (the table's test id)."""
    with st.container(key=key):
        st.dataframe(in_words(frame), **options)


def number_table(frame: pd.DataFrame, key: str) -> None:
    """`table` without its index, its decimal numbers written in the page's language and an
    empty number cell read as unknown."""
    config = {
        c: st.column_config.NumberColumn(format="localized")
        for c in frame.columns if pd.api.types.is_float_dtype(frame[c])
    }  # fmt: skip
    table(frame, key, hide_index=True, column_config=config, placeholder=t("label.unknown"))


def show_problems(problems: Iterable[Problem], key: str) -> None:
    """Validation problems as a table: file, row, column, message."""
    table(problem_table(problems), key, hide_index=True, column_config=problem_columns())


def table_config(frame: pd.DataFrame) -> dict[str, object]:
    """Column configs of an assessment table: catalogue headings, numbers localised."""
    labels = column_labels()
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
    """An assessment table with headings from the catalogue; empty text cells stay empty, an
    unknown number reads as the catalogue's word for unknown."""
    text = {c: "" for c in frame.columns if frame[c].dtype == object}
    table(
        frame.fillna(text), key, hide_index=True, column_config=table_config(frame),
        placeholder=t("label.unknown"),
    )  # fmt: skip


def reasons_markdown(results) -> str | None:
    summary = reasons_summary(results)
    return None if summary is None else escape_markdown(summary)


def headline_metrics(chain: ChainAssessment, names: Iterable[str], columns) -> None:
    """The chain's totals of `names`, one metric per column, unknown ones with their reasons in
    the help."""
    for column, name in zip(columns, names, strict=False):
        result = chain.totals[name]
        column.metric(
            result_label(name), number_text(result.value), help=reasons_markdown([result])
        )


def show_flash() -> None:
    """The message a callback left for this run, shown once."""
    message = session.take_flash()
    if message is not None:
        kind, text = message
        (st.success if kind == "success" else st.warning)(escape_markdown(text))
