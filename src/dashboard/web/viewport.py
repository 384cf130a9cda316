"""The height of the browser window, reported by a small component, for a map that follows it."""

from __future__ import annotations

import streamlit as st

from dashboard.web import session

STEP_PX = 40
"""The height is reported in steps of this many px, so that resizing reruns the app rarely."""

_JS = f"""
export default function (component) {{
  const {{ setStateValue }} = component;
  let last = null, timer = null;
  const report = () => {{
    const height = Math.round(window.innerHeight / {STEP_PX}) * {STEP_PX};
    if (height !== last) {{ last = height; setStateValue("height", height); }}
  }};
  report();
  const onResize = () => {{ clearTimeout(timer); timer = setTimeout(report, 300); }};
  window.addEventListener("resize", onResize);
  return () => window.removeEventListener("resize", onResize);
}}
"""
_WINDOW = st.components.v2.component("dashboard.window_height", js=_JS)


def window_height() -> int | None:
    """The window's inner height in px (in steps of STEP_PX), None until the browser told."""
    result = _WINDOW(key=session.WINDOW_HEIGHT, on_height_change=lambda: None)
    height = getattr(result, "height", None)
    return int(height) if isinstance(height, int | float) and height > 0 else None
