"""The `python -m dashboard` command line, run as a real subprocess."""

from __future__ import annotations

import subprocess
import sys

import pytest


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "dashboard", *args], capture_output=True, text=True, timeout=120
    )


@pytest.fixture
def valid_folder(tmp_path):
    (tmp_path / "companies.csv").write_text(
        "company_id,name,nace,lat,lon\nA,Alpha,10.51,59.93,30.31\nB,Beta,35.11,59.44,32.02\n"
    )
    (tmp_path / "streams.csv").write_text(
        "stream_id,company_id,direction,material,quantity,unit\nS1,A,have,spent_grain,5,t/yr\n"
    )
    return tmp_path


def test_validate_valid_dataset_prints_summary_and_exits_0(valid_folder):
    result = run("validate", str(valid_folder))
    assert result.returncode == 0, result.stderr
    assert "2 companies, 1 streams, 0 flows" in result.stdout
    assert "RU-SPE 1" in result.stdout and "RU-LEN 1" in result.stdout
    assert result.stdout.strip().endswith("valid")


def test_validate_invalid_dataset_lists_every_problem_and_exits_1(valid_folder):
    (valid_folder / "flows.csv").write_text(
        "flow_id,source_company,target_company,material,status\nF1,A,A,fly_ash,existing\n"
        "F2,A,Z,fly_ash,someday\n"
    )
    result = run("validate", str(valid_folder))
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "flows.csv:2:target_company: a flow from company 'A' to itself",
        "flows.csv:3:target_company: company 'Z' is not in companies",
        "flows.csv:3:status: 'someday' is not one of: existing, planned, potential, discontinued",
    ]
    assert "Traceback" not in result.stderr


def test_validate_binary_file_is_a_problem_not_a_traceback(tmp_path):
    path = tmp_path / "data.xlsx"
    path.write_bytes(b"\x00\x01garbage")
    result = run("validate", str(path))
    assert result.returncode == 1
    assert result.stdout.strip() == "data.xlsx: not a readable .xlsx workbook (BadZipFile)"
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("args", [(), ("validate",), ("frobnicate", "x"), ("validate", "/no/such")])
def test_usage_errors_exit_2(args):
    result = run(*args)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "error" in result.stderr


def test_the_command_line_reads_files_past_the_web_upload_bounds(valid_folder, monkeypatch, capsys):
    from dashboard import cli
    from dashboard.io import readers

    rows = "".join(f"S{i},A,have,spent_grain,5,t/yr\n" for i in range(2, 12))
    with (valid_folder / "streams.csv").open("a") as streams:
        streams.write(rows)
    monkeypatch.setattr(readers, "LIMITS", readers.Limits(rows=5))
    assert cli.main(["validate", str(valid_folder)]) == 0
    assert "11 streams" in capsys.readouterr().out
    monkeypatch.setattr(readers, "FILE_LIMITS", readers.Limits(rows=5))
    assert cli.main(["validate", str(valid_folder)]) == 1
    assert "streams.csv:7:: more than 5 data rows" in capsys.readouterr().out
