"""Where the tests find the repository and the app."""

from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
APP = str(REPO / "app.py")
