"""The tornado data: each output with the distance and each factor varied by a percentage."""

from __future__ import annotations

import pytest

from dashboard.analysis.sensitivity import sensitivity

from .factories import ash, small_factors


def test_sensitivity_tornado():
    frame = sensitivity([ash()], small_factors(), percent=25)
    assert list(frame.columns) == [
        "parameter", "output", "base", "low", "high", "low_case", "high_case",
    ]  # fmt: skip
    ghg = frame[frame["output"] == "ghg_avoided_t_co2e"].set_index("parameter")
    # distance -25 %: (410,000 + 5,000 - 20,000 - 1,125) / 1000 = 393.875
    assert ghg.at["distance", "low"] == pytest.approx(393.875)
    assert ghg.at["distance", "high"] == pytest.approx(393.125)
    # EF_virgin +25 %: (1000 x (1000 x 0.5 + 10) + 5,000 - 20,000 - 1,500) / 1000 = 493.5
    assert ghg.at["ef_virgin.fly_ash", "high"] == pytest.approx(493.5)
    assert ghg.index[0] == "ef_virgin.fly_ash"  # largest swing first
    assert ghg["base"].tolist() == pytest.approx([393.5] * len(ghg))


def test_the_fate_is_a_parameter_of_the_sensitivity():
    frame = sensitivity([ash()], small_factors(), percent=25)
    fate = frame[frame["output"] == "ghg_avoided_t_co2e"].set_index("parameter").loc["fate:x1"]
    # the small table knows two fates of fly ash: landfill (the default, EF 10 kg/t) and none
    # (EF 0): 393.5 - 1000 x 10 / 1000 = 383.5; the other fates lack factors and stay out
    assert (fate["low"], fate["low_case"]) == (pytest.approx(383.5), "none")
    assert (fate["high"], fate["high_case"]) == (pytest.approx(393.5), "landfill")
    assert "fate.fly_ash.landfill" not in set(frame["parameter"])  # a choice, not a number
