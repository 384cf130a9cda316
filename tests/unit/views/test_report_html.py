"""The printable report: escaped, no scripts, no external files; formulas, values, sources."""

from __future__ import annotations

import re
from datetime import datetime

from dashboard.analysis.assessment import assess_chain
from dashboard.analysis.mca import criteria_scores, mca_score
from dashboard.domain.factors import Factors
from dashboard.i18n import t
from dashboard.views.report_html import ReportContent, report_html, report_pdf

from ..chain_data import HOSTILE, NAMES, exchange


def report(chain, factors=None):
    factors = factors or Factors()
    scores = criteria_scores(chain)
    return report_html(ReportContent(
        title=f"Chain {HOSTILE}", dataset_title="Test <data>", chain=chain, names=NAMES,
        factors=factors, scores=scores, weights={}, mca=mca_score(scores),
        generated=datetime(2026, 1, 2, 3, 4),
    ))  # fmt: skip


def test_report_escapes_data_and_runs_no_script():
    chain = assess_chain([exchange("A", "B", HOSTILE), exchange("B", "C", quantity=None)])
    text = report(chain)
    assert text.startswith("<!DOCTYPE html>")
    assert "<script" not in text.lower()
    assert "Chain &lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert "Biogas &lt;script&gt;" in text and "Test &lt;data&gt;" in text
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", text)  # no external assets
    assert t("assess.missing.quantity") in text and "2 January 2026, 03:04" in text


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


def _leningrad_report_parts():
    from dashboard.analysis.chains import detect_chains
    from dashboard.analysis.policy.catalogue import bundled_catalogue
    from dashboard.analysis.policy.findings import exchanges_findings
    from dashboard.domain.exchange import flow_exchanges
    from dashboard.domain.reference import DATASETS_DIR
    from dashboard.io.datasets import load_path

    dataset, _ = load_path(DATASETS_DIR / "leningrad")
    exchanges = flow_exchanges(dataset, detect_chains(dataset.flows)[0].flow_ids)
    chain = assess_chain(exchanges)
    scores = criteria_scores(chain)
    measures = exchanges_findings(dataset, bundled_catalogue(), exchanges)
    content = dict(
        title="Пивной кластер → биогаз", dataset_title="Leningrad", chain=chain,
        names=dataset.company_names(), factors=Factors(), scores=scores, weights={},
        mca=mca_score(scores), generated=datetime(2026, 1, 2, 3, 4), measures=measures,
    )  # fmt: skip
    return content, measures, dataset


def test_the_report_lists_the_chains_policy_measures_with_why():
    import html

    content, measures, _ = _leningrad_report_parts()
    found = [item for items in measures.values() for item in items]
    assert found
    text = report_html(ReportContent(**content))
    assert t("chainsui.report.measures") in text
    for item in found:
        assert html.escape(item.measure.name_en) in text
    for category, items in measures.items():
        assert (t(f"policy.category.{category}") in text) == bool(items)
    assert html.escape(t("policy.col.reasons")) in text


def test_the_pdf_report_holds_the_chain_its_names_and_its_measures():
    import io

    from pypdf import PdfReader

    from dashboard.domain.labels import exchange_label
    from dashboard.views.report_html import report_pdf

    content, measures, dataset = _leningrad_report_parts()
    pdf = report_pdf(ReportContent(**content))
    assert pdf.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(pdf))
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    assert "Пивной кластер → биогаз" in text  # Cyrillic, through the embedded font
    first = content["chain"].assessments[0].exchange
    assert dataset.company_names()[first.source_company] in text
    assert " ".join(exchange_label(first, content["names"]).split()) in text
    for item in (i for items in measures.values() for i in items):
        assert " ".join(item.measure.name_en.split())[:40] in text
    assert "None" not in text.split() and "nan" not in text.split()


def test_the_report_shows_the_chains_scoring_sheets_in_words():
    from dashboard.domain.scoring import Entry, Sheet, blank_readiness

    chain = assess_chain([exchange("A", "B", "fly_ash")])
    scores = criteria_scores(chain)
    entries = (Entry("trust", level=2, confidence="low", comment="<i>new partners</i>"),)
    sheet = Sheet("d", "k", "Anna", datetime(2026, 12, 2), entries, blank_readiness())
    content = ReportContent(
        title="Chain", dataset_title="Test", chain=chain, names=NAMES, factors=Factors(),
        scores=scores, weights={}, mca=mca_score(scores), generated=datetime(2026, 12, 2),
        sheets={"Anna, 2026-12-02": sheet},
    )  # fmt: skip
    text = report_html(content)
    assert t("mca.criterion.trust") in text and t("mca.level.2") in text
    assert "&lt;i&gt;new partners&lt;/i&gt;" in text and "<i>new" not in text
    assert t("mca.no_sheets") in report(chain)
    assert report_pdf(content).startswith(b"%PDF")
