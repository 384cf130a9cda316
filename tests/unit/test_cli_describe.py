"""The plain-text summary that `validate` prints."""

from __future__ import annotations

from dashboard.cli import describe
from dashboard.domain.reference import DATASETS_DIR
from dashboard.io.datasets import load_or_raise


def test_describe_on_a_bundled_dataset():
    text = describe(load_or_raise(DATASETS_DIR / "kalundborg"))
    assert text.splitlines()[0] == "kalundborg: 17 companies, 7 streams, 34 flows"
