"""A server with a facilitator password: a visitor who has not signed in gets the public tier,
and nothing of a confidential company (name, exact coordinate, exact quantity) reaches the
browser: not the page, not what the server sends over the websocket (tables as Arrow, the map's
payload, charts), not the map's frame and not any download; signing in shows the names."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, WebSocket, expect
from pypdf import PdfReader

from dashboard.domain.access import hash_password
from dashboard.i18n import t
from dashboard.web import session
from dashboard.web.access import HASH_ENV

from ..confidential import CASE_PAGES, doubles, leaks, secrets_of
from .conftest import VIEWPORT, AppPage, new_app, run_streamlit_server
from .helpers import MAP_FRAME, click, fill, keyed, map_frame, select_tab

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(900), pytest.mark.usefixtures("failure_shots")]

PASSWORD = "a long facilitator phrase"
PAGES = ["", "map", "flows", "chains", "policy", "examples", "present", "data", "about"]


@pytest.fixture(scope="module")
def protected_url(server_env: dict[str, str], tmp_path_factory) -> Iterator[str]:
    env = dict(server_env, **{HASH_ENV: hash_password(PASSWORD)})
    log = tmp_path_factory.mktemp("protected") / "server.log"
    with run_streamlit_server(env, log) as url:
        yield url


class Received:
    """Every frame the server sent a page over its websocket."""

    def __init__(self, app: AppPage) -> None:
        self.frames: list[bytes] = []
        app.page.on("websocket", self._opened)

    def _opened(self, socket: WebSocket) -> None:
        socket.on("framereceived", self._frame)

    def _frame(self, payload: bytes | str) -> None:
        self.frames.append(payload.encode() if isinstance(payload, str) else payload)

    def take(self) -> bytes:
        data, self.frames = b"".join(self.frames), []
        return data


def file_text(data: bytes, name: str) -> str:
    """A download as text: the members of a zip (an .xlsx included), a PDF's text."""
    if data[:2] == b"PK":
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return "\n".join(file_text(archive.read(m), m) for m in archive.namelist())
    if data[:5] == b"%PDF-":
        return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)
    return data.decode("utf-8", errors="replace")


def downloads(app: AppPage) -> dict[str, str]:
    """Every download the page offers (each tab opened in turn), read as text."""
    page, got = app.page, {}
    groups = page.locator('[data-testid="stMain"] [data-testid="stTabs"]')
    tabs = [(g, i) for g in groups.all() for i in range(g.locator('[role="tab"]').count())]
    for group, index in tabs or [(None, 0)]:
        if group is not None:
            select_tab(app, group.locator('[role="tab"]').nth(index))
        for button in page.locator('[data-testid="stDownloadButton"] button').all():
            if not button.is_visible() or not button.is_enabled():
                continue
            with page.expect_download() as made:
                button.click()
            name = made.value.suggested_filename
            got[name] = file_text(Path(made.value.path()).read_bytes(), name)
    return got


def page_text(app: AppPage) -> str:
    """The page's HTML and that of its frames (the map's included)."""
    return "\n".join(frame.content() for frame in app.page.frames)


@pytest.mark.parametrize("dataset_id", ["leningrad", "kalundborg"])
def test_the_public_tier_leaks_nothing_in_pages_payloads_maps_or_downloads(
    browser: Browser, protected_url: str, screenshot_dir: Path, dataset_id: str
) -> None:
    app = new_app(browser, protected_url, screenshot_dir, VIEWPORT)
    received = Received(app)
    found: dict[str, dict] = {}
    looked_at = 0
    for path in PAGES:
        secret = secrets_of(dataset_id, cases=f"{path}.py".endswith(CASE_PAGES))
        app.open_page(f"{path}?{session.DATASET}={dataset_id}",
                      screenshot=f"public-{dataset_id}-{path or 'home'}")  # fmt: skip
        expect(app.page.get_by_text(t("access.tier.public"), exact=True)).to_be_visible()
        if path == "map":
            expect(map_frame(app).locator("path.is-company").first).to_be_attached()
        texts = {"page": page_text(app), **downloads(app)}
        sent = received.take()
        texts["websocket"] = sent.decode("utf-8", errors="replace")
        for where, text in texts.items():
            if leak := leaks(text, secret):
                found[f"{path}: {where}"] = leak
        if binary := sorted(v for v, packed in doubles(secret).items() if packed in sent):
            found[f"{path}: websocket numbers"] = {"doubles": binary[:5]}
        looked_at += len(texts)
        app.assert_no_errors()
    assert found == {}
    assert looked_at > 2 * len(PAGES), "downloads were found and read"


def test_signing_in_shows_the_names_the_public_tier_hides(
    browser: Browser, protected_url: str, screenshot_dir: Path
) -> None:
    secret = secrets_of("leningrad")
    app = new_app(browser, protected_url, screenshot_dir, VIEWPORT)
    received = Received(app)
    app.open_page(f"map?{session.DATASET}=leningrad", screenshot="public-sign-in")
    expect(app.page.locator(MAP_FRAME)).to_be_visible()
    received.take()
    keyed(app, session.SIGN_IN_PANEL).locator("summary").click()
    expect(keyed(app, session.SIGN_IN_PASSWORD)).to_be_visible()
    fill(app, session.SIGN_IN_PASSWORD, "not the password")
    click(app, session.SIGN_IN)
    expect(app.page.get_by_text(t("access.wrong_password"))).to_be_visible()
    fill(app, session.SIGN_IN_PASSWORD, PASSWORD)
    click(app, session.SIGN_IN)
    expect(app.page.get_by_text(t("access.tier.facilitator"), exact=True)).to_be_visible()
    expect(map_frame(app).locator("path.is-company").first).to_be_attached()
    app.screenshot("facilitator-signed-in")
    assert leaks(received.take().decode("utf-8", errors="replace"), secret).get("name")
    click(app, session.SIGN_OUT)
    expect(app.page.get_by_text(t("access.tier.public"), exact=True)).to_be_visible()
    app.assert_no_errors()
