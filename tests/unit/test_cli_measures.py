"""The `measures` command: measures of flows and chains as CSV, a given catalogue, errors."""

from __future__ import annotations

import io
import subprocess
import sys

import pandas as pd
import pytest

from dashboard.domain.reference import DATASETS_DIR

from ..paths import REPO
from .analysis.policy.measures import catalogue_bytes


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "dashboard", "measures", *args],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=120,
    )


def test_cli_writes_measures_of_flows_and_chains(tmp_path):
    out = tmp_path / "m.csv"
    result = run_cli(str(DATASETS_DIR / "leningrad"), "--out", str(out))
    assert result.returncode == 0, result.stderr
    table = pd.read_csv(out)
    assert {"kind", "id", "flows", "measure_id", "measure_name", "category", "jurisdiction",
            "reasons"} <= set(table.columns)  # fmt: skip
    assert set(table["kind"]) == {"flow", "chain"}
    assert "measure rows for" in result.stderr


def test_cli_neutralises_formulas_and_uses_a_given_catalogue(tmp_path):
    catalogue = tmp_path / "mine.csv"
    catalogue.write_bytes(catalogue_bytes({"reason_en": "=HYPERLINK({material})"}))
    result = run_cli(str(DATASETS_DIR / "kalundborg"), "--catalogue", str(catalogue))
    assert result.returncode == 0, result.stderr
    table = pd.read_csv(io.StringIO(result.stdout))
    assert set(table["measure_id"]) == {"T-1"}
    assert table["reasons"].str.startswith("'=HYPERLINK(").all()


def test_cli_rejects_an_invalid_catalogue_with_its_problems(tmp_path):
    catalogue = tmp_path / "mine.csv"
    catalogue.write_bytes(catalogue_bytes({"hazard": "toxic"}))
    result = run_cli(str(DATASETS_DIR / "kalundborg"), "--catalogue", str(catalogue))
    assert result.returncode == 1
    assert "mine.csv:2:hazard: 'toxic' is not one of" in result.stdout
    assert "Traceback" not in result.stderr


def test_cli_rejects_an_invalid_dataset(tmp_path):
    (tmp_path / "companies.csv").write_text("company_id,name\nA,B\n")
    (tmp_path / "streams.csv").write_text("")
    result = run_cli(str(tmp_path))
    assert result.returncode == 1
    assert "companies.csv:1:nace: required column is missing" in result.stdout
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    "args", [(), ("no/such/folder",), ("data/datasets/kalundborg", "--catalogue", "nope.csv"),
             ("data/datasets/kalundborg", "--bogus")],
)  # fmt: skip
def test_cli_usage_errors_exit_2_without_traceback(args):
    result = run_cli(*args)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
