"""The debrief as a standalone HTML report and as CSV: standings, every chain side by side,
the difficulties across teams with the measures that could answer them, and what the matcher
and the teams each found that the other did not. No scripts, no external files; every text
from data and players escaped."""

from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import datetime

import pandas as pd

from dashboard.domain.labels import date_text
from dashboard.i18n import language, t
from dashboard.io.export import safe_csv_bytes
from dashboard.views.report_html import REPORT_CSS, html_table


@dataclass(frozen=True)
class Debrief:
    """The debrief's tables, already in the reader's language."""

    room_code: str
    dataset_title: str
    generated: datetime
    round_shown: int
    rounds: int
    scoreboard: pd.DataFrame
    chains: pd.DataFrame
    difficulties: pd.DataFrame
    missed: pd.DataFrame
    teams_only: pd.DataFrame
    candidates: int


def debrief_html(d: Debrief) -> str:
    e = html.escape
    title = t("game.debrief.title", code=d.room_code)
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{language()}"><head><meta charset="utf-8">',
        f"<title>{e(title)}</title><style>{REPORT_CSS}</style></head><body>",
        f"<h1>{e(title)}</h1>",
        f'<p class="muted">{e(d.dataset_title)} · {e(date_text(d.generated))} · '
        f"{e(t('game.debrief.round_shown', round=d.round_shown, rounds=d.rounds))}</p>",
        f"<p>{e(t('game.debrief.method'))}</p>",
        f"<h2>{e(t('game.debrief.scoreboard'))}</h2>",
        html_table(d.scoreboard),
        f"<h2>{e(t('game.debrief.chains'))}</h2>",
        html_table(d.chains) if not d.chains.empty else f"<p>{e(t('game.debrief.no_chains'))}</p>",
        f"<h2>{e(t('game.debrief.difficulties'))}</h2>",
        f'<p class="muted">{e(t("game.debrief.difficulties_caption"))}</p>',
        html_table(d.difficulties),
        f"<h2>{e(t('game.debrief.missed'))}</h2>",
        f'<p class="muted">{e(t("game.debrief.missed_caption", count=d.candidates))}</p>',
        html_table(d.missed),
        f"<h2>{e(t('game.debrief.teams_only'))}</h2>",
        f'<p class="muted">{e(t("game.debrief.teams_only_caption"))}</p>',
        html_table(d.teams_only),
        "</body></html>",
    ]
    return "\n".join(parts)


def debrief_csv(d: Debrief) -> bytes:
    """Every chain side by side (the debrief's main table), formulas neutralised."""
    return safe_csv_bytes(d.chains)
