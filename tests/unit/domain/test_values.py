"""One rule for what counts as missing, used by every module that reads a cell."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from dashboard.domain import values


@pytest.mark.parametrize("missing", [None, pd.NA, pd.NaT, float("nan"), np.float32("nan")])
def test_missing_values(missing):
    assert values.is_missing(missing)
    assert values.optional_number(missing) is None
    assert values.optional_text(missing) is None
    assert values.text(missing) == ""
    assert values.cell_text(missing) == ""
    assert values.flag(missing) is False


@pytest.mark.parametrize("present", [0, 0.0, "", "x", False, np.int64(3)])
def test_present_values_are_not_missing(present):
    assert not values.is_missing(present)


def test_numbers_and_cells():
    assert values.optional_number("12.5") == 12.5
    assert values.optional_number("twelve") is None
    assert values.optional_number(np.int64(3)) == 3.0
    assert values.cell_text(3.0) == "3"
    assert values.cell_text(" a ") == "a"
    assert values.optional_text(7) == "7"
    assert values.flag(True) and not values.flag(0)
