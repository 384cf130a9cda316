"""The scoring sheet as read and filled in: editor rows in the language, edits read back to
codes, and profiles for one to five chains."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from dashboard.analysis import soft_mca
from dashboard.domain.scoring import CRITERIA, READINESS_AXES, Entry, Sheet, blank_readiness
from dashboard.i18n import t, use_language
from dashboard.views import sheet_view


def sheet(n: int) -> Sheet:
    entries = tuple(Entry(c, level=1 + (i + n) % 5) for i, c in enumerate(CRITERIA))
    return Sheet("d", f"k{n}", f"Scorer {n}", datetime(2026, 12, 2, tzinfo=UTC), entries,
                 blank_readiness())  # fmt: skip


def test_the_editor_rows_are_words_of_the_language_with_the_evidence():
    entries = soft_mca.blank_entries({"ghg": 0.92})
    with use_language("ru"):
        frame = sheet_view.sheet_frame(entries, {"ghg": 0.92})
        ghg = frame.iloc[list(CRITERIA).index("ghg")]
        assert ghg["criterion"] == t("mca.criterion.ghg")
        assert ghg["suggested"] == t("mca.level.5") and ghg["level"] is None
        assert "0,92" in ghg["evidence"]
    assert list(frame.columns) == list(sheet_view.SHEET_COLUMNS)


def test_edits_are_read_back_to_levels_and_confidences_in_either_language():
    entries = soft_mca.blank_entries({})
    with use_language("ru"):
        edited = sheet_view.edited_entries(entries, {
            "0": {"level": t("mca.level.4"), "confidence": t("mca.confidence.high")},
            "1": {"comment": "  Поставки зимой нестабильны "}, "2": {"level": None},
            "99": {"level": t("mca.level.1")},
        })  # fmt: skip
    assert (edited[0].level, edited[0].confidence) == (4, "high")
    assert edited[1].comment == "Поставки зимой нестабильны" and edited[1].level is None
    assert edited[2].level is None and len(edited) == len(entries)


@pytest.mark.parametrize("count", [1, 2, 3, 4, 5])
def test_profiles_render_for_one_to_five_chains(count):
    sheets = {f"chain {n}": sheet(n) for n in range(count)}
    matrix = sheet_view.profile_figure(soft_mca.profile(sheets), "title")
    [heatmap] = matrix.data
    assert len(heatmap.x) == count and len(heatmap.y) == len(CRITERIA)
    ready = sheet_view.profile_figure(soft_mca.readiness_profile(sheets), "title")
    assert len(ready.data[0].y) == len(READINESS_AXES)
    radar = sheet_view.radar_figure(sheets, "title")
    assert len(radar.data) == count and len(radar.data[0].r) == len(soft_mca.AREAS) + 1


def test_data_text_in_a_profile_is_escaped():
    sheets = {"<b>Mill</b> · Anna": sheet(1)}
    figure = sheet_view.profile_figure(soft_mca.profile(sheets), "title")
    assert "<b>" not in figure.data[0].x[0]
