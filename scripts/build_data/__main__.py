"""Command line: ``python -m scripts.build_data [--shared PATH] [--out PATH]``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import DEFAULT_OUT, DEFAULT_SHARED, build
from . import __doc__ as PACKAGE_DOC
from .common import MissingInputs


def main(argv: list[str] | None = None) -> None:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(
        prog="python -m scripts.build_data", description=PACKAGE_DOC.splitlines()[0]
    )
    parser.add_argument(
        "--shared",
        type=Path,
        default=DEFAULT_SHARED,
        help="folder with the shared raw data (default: ../shared/data)",
    )
    parser.add_argument(
        "--out", type=Path, default=DEFAULT_OUT, help="output data folder (default: data/)"
    )
    args = parser.parse_args(argv)
    try:
        built = build(args.shared, args.out)
    except MissingInputs as missing:
        print(missing, file=sys.stderr)
        raise SystemExit(1) from None
    for group, files in built.items():
        for name, n in files.items():
            print(f"{group}/{name}: {n} rows")


if __name__ == "__main__":
    main()
