"""Access in the app: the tier of this visit, the facilitator's sign-in (a password hashed in the
server's secrets or environment, or the deployment's identity provider through Streamlit's
login), the public view anyone may ask for, and company links.

Secrets (`.streamlit/secrets.toml`):

    [facilitator]
    password_hash = "scrypt$16384$8$1$..."   # python -m dashboard password
    emails = ["anna@example.org"]            # with an [auth] section: Streamlit's login

The environment variable `IS_DASHBOARD_FACILITATOR_HASH` gives the hash where secrets cannot."""

from __future__ import annotations

import logging
import os
from datetime import UTC, datetime

import streamlit as st
from sqlalchemy.exc import SQLAlchemyError

from dashboard.domain.access import (
    FACILITATOR,
    PUBLIC,
    Tier,
    locked_out,
    signed_in,
    tier_of,
    valid_hash,
    verify_password,
)
from dashboard.i18n import t
from dashboard.store import access as store
from dashboard.views.markdown import escape_markdown
from dashboard.web import session
from dashboard.web.game_console import join_url_for

LOG = logging.getLogger(__name__)
HASH_ENV = "IS_DASHBOARD_FACILITATOR_HASH"


def _secrets() -> dict:
    try:
        return dict(st.secrets.get("facilitator", {}))
    except (FileNotFoundError, KeyError, AttributeError, ValueError):
        return {}
    except Exception:  # a malformed secrets file: Streamlit raises its own error
        LOG.exception("the secrets could not be read")
        return {}


def password_hash() -> str | None:
    stored = str(_secrets().get("password_hash") or os.environ.get(HASH_ENV) or "")
    if stored and not valid_hash(stored):
        LOG.error("the facilitator password hash is malformed; nobody can sign in")
    return stored or None


def facilitator_emails() -> tuple[str, ...]:
    """Facilitators' addresses for Streamlit's login, when the deployment configures one."""
    try:
        has_auth = "auth" in st.secrets
    except Exception:  # no secrets file
        has_auth = False
    emails = _secrets().get("emails") or ()
    return tuple(str(e).casefold() for e in emails) if has_auth else ()


def protected() -> bool:
    """Whether access control is on (otherwise the installation is open: all facilitators)."""
    return bool(password_hash() or facilitator_emails())


def _client() -> str:
    """The address a sign-in comes from (the rate limit counts per address)."""
    address = st.context.ip_address
    return address if isinstance(address, str) and address else "unknown"


def _identity_facilitator() -> bool:
    emails = facilitator_emails()
    if not emails or not st.user.get("is_logged_in", False):
        return False
    return str(st.user.get("email") or "").casefold() in emails


def is_facilitator_signed_in() -> bool:
    if _identity_facilitator():
        return True
    if not signed_in(session.signed_in_at(), datetime.now(UTC)):
        session.set_signed_in(None)
        return False
    return True


def _company() -> tuple[str, str] | None:
    token = session.url_param(session.ACCESS_PARAM)
    if not token:
        return None
    try:
        return store.company_of(token)
    except SQLAlchemyError:
        LOG.exception("reading a company link failed")
        return None


def current_tier() -> Tier:
    """The tier of this run (the rules: `domain.access.tier_of`)."""
    guard = protected()
    return tier_of(
        protected=guard, facilitator=guard and is_facilitator_signed_in(),
        company=_company() if guard else None, public_asked=session.public_asked(),
    )  # fmt: skip


def run_tier() -> Tier:
    """This run's tier as the sidebar worked it out (once per run: a company link is a
    database read), or worked out now before the sidebar has run."""
    tier = session.run_tier()
    return tier if tier is not None else current_tier()


def is_facilitator() -> bool:
    return run_tier().kind == FACILITATOR


def _sign_in() -> None:
    password = session.value(session.SIGN_IN_PASSWORD) or ""
    session.set_value(session.SIGN_IN_PASSWORD, "")
    stored, client = password_hash(), _client()
    try:
        if locked_out(store.failures(client), datetime.now(UTC)):
            session.tell_access("warning", t("access.locked"))
            return
        if stored and verify_password(password, stored):
            store.clear_failures(client)
            session.set_signed_in(datetime.now(UTC))
            session.tell_access("success", t("access.signed_in"))
            return
        store.record_failure(client)
    except SQLAlchemyError:
        LOG.exception("the sign-in store failed")
        session.tell_access("warning", t("access.store_error"))
        return
    session.tell_access("warning", t("access.wrong_password"))


def _sign_out() -> None:
    session.set_signed_in(None)
    session.tell_access("success", t("access.signed_out"))


def _toggle_public() -> None:
    session.ask_public(bool(session.value(session.PUBLIC_VIEW)))


def sidebar_panel(tier: Tier) -> None:
    """Which view this is, the public view switch, and signing in and out."""
    guard = protected()
    shown = guard or tier.kind != FACILITATOR
    st.caption(t(f"access.tier.{tier.kind}") if shown else t("access.open"))
    if tier.kind != FACILITATOR:
        st.caption(t("access.public_figures"))
    session.set_value(session.PUBLIC_VIEW, session.public_asked())
    st.toggle(t("access.public_view"), key=session.PUBLIC_VIEW, on_change=_toggle_public,
              help=t("access.public_view_help"))  # fmt: skip
    if not guard:
        return
    if _identity_facilitator():
        st.button(t("access.sign_out"), key=session.SIGN_OUT, on_click=st.logout)
    elif facilitator_emails() and st.user.get("is_logged_in", False):
        st.caption(t("access.not_listed", email=escape_markdown(str(st.user.get("email") or ""))))
        st.button(t("access.sign_out"), key=session.SIGN_OUT, on_click=st.logout)
    elif is_facilitator_signed_in():
        st.button(t("access.sign_out"), key=session.SIGN_OUT, on_click=_sign_out)
    else:
        with st.expander(t("access.sign_in_heading"), key=session.SIGN_IN_PANEL):
            if password_hash():
                st.text_input(t("access.password"), type="password",
                              key=session.SIGN_IN_PASSWORD)  # fmt: skip
                st.button(t("access.sign_in"), key=session.SIGN_IN, on_click=_sign_in)
            if facilitator_emails():
                st.button(t("access.sign_in_provider"), key=session.SIGN_IN_PROVIDER,
                          on_click=st.login)  # fmt: skip
    message = session.take_access_message()
    if message is not None:
        kind, text = message
        (st.success if kind == "success" else st.warning)(text)


def facilitators_only() -> bool:
    """True when this visit may use a facilitator's page; otherwise says why and how to sign
    in, and the caller shows nothing else."""
    tier = run_tier()
    if tier.kind == FACILITATOR:
        return True
    st.info(t("access.facilitators_only_public") if tier.kind == PUBLIC and not protected()
            else t("access.facilitators_only"), icon=":material/lock:")  # fmt: skip
    return False


def _make_link(dataset_id: str) -> None:
    company = session.value(session.LINK_COMPANY)
    if not company:
        return
    try:
        token = store.create_company_link(dataset_id, company)
    except SQLAlchemyError:
        LOG.exception("making a company link failed")
        session.flash("warning", t("access.store_error"))
        return
    link = join_url_for("", session.ACCESS_PARAM, token)
    session.set_made_link(f"{link}&{session.DATASET}={dataset_id}")


def company_link_panel(data: session.PageData, names: dict[str, str]) -> None:
    """For a facilitator of a protected deployment: a link that opens one company's own data in
    full (others as the public sees them), to send to that company."""
    if not protected() or not is_facilitator():
        return
    with st.expander(t("access.links_heading")):
        st.caption(t("access.links_help", days=store.LINK_DAYS))
        company = st.selectbox(t("access.link_company"), list(names), key=session.LINK_COMPANY,
                               format_func=names.get, index=None)  # fmt: skip
        st.button(t("access.link_make"), key=session.LINK_MAKE, disabled=company is None,
                  on_click=_make_link, args=(data.key,))  # fmt: skip
        made = session.made_link()
        if made:
            st.code(made, language=None)
