"""The printable report: escaped, no scripts, no external files; formulas, values, sources."""

from __future__ import annotations

import re
from datetime import datetime

from dashboard.analysis.assessment import assess_chain
from dashboard.analysis.mca import criteria_scores, mca_score
from dashboard.domain.factors import Factors
from dashboard.i18n import t
from dashboard.views.report_html import report_html

from ..chain_data import HOSTILE, NAMES, exchange


def report(chain, factors=None):
    factors = factors or Factors()
    scores = criteria_scores(chain)
    return report_html(
        title=f"Chain {HOSTILE}", dataset_title="Test <data>", chain=chain, names=NAMES,
        factors=factors, scores=scores, weights={}, mca=mca_score(scores),
        generated=datetime(2026, 1, 2, 3, 4),
    )  # fmt: skip


def test_report_escapes_data_and_runs_no_script():
    chain = assess_chain([exchange("A", "B", HOSTILE), exchange("B", "C", quantity=None)])
    text = report(chain)
    assert text.startswith("<!DOCTYPE html>")
    assert "<script" not in text.lower()
    assert "Chain &lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert "Biogas &lt;script&gt;" in text and "Test &lt;data&gt;" in text
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", text)  # no external assets
    assert t("assess.missing.quantity") in text and "2026-01-02 03:04" in text


def test_report_contains_the_formulas_values_and_sources():
    factors = Factors()
    factors.override("ef_virgin.fly_ash", 1250.0)
    chain = assess_chain([exchange("A", "B")], factors)
    text = report(chain, factors)
    for formula in ("assess.formula.ghg_mass", "assess.formula.net_benefit"):
        assert t(formula).replace("&", "&amp;") in text
    source = factors.get("ef_virgin.fly_ash")
    assert "EF_virgin = 1,250 " in text
    assert "ef_virgin.fly_ash" in text and source.source.replace("&", "&amp;")[:40] in text
    assert "<svg" in text and "Brewery" in text
