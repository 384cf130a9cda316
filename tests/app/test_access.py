"""Access in AppTest, with a facilitator password set: a visit sees the public tier on every
page, and nothing of a confidential company (name, exact coordinate, exact quantity) reaches
the rendered output; a wrong password is refused and five lock the client out; the right one
opens everything, facilitators' pages included, until signing out; a company link shows its
company in full; the public view switch only ever hides."""

from __future__ import annotations

import json

import pytest
from google.protobuf.json_format import MessageToJson
from streamlit.testing.v1 import AppTest

from dashboard.domain.access import FAILURES_ALLOWED, hash_password
from dashboard.domain.anonymise import confidential
from dashboard.domain.reference import DATASETS_DIR
from dashboard.i18n import t
from dashboard.io.datasets import load_path
from dashboard.store import access as access_store
from dashboard.store import db
from dashboard.views.markdown import escape_markdown
from dashboard.web import session
from dashboard.web.access import HASH_ENV

from ..confidential import CASE_PAGES, leaks, secrets_of
from ..paths import APP
from .test_pages import PAGES

PASSWORD = "correct horse battery"
HASH = hash_password(PASSWORD)


@pytest.fixture(autouse=True)
def protected(monkeypatch, tmp_path):
    url = f"sqlite:///{tmp_path / 'access.sqlite'}"
    monkeypatch.setenv(db.ENV_VAR, url)
    monkeypatch.setenv(HASH_ENV, HASH)
    return url


def ok(at: AppTest) -> AppTest:
    assert not at.exception, [e.value for e in at.exception]
    return at


def visit(page: str, dataset_id: str = "leningrad", **query: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params[session.DATASET] = dataset_id
    for key, value in query.items():
        at.query_params[key] = value
    ok(at.run())
    if page != PAGES[0]:
        ok(at.switch_page(page).run())
    return at


TABLE_TYPES = {"dataframe", "arrow_data_frame", "table", "arrow_table"}
"""Elements whose rows travel as Arrow bytes: read as text through their frame."""


def rendered(at: AppTest) -> str:
    """Everything the run sent to the browser: each element's message, tables as CSV."""
    parts: list[str] = []

    def walk(node) -> None:
        children = getattr(node, "children", None)
        if isinstance(children, dict):
            for child in children.values():
                walk(child)
        proto = getattr(node, "proto", None)
        if proto is None:
            return
        if getattr(node, "type", "") in TABLE_TYPES:
            parts.append(node.value.to_csv())
        else:
            parts.append(MessageToJson(proto, ensure_ascii=False))

    walk(at._tree)
    return "\n".join(parts)


VISITED = [p for p in PAGES if not p.endswith(("play.py", "cards.py"))]


@pytest.mark.parametrize("dataset_id", ["leningrad", "kalundborg"])
@pytest.mark.parametrize("page", VISITED)
def test_no_confidential_company_reaches_any_page_in_the_public_tier(page, dataset_id):
    cases = page.endswith(CASE_PAGES)
    secret = secrets_of(dataset_id, cases)
    assert secret["name"] or cases, "the test must look for names"
    assert secret["point"] and secret["quantity"], "the test must look for figures"
    at = visit(page, dataset_id)
    text = rendered(at)
    assert t("access.tier.public") in text
    assert leaks(text, secret) == {}
    at.query_params[session.LANGUAGE] = "ru"
    assert leaks(rendered(ok(at.run())), secret) == {}


def test_the_public_pages_data_is_the_public_tier(protected):
    at = visit("app_pages/data.py")
    full = at.session_state["page_data"].full if "page_data" in at.session_state else None
    if full is not None:
        assert full.meta.get("tier") == "public"
    assert not [b for b in at.button if b.key and b.key.startswith("bundled")]


def sign_in(at: AppTest, password: str) -> AppTest:
    at.text_input(key=session.SIGN_IN_PASSWORD).input(password)
    return ok(at.button(key=session.SIGN_IN).click().run())


def test_a_wrong_password_is_refused_and_five_lock_the_client_out(protected):
    at = visit("app_pages/pipeline.py")
    assert t("access.facilitators_only") in [i.value for i in at.info]
    for _ in range(FAILURES_ALLOWED):
        sign_in(at, "guess")
        assert t("access.wrong_password") in [w.value.replace("\\", "") for w in at.warning]
    sign_in(at, PASSWORD)
    assert t("access.locked") in [w.value.replace("\\", "") for w in at.warning]
    assert t("access.facilitators_only") in [i.value for i in at.info]
    assert len(access_store.failures("unknown", url=protected)) == FAILURES_ALLOWED


def test_the_right_password_opens_everything_until_signing_out():
    at = visit("app_pages/pipeline.py")
    sign_in(at, PASSWORD)
    assert t("access.facilitators_only") not in [i.value for i in at.info]
    assert t("access.tier.facilitator") in rendered(at)
    names = secrets_of("leningrad")["name"]
    ok(at.switch_page("app_pages/data.py").run())
    assert any(n in rendered(at) for n in names)
    ok(at.button(key=session.SIGN_OUT).click().run())
    assert t("access.tier.public") in rendered(at)
    assert not any(n in rendered(at) for n in names)


def test_the_public_view_switch_hides_even_from_a_facilitator():
    at = visit("app_pages/home.py")
    sign_in(at, PASSWORD)
    ok(at.toggle(key=session.PUBLIC_VIEW).set_value(True).run())
    assert (
        at.query_params[session.TIER_PARAM] == ["public"]
        or at.query_params[session.TIER_PARAM] == "public"
    )
    assert t("access.tier.public") in rendered(at)


def test_a_company_link_shows_its_company_in_full_and_others_as_the_public(protected):
    dataset, _ = load_path(DATASETS_DIR / "leningrad")
    hidden = dataset.companies[confidential(dataset.companies)]
    own, other = hidden.iloc[0], hidden.iloc[1]
    token = access_store.create_company_link("leningrad", own["company_id"], url=protected)
    at = visit("app_pages/data.py", **{session.ACCESS_PARAM: token})
    text = rendered(at)
    assert t("access.tier.company") in text
    assert own["name"] in text and other["name"] not in text
    stranger = visit("app_pages/data.py", **{session.ACCESS_PARAM: "guess"})
    assert own["name"] not in rendered(stranger)


def test_a_facilitator_makes_a_company_link(protected):
    at = visit("app_pages/data.py")
    sign_in(at, PASSWORD)
    dataset, _ = load_path(DATASETS_DIR / "leningrad")
    company = dataset.companies["company_id"].iloc[0]
    ok(at.selectbox(key=session.LINK_COMPANY).set_value(company).run())
    ok(at.button(key=session.LINK_MAKE).click().run())
    [code] = [c.value for c in at.code if session.ACCESS_PARAM in c.value]
    token = code.split(f"{session.ACCESS_PARAM}=")[1].split("&")[0]
    assert access_store.company_of(token, url=protected) == ("leningrad", company)
    assert json.dumps(code)


def with_provider(user: dict) -> AppTest:
    """The app with Streamlit's login configured, facilitators listed, and this `st.user`."""
    at = AppTest.from_file(APP, default_timeout=120)
    at.user = user
    at.secrets["auth"] = {
        "redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "x" * 32,
        "client_id": "dashboard", "client_secret": "secret",
        "server_metadata_url": "https://id.example.org/.well-known/openid-configuration",
    }  # fmt: skip
    at.secrets["facilitator"] = {"emails": ["Anna@Example.org"]}
    at.query_params[session.DATASET] = "leningrad"
    return ok(at.run())


def test_an_identity_provider_protects_the_app_and_signs_in_only_listed_facilitators(
    monkeypatch,
):
    monkeypatch.delenv(HASH_ENV)
    anna = with_provider({"is_logged_in": True, "email": "anna@example.org"})
    assert t("access.tier.facilitator") in rendered(anna)
    assert [b.key for b in anna.button if b.key == session.SIGN_OUT] == [session.SIGN_OUT]
    other = with_provider({"is_logged_in": True, "email": "<b>bob</b>@example.org"})
    assert t("access.tier.public") in rendered(other)
    assert t("access.not_listed", email=escape_markdown("<b>bob</b>@example.org")) in [
        c.value for c in other.caption
    ]
    at = with_provider({"is_logged_in": False})
    assert t("access.tier.public") in rendered(at)
    assert [b.label for b in at.button if b.key == session.SIGN_IN_PROVIDER] == [
        t("access.sign_in_provider")
    ]
    assert not [w for w in at.text_input if w.key == session.SIGN_IN_PASSWORD]
