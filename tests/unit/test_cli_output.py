"""The command line's output: a reader that goes away, a full standard output, a full disk."""

from __future__ import annotations

import errno
import os
import subprocess
import sys

import pytest

from dashboard import cli
from dashboard.domain.reference import DATASETS_DIR

LENINGRAD = str(DATASETS_DIR / "leningrad")


def command(*args: str) -> list[str]:
    return [sys.executable, "-m", "dashboard", *args]


@pytest.mark.parametrize("args", [("match", LENINGRAD), ("validate", LENINGRAD)])
def test_a_reader_that_goes_away_ends_the_command_quietly(args):
    """As `| head` does once it has its lines (closed before the output, so that the pipe's
    size does not decide whether the write fails)."""
    process = subprocess.Popen(command(*args), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    process.stdout.close()
    stderr = process.stderr.read().decode()
    process.wait(timeout=120)
    assert process.returncode == cli.EXIT_BROKEN_PIPE
    assert "Traceback" not in stderr and "Exception ignored" not in stderr


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
@pytest.mark.parametrize("args", [("validate", LENINGRAD), ("assess", LENINGRAD)])
def test_a_full_standard_output_is_an_error_with_a_message(args):
    with open("/dev/full", "wb") as full:
        result = subprocess.run(command(*args), stdout=full, stderr=subprocess.PIPE, timeout=120)
    stderr = result.stderr.decode()
    assert result.returncode == 1
    assert "No space left on device" in stderr
    assert "Traceback" not in stderr and "Exception ignored" not in stderr


def test_out_on_a_full_disk_keeps_the_old_file_whole(tmp_path, monkeypatch, capsys):
    out = tmp_path / "assessment.csv"
    out.write_text("the previous run\n")
    real_fdopen = os.fdopen

    class FullDisk:
        def __init__(self, stream):
            self.stream = stream

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.stream.close()

        def write(self, content):
            self.stream.write(content[:100])
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(cli.os, "fdopen", lambda fd, mode: FullDisk(real_fdopen(fd, mode)))
    assert cli.main(["assess", LENINGRAD, "--out", str(out)]) == 1
    assert out.read_text() == "the previous run\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["assessment.csv"]
    assert "No space left on device" in capsys.readouterr().err


def test_out_replaces_the_file_whole_and_keeps_its_permissions(tmp_path):
    out = tmp_path / "assessment.csv"
    out.write_text("old\n")
    out.chmod(0o640)
    assert cli.main(["assess", LENINGRAD, "--out", str(out)]) == 0
    assert out.read_text().startswith("kind,")
    assert out.stat().st_mode & 0o777 == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["assessment.csv"]


def test_the_command_language_comes_from_lang_option_else_the_locale():
    assert cli.command_language(["validate", "x", "--lang", "ru"], {}) == "ru"
    assert cli.command_language(["--lang", "en", "validate", "x"], {"LANG": "ru_RU.UTF-8"}) == "en"
    assert cli.command_language(["validate", "x"], {"LANG": "ru_RU.UTF-8"}) == "ru"
    assert cli.command_language(["validate", "x"], {"LC_ALL": "C", "LANG": "ru_RU"}) == "en"
    assert cli.command_language(["validate", "x"], {}) == "en"


def test_messages_follow_the_language_and_column_names_stay_english():
    from dashboard.i18n import t

    result = subprocess.run(
        command("validate", LENINGRAD, "--lang", "ru"), capture_output=True, text=True,
        timeout=120,
    )  # fmt: skip
    assert result.returncode == 0
    assert result.stdout.strip().endswith(t("cli.valid", "ru")) and t("cli.valid", "ru") != "valid"
    out = subprocess.run(
        command("--lang", "ru", "assess", LENINGRAD), capture_output=True, text=True, timeout=180
    )
    assert out.returncode == 0 and out.stdout.startswith("kind,")
