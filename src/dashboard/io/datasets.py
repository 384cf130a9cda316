"""Datasets in and out: load from a folder, a workbook or uploaded files; write them back in the
same format; the bundled datasets and the templates."""

from __future__ import annotations

import io
import json
import logging
import zipfile
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from dashboard.domain import reference
from dashboard.domain.dataset import TABLES, Dataset
from dashboard.domain.values import is_missing
from dashboard.io.export import safe_csv_bytes
from dashboard.io.problems import DatasetError, Problem
from dashboard.io.readers import Limits, RawTable, read_upload, resolve_limits
from dashboard.io.validation import (
    CONTRACT_COLUMNS,
    DERIVED_COLUMNS,
    empty_table,
    validate_companies,
    validate_flows,
    validate_streams,
)


def from_raw_tables(
    name: str, tables: dict[str, RawTable], step: Callable[[str], None] | None = None
) -> tuple[Dataset | None, list[Problem]]:
    """Validate raw tables into a Dataset; None with the problems when any rule fails.
    `step(table)` is told each table as its validation begins."""
    step = step or _quiet
    problems: list[Problem] = []
    step("companies")
    companies, found = (
        validate_companies(tables["companies"])
        if "companies" in tables
        else (empty_table("companies"), [])
    )
    problems += found
    ids = set(companies["company_id"].dropna()) if len(companies) else None
    step("streams")
    streams, found = (
        validate_streams(tables["streams"], ids)
        if "streams" in tables
        else (empty_table("streams"), [])
    )
    problems += found
    step("flows")
    flows, found = (
        validate_flows(tables["flows"], ids) if "flows" in tables else (empty_table("flows"), [])
    )
    problems += found
    if problems:
        return None, problems
    return Dataset(name, companies, streams, flows), []


META_FILE = "dataset.json"
log = logging.getLogger(__name__)


LOAD_STEPS = ("read", "companies", "streams", "flows")
"""What `load_files` tells its `step` callback, in order."""


def _quiet(step: str) -> None:
    """No one is told the steps."""


def load_files(
    name: str,
    files: dict[str, bytes],
    limits: Limits | None = None,
    step: Callable[[str], None] | None = None,
) -> tuple[Dataset | None, list[Problem]]:
    """Load a dataset from `{file name: content}`, as uploaded or read from disk; `step` is
    told each of `LOAD_STEPS` as it begins."""
    (step or _quiet)("read")
    tables, problems = read_upload(files, limits)
    dataset, found = from_raw_tables(name, tables, step)
    problems += found
    return (None, problems) if problems else (dataset, [])


def read_meta(path: Path) -> tuple[dict | None, Problem | None]:
    """The `dataset.json` at `path`: a JSON object in UTF-8, else the problem."""
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        return None, Problem(META_FILE, None, None, "meta_not_utf8")
    except OSError as err:
        return None, Problem(META_FILE, None, None, "meta_unreadable", {"detail": err.strerror})
    try:
        meta = json.loads(text)
    except json.JSONDecodeError as err:
        return None, Problem(
            META_FILE, err.lineno, None, "meta_bad_json", {"line": err.lineno, "column": err.colno}
        )
    except RecursionError:
        return None, Problem(META_FILE, None, None, "meta_too_deep")
    if not isinstance(meta, dict):
        return None, Problem(META_FILE, None, None, "meta_not_object")
    return meta, None


def _files_in(path: Path, limits: Limits) -> tuple[dict[str, bytes], list[Problem]]:
    """The dataset files of a folder, or one file; none is read when they exceed the byte
    limits that `read_upload` applies."""
    chosen = (
        [p for p in sorted(path.iterdir()) if p.is_file() and p.suffix.lower() in (".csv", ".xlsx")]
        if path.is_dir()
        else [path]
    )
    sizes = {p.name: p.stat().st_size for p in chosen}
    workbooks = [name for name in sizes if name.lower().endswith(".xlsx")]
    if len(workbooks) == 1 and len(sizes) == 1 and sizes[workbooks[0]] > limits.xlsx_bytes:
        too_large = (workbooks[0], sizes[workbooks[0]], limits.xlsx_bytes)
    elif not workbooks and sum(sizes.values()) > limits.csv_bytes:
        too_large = (", ".join(sorted(sizes)), sum(sizes.values()), limits.csv_bytes)
    else:
        return {p.name: p.read_bytes() for p in chosen}, []
    name, size, limit = too_large
    return {}, [Problem(name, None, None, "upload_too_large", {"size": size, "limit": limit})]


def load_path(
    path: str | Path, limits: Limits | None = None
) -> tuple[Dataset | None, list[Problem]]:
    """Load a dataset folder (CSV files and an optional `dataset.json`) or an .xlsx workbook."""
    path, limits = Path(path), resolve_limits(limits)
    if not path.exists():
        return None, [Problem(str(path), None, None, "no_such_path")]
    files, problems = _files_in(path, limits)
    if problems:
        return None, problems
    if not files:
        return None, [Problem(str(path), None, None, "no_dataset_files")]
    dataset, problems = load_files(path.stem if path.is_file() else path.name, files, limits)
    meta_path = path / META_FILE
    if path.is_dir() and meta_path.exists():
        meta, problem = read_meta(meta_path)
        if problem is not None:
            return None, [*problems, problem]
        if dataset is not None:
            dataset.meta = meta
    return dataset, problems


def load_or_raise(path: str | Path) -> Dataset:
    dataset, problems = load_path(path)
    if dataset is None:
        raise DatasetError(problems)
    return dataset


def bundled_datasets() -> dict[str, dict[str, str]]:
    """Bundled dataset id -> its `dataset.json` description, in a stable order."""
    found = {}
    for folder in sorted(reference.DATASETS_DIR.glob("*/companies.csv")):
        meta_path = folder.parent / META_FILE
        meta, problem = read_meta(meta_path) if meta_path.exists() else ({}, None)
        if problem is not None:
            log.warning("%s: %s; its description is skipped", meta_path, problem.message)
            meta = {}
        found[folder.parent.name] = {"id": folder.parent.name, "title": folder.parent.name} | meta
    return found


def export_table(frame: pd.DataFrame, name: str) -> pd.DataFrame:
    """The table as written in the interchange format: contract columns, then extra ones."""
    derived = set(DERIVED_COLUMNS[name])
    return frame[[c for c in frame.columns if c not in derived]]


def to_csv_bytes(frame: pd.DataFrame, name: str) -> bytes:
    """The table as a neutralised CSV file (`safe_csv_bytes`), which reads back unchanged."""
    return safe_csv_bytes(export_table(frame, name))


def write_folder(dataset: Dataset, folder: str | Path) -> None:
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    for name in TABLES:
        (folder / f"{name}.csv").write_bytes(to_csv_bytes(dataset.table(name), name))


def workbook_bytes(frames: dict[str, pd.DataFrame]) -> bytes:
    """Write sheets cell by cell; text starting with `=` stays text, never a formula."""
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    for name, frame in frames.items():
        sheet = book.create_sheet(name)
        sheet.append(list(frame.columns))
        for row_number, values in enumerate(frame.itertuples(index=False), start=2):
            for column_number, value in enumerate(values, start=1):
                if is_missing(value):
                    continue
                cell = sheet.cell(row_number, column_number, _plain(value))
                if isinstance(value, str):
                    cell.data_type = "s"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _plain(value: object) -> object:
    return value.item() if hasattr(value, "item") else value


def to_xlsx_bytes(dataset: Dataset) -> bytes:
    """The dataset as one workbook with sheets `companies`, `streams`, `flows`."""
    return workbook_bytes({name: export_table(dataset.table(name), name) for name in TABLES})


def to_zip_bytes(dataset: Dataset) -> bytes:
    """The dataset's CSV files in one zip archive."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in TABLES:
            archive.writestr(f"{name}.csv", to_csv_bytes(dataset.table(name), name))
    return buffer.getvalue()


TEMPLATE_ROWS = {
    "companies": [
        {"company_id": "C1", "name": "Example brewery", "nace": "11.05", "lat": 59.93,
         "lon": 30.31, "provenance": "synthetic", "source": "template example"},
        {"company_id": "C2", "name": "Example biogas plant", "nace": "35.21", "lat": 59.57,
         "lon": 30.13, "provenance": "synthetic", "source": "template example"},
    ],
    "streams": [
        {"stream_id": "S1", "company_id": "C1", "direction": "have", "material": "spent_grain",
         "quantity": 1200, "unit": "t/yr", "provenance": "synthetic"},
        {"stream_id": "S2", "company_id": "C2", "direction": "want",
         "material": "biogas_feedstock", "quantity": 5000, "unit": "t/yr",
         "provenance": "synthetic"},
        {"stream_id": "S3", "company_id": "C2", "direction": "have", "ewc_code": "19 06 06",
         "quantity": 3000, "unit": "t/yr", "provenance": "synthetic"},
    ],
    "flows": [
        {"flow_id": "F1", "source_company": "C1", "target_company": "C2",
         "material": "spent_grain", "quantity": 800, "unit": "t/yr", "status": "planned",
         "provenance": "synthetic"},
    ],
}  # fmt: skip


def template_xlsx_bytes() -> bytes:
    """An example workbook with every contract column and a few example rows."""
    return workbook_bytes(
        {
            name: pd.DataFrame(TEMPLATE_ROWS[name], columns=list(CONTRACT_COLUMNS[name]))
            for name in TABLES
        }
    )


def template_zip_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in TABLES:
            frame = pd.DataFrame(TEMPLATE_ROWS[name], columns=list(CONTRACT_COLUMNS[name]))
            archive.writestr(f"{name}.csv", safe_csv_bytes(frame))
    return buffer.getvalue()
