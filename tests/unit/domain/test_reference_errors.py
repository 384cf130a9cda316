"""A missing, empty or garbage IS_DASHBOARD_DATA folder ends the command line with one clear
line, never a traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from dashboard.domain import reference

REPO = Path(__file__).resolve().parents[3]
LENINGRAD = REPO / "data" / "datasets" / "leningrad"
REFERENCE_FILES = (
    "materials.csv", "uses.csv", "transformations.csv", "ewc_list_of_waste.csv",
    "ewc_materials.csv", "nace_rev2.csv", "okved2.csv", "regions.csv", "regions.geojson",
    "factors.csv", "policy_measures.csv",
)  # fmt: skip


def validate_with_data(data: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "dashboard", "validate", str(LENINGRAD)],
        capture_output=True,
        text=True,
        env={**os.environ, "IS_DASHBOARD_DATA": str(data)},
        timeout=120,
    )


def garbage(folder: Path) -> Path:
    (folder / "reference").mkdir(parents=True)
    for name in REFERENCE_FILES:
        (folder / "reference" / name).write_bytes(bytes(range(256)) * 3 + b'\n\xff\x00,,"\n')
    return folder


@pytest.mark.parametrize(
    "make",
    [
        lambda tmp: tmp / "missing",
        lambda tmp: tmp,
        garbage,
    ],
    ids=["missing folder", "empty folder", "garbage files"],
)
def test_bad_reference_data_gives_one_clear_line(tmp_path, make):
    result = validate_with_data(make(tmp_path))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("error: the reference data cannot be read: ")
    assert "(check IS_DASHBOARD_DATA)" in lines[0]


def test_readers_raise_one_typed_error(tmp_path, monkeypatch):
    monkeypatch.setattr(reference, "REFERENCE_DIR", tmp_path)
    (tmp_path / "nace_rev2.csv").write_text("a,b\n1,2\n")
    (tmp_path / "okved2.csv").write_bytes(b"")
    (tmp_path / "uses.csv").write_bytes(b"\xff\xfe\x00garbage\n")
    for reader, detail in (
        (reference.materials, "no such file"),
        (reference.nace, "missing columns code, section, division, title_en"),
        (reference.okved2, "EmptyDataError"),
        (reference.uses, ""),
        (reference.region_shapes, "no such file"),
    ):
        reader.cache_clear()
        with pytest.raises(reference.ReferenceDataError) as raised:
            reader()
        reader.cache_clear()
        assert raised.value.path.parent == tmp_path
        assert detail in raised.value.detail


@pytest.mark.parametrize(
    ("command", "broken"),
    [("assess", "factors.csv"), ("measures", "policy_measures.csv"), ("assess", "uses.csv")],
)
def test_one_broken_reference_file_stops_every_command_with_one_line(tmp_path, command, broken):
    import shutil

    data = tmp_path / "data"
    shutil.copytree(REPO / "data", data)
    (data / "reference" / broken).write_text("factor_id,value\nx,not a number\n")
    result = subprocess.run(
        [sys.executable, "-m", "dashboard", command, str(LENINGRAD)],
        capture_output=True, text=True, timeout=180,
        env={**os.environ, "IS_DASHBOARD_DATA": str(data)},
    )  # fmt: skip
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert broken in result.stderr
