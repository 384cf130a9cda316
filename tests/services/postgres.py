"""A throwaway PostgreSQL server for the tests: a new cluster in a temporary folder, on a free
port of 127.0.0.1, trusted local logins, stopped and removed afterwards.

The server binaries come from PATH or Debian's /usr/lib/postgresql/<version>/bin (`make test`
installs the package `postgresql` when it is missing). PostgreSQL refuses to run as root, so as
root the cluster belongs to the user `nobody` and its programs run through `runuser`.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

START_TIMEOUT_S = 60
RUN_AS = "nobody"


def binaries() -> Path | None:
    """The folder of initdb and pg_ctl, or None when PostgreSQL is not installed."""
    found = shutil.which("initdb")
    if found:
        return Path(found).resolve().parent
    folders = sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True)
    return Path(folders[0]) if folders else None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _run(command: list[str], as_root: bool, **kwargs) -> subprocess.CompletedProcess:
    if as_root:
        command = ["runuser", "-u", RUN_AS, "--", *command]
    return subprocess.run(command, check=True, capture_output=True, text=True, **kwargs)


@contextmanager
def server() -> Iterator[str]:
    """Yield the SQLAlchemy URL of a fresh PostgreSQL server's `postgres` database."""
    folder = binaries()
    if folder is None:
        raise RuntimeError("PostgreSQL is not installed: run `make test` (it installs it as root)")
    as_root = os.geteuid() == 0
    base = Path(tempfile.mkdtemp(prefix="is-dashboard-pg-"))
    data = base / "data"
    user = RUN_AS if as_root else os.environ.get("USER", "postgres")
    if as_root:
        shutil.chown(base, RUN_AS)
    port = _free_port()
    try:
        _run([str(folder / "initdb"), "-D", str(data), "-A", "trust", "-U", user, "-E", "UTF8"],
             as_root)  # fmt: skip
        options = f"-p {port} -k {base} -c listen_addresses=127.0.0.1 -c fsync=off"
        _run([str(folder / "pg_ctl"), "-D", str(data), "-o", options, "-l", str(base / "log"),
              "-w", "-t", str(START_TIMEOUT_S), "start"], as_root)  # fmt: skip
        yield f"postgresql+psycopg://{user}@127.0.0.1:{port}/postgres"
    finally:
        if (data / "postmaster.pid").exists():
            try:
                _run([str(folder / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"],
                     as_root)  # fmt: skip
            except subprocess.CalledProcessError:
                time.sleep(0.1)
        shutil.rmtree(base, ignore_errors=True)
