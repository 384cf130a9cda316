"""Browser test fixtures: a real Streamlit server and a headless Chromium driven by Playwright.

Fixtures offered to every test under tests/e2e/:

- `server_env`: the environment the Streamlit server runs with (a dict; add variables here,
  or override the fixture in a test module). `IS_DASHBOARD_DB` points at a temporary SQLite
  file shared by every server of the session.
- `base_url`: starts `streamlit run app.py` once per session and yields `http://127.0.0.1:PORT`.
- `start_fresh_server`: starts another server just for one test (for state that only a new
  server process shows) and returns its base URL; it is stopped after the test.
- `browser`: one headless Debian Chromium per session.
- `app_page`: a fresh browser context and tab per test, wrapped in `AppPage`:
  `open_page(path)`, `wait_until_finished()`, `screenshot(name)`, `assert_no_errors()`, and the
  raw Playwright page as `.page` for clicks, uploads and the like.

Every request to a host other than 127.0.0.1/localhost is aborted, so a passing test also proves
the app works offline. Screenshots go to test-artifacts/screenshots/ (emptied once per session).
When a test fails, its report shows the Streamlit server output and a FAILED-<test>.png
screenshot is saved.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager, suppress
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import (
    Browser,
    ConsoleMessage,
    Error,
    Page,
    Route,
    expect,
    sync_playwright,
)

REPO_ROOT = Path(__file__).resolve().parents[2]
SCREENSHOT_DIR = REPO_ROOT / "test-artifacts" / "screenshots"

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",  # we run as root
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    # Without these Chromium keeps calling Google services, which the closed network refuses.
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
VIEWPORT = {"width": 1366, "height": 900}

SERVER_START_TIMEOUT_S = 120
SERVER_STOP_TIMEOUT_S = 10
APP_RUN_TIMEOUT_S = 120
"""A cap, not a wait: a CI machine running other work took over 30 s for a first page load."""
NAVIGATION_TIMEOUT_MS = 120_000
# The app counts as finished once it has looked idle for this long without interruption.
APP_STABLE_S = 1.0
POLL_INTERVAL_MS = 100
EXPECT_TIMEOUT_MS = 45_000
"""How long a retrying `expect` waits for its condition: Playwright's 5 s default, then 20 s, were
passed on a busy machine (a file chip after an upload; pages while CI ran 2.2 times slower)."""
expect.set_options(timeout=EXPECT_TIMEOUT_MS)

MAX_SCREENSHOT_HEIGHT = 15_000  # px; Chromium cannot capture much taller images

LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})
NON_NETWORK_SCHEMES = frozenset({"data", "blob", "about"})

# Console errors that are expected and harmless, matched against "<text> (<url>:<line>)".
# Every entry needs a comment saying why.
IGNORED_CONSOLE_ERRORS: list[re.Pattern[str]] = [
    # Opened directly on a page URL such as /data, Streamlit's frontend does not know whether
    # "/data" is part of the server's base path, so it first probes /data/_stcore/health and
    # /data/_stcore/host-config (404) before /_stcore/... (200); Chromium logs each 404.
    # Streamlit issue #7074 (open). Only these two endpoints under a sub-path are ignored:
    # a 404 on /_stcore/... itself, or on anything else, is still an error.
    re.compile(
        r"Failed to load resource: the server responded with a status of 404 \(Not Found\) "
        r"\(http://(?:127\.0\.0\.1|localhost):\d+/[^?#]+/_stcore/(?:health|host-config):0\)"
    ),
]

_SESSION_SERVER_LOG = pytest.StashKey[Path]()
_TEST_SERVER_LOGS = pytest.StashKey[list[Path]]()
_REPORTS = pytest.StashKey[dict[str, pytest.TestReport]]()

# Evaluated in the page: "" when the app is idle, otherwise why it is not.
# `stApp` carries Streamlit's own state as data attributes (the same ones Streamlit's e2e
# suite waits on): data-test-connection-state is CONNECTED once the websocket is up, and
# data-test-script-state goes initial -> running -> notRunning on every (re)run.
# `stStatusWidget` is mounted while a run is in progress (the "Running..." indicator) or the
# connection is in trouble; `stAppSkeleton`/`stSkeleton` are placeholders for content not yet
# rendered.
_APP_IDLE_JS = """() => {
  const app = document.querySelector('[data-testid="stApp"]');
  if (!app) return "no stApp element yet";
  const connection = app.getAttribute("data-test-connection-state");
  if (connection !== "CONNECTED") return "connection state is " + connection;
  const script = app.getAttribute("data-test-script-state");
  if (script !== "notRunning" && script !== "compilationError")
    return "script state is " + script;
  if (document.querySelector('[data-testid="stStatusWidget"]'))
    return "status widget (running indicator) is shown";
  if (document.querySelector('[data-testid="stAppSkeleton"], [data-testid="stSkeleton"]'))
    return "loading skeleton is shown";
  const main = document.querySelector('[data-testid="stMain"]');
  if (!main) return "no stMain element yet";
  if (!main.querySelector('[data-testid="stElementContainer"]')) return "stMain has no content yet";
  return "";
}"""

# Resolves after two animation frames: what was laid out for a new window size is drawn.
_NEXT_FRAMES_JS = """() => new Promise(done =>
  requestAnimationFrame(() => requestAnimationFrame(() => done(true))))"""

# Height of the page content: the scroll height of stMain (and of the sidebar), in px.
_CONTENT_HEIGHT_JS = """() => Math.max(window.innerHeight, ...[
  '[data-testid="stMain"]', '[data-testid="stSidebarContent"]'
].map(s => document.querySelector(s)).filter(Boolean).map(e => e.scrollHeight))"""


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark every test in this folder as e2e, so `-m "not e2e"` deselects them all."""
    here = Path(__file__).parent
    for item in items:
        if here in item.path.parents:
            item.add_marker(pytest.mark.e2e)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]):
    """Keep each phase's report (for failure screenshots) and attach server output on failure."""
    report = yield
    item.stash.setdefault(_REPORTS, {})[report.when] = report
    if report.failed:
        logs = list(item.stash.get(_TEST_SERVER_LOGS, []))
        session_log = item.config.stash.get(_SESSION_SERVER_LOG, None)
        if session_log is not None and "base_url" in getattr(item, "fixturenames", ()):
            logs.insert(0, session_log)
        for log in logs:
            report.sections.append((f"Streamlit server output ({log})", _read_tail(log)))
    return report


def _read_tail(path: Path, limit: int = 20_000) -> str:
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError as exc:
        return f"(cannot read {path}: {exc})"
    if len(text) > limit:
        text = f"... ({len(text) - limit} characters cut)\n" + text[-limit:]
    return text or "(no output)"


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _health_ok(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status == 200 and response.read().strip() == b"ok"
    except (OSError, urllib.error.URLError):
        return False


@pytest.fixture(scope="session")
def server_env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """Environment of the Streamlit server process; every server of the session keeps saved
    chains in one temporary SQLite file, never in var/."""
    env = dict(os.environ)
    env.update(
        {
            "PYTHONUNBUFFERED": "1",
            "PYTHONWARNINGS": "default",
            "IS_DASHBOARD_DB": f"sqlite:///{tmp_path_factory.mktemp('store') / 'chains.sqlite'}",
        }
    )
    return env


@contextmanager
def run_streamlit_server(env: dict[str, str], log_path: Path) -> Iterator[str]:
    """Run `streamlit run app.py` from the repo root on a free port; yield its base URL.

    Output goes to `log_path`. Fails (with that output) if the server exits or does not
    answer /_stcore/health within SERVER_START_TIMEOUT_S. The server is terminated on exit,
    and killed if it does not stop within SERVER_STOP_TIMEOUT_S.
    """
    port = _free_port()
    command = [
        sys.executable, "-m", "streamlit", "run", "app.py",
        "--server.port", str(port),
        "--server.address", "127.0.0.1",
        "--server.headless", "true",
        "--browser.gatherUsageStats", "false",
    ]  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            command,
            cwd=REPO_ROOT,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + SERVER_START_TIMEOUT_S
        while not _health_ok(f"{url}/_stcore/health"):
            if process.poll() is not None:
                pytest.fail(
                    f"Streamlit server exited with code {process.returncode} before it was "
                    f"healthy.\n{' '.join(command)}\n--- server output ---\n{_read_tail(log_path)}",
                    pytrace=False,
                )
            if time.monotonic() > deadline:
                pytest.fail(
                    f"Streamlit server did not answer {url}/_stcore/health within "
                    f"{SERVER_START_TIMEOUT_S} s.\n{' '.join(command)}\n"
                    f"--- server output ---\n{_read_tail(log_path)}",
                    pytrace=False,
                )
            time.sleep(0.2)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=SERVER_STOP_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture(scope="session")
def base_url(
    request: pytest.FixtureRequest,
    server_env: dict[str, str],
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[str]:
    """The session's Streamlit server: started on first use, stopped at the end."""
    log_path = tmp_path_factory.mktemp("streamlit") / "server.log"
    request.config.stash[_SESSION_SERVER_LOG] = log_path
    with run_streamlit_server(server_env, log_path) as url:
        yield url


@pytest.fixture
def start_fresh_server(
    request: pytest.FixtureRequest,
    server_env: dict[str, str],
    tmp_path: Path,
) -> Iterator[Callable[[], str]]:
    """A callable that starts a new Streamlit server (stopped after the test); returns its URL.

    Use it only for what a long-running server hides, e.g. what the first visitor of a freshly
    started server sees; everything else should share `base_url`.
    """
    with ExitStack() as stack:

        def start() -> str:
            logs = request.node.stash.setdefault(_TEST_SERVER_LOGS, [])
            log_path = tmp_path / f"server-{len(logs)}.log"
            logs.append(log_path)
            return stack.enter_context(run_streamlit_server(server_env, log_path))

        yield start


@pytest.fixture(scope="session")
def screenshot_dir() -> Path:
    """test-artifacts/screenshots/, emptied of old screenshots once per session."""
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    for old in SCREENSHOT_DIR.glob("*.png"):
        old.unlink()
    return SCREENSHOT_DIR


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """One headless Debian Chromium for the whole session."""
    if not CHROMIUM.exists():
        pytest.fail(
            f"{CHROMIUM} not found. Browser tests need Debian's Chromium: "
            "run `apt-get install chromium` (as root).",
            pytrace=False,
        )
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        try:
            yield chromium
        finally:
            chromium.close()


class AppPage:
    """A browser tab on the app that records errors and blocks non-local network access."""

    def __init__(self, page: Page, base_url: str, screenshot_dir: Path = SCREENSHOT_DIR):
        self.page = page
        page.set_default_navigation_timeout(NAVIGATION_TIMEOUT_MS)
        # Plain attribute: point it at another server (e.g. from start_fresh_server) if needed.
        self.base_url = base_url.rstrip("/")
        self.screenshot_dir = screenshot_dir
        self.console_errors: list[str] = []
        self.page_errors: list[str] = []
        self.blocked_requests: list[str] = []
        page.on("console", self._on_console)
        page.on("pageerror", self._on_page_error)
        page.context.route("**/*", self._route)

    # -- recorders --------------------------------------------------------------------------
    def _on_console(self, message: ConsoleMessage) -> None:
        if message.type != "error":
            return
        where = message.location or {}
        origin = f" ({where.get('url')}:{where.get('lineNumber')})" if where.get("url") else ""
        entry = f"{message.text}{origin}"
        if not any(pattern.fullmatch(entry) for pattern in IGNORED_CONSOLE_ERRORS):
            self.console_errors.append(entry)

    def _on_page_error(self, error: Error) -> None:
        self.page_errors.append(error.stack or f"{error.name}: {error.message}")

    def _route(self, route: Route) -> None:
        url = route.request.url
        parts = urlsplit(url)
        if parts.scheme in NON_NETWORK_SCHEMES or parts.hostname in LOCAL_HOSTS:
            route.continue_()
        else:
            self.blocked_requests.append(url)
            route.abort("blockedbyclient")

    # -- navigation ---------------------------------------------------------------------------
    def url_for(self, path: str) -> str:
        return f"{self.base_url}/{path.lstrip('/')}"

    def open_page(self, path: str, screenshot: str | None = None) -> Page:
        """Go to base_url/path, wait until the app has finished running, save a screenshot.

        The screenshot is test-artifacts/screenshots/<screenshot>.png, by default named
        after the path ("root" for the default page).
        """
        self.page.goto(self.url_for(path), wait_until="load")
        self.wait_until_finished()
        self.screenshot(screenshot or _slug(path) or "root")
        return self.page

    def wait_until_finished(
        self, timeout_s: float = APP_RUN_TIMEOUT_S, stable_s: float = APP_STABLE_S
    ) -> None:
        """Wait until the app is connected, not running, and has rendered content in stMain.

        The state must hold for `stable_s` without interruption, which also covers reruns that
        start a moment after an interaction (call this after clicks, uploads and so on). If a
        rerun may start later than that (a large upload, say), wait for its visible result too.
        """
        deadline = time.monotonic() + timeout_s
        idle_since: float | None = None
        while True:
            now = time.monotonic()
            try:
                reason = self.page.evaluate(_APP_IDLE_JS)
            except Error as exc:  # e.g. the page is navigating: its JS context went away
                reason = f"page not ready ({exc.message.splitlines()[0]})"
            if reason:
                idle_since = None
            elif idle_since is None:
                idle_since = now
            elif now - idle_since >= stable_s:
                return
            if now > deadline:
                self.screenshot("timeout-" + (_slug(urlsplit(self.page.url).path) or "root"))
                pytest.fail(
                    f"{self.page.url}: the app did not finish running within {timeout_s} s "
                    f"(last state: {reason}).\n{self.error_report()}",
                    pytrace=False,
                )
            self.page.wait_for_timeout(POLL_INTERVAL_MS)

    def screenshot(self, name: str) -> Path:
        """Save a full-page screenshot as test-artifacts/screenshots/<name>.png.

        Streamlit scrolls inside stMain, not the document, so Playwright's full_page alone
        would stop at the window: the window is made as tall as the content for the shot.
        """
        self.screenshot_dir.mkdir(parents=True, exist_ok=True)
        path = self.screenshot_dir / f"{name}.png"
        viewport = self.page.viewport_size
        height = self.page.evaluate(_CONTENT_HEIGHT_JS)
        if viewport and height > viewport["height"]:
            tall = min(height, MAX_SCREENSHOT_HEIGHT)
            self.page.set_viewport_size({"width": viewport["width"], "height": tall})
            try:
                self.page.evaluate(_NEXT_FRAMES_JS)  # charts re-layout to the new size
                self.page.screenshot(path=str(path), full_page=True)
            finally:
                self.page.set_viewport_size(viewport)
        else:
            self.page.screenshot(path=str(path), full_page=True)
        return path

    # -- checks -------------------------------------------------------------------------------
    def exception_texts(self) -> list[str]:
        return self.page.locator('[data-testid="stException"]').all_inner_texts()

    def error_report(self) -> str:
        lines: list[str] = []
        for title, entries in (
            ("Streamlit exceptions on the page", self.exception_texts()),
            ("Browser console errors", self.console_errors),
            ("Uncaught page errors", self.page_errors),
            ("Blocked non-local requests", self.blocked_requests),
        ):
            if entries:
                lines.append(f"{title} ({len(entries)}):")
                lines.extend(f"  - {entry}".replace("\n", "\n    ") for entry in entries)
        return "\n".join(lines)

    def assert_no_errors(self) -> None:
        """Fail on any stException element, console error or uncaught page error."""
        if self.exception_texts() or self.console_errors or self.page_errors:
            pytest.fail(f"{self.page.url}: errors found.\n{self.error_report()}", pytrace=False)


def _slug(path: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", path.strip("/")).strip("-")


@pytest.fixture
def app_page(
    request: pytest.FixtureRequest, browser: Browser, base_url: str, screenshot_dir: Path
) -> Iterator[AppPage]:
    """A new browser context and tab on the app, closed after the test.

    After a test that passed, any console or page error recorded but not yet checked fails the
    test too (clear `console_errors`/`page_errors` in a test that expects some). After a
    failed test, a screenshot is saved as test-artifacts/screenshots/FAILED-<test>.png.
    """
    context = browser.new_context(viewport=VIEWPORT, locale="en-GB")
    try:
        app = AppPage(context.new_page(), base_url, screenshot_dir)
        yield app
        reports = request.node.stash.get(_REPORTS, {})
        call = reports.get("call")
        if call is not None and call.failed:
            app.screenshot("FAILED-" + _slug(request.node.name))
        elif call is not None and call.passed and (app.console_errors or app.page_errors):
            pytest.fail(
                f"Errors recorded during {request.node.name}:\n{app.error_report()}",
                pytrace=False,
            )
    finally:
        context.close()


OPENED: list[AppPage] = []
"""Every page a test opened with `new_app`, screenshotted when the test fails."""


@pytest.fixture
def failure_shots(request):
    """Screenshots of every page a failed test opened with `new_app` (tests with several
    browsers: the trainer's and the teams', the facilitator's and the phones')."""
    OPENED.clear()
    yield
    report = request.node.stash.get(_REPORTS, {}).get("call")
    if report is not None and report.failed:
        for i, app in enumerate(OPENED):
            with suppress(Exception):  # the page may be closed already
                app.screenshot(f"FAILED-{request.node.name[:30]}-{i}")


def new_app(browser: Browser, base_url: str, shots: Path, viewport: dict) -> AppPage:
    """A page in a browser context of its own (its own session), at this window size."""
    context = browser.new_context(viewport=viewport, locale="en-GB")
    app = AppPage(context.new_page(), base_url, shots)
    OPENED.append(app)
    return app
