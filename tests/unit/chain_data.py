"""Exchanges made by hand for the chain view tests, with a hostile company name."""

from __future__ import annotations

from dashboard.domain.exchange import Exchange

HOSTILE = "<script>alert(1)</script>"
NAMES = {"A": "Brewery", "B": f"Biogas {HOSTILE}", "C": "Farm & Co", "D": "Mill"}


def exchange(source, target, material="fly_ash", quantity=1000.0, status="existing", **kw):
    """A Finnish exchange whose residue would otherwise be landfilled (unless `fate` says)."""
    fields = dict(exchange_id=f"{source}{target}", source_company=source, target_company=target,
                  material=material, quantity=quantity, unit="t/yr", distance_km=10.0,
                  source_country="FI", target_country="FI", status=status, fate="landfill")  # fmt: skip
    return Exchange(**(fields | kw))
