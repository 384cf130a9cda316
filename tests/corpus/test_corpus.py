"""The hostile-input corpus: every case gives its expected exit code and message, never a
traceback; every accepted case also runs through match, assess and measures; a rejected case
never yields a Dataset."""

from __future__ import annotations

import filecmp
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from dashboard import cli
from dashboard.io import readers
from dashboard.io.datasets import load_path
from tests.corpus import generate

CASES = generate.CASES_DIR
EXPECTED = json.loads((CASES / "expected.json").read_text(encoding="utf-8"))
REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def limits(monkeypatch):
    def use(overrides: dict[str, int]) -> None:
        monkeypatch.setattr(readers, "LIMITS", readers.Limits(**overrides))
        monkeypatch.setattr(readers, "FILE_LIMITS", readers.Limits(**overrides))

    return use


def run(capsys, *argv: str) -> tuple[int, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out + err


def test_the_corpus_is_large_and_small():
    assert len(EXPECTED) >= 100
    size = sum(p.stat().st_size for p in CASES.rglob("*") if p.is_file())
    assert size < 5_000_000
    assert {case["exit"] for case in EXPECTED.values()} == {0, 1}


def test_the_generator_reproduces_the_stored_cases(tmp_path):
    generate.write(tmp_path / "cases")
    compared = filecmp.dircmp(CASES, tmp_path / "cases")
    differences = []

    def walk(node: filecmp.dircmp, prefix: str) -> None:
        differences.extend(prefix + n for n in node.left_only + node.right_only)
        _, mismatch, errors = filecmp.cmpfiles(node.left, node.right, node.common_files, False)
        differences.extend(prefix + n for n in mismatch + errors)
        for name, sub in node.subdirs.items():
            walk(sub, f"{prefix}{name}/")

    walk(compared, "")
    assert differences == []


@pytest.mark.parametrize("case_id", sorted(EXPECTED))
def test_validate_gives_the_expected_verdict(case_id, capsys, limits):
    expected = EXPECTED[case_id]
    limits(expected.get("limits", {}))
    path = str(CASES / case_id)
    code, output = run(capsys, "validate", path)
    assert "Traceback" not in output
    assert code == expected["exit"], output
    assert expected["message"] in output
    dataset, problems = load_path(path)
    assert (dataset is None) == bool(problems) == (expected["exit"] == 1)


@pytest.mark.parametrize("case_id", sorted(c for c, e in EXPECTED.items() if e["exit"] == 0))
@pytest.mark.parametrize("command", ["match", "assess", "measures"])
def test_an_accepted_case_runs_through_every_command(case_id, command, capsys):
    code, output = run(capsys, command, str(CASES / case_id))
    assert code == 0, output
    assert "Traceback" not in output


SUBPROCESS_CASES = (
    "valid-base",
    "xlsx-xxe",
    "xlsx-corrupt-deflate",
    "xlsx-zip-bomb",
    "employees-1e20",
    "encoding-mixed",
    "meta-malformed",
    "text-over-csv-field-limit",
)


@pytest.mark.parametrize("case_id", SUBPROCESS_CASES)
def test_no_traceback_at_process_level(case_id):
    result = subprocess.run(
        [sys.executable, "-m", "dashboard", "validate", str(CASES / case_id)],
        capture_output=True,
        text=True,
        cwd=REPO,
        env={**os.environ, "PYTHONPATH": str(REPO / "src")},
        timeout=120,
    )
    expected = EXPECTED[case_id]
    assert "Traceback" not in result.stderr
    assert result.returncode == expected["exit"], result.stderr
    assert expected["message"] in result.stdout + result.stderr


def corpus_figures() -> dict[str, int]:
    """Cases tried, clear errors, accepted, tracebacks and partial loads, in process."""
    figures = dict.fromkeys(("cases", "errors", "accepted", "tracebacks", "partial_loads"), 0)
    original = readers.LIMITS
    try:
        for case_id, expected in sorted(EXPECTED.items()):
            readers.LIMITS = readers.Limits(**expected.get("limits", {}))
            figures["cases"] += 1
            try:
                dataset, problems = load_path(CASES / case_id)
            except Exception:
                figures["tracebacks"] += 1
                continue
            if dataset is None:
                figures["errors"] += 1
            else:
                figures["accepted"] += 1
            if dataset is not None and problems:
                figures["partial_loads"] += 1
    finally:
        readers.LIMITS = original
    return figures


def test_corpus_figures():
    figures = corpus_figures()
    print(figures)
    assert figures["tracebacks"] == figures["partial_loads"] == 0
    assert figures["errors"] == sum(1 for e in EXPECTED.values() if e["exit"] == 1)
