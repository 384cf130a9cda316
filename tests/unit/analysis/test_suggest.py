"""The code suggester: words, stems, typos, both languages, the CLI, and its accuracy on the
test set of company-style descriptions (tests/data/suggest_cases.csv)."""

from __future__ import annotations

import csv

import pytest

from dashboard import cli
from dashboard.analysis.suggest import suggest_activity, suggest_waste, top_hit, words
from dashboard.domain import reference
from dashboard.domain.labels import ewc_formatted, ewc_title

from ...paths import REPO

CASES = REPO / "tests" / "data" / "suggest_cases.csv"
TOP5_FLOOR = {"en": 0.50, "ru": 0.50}
"""Share of the test set whose code must be among the top 5, per language (measured figures in
the README; the floor sits below them so that a change that loses accuracy fails)."""


def codes(text: str, top: int = 5) -> list[str]:
    return [s.code for s in suggest_waste(text, top)]


def test_words_fold_case_and_yo_drop_stop_words_and_numbers_and_keep_stems():
    assert words("Зола от НАШЕЙ котельной, 200 т/год; Ёмкости") == ["зол", "котельн", "емкост"]
    assert words("золы котельная емкость") == ["зол", "котельн", "емкост"]
    assert words("about 200 t a year of the FLY-ashes") == words("fly ash") == ["fli", "ash"]
    assert words("") == [] and words("of the и в") == []


def test_exact_words_find_the_entry_first():
    assert codes("coal fly ash")[0] == "100102"
    assert codes("waste tyres")[0] == "160103"


def test_a_typo_and_an_inflection_still_meet():
    assert "030105" in codes("sawdst and wood shavngs")
    assert "030105" in codes("опилок и стружки")
    assert "100102" in codes("зола уноса угольной ТЭЦ")


def test_nothing_meets_nothing():
    assert suggest_waste("qqqq zzzz") == []
    assert suggest_waste("of the") == []
    assert suggest_waste("fly ash", top=0) == []


def test_each_suggestion_carries_its_material():
    (first,) = suggest_waste("coal fly ash", 1)
    assert first.material_id == reference.ewc_materials()["100102"] != ""


def test_activities_are_nace_classes():
    found = [s.code for s in suggest_activity("brewery: manufacture of beer")]
    assert found[0] == "11.05"
    assert "11.05" in [s.code for s in suggest_activity("производство пива")]


def test_every_list_of_waste_code_has_russian_wording():
    table = reference.ewc_list()
    russian = reference.ewc_titles_ru()
    expected = set(table.index) | set(table["chapter"]) | set(table["sub_chapter"])
    assert set(russian) == expected
    assert all(any("а" <= c <= "я" for c in text.lower()) for text in russian.values())
    assert ewc_title("100102", "en") == "Coal fly ash"
    assert ewc_title("10", "en").startswith("Wastes from thermal processes")
    assert ewc_title("100102", "ru") == russian["100102"]
    assert ewc_formatted("100102") == "10 01 02" and ewc_formatted("160601") == "16 06 01*"


def cases() -> list[dict[str, str]]:
    with CASES.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_the_right_code_is_in_the_top_5_often_enough(lang):
    rows = [row for row in cases() if row["lang"] == lang]
    assert len(rows) >= 100 // 2
    assert all(code in reference.ewc_list().index for code in (r["ewc_code"] for r in rows))
    hits = [top_hit(suggest_waste(row["text"], 5), row["ewc_code"]) for row in rows]
    share = sum(hit is not None for hit in hits) / len(rows)
    assert share >= TOP5_FLOOR[lang], f"top 5: {share:.2f}"


def test_the_suggest_command_prints_the_code_material_and_title(capsys):
    assert cli.main(["suggest", "coal", "fly", "ash", "--top", "2"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2 and lines[0].startswith("10 01 02  ")
    assert lines[0].endswith("Coal fly ash")
    assert cli.main(["suggest", "зола уноса", "--lang", "ru", "--top", "1"]) == 0
    (line,) = capsys.readouterr().out.splitlines()
    assert line.endswith(ewc_title(line[:8].replace(" ", ""), "ru"))
    assert cli.main(["suggest", "--activity", "brewery", "beer"]) == 0
    assert capsys.readouterr().out.startswith("11.05  ")


def test_the_suggest_command_refuses_a_bad_top_and_says_when_nothing_fits(capsys):
    with pytest.raises(SystemExit) as stopped:
        cli.main(["suggest", "ash", "--top", "0"])
    assert stopped.value.code == 2
    assert cli.main(["suggest", "qqqq"]) == 1
    assert "qqqq" in capsys.readouterr().err
