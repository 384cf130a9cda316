"""The `scenario` command: a what-if's changes, metrics and what changed state as CSV with
English column names, its summary in the chosen language, errors as one line with exit 1."""

from __future__ import annotations

import io
import subprocess
import sys

import pandas as pd
import pytest

from dashboard.analysis.scenario import TABLE_COLUMNS
from dashboard.domain.reference import DATASETS_DIR

from ..paths import REPO

LENINGRAD = str(DATASETS_DIR / "leningrad")


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "dashboard", "scenario", *args],
        capture_output=True, text=True, cwd=REPO, timeout=180,
    )  # fmt: skip


def test_cli_writes_the_changes_the_metrics_and_what_changed_state(tmp_path):
    out = tmp_path / "what-if.csv"
    result = run_cli(LENINGRAD, "--set", "gate_fee.landfill.RU=0", "--set", "co2_price.RU=40",
                     "--out", str(out))  # fmt: skip
    assert result.returncode == 0, result.stderr
    table = pd.read_csv(out, keep_default_na=False, na_values=[""])
    assert list(table.columns) == list(TABLE_COLUMNS)
    assert {"change", "metric", "candidate"} <= set(table["kind"])
    changes = table[table["kind"] == "change"].set_index("id")
    assert changes.at["gate_fee.landfill.RU", "scenario"] == 0
    assert changes.at["co2_price.RU", "scenario"] == 40
    metrics = table[table["kind"] == "metric"].set_index("id")
    viable = metrics.loc["candidates_viable"]
    assert viable["difference"] == viable["scenario"] - viable["baseline"] != 0
    moved = table[table["kind"] == "candidate"]
    assert (moved["baseline_state"] != moved["scenario_state"]).all()
    assert result.stderr.startswith("candidate exchanges worth it: ")
    assert f"{int(viable['baseline'])} → {int(viable['scenario'])} of " in result.stderr
    assert "Traceback" not in result.stderr


def test_cli_without_changes_writes_the_baseline_twice_to_standard_output():
    result = run_cli(LENINGRAD, "--lang", "ru")
    assert result.returncode == 0, result.stderr
    table = pd.read_csv(io.StringIO(result.stdout))
    assert set(table["kind"]) == {"metric"}  # nothing changed, nothing moved
    assert (table["difference"] == 0).all() and (table["baseline"] == table["scenario"]).all()
    assert result.stderr.startswith("выгодных возможных обменов: ")


@pytest.mark.parametrize(
    ("args", "message"),
    [(("--set", "gate_fee.landfill"), "--set wants KEY=VALUE, got 'gate_fee.landfill'"),
     (("--set", "landfill_fee.RU=5"), "landfill_fee.RU=5: unknown change"),
     (("--set", "gate_fee.landfill.RU=cheap"), "gate_fee.landfill.RU=cheap: not a number"),
     (("--set", "status.slag=product"), "status.slag=product: a waste status is waste"),
     (("--set", "co2_price.RU=1", "--set", "co2_price.RU=2"), "co2_price.RU=2: this change is given twice")],
)  # fmt: skip
def test_cli_refuses_a_change_in_one_line_with_exit_1(args, message):
    result = run_cli(LENINGRAD, *args)
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("python -m dashboard scenario: error: ")
    assert message in lines[0]
    assert result.stdout == ""


def test_cli_rejects_an_invalid_dataset_and_a_missing_path(tmp_path):
    (tmp_path / "companies.csv").write_text("company_id,name\nA,B\n")
    (tmp_path / "streams.csv").write_text("")
    invalid = run_cli(str(tmp_path), "--set", "co2_price.RU=10")
    assert invalid.returncode == 1 and "companies.csv:1:nace" in invalid.stdout
    missing = run_cli("no/such/folder")
    assert missing.returncode == 2 and "Traceback" not in missing.stderr
