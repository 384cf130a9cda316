"""A QR code of the join link, drawn here as SVG (no service, works offline)."""

from __future__ import annotations

import io

import segno


def qr_svg(text: str, scale: int = 6) -> str:
    """An SVG QR code of `text` with a quiet zone, dark on white."""
    buffer = io.BytesIO()
    segno.make(text, error="m").save(
        buffer, kind="svg", scale=scale, border=4, dark="#000", light="#fff", xmldecl=False,
        svgns=True, title=None,
    )  # fmt: skip
    return buffer.getvalue().decode()
