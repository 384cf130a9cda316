"""Command line: `python -m dashboard validate PATH`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from dashboard.dataset import load_path
from dashboard.summary import describe


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:
        self.print_usage(sys.stderr)
        print(f"{self.prog}: error: {message}", file=sys.stderr)
        raise SystemExit(2)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="python -m dashboard", description="Industrial symbiosis dashboard tools."
    )
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    validate = commands.add_parser(
        "validate", help="check a dataset folder or .xlsx workbook against the interchange format"
    )
    validate.add_argument(
        "path", help="folder with companies.csv, streams.csv, flows.csv, or .xlsx"
    )
    return parser


def cmd_validate(path: str) -> int:
    if not Path(path).exists():
        print(
            f"python -m dashboard validate: error: no such file or folder: {path}", file=sys.stderr
        )
        return 2
    dataset, problems = load_path(path)
    if dataset is None:
        for problem in problems:
            print(problem)
        print(f"{len(problems)} problem(s); the dataset was not loaded.", file=sys.stderr)
        return 1
    print(describe(dataset))
    print("valid")
    return 0


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        if args.command == "validate":
            return cmd_validate(args.path)
    except KeyboardInterrupt:
        return 130
    return 2
