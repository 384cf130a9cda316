"""HTML printed to PDF by the system's Chromium (headless), so charts drawn by scripts are in
the PDF as the browser shows them. `IS_DASHBOARD_CHROMIUM` names another browser binary."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "chrome")
TIMEOUT_S = 120
SCRIPT_BUDGET_MS = 20_000
"""Virtual time the page's scripts get before printing (the charts are drawn by then)."""


class NoBrowser(RuntimeError):
    """No Chromium to print with, or it failed; the message says which."""


def chromium() -> str | None:
    """The browser binary: `IS_DASHBOARD_CHROMIUM`, else the first of `CANDIDATES` on PATH."""
    named = os.environ.get("IS_DASHBOARD_CHROMIUM")
    if named:
        return named if Path(named).is_file() else None
    return next((found for name in CANDIDATES if (found := shutil.which(name))), None)


def html_pdf(page: str) -> bytes:
    """The page printed by headless Chromium (page size from the page's `@page` rule, no
    header or footer); `NoBrowser` when there is no browser or printing fails."""
    binary = chromium()
    if binary is None:
        raise NoBrowser("chromium not found")
    with tempfile.TemporaryDirectory(prefix="is-deck-") as folder:
        source, target = Path(folder) / "deck.html", Path(folder) / "deck.pdf"
        source.write_text(page, encoding="utf-8")
        command = [
            binary, "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
            "--disable-dev-shm-usage", f"--user-data-dir={Path(folder) / 'profile'}",
            "--run-all-compositor-stages-before-draw", f"--virtual-time-budget={SCRIPT_BUDGET_MS}",
            f"--print-to-pdf={target}", source.as_uri(),
        ]  # fmt: skip
        try:
            subprocess.run(command, capture_output=True, timeout=TIMEOUT_S, check=False)
        except (OSError, subprocess.TimeoutExpired) as error:
            raise NoBrowser(type(error).__name__) from error
        if not target.is_file() or target.stat().st_size == 0:
            raise NoBrowser("chromium printed nothing")
        return target.read_bytes()
