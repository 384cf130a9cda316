"""The height of the browser window, reported by a small component, for a map that follows it."""

from __future__ import annotations

import streamlit as st

from dashboard.web import session

STEP_PX = 40
"""The height is reported in steps of this many px, so that small changes rerun nothing."""

# Reported when the component mounts (on each visit of the page) and differs from the height
# the session knows, so a known height costs no rerun; a resized window counts on the next visit.
_JS = f"""
export default function (component) {{
  const {{ data, setStateValue }} = component;
  const height = Math.round(window.innerHeight / {STEP_PX}) * {STEP_PX};
  if (height !== data) {{ setStateValue("height", height); }}
}}
"""
_WINDOW = st.components.v2.component("dashboard.window_height", js=_JS)


def window_height() -> int | None:
    """The window's inner height in px (in steps of STEP_PX), None until the browser told."""
    known = session.value(session.WINDOW_HEIGHT_KNOWN)
    result = _WINDOW(key=session.WINDOW_HEIGHT, data=known, on_height_change=lambda: None)
    height = getattr(result, "height", None)
    if isinstance(height, int | float) and height > 0:
        session.set_value(session.WINDOW_HEIGHT_KNOWN, int(height))
        return int(height)
    return known
