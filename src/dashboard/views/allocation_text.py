"""A chain that uses a have or a want beyond its quantity, said in words."""

from __future__ import annotations

from collections.abc import Mapping

from dashboard.analysis.allocation import ChainCheck
from dashboard.domain.labels import amount, material_label
from dashboard.i18n import t


def over_allocation_lines(check: ChainCheck, names: Mapping[str, str]) -> list[str]:
    """One sentence per have or want used beyond its quantity, and per exchange given twice
    (plain text: escape it for Markdown)."""
    lines = [
        t(
            f"chainsui.overused.{o.side}",
            company=names.get(o.company, o.company),
            material=material_label(o.material),
            used=amount(o.used, o.unit),
            available=amount(o.available, o.unit),
            count=len(o.exchanges),
        )
        for o in check.overused
    ]
    lines += [t("chainsui.duplicate_exchange", exchange=d) for d in check.duplicates]
    return lines
