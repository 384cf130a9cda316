"""Command line: `python -m dashboard validate PATH` and `python -m dashboard match PATH`."""

from __future__ import annotations

import argparse
import math
import sys
from pathlib import Path

from dashboard.dataset import load_path
from dashboard.export import safe_csv_bytes
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
    match = commands.add_parser("match", help=t("cli.match_help"), description=t("cli.match_help"))
    match.add_argument("path", help=t("cli.path_help"))
    match.add_argument("--max-km", type=_kilometres, metavar="KM", help=t("cli.match_max_km_help"))
    match.add_argument(
        "--min-score", type=_score, default=0.0, metavar="S", help=t("cli.match_min_score_help")
    )
    match.add_argument("--out", metavar="FILE.csv", help=t("cli.match_out_help"))
    _add_assess_parser(commands)
    _add_measures_parser(commands)
    return parser


MATCH_COLUMNS = (
    "have_stream_id", "want_stream_id", "source_company", "target_company", "have_material",
    "want_material", "distance_km", "quantity", "unit", "score", "reasons",
)  # fmt: skip


def _number(text: str, low: float, high: float) -> float | None:
    """The number written in text when it lies within [low, high], else None."""
    try:
        value = float(text)
    except ValueError:
        return None
    return value if low <= value <= high else None


def _kilometres(text: str) -> float:
    value = _number(text, 0, math.inf)
    if value is None:
        raise argparse.ArgumentTypeError(t("cli.match_bad_km", value=text))
    return value


def _score(text: str) -> float:
    value = _number(text, 0, 100)
    if value is None:
        raise argparse.ArgumentTypeError(t("cli.match_bad_score", value=text))
    return value


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


def cmd_match(path: str, max_km: float | None, min_score: float, out: str | None) -> int:
    from dashboard.matching import MatchOptions, find_candidates

    if not Path(path).exists():
        print(t("cli.no_such_path", path=path), file=sys.stderr)
        return 2
    dataset, problems = load_path(path)
    if dataset is None:
        for problem in problems:
            print(problem)
        print(t("cli.rejected", count=len(problems)), file=sys.stderr)
        return 1
    candidates = find_candidates(dataset, MatchOptions(max_km=max_km, min_score=min_score))
    content = safe_csv_bytes(candidates[list(MATCH_COLUMNS)].astype({"reasons": object}))
    if out is None:
        sys.stdout.flush()
        sys.stdout.buffer.write(content)
        sys.stdout.buffer.flush()
    else:
        try:
            Path(out).write_bytes(content)
        except OSError as err:
            print(t("cli.match_write_failed", path=out, error=err.strerror or err), file=sys.stderr)
            return 1
    print(t("cli.match_summary", count=len(candidates)), file=sys.stderr)
    return 0


def _add_assess_parser(commands) -> None:
    assess = commands.add_parser(
        "assess", help=t("cli.assess_help"), description=t("cli.assess_help")
    )
    assess.add_argument("path", help=t("cli.path_help"))
    assess.add_argument("--out", metavar="FILE.csv", help=t("cli.assess_out_help"))


def cmd_assess(path: str, out: str | None) -> int:
    from dashboard.assessment import assessment_table

    if not Path(path).exists():
        print(t("cli.assess_no_such_path", path=path), file=sys.stderr)
        return 2
    dataset, problems = load_path(path)
    if dataset is None:
        for problem in problems:
            print(problem)
        print(t("cli.rejected", count=len(problems)), file=sys.stderr)
        return 1
    table = assessment_table(dataset)
    content = safe_csv_bytes(table)
    if out is None:
        sys.stdout.flush()
        sys.stdout.buffer.write(content)
        sys.stdout.buffer.flush()
    else:
        try:
            Path(out).write_bytes(content)
        except OSError as err:
            error = err.strerror or err
            print(t("cli.assess_write_failed", path=out, error=error), file=sys.stderr)
            return 1
    counts = table["kind"].value_counts()
    print(
        t("cli.assess_summary", flows=counts.get("flow", 0), chains=counts.get("chain", 0)),
        file=sys.stderr,
    )
    return 0


def _add_measures_parser(commands) -> None:
    measures = commands.add_parser(
        "measures", help=t("cli.measures_help"), description=t("cli.measures_help")
    )
    measures.add_argument("path", help=t("cli.path_help"))
    measures.add_argument("--catalogue", metavar="FILE.csv", help=t("cli.measures_catalogue_help"))
    measures.add_argument("--out", metavar="FILE.csv", help=t("cli.measures_out_help"))


def cmd_measures(path: str, catalogue_path: str | None, out: str | None) -> int:
    from dashboard.policy import bundled_catalogue, load_catalogue, measures_table

    for given in (path, catalogue_path):
        if given is not None and not Path(given).exists():
            print(t("cli.measures_no_such_path", path=given), file=sys.stderr)
            return 2
    catalogue = bundled_catalogue()
    if catalogue_path is not None:
        catalogue, problems = load_catalogue(catalogue_path)
        if catalogue is None:
            for problem in problems:
                print(problem)
            print(t("cli.measures_catalogue_rejected", count=len(problems)), file=sys.stderr)
            return 1
    dataset, problems = load_path(path)
    if dataset is None:
        for problem in problems:
            print(problem)
        print(t("cli.rejected", count=len(problems)), file=sys.stderr)
        return 1
    table = measures_table(dataset, catalogue)
    content = safe_csv_bytes(table)
    if out is None:
        sys.stdout.flush()
        sys.stdout.buffer.write(content)
        sys.stdout.buffer.flush()
    else:
        try:
            Path(out).write_bytes(content)
        except OSError as err:
            error = err.strerror or err
            print(t("cli.measures_write_failed", path=out, error=error), file=sys.stderr)
            return 1
    ids = table.groupby("kind")["id"].nunique()
    flows, chains = ids.get("flow", 0), ids.get("chain", 0)
    print(t("cli.measures_summary", rows=len(table), flows=flows, chains=chains), file=sys.stderr)
    return 0


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        if args.command == "validate":
            return cmd_validate(args.path)
        if args.command == "match":
            return cmd_match(args.path, args.max_km, args.min_score, args.out)
        if args.command == "assess":
            return cmd_assess(args.path, args.out)
        if args.command == "measures":
            return cmd_measures(args.path, args.catalogue, args.out)
    except KeyboardInterrupt:
        return 130
    return 2
