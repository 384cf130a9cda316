"""`python -m dashboard anonymise` and `password`, run as real subprocesses."""

from __future__ import annotations

import subprocess
import sys

from dashboard.domain.access import valid_hash, verify_password
from dashboard.domain.reference import DATASETS_DIR
from dashboard.io.datasets import load_path

from ..confidential import leaks, secrets_of


def run(*args: str, stdin: str = "") -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "dashboard", *args], input=stdin,
                          capture_output=True, text=True, timeout=300)  # fmt: skip


def test_anonymise_writes_a_valid_public_tier_without_a_confidential_secret(tmp_path):
    out = tmp_path / "public"
    result = run("anonymise", str(DATASETS_DIR / "leningrad"), "--out", str(out))
    assert result.returncode == 0, result.stderr
    public, problems = load_path(out)
    assert not [p for p in problems if p.severity == "error"]
    assert len(public.companies) == 82
    written = "\n".join(f.read_text(encoding="utf-8") for f in out.iterdir() if f.is_file())
    assert leaks(written, secrets_of("leningrad")) == {}
    assert {"quantity_low", "quantity_high"} <= set(public.streams.columns)


def test_anonymise_refuses_a_folder_that_is_not_empty(tmp_path):
    (tmp_path / "keep.txt").write_text("mine")
    result = run("anonymise", str(DATASETS_DIR / "leningrad"), "--out", str(tmp_path))
    assert result.returncode == 1 and str(tmp_path) in result.stderr
    assert [f.name for f in tmp_path.iterdir()] == ["keep.txt"]


def test_password_prints_a_hash_that_verifies_and_refuses_a_short_one():
    result = run("password", "--stdin", stdin="a long enough phrase\n")
    assert result.returncode == 0, result.stderr
    stored = result.stdout.strip()
    assert valid_hash(stored) and verify_password("a long enough phrase", stored)
    assert not verify_password("a long enough phrasE", stored)
    short = run("password", "--stdin", stdin="short\n")
    assert short.returncode == 1 and not short.stdout
