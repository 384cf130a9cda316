"""What the Chains page's buttons do: save, rename, edit and delete chains in the shared store,
and edit or reset the session's factor values and fate choices. Each is a widget callback; a
database error becomes a warning on the next run, never a crash."""

from __future__ import annotations

import logging
from collections.abc import Mapping

from sqlalchemy.exc import SQLAlchemyError

from dashboard.analysis.soft_mca import accept_suggestions
from dashboard.domain.exchange import Exchange, with_fates
from dashboard.domain.factors import Factors, bundled
from dashboard.domain.members import StoredChain, member_exchanges
from dashboard.domain.scoring import InvalidSheet, Sheet
from dashboard.i18n import t
from dashboard.store import chains as store
from dashboard.store import sheets
from dashboard.views.chain_options import SAVED, Option
from dashboard.views.chain_tables import edited_fates, edited_overrides
from dashboard.views.sheet_view import edited_entries
from dashboard.web import session

logger = logging.getLogger(__name__)


def _chain_name_taken(taken: store.DuplicateName) -> str:
    return t("chainsui.name_taken", name=taken.name, suggestion=taken.suggestion)


def stored(
    action, *args, name_key: str | None = None, flash=session.flash,
    name_taken=_chain_name_taken,
) -> object:  # fmt: skip
    """Run a store action; a database error becomes a warning (by `flash`) instead of a crash,
    and so does a name the dataset already has (worded by `name_taken`; the free name it
    suggests is put into `name_key`)."""
    try:
        return action(*args)
    except SQLAlchemyError as error:
        logger.exception("the store failed")
        flash("warning", t("chainsui.store_error", error=type(error).__name__))
    except store.DuplicateName as taken:
        if name_key is not None:
            session.set_value(name_key, taken.suggestion)
        flash("warning", name_taken(taken))
    return None


def saved_chains(dataset_key: str) -> tuple[list[StoredChain], str | None]:
    """The chains saved for a dataset that can be read, and a warning to show when something
    went wrong: the database could not be read, or some stored chains (named) were left out."""
    try:
        listing = store.read_chains(dataset_key)
    except SQLAlchemyError as error:
        logger.exception("reading the saved chains failed")
        return [], t("chainsui.store_error", error=type(error).__name__)
    if listing.skipped:
        logger.warning("unreadable saved chains left out: %s", ", ".join(listing.skipped))
        return listing.chains, t("chainsui.store_skipped", ids=", ".join(listing.skipped))
    return listing.chains, None


def _members(key: str, options: Mapping[str, Option]) -> list:
    return [options[k].member for k in session.value(key, []) if k in options]


def save_new(dataset_id: str, options: Mapping[str, Option], count: int) -> None:
    members = _members(session.NEW_MEMBERS, options)
    if not members:
        session.flash("warning", t("chainsui.build.need_members"))
        return
    name = session.value(session.NEW_NAME, "").strip()
    if not name:
        default = t("chainsui.build.default_name", n=count)
        name = stored(store.free_name, default, dataset_id) or default
    chain_id = stored(store.create_chain, name, dataset_id, members, name_key=session.NEW_NAME)
    if chain_id is None:
        return
    session.set_value(session.CHAIN, f"{SAVED}{chain_id}")
    session.set_value(session.NEW_NAME, "")
    session.set_value(session.NEW_MEMBERS, [])
    session.flash("success", t("chainsui.build.saved", name=name))


def rename(chain_id: str) -> None:
    name = session.value(session.RENAME, "").strip()
    if name and stored(store.rename_chain, chain_id, name, name_key=session.RENAME):
        session.flash("success", t("chainsui.manage.renamed", name=name))


def edit_members(chain_id: str, options: Mapping[str, Option]) -> None:
    members = _members(session.EDIT_MEMBERS, options)
    if stored(store.set_members, chain_id, members):
        session.flash("success", t("chainsui.manage.members_saved", count=len(members)))


def delete(chain_id: str, name: str, next_choice: str | None) -> None:
    """Delete the chain the confirmation was opened for, only while the picker names it; then
    the picker moves to `next_choice` and the confirmation closes."""
    if not session.shows_chain(f"{SAVED}{chain_id}"):
        session.close_delete_confirm(chain_id)
        session.flash("warning", t("chainsui.manage.delete_moved", name=name))
        return
    if stored(store.delete_chain, chain_id):
        session.forget_chain(chain_id, next_choice)
        session.flash("success", t("chainsui.manage.deleted", name=name))


def session_factors() -> Factors:
    """The bundled factors with this session's edited values."""
    return Factors(overrides=session.factor_overrides(f.factor_id for f in bundled()))


def chain_exchanges(members, dataset, dataset_key: str) -> list[Exchange]:
    """A chain's exchanges with the fates this session chose for them."""
    return with_fates(member_exchanges(members, dataset), session.fate_choices(dataset_key))


def apply_fate_edits(
    editor_key: str, ids: list[str], dataset_key: str, defaults: dict[str, str]
) -> None:
    current = session.fate_choices(dataset_key)
    changes = session.edited_rows(editor_key)
    session.set_fate_choices(dataset_key, edited_fates(current, changes, ids, defaults))


def apply_factor_edits(editor_key: str, ids: list[str]) -> None:
    current = session.factor_overrides(f.factor_id for f in bundled())
    changes = session.edited_rows(editor_key)
    session.set_factor_overrides(edited_overrides(current, changes, ids, bundled()))


def take_suggestions(chain_key: str, base: tuple, editor_key: str) -> None:
    """Fill the unscored lines of the sheet being edited with their suggested levels (a draft
    until it is saved)."""
    current = edited_entries(base, session.edited_rows(editor_key))
    session.set_sheet_draft(chain_key, accept_suggestions(current))


def save_sheet(
    dataset_key: str, chain_key: str, chain_name: str, base: tuple, readiness: tuple,
    editor_keys: tuple[str, str],
) -> None:  # fmt: skip
    """Save the sheet as edited, under the scorer's name and the time now."""
    entries = edited_entries(base, session.edited_rows(editor_keys[0]))
    ready = edited_entries(readiness, session.edited_rows(editor_keys[1]))
    scorer = str(session.value(session.SCORER) or "").strip()
    sheet = Sheet(dataset_key, chain_key, scorer, sheets.now(), entries, ready)
    try:
        saved = stored(sheets.save_sheet, sheet)
    except InvalidSheet as error:
        problem = "scorer" if str(error) == "scorer" else "other"
        session.flash("warning", t("mca.invalid", problem=t(f"mca.problem.{problem}")))
        return
    if saved is not None:
        session.set_sheet_draft(chain_key, None)
        session.flash("success", t("mca.saved", chain=chain_name, scorer=scorer))
