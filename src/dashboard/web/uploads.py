"""What the Data page's upload does, and opening an upload from a link.

An accepted upload is kept in the shared database (`dashboard.store.uploads`), so a link to it
(`?dataset=upload:<id>`) opens it in any browser session; a database error keeps the upload for
this session only and says so. A rejected upload changes nothing.
"""

from __future__ import annotations

import logging

import streamlit as st
from sqlalchemy.exc import SQLAlchemyError

from dashboard.i18n import t
from dashboard.io.datasets import LOAD_STEPS, load_files
from dashboard.io.problems import Problem
from dashboard.store import uploads as store
from dashboard.web import session

LOG = logging.getLogger(__name__)
KEEP_DAYS = store.KEEP_DAYS


def _with_title(dataset, name: str):
    dataset.meta = {"title": t("sidebar.uploaded", name=name), "origin": "upload", "name": name}
    return dataset


def accept_upload(name: str, files: dict[str, bytes], shown: bool = False) -> list[Problem]:
    """Validate uploaded files; only a valid dataset is stored and selected. `shown` (called
    during the run, not as a callback): a progress bar says which step is running (reading,
    each table's validation, storing), and the upload is selected at the next run."""
    steps = [*LOAD_STEPS, "store"]
    bar = st.progress(0.0, text=t("data.progress.read")) if shown else None

    def step(name: str) -> None:
        if bar is not None:
            bar.progress(steps.index(name) / len(steps), text=t(f"data.progress.{name}"))

    dataset, problems = load_files(name, files, step=step)
    session.set_upload_result(name, problems)
    if dataset is None:
        return problems
    step("store")
    try:
        upload_id = store.save_upload(name, files, session.owner())
    except SQLAlchemyError:
        LOG.exception("keeping the upload %r failed", name)
        upload_id = store.content_id(files)
        session.flash("warning", t("data.upload_not_stored"))
    select = session.select_upload_next_run if shown else session.select_upload
    select(upload_id, _with_title(dataset, name))
    session.next_upload_widget()
    return problems


def open_linked_upload() -> str | None:
    """Hold the upload that the page address names, read from the store and validated again;
    when there is none (expired, deleted, or never stored), the warning to show."""
    upload_id = session.linked_upload()
    if upload_id is None:
        return None
    try:
        kept = store.read_upload(upload_id)
    except SQLAlchemyError:
        LOG.exception("reading the upload %s failed", upload_id)
        kept = None
    dataset = None
    if kept is not None:
        dataset, problems = load_files(kept.name, kept.files)
        if problems:
            LOG.warning("stored upload %s no longer validates: %s", upload_id, problems[:3])
    if dataset is None:
        return t("sidebar.upload_gone", days=KEEP_DAYS)
    session.keep_upload(upload_id, _with_title(dataset, kept.name))
    return None


def delete_upload(upload_id: str) -> None:
    """Delete an upload this session made, from the store and the session (a callback)."""
    try:
        deleted = store.delete_upload(upload_id, session.owner())
    except SQLAlchemyError:
        LOG.exception("deleting the upload %s failed", upload_id)
        deleted = False
    session.forget_upload(upload_id)
    if deleted:
        session.flash("success", t("data.upload_deleted"))
    else:
        session.flash("warning", t("data.upload_not_deleted"))


def owns(upload_id: str) -> bool:
    """Whether this session made the upload (and so may delete it)."""
    try:
        return upload_id in {i for i, _ in store.owned_uploads(session.owner())}
    except SQLAlchemyError:
        LOG.exception("reading the uploads of this session failed")
        return False
