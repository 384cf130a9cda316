"""Command line: `python -m dashboard validate PATH`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from dashboard.dataset import load_path
from dashboard.i18n import t
from dashboard.summary import describe


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:
        self.print_usage(sys.stderr)
        print(f"{self.prog}: error: {message}", file=sys.stderr)
        raise SystemExit(2)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m dashboard", description=t("cli.description"))
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    validate = commands.add_parser(
        "validate", help=t("cli.validate_help"), description=t("cli.validate_help")
    )
    validate.add_argument("path", help=t("cli.path_help"))
    return parser


def cmd_validate(path: str) -> int:
    if not Path(path).exists():
        print(t("cli.no_such_path", path=path), file=sys.stderr)
        return 2
    dataset, problems = load_path(path)
    if dataset is None:
        for problem in problems:
            print(problem)
        print(t("cli.rejected", count=len(problems)), file=sys.stderr)
        return 1
    print(describe(dataset))
    print(t("cli.valid"))
    return 0


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        if args.command == "validate":
            return cmd_validate(args.path)
    except KeyboardInterrupt:
        return 130
    return 2
