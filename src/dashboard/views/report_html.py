"""A chain's assessment as one standalone, printable HTML page (no scripts, no external files,
every text from data escaped) and as a PDF (fonts that cover Cyrillic, embedded)."""

from __future__ import annotations

import html
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from numbers import Number
from pathlib import Path

import pandas as pd

from dashboard.analysis.assessment import ChainAssessment
from dashboard.analysis.policy.findings import ChainFinding
from dashboard.domain.factors import Factors
from dashboard.domain.labels import date_text, exchange_label, number_text, score_text
from dashboard.domain.scoring import Sheet
from dashboard.domain.values import is_missing
from dashboard.i18n import language, t
from dashboard.views.chain_diagram import chain_diagram, diagram_svg
from dashboard.views.chain_tables import (
    column_labels,
    criteria_table,
    exchange_table,
    factor_sources,
    mca_note,
    partner_frame,
    totals_table,
    totals_working,
    working_table,
)
from dashboard.views.policy_text import findings_table
from dashboard.views.sheet_view import sheets_tables
from dashboard.views.table_words import in_words

REPORT_CSS = """
body { font: 13px/1.45 system-ui, sans-serif; color: #222; margin: 24px; }
h1 { font-size: 22px; margin: 0 0 4px; } h2 { font-size: 17px; margin: 22px 0 6px; }
h3 { font-size: 14px; margin: 14px 0 4px; }
table { border-collapse: collapse; margin: 6px 0 12px; width: 100%; }
th, td { border: 1px solid #bbb; padding: 3px 6px; text-align: left; vertical-align: top; }
td.u { overflow-wrap: anywhere; min-width: 10em; }
th { background: #eef1f4; } td.n { text-align: right; white-space: nowrap; }
.muted { color: #666; } svg { max-width: 100%; height: auto; }
@media print { h2 { break-after: avoid; } tr { break-inside: avoid; } }
"""


def _cell(value: object, numeric: bool = False) -> str:
    if is_missing(value):
        if numeric:
            return f'<td class="n muted">{html.escape(t("label.unknown"))}</td>'
        return "<td></td>"
    if isinstance(value, Number) and not isinstance(value, bool):
        return f'<td class="n">{html.escape(number_text(value))}</td>'
    text = str(value)
    kind = ' class="u"' if text.startswith(("http://", "https://")) else ""
    return f"<td{kind}>{html.escape(text)}</td>"


def html_table(frame: pd.DataFrame, labels: Mapping[str, str] | None = None) -> str:
    """An HTML table of a frame; every heading and cell escaped, an unknown number as the
    catalogue's word for unknown, other missing cells empty."""
    labels = labels or {}
    frame = in_words(frame)
    head = "".join(f"<th>{html.escape(str(labels.get(c, c)))}</th>" for c in frame.columns)
    numeric = [pd.api.types.is_float_dtype(frame[c]) for c in frame.columns]
    body = "".join(
        "<tr>" + "".join(_cell(v, n) for v, n in zip(row, numeric, strict=True)) + "</tr>"
        for row in frame.itertuples(index=False, name=None)
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _by_exchange(
    chain: ChainAssessment, names: Mapping[str, str], labels: Mapping[str, str]
) -> pd.DataFrame:
    """The exchange table turned for print: a row per result, a column per numbered exchange."""
    table = exchange_table(chain, names).drop(columns="exchange")
    unknown = t("label.unknown")
    table = table.astype(object).where(
        table.notna()
        | ~table.columns.isin([c for c in table.columns if pd.api.types.is_float_dtype(table[c])]),
        unknown,
    )
    turned = table.T.astype(object)
    turned.columns = [f"#{i}" for i in range(1, len(table) + 1)]
    turned.insert(0, "", [labels.get(c, c) for c in table.columns])
    return turned


MEASURE_COLUMNS = ("name", "jurisdiction", "type", "reasons", "action", "source_url")
"""The columns of a chain's policy measures in the report: the measure, where and what kind,
why it applies, what to do, its source."""


def measure_tables(
    measures: Mapping[str, list[ChainFinding]],
) -> list[tuple[str, pd.DataFrame]]:
    """Per category (support, obligations, barriers) that has measures: its heading and the
    measures' table with the report's headings."""
    headings = {c: t(f"policy.col.{'source' if c == 'source_url' else c}") for c in MEASURE_COLUMNS}
    return [
        (t(f"policy.category.{category}"),
         findings_table(items)[list(MEASURE_COLUMNS)].rename(columns=headings))
        for category, items in measures.items()
        if items
    ]  # fmt: skip


@dataclass(frozen=True)
class ReportContent:
    """What a chain's report (HTML or PDF) shows."""

    title: str
    dataset_title: str
    chain: ChainAssessment
    names: Mapping[str, str]
    factors: Factors
    scores: Mapping[str, float | None]
    weights: Mapping[str, float]
    mca: tuple[float | None, float]
    generated: datetime
    measures: Mapping[str, list[ChainFinding]] | None = None
    sheets: Mapping[str, Sheet] | None = None


def _sheet_parts(sheets: Mapping[str, Sheet]) -> list[str]:
    if not sheets:
        return [f"<p>{html.escape(t('mca.no_sheets'))}</p>"]
    criteria, readiness = sheets_tables(sheets)
    return [html_table(criteria), f"<h3>{html.escape(t('mca.readiness_heading'))}</h3>",
            html_table(readiness)]  # fmt: skip


def report_html(content: ReportContent) -> str:
    """A standalone, printable HTML report of a chain's assessment: the chain, its totals,
    each exchange and partner, the multi-criteria view, the policy measures that support,
    oblige or block its exchanges (by category, with why), the working and the factors'
    sources. No scripts and no external files; every text from data is escaped."""
    title, dataset_title, chain, names, factors = (
        content.title, content.dataset_title, content.chain, content.names, content.factors
    )
    scores, weights, mca, generated, measures = (
        content.scores, content.weights, content.mca, content.generated, content.measures
    )
    labels = column_labels()
    e = html.escape
    score, coverage = mca
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{language()}"><head><meta charset="utf-8">',
        f"<title>{e(title)}</title><style>{REPORT_CSS}</style></head><body>",
        f"<h1>{e(title)}</h1>",
        f'<p class="muted">{e(t("chainsui.report.meta", dataset=dataset_title))} · '
        f"{e(date_text(generated))}</p>",
        f"<p>{e(t('chainsui.report.method'))}</p>",
        f"<h2>{e(t('chainsui.report.chain'))}</h2>",
        diagram_svg(chain_diagram([a.exchange for a in chain.assessments], names)),
        "<ol>"
        + "".join(f"<li>{e(exchange_label(a.exchange, names))}</li>" for a in chain.assessments)
        + "</ol>",
        f"<h2>{e(t('chainsui.totals'))}</h2>",
        html_table(totals_table(chain), labels),
        f"<h2>{e(t('chainsui.per_exchange'))}</h2>",
        html_table(_by_exchange(chain, names, labels)),
        f"<h2>{e(t('chainsui.per_partner'))}</h2>",
        html_table(partner_frame(chain, names), labels),
        f"<h2>{e(t('chainsui.mca.heading'))}</h2>",
        f"<p>{e(t('chainsui.report.mca', score=score_text(score), coverage=f'{coverage:.0%}'))}"
        f" {e(mca_note(scores, weights, coverage)) if score is None else ''}</p>",
        html_table(criteria_table(scores, weights), labels),
        f"<h2>{e(t('mca.sheet_heading'))}</h2>",
        *_sheet_parts(content.sheets or {}),
        f"<h2>{e(t('chainsui.report.measures'))}</h2>",
        f'<p class="muted">{e(t("chainsui.policy.intro"))}</p>',
    ]
    sections = measure_tables(measures or {})
    for heading, table in sections:
        parts += [f"<h3>{e(heading)}</h3>", html_table(table)]
    if not sections:
        parts.append(f"<p>{e(t('chainsui.report.no_measures'))}</p>")
    parts.append(f"<h2>{e(t('chainsui.working.heading'))}</h2>")
    for a in chain.assessments:
        parts.append(f"<h3>{e(exchange_label(a.exchange, names))}</h3>")
        parts.append(html_table(working_table(a, factors), labels))
    parts.append(f"<h3>{e(t('chainsui.total'))}</h3>")
    parts.append(html_table(totals_working(chain, names), labels))
    parts.append(f"<h2>{e(t('chainsui.report.sources'))}</h2>")
    parts.append(html_table(factor_sources(chain, factors), labels))
    parts.append("</body></html>")
    return "\n".join(parts)


# -- the PDF ----------------------------------------------------------------------------------

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
"""DejaVu Sans (Debian package fonts-dejavu-core; free licence, Bitstream Vera derivative): it
covers Latin, Cyrillic and the arrows and dashes of the labels. The fonts are embedded."""
FONT = "DejaVu"


def _pdf_text(value: object, numeric: bool) -> str:
    if is_missing(value):
        return t("label.unknown") if numeric else ""
    if isinstance(value, Number) and not isinstance(value, bool):
        return number_text(value)
    return str(value)


def _pdf_table(pdf, frame: pd.DataFrame, labels: Mapping[str, str] | None = None) -> None:
    labels = labels or {}
    frame = in_words(frame)
    numeric = [pd.api.types.is_float_dtype(frame[c]) for c in frame.columns]
    pdf.set_font(FONT, size=7)
    with pdf.table(first_row_as_headings=True, line_height=3.6, padding=0.8) as table:
        heading = table.row()
        for column in frame.columns:
            heading.cell(str(labels.get(column, column)))
        for values in frame.itertuples(index=False, name=None):
            row = table.row()
            for value, is_number in zip(values, numeric, strict=True):
                row.cell(_pdf_text(value, is_number))
    pdf.ln(2)


def report_pdf(content: ReportContent) -> bytes:
    """The report as a PDF (A4 landscape): the chain, its totals, each exchange and partner,
    the multi-criteria view, the policy measures by category with why, the chain totals'
    working and the factors' sources; numbers as `report_html` writes them."""
    from fpdf import FPDF

    title, dataset_title, chain, names, factors = (
        content.title, content.dataset_title, content.chain, content.names, content.factors
    )
    scores, weights, mca, generated, measures = (
        content.scores, content.weights, content.mca, content.generated, content.measures
    )

    labels = column_labels()
    score, coverage = mca
    pdf = FPDF(orientation="landscape", format="A4")
    pdf.set_title(title)
    pdf.set_creator("Industrial symbiosis dashboard")
    pdf.add_font(FONT, "", FONT_DIR / "DejaVuSans.ttf")
    pdf.add_font(FONT, "B", FONT_DIR / "DejaVuSans-Bold.ttf")
    pdf.set_auto_page_break(True, margin=12)
    pdf.add_page()

    def heading(text: str, size: float = 12) -> None:
        pdf.set_font(FONT, "B", size)
        pdf.multi_cell(0, size * 0.5, text, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(1)

    def paragraph(text: str, size: float = 8) -> None:
        pdf.set_font(FONT, size=size)
        pdf.multi_cell(0, size * 0.45, text, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(1.5)

    heading(title, 16)
    paragraph(f"{t('chainsui.report.meta', dataset=dataset_title)} · "
              f"{date_text(generated)}")  # fmt: skip
    paragraph(t("chainsui.report.method"))
    heading(t("chainsui.report.chain"))
    for i, a in enumerate(chain.assessments, start=1):
        paragraph(f"{i}. {exchange_label(a.exchange, names)}")
    heading(t("chainsui.totals"))
    _pdf_table(pdf, totals_table(chain), labels)
    heading(t("chainsui.per_exchange"))
    _pdf_table(pdf, _by_exchange(chain, names, labels))
    heading(t("chainsui.per_partner"))
    _pdf_table(pdf, partner_frame(chain, names), labels)
    heading(t("chainsui.mca.heading"))
    note = f" {mca_note(scores, weights, coverage)}" if score is None else ""
    paragraph(t("chainsui.report.mca", score=score_text(score), coverage=f"{coverage:.0%}") + note)
    _pdf_table(pdf, criteria_table(scores, weights), labels)
    heading(t("mca.sheet_heading"))
    if content.sheets:
        criteria, readiness = sheets_tables(content.sheets)
        _pdf_table(pdf, criteria)
        heading(t("mca.readiness_heading"), 10)
        _pdf_table(pdf, readiness)
    else:
        paragraph(t("mca.no_sheets"))
    heading(t("chainsui.report.measures"))
    paragraph(t("chainsui.policy.intro"))
    sections = measure_tables(measures or {})
    for name, table in sections:
        heading(name, 10)
        _pdf_table(pdf, table)
    if not sections:
        paragraph(t("chainsui.report.no_measures"))
    heading(t("chainsui.working.heading"))
    heading(t("chainsui.total"), 10)
    _pdf_table(pdf, totals_working(chain, names), labels)
    heading(t("chainsui.report.sources"))
    _pdf_table(pdf, factor_sources(chain, factors), labels)
    return bytes(pdf.output())
