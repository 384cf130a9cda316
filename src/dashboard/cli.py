"""Command line: `python -m dashboard validate|match|assess|measures|scenario|anonymise PATH`,
`python -m dashboard suggest TEXT` and `python -m dashboard password`."""

from __future__ import annotations

import argparse
import math
import os
import signal
import stat
import sys
import tempfile
from contextlib import suppress
from functools import partial
from pathlib import Path

from dashboard.analysis.summary import by_provenance, by_region, by_sector, counts
from dashboard.domain.reference import ReferenceDataError
from dashboard.i18n import SEPARATORS, set_language, t
from dashboard.io import readers
from dashboard.io.datasets import load_path
from dashboard.io.export import chunks, safe_csv_bytes, write_parquet, write_safe_csv


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:
        self.print_usage(sys.stderr)
        print(f"{self.prog}: error: {message}", file=sys.stderr)
        raise SystemExit(2)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m dashboard", description=t("cli.description"))
    _add_language(parser, None)
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    validate = commands.add_parser(
        "validate", help=t("cli.validate_help"), description=t("cli.validate_help")
    )
    validate.add_argument("path", help=t("cli.path_help"))
    _add_language(validate, argparse.SUPPRESS)
    match = commands.add_parser("match", help=t("cli.match_help"), description=t("cli.match_help"))
    match.add_argument("path", help=t("cli.path_help"))
    _add_language(match, argparse.SUPPRESS)
    match.add_argument("--max-km", type=_kilometres, metavar="KM", help=t("cli.match_max_km_help"))
    match.add_argument(
        "--min-score", type=_score, default=0.0, metavar="S", help=t("cli.match_min_score_help")
    )
    match.add_argument("--out", metavar="FILE", help=t("cli.match_out_help"))
    _add_assess_parser(commands)
    _add_measures_parser(commands)
    _add_scenario_parser(commands)
    _add_suggest_parser(commands)
    anonymise = commands.add_parser(
        "anonymise", help=t("cli.anonymise_help"), description=t("cli.anonymise_help")
    )
    anonymise.add_argument("path", help=t("cli.path_help"))
    _add_language(anonymise, argparse.SUPPRESS)
    anonymise.add_argument("--out", metavar="DIR", required=True, help=t("cli.anonymise_out_help"))
    password = commands.add_parser(
        "password", help=t("cli.password_help"), description=t("cli.password_help")
    )
    _add_language(password, argparse.SUPPRESS)
    password.add_argument("--stdin", action="store_true", help=t("cli.password_stdin_help"))
    return parser


LANGUAGES = tuple(SEPARATORS)


def _add_language(parser: argparse.ArgumentParser, default: object) -> None:
    parser.add_argument("--lang", choices=LANGUAGES, default=default, help=t("cli.lang_help"))


def command_language(argv: list[str], environ: dict[str, str] | None = None) -> str:
    """The language of messages and human-readable text: `--lang` anywhere on the line, else
    Russian when the locale (`LC_ALL`, `LC_MESSAGES`, `LANG`) is Russian, else English."""
    before = argparse.ArgumentParser(add_help=False)
    before.add_argument("--lang", choices=LANGUAGES)
    chosen = before.parse_known_args(argv)[0].lang
    if chosen:
        return chosen
    environ = os.environ if environ is None else environ
    locale = next((environ[v] for v in ("LC_ALL", "LC_MESSAGES", "LANG") if environ.get(v)), "")
    return "ru" if locale.lower().startswith("ru") else "en"


MATCH_COLUMNS = (
    "have_stream_id", "want_stream_id", "source_company", "target_company", "have_material",
    "want_material", "distance_km", "quantity", "unit", "score", "reasons", "fit",
    "ghg_avoided_t_co2e", "net_benefit_eur", "fate", "use", "relation", "checks",
    "have_provenance", "want_provenance", "factor_provenance",
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


class _Stop(Exception):
    """Ends a command with an exit code after its message was printed."""

    def __init__(self, code: int):
        super().__init__(code)
        self.code = code


class _StdoutFailed(Exception):
    """Standard output cannot be written (a full disk, /dev/full): not a closed pipe."""

    def __init__(self, error: OSError):
        super().__init__(error)
        self.error = error


# A reader that goes away (`| head`) ends the command quietly, with the status of a process
# killed by SIGPIPE, as Unix filters do.
EXIT_BROKEN_PIPE = 128 + getattr(signal, "SIGPIPE", 13)


def _stdout(write, *args) -> None:
    """Run one write to standard output; an error other than a closed pipe is _StdoutFailed."""
    try:
        write(*args)
    except BrokenPipeError:
        raise
    except OSError as err:
        raise _StdoutFailed(err) from None


def _say(text: str) -> None:
    """A line of text on standard output."""
    _stdout(print, text)


def _require(path: str | None, command: str) -> None:
    if path is not None and not Path(path).exists():
        print(t("cli.no_such_path", command=command, path=path), file=sys.stderr)
        raise _Stop(2)


def _load(path: str, command: str):
    """The valid dataset at `path`; otherwise its problems are printed and the command stops."""
    _require(path, command)
    dataset, problems = load_path(path, readers.FILE_LIMITS)
    if dataset is None:
        _report(problems, t("cli.rejected", count=len(problems)))
    return dataset


def _report(problems, summary: str) -> None:
    for problem in problems:
        _say(str(problem))
    print(summary, file=sys.stderr)
    raise _Stop(1)


class _Stdout:
    """Standard output as a binary sink whose failures are told apart (`_stdout`)."""

    closed = False

    def write(self, data) -> int:
        _stdout(sys.stdout.buffer.write, data)
        return len(data)

    def flush(self) -> None:
        _stdout(sys.stdout.buffer.flush)


def _write(content: bytes, out: str | None) -> None:
    """CSV bytes to `out`, or to standard output without one."""
    _write_with(lambda sink: sink.write(content), out)


def _write_with(write, out: str | None) -> None:
    """What `write(sink)` writes, to `out` (whole or not at all) or to standard output."""
    if out is None:
        _stdout(sys.stdout.flush)
        write(_Stdout())
        _stdout(sys.stdout.buffer.flush)
        return
    try:
        _write_file(write, Path(out))
    except OSError as err:
        print(t("cli.write_failed", path=out, error=err.strerror or err), file=sys.stderr)
        raise _Stop(1) from None


def _write_file(write, path: Path) -> None:
    """Write `path` whole or not at all: into a temporary file in the same folder, synced, then
    renamed over it, so a full disk or a crash never leaves a truncated file. What is not a
    regular file (a device such as /dev/stdout or /dev/full, a pipe) is written in place."""
    target = Path(os.path.realpath(path))
    if target.exists() and not target.is_file():
        with target.open("wb") as handle:
            write(handle)
        return
    mode = _new_file_mode(target)
    handle, temporary = tempfile.mkstemp(
        dir=target.parent, prefix=f".{target.name}.", suffix=".part"
    )
    try:
        with os.fdopen(handle, "wb") as stream:
            write(stream)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, target)
    except BaseException:
        with suppress(OSError):
            os.unlink(temporary)
        raise


def _new_file_mode(target: Path) -> int:
    """The permissions the written file gets: those of the file it replaces, else the usual
    ones of a new file (0666 less the umask)."""
    with suppress(OSError):
        return stat.S_IMODE(target.stat().st_mode)
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def _detach_stdout() -> None:
    """Point standard output at the null device, so that nothing buffered for it fails again
    when Python exits."""
    with suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)


def describe(dataset) -> str:
    """A plain-text summary of a dataset."""
    sectors = ", ".join(
        f"{r.nace_section} {r.companies}" for r in by_sector(dataset.companies).itertuples()
    )
    regions = ", ".join(
        f"{r.region_code or t('cli.unknown')} {r.companies}"
        for r in by_region(dataset.companies).itertuples()
    )
    provenance = ", ".join(
        f"{r.provenance} {r.companies + r.streams + r.flows}"
        for r in by_provenance(dataset).itertuples()
    )
    return "\n".join(
        [
            t("cli.counts", name=dataset.name, **counts(dataset)),
            t("cli.sectors", values=sectors),
            t("cli.regions", values=regions),
            t("cli.provenance", values=provenance),
        ]
    )


def cmd_validate(path: str) -> int:
    _say(describe(_load(path, "validate")))
    _say(t("cli.valid"))
    return 0


def cmd_match(path: str, max_km: float | None, min_score: float, out: str | None) -> int:
    from dashboard.analysis.matching import MatchOptions, find_candidates
    from dashboard.views.candidate_reasons import with_reasons

    dataset = _load(path, "match")
    options = MatchOptions(max_km=max_km, min_score=min_score)
    candidates = find_candidates(dataset, options, categorical=True)
    parts = (with_reasons(part)[list(MATCH_COLUMNS)] for part in chunks(candidates))
    parquet = out is not None and out.lower().endswith(".parquet")
    _write_with(partial(write_parquet if parquet else write_safe_csv, parts), out)
    print(t("cli.match_summary", count=len(candidates)), file=sys.stderr)
    return 0


def _add_assess_parser(commands) -> None:
    assess = commands.add_parser(
        "assess", help=t("cli.assess_help"), description=t("cli.assess_help")
    )
    assess.add_argument("path", help=t("cli.path_help"))
    _add_language(assess, argparse.SUPPRESS)
    assess.add_argument("--out", metavar="FILE.csv", help=t("cli.assess_out_help"))


def cmd_assess(path: str, out: str | None) -> int:
    from dashboard.views.export_tables import assessment_table

    table = assessment_table(_load(path, "assess"))
    _write(safe_csv_bytes(table), out)
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
    _add_language(measures, argparse.SUPPRESS)
    measures.add_argument("--catalogue", metavar="FILE.csv", help=t("cli.measures_catalogue_help"))
    measures.add_argument("--out", metavar="FILE.csv", help=t("cli.measures_out_help"))


def cmd_measures(path: str, catalogue_path: str | None, out: str | None) -> int:
    from dashboard.analysis.policy.catalogue import bundled_catalogue, load_catalogue
    from dashboard.views.policy_text import measures_table

    _require(path, "measures")
    _require(catalogue_path, "measures")
    catalogue = bundled_catalogue()
    if catalogue_path is not None:
        catalogue, problems = load_catalogue(catalogue_path)
        if catalogue is None:
            _report(problems, t("cli.measures_catalogue_rejected", count=len(problems)))
    table = measures_table(_load(path, "measures"), catalogue)
    _write(safe_csv_bytes(table), out)
    ids = table.groupby("kind")["id"].nunique()
    flows, chains = ids.get("flow", 0), ids.get("chain", 0)
    print(t("cli.measures_summary", rows=len(table), flows=flows, chains=chains), file=sys.stderr)
    return 0


def _add_scenario_parser(commands) -> None:
    scenario = commands.add_parser(
        "scenario", help=t("cli.scenario_help"), description=t("cli.scenario_help")
    )
    scenario.add_argument("path", help=t("cli.path_help"))
    _add_language(scenario, argparse.SUPPRESS)
    scenario.add_argument(
        "--set", action="append", default=[], metavar="KEY=VALUE", dest="changes",
        help=t("cli.scenario_set_help"),
    )  # fmt: skip
    scenario.add_argument("--out", metavar="FILE.csv", help=t("cli.scenario_out_help"))


def _changes(written: list[str]) -> tuple[tuple[str, str], ...]:
    """`--set KEY=VALUE` pairs; one that is not of that form stops the command (exit 1)."""
    changes = []
    for text in written:
        key, equals, value = text.partition("=")
        if not equals or not key.strip():
            print(t("cli.scenario_bad_set", value=text), file=sys.stderr)
            raise _Stop(1)
        changes.append((key.strip(), value.strip()))
    return tuple(changes)


def cmd_scenario(path: str, written: list[str], out: str | None) -> int:
    from dashboard.analysis.scenario import Scenario, ScenarioError, apply, evaluate, scenario_table
    from dashboard.views.scenario_text import error_text

    _require(path, "scenario")
    scenario = Scenario("scenario", _changes(written))
    try:
        apply(scenario)
    except ScenarioError as error:
        print(t("cli.scenario_error", message=error_text(error)), file=sys.stderr)
        return 1
    result = evaluate(_load(path, "scenario"), scenario)
    _write(safe_csv_bytes(scenario_table(result)), out)
    before, after = result.baseline, result.after
    print(
        t(
            "cli.scenario_summary", before=before.candidates["viable"],
            after=after.candidates["viable"], candidates=sum(before.candidates.values()),
            chains_before=before.chains["viable"], chains_after=after.chains["viable"],
            chains=sum(before.chains.values()), ghg_before=round(before.allocated_ghg.value),
            ghg_after=round(after.allocated_ghg.value),
        ),
        file=sys.stderr,
    )  # fmt: skip
    return 0


def _add_suggest_parser(commands) -> None:
    suggest = commands.add_parser(
        "suggest", help=t("cli.suggest_help"), description=t("cli.suggest_help")
    )
    suggest.add_argument("text", nargs="+", help=t("cli.suggest_text_help"))
    _add_language(suggest, argparse.SUPPRESS)
    suggest.add_argument(
        "--top", type=_count, default=5, metavar="N", help=t("cli.suggest_top_help")
    )
    suggest.add_argument("--activity", action="store_true", help=t("cli.suggest_activity_help"))


def _count(text: str) -> int:
    value = _number(text, 1, 100)
    if value is None or not value.is_integer():
        raise argparse.ArgumentTypeError(t("cli.suggest_bad_top", value=text))
    return int(value)


def cmd_suggest(words: list[str], top: int, activity: bool) -> int:
    from dashboard.analysis.suggest import suggest_activity, suggest_waste
    from dashboard.domain.labels import ewc_formatted, ewc_title, material_label, sector_title

    text = " ".join(words)
    if activity:
        lines = [f"{s.code}  {sector_title(s.code)}" for s in suggest_activity(text, top)]
    else:
        lines = [
            f"{ewc_formatted(s.code)}  {material_label(s.material_id) or '-'}  {ewc_title(s.code)}"
            for s in suggest_waste(text, top)
        ]
    if not lines:
        print(t("cli.suggest_none", text=text), file=sys.stderr)
        return 1
    _stdout(sys.stdout.write, "".join(line + "\n" for line in lines))
    return 0


def cmd_anonymise(path: str, out: str) -> int:
    from dashboard.domain.anonymise import public_view
    from dashboard.io.datasets import write_folder

    dataset = _load(path, "anonymise")
    public = public_view(dataset)
    target = Path(out)
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        print(t("cli.anonymise_not_empty", path=out), file=sys.stderr)
        return 1
    try:
        write_folder(public, target)
    except OSError as err:
        print(t("cli.write_failed", path=out, error=err.strerror or err), file=sys.stderr)
        return 1
    left_out = len(dataset.companies) - len(public.companies)
    print(t("cli.anonymise_summary", companies=len(public.companies), left_out=left_out,
            path=out), file=sys.stderr)  # fmt: skip
    return 0


MIN_PASSWORD = 12


def cmd_password(from_stdin: bool) -> int:
    import getpass

    from dashboard.domain.access import hash_password

    if from_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = getpass.getpass(t("cli.password_prompt"))
        if getpass.getpass(t("cli.password_again")) != password:
            print(t("cli.password_differ"), file=sys.stderr)
            return 1
    if len(password) < MIN_PASSWORD:
        print(t("cli.password_short", count=MIN_PASSWORD), file=sys.stderr)
        return 1
    _stdout(sys.stdout.write, hash_password(password) + "\n")
    print(t("cli.password_where"), file=sys.stderr)
    return 0


def _run(args: argparse.Namespace) -> int:
    if args.command == "validate":
        return cmd_validate(args.path)
    if args.command == "match":
        return cmd_match(args.path, args.max_km, args.min_score, args.out)
    if args.command == "assess":
        return cmd_assess(args.path, args.out)
    if args.command == "measures":
        return cmd_measures(args.path, args.catalogue, args.out)
    if args.command == "scenario":
        return cmd_scenario(args.path, args.changes, args.out)
    if args.command == "suggest":
        return cmd_suggest(args.text, args.top, args.activity)
    if args.command == "anonymise":
        return cmd_anonymise(args.path, args.out)
    if args.command == "password":
        return cmd_password(args.stdin)
    return 2


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    set_language(command_language(argv))
    args = build_parser().parse_args(argv)
    try:
        try:
            code = _run(args)
        except _Stop as stop:
            code = stop.code
        except ReferenceDataError as err:
            print(t("cli.reference_data_error", path=err.path, detail=err.detail), file=sys.stderr)
            return 1
        _stdout(sys.stdout.flush)
    except BrokenPipeError:
        _detach_stdout()
        return EXIT_BROKEN_PIPE
    except _StdoutFailed as failed:
        _detach_stdout()
        error = failed.error.strerror or failed.error
        with suppress(OSError):
            print(t("cli.stdout_failed", command=args.command, error=error), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    return code
