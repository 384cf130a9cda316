"""The Chains page's scoring sheet: a person scores the chain's criteria and readiness, saves
the sheet under their name, and reads the saved sheets of this and the compared chains as
profiles side by side."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import replace

import pandas as pd
import streamlit as st

from dashboard.analysis import soft_mca
from dashboard.domain.labels import number_text
from dashboard.domain.scoring import Sheet, blank_readiness
from dashboard.i18n import t
from dashboard.io.export import safe_csv_bytes
from dashboard.store import sheets as store
from dashboard.views.people_csv import for_people
from dashboard.views.sheet_view import (
    line_label,
    profile_figure,
    radar_figure,
    sheet_frame,
    sheet_label,
)
from dashboard.web import chain_actions, session
from dashboard.web.columns import readiness_columns, sheet_columns

LOCKED = ["area", "criterion", "evidence", "suggested"]


def _saved(dataset_key: str, chain_key: str) -> list[Sheet]:
    listing = chain_actions.stored(store.read_sheets, dataset_key, chain_key)
    return store.latest_per_scorer(listing.sheets) if listing is not None else []


def _tag(entries: Iterable) -> str:
    return "draft-" + hashlib.sha1(repr(tuple(entries)).encode()).hexdigest()[:10]


def scoring_sheet(c) -> None:
    """The sheet editor of the chain `c` (a `chain_panels.ChainView`), for the scorer named."""
    st.subheader(t("mca.sheet_heading"))
    st.caption(t("mca.sheet_intro"))
    scorer = st.text_input(
        t("mca.scorer"), key=session.SCORER, help=t("mca.scorer_help"), max_chars=80
    ).strip()
    session.keep([session.SCORER])
    suggested = soft_mca.suggestions(c.scores)
    mine = [s for s in _saved(c.dataset_key, c.choice) if scorer and
            s.scorer.casefold() == scorer.casefold()]  # fmt: skip
    if mine:
        entries = tuple(replace(e, suggested=suggested.get(e.criterion)) for e in mine[0].entries)
        readiness, tag = mine[0].readiness, mine[0].sheet_id
    else:
        entries, readiness, tag = soft_mca.blank_entries(c.scores), blank_readiness(), "blank"
    draft = session.sheet_draft(c.choice)
    base = draft if draft is not None else entries
    keys = (
        session.sheet_editor_key("criteria", c.choice, _tag(base) if draft else tag),
        session.sheet_editor_key("readiness", c.choice, tag),
    )
    st.data_editor(
        sheet_frame(base, c.scores), key=keys[0], hide_index=True, disabled=LOCKED,
        column_config=sheet_columns(), width="stretch", placeholder=t("mca.not_scored"),
    )  # fmt: skip
    st.button(
        t("mca.take_suggestions"), key=session.SHEET_SUGGEST,
        on_click=chain_actions.take_suggestions, args=(c.choice, base, keys[0]),
    )  # fmt: skip
    st.markdown(f"**{t('mca.readiness_heading')}**")
    st.caption(t("mca.readiness_intro"))
    st.data_editor(
        sheet_frame(readiness, {})[["criterion", "level", "confidence", "comment"]],
        key=keys[1], hide_index=True, disabled=["criterion"], column_config=readiness_columns(),
        width="stretch", placeholder=t("mca.not_scored"),
    )  # fmt: skip
    st.button(
        t("mca.save"), key=session.SHEET_SAVE, type="primary", disabled=not scorer,
        on_click=chain_actions.save_sheet,
        args=(c.dataset_key, c.choice, c.name, base, readiness, keys),
    )  # fmt: skip


def chain_sheets(c, keys: Iterable[str]) -> dict[str, Sheet]:
    """The latest sheet of each scorer of these chains, by their labels."""
    shown: dict[str, Sheet] = {}
    for key in dict.fromkeys(keys):
        for sheet in _saved(c.dataset_key, key):
            shown[sheet_label(sheet, c.chains[key].label if key in c.chains else key)] = sheet
    return shown


def profiles(c, compared: list[str]) -> None:
    """The latest sheet of each scorer of this chain and of the compared ones, as a matrix of
    criteria, a matrix of readiness and a radar of the areas; optionally one weighted figure."""
    st.subheader(t("mca.profile_heading"))
    st.caption(t("mca.profile_caption"))
    shown = chain_sheets(c, [c.choice, *compared])
    if not shown:
        st.info(t("mca.no_sheets"))
        return
    st.plotly_chart(
        profile_figure(soft_mca.profile(shown), t("mca.matrix_title")), key=session.SHEET_MATRIX
    )
    readiness = soft_mca.readiness_profile(shown)
    if readiness.notna().any().any():
        st.plotly_chart(
            profile_figure(readiness, t("mca.readiness_title")), key=session.READINESS_MATRIX
        )
    st.plotly_chart(radar_figure(shown, t("mca.radar_title")), key=session.SHEET_RADAR)
    if st.toggle(t("mca.aggregate_toggle"), key=session.SHEET_AGGREGATE):
        st.caption(t("mca.aggregate_note"))
        for label, sheet in shown.items():
            result = soft_mca.weighted_aggregate(sheet.levels())
            st.markdown(t("mca.aggregate_result", sheet=label, value=number_text(result.value),
                          share=f"{number_text(100 * result.scored_share)} %"))  # fmt: skip
            if result.hidden_weak:
                weak = ", ".join(line_label(name) for name in result.hidden_weak)
                st.warning(t("mca.aggregate_hides", criteria=weak))
    rows = pd.concat(
        [soft_mca.sheet_rows(s).assign(chain=s.chain_key) for s in shown.values()],
        ignore_index=True,
    )
    st.download_button(
        t("mca.download_csv"), safe_csv_bytes(for_people(rows)), file_name="score_sheets.csv",
        mime="text/csv", key=session.SHEET_CSV, on_click="ignore",
    )  # fmt: skip
