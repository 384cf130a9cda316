"""Code columns written as words: units, provenance and statuses, in the reader's language."""

from __future__ import annotations

import pandas as pd

from dashboard.i18n import t, use_language
from dashboard.views.table_words import in_words


def test_units_provenance_and_statuses_become_words_and_other_columns_stay():
    frame = pd.DataFrame({
        "unit": ["t/yr", None], "virgin_resource_unit": ["MWh/yr", "t"],
        "provenance": ["estimated", "reported"], "quantity_provenance": ["synthetic", None],
        "status": ["existing", "candidate"], "notes": ["estimated", "t/yr"],
    })  # fmt: skip
    with use_language("ru"):
        shown = in_words(frame)
        assert shown["unit"].tolist()[0] == "т/год" and pd.isna(shown["unit"].iloc[1])
        assert shown["virgin_resource_unit"].tolist() == ["МВт·ч/год", "т"]
        assert shown["provenance"].tolist() == [t("provenance.estimated"), t("provenance.reported")]
        assert shown["quantity_provenance"].iloc[0] == t("provenance.synthetic")
        assert shown["status"].tolist() == [t("status.existing"), t("status.candidate")]
        assert shown["notes"].tolist() == ["estimated", "t/yr"]  # data, as written
        assert in_words(shown).equals(shown)  # words stay words


def test_a_table_without_code_columns_is_returned_as_it_is():
    frame = pd.DataFrame({"name": ["Mill"]})
    assert in_words(frame) is frame
