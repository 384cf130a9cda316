"""Datasets in and out: load from a folder, a workbook or uploaded files; write them back in the
same format; the bundled datasets and the templates."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pandas as pd

from dashboard.domain import reference
from dashboard.domain.dataset import TABLES, Dataset
from dashboard.domain.values import is_missing
from dashboard.io.problems import DatasetError, Problem
from dashboard.io.readers import RawTable, read_upload
from dashboard.io.validation import (
    CONTRACT_COLUMNS,
    DERIVED_COLUMNS,
    empty_table,
    validate_companies,
    validate_flows,
    validate_streams,
)


def from_raw_tables(name: str, tables: dict[str, RawTable]) -> tuple[Dataset | None, list[Problem]]:
    """Validate raw tables into a Dataset; None with the problems when any rule fails."""
    problems: list[Problem] = []
    companies, found = (
        validate_companies(tables["companies"])
        if "companies" in tables
        else (empty_table("companies"), [])
    )
    problems += found
    ids = set(companies["company_id"].dropna()) if len(companies) else None
    streams, found = (
        validate_streams(tables["streams"], ids)
        if "streams" in tables
        else (empty_table("streams"), [])
    )
    problems += found
    flows, found = (
        validate_flows(tables["flows"], ids) if "flows" in tables else (empty_table("flows"), [])
    )
    problems += found
    if problems:
        return None, problems
    return Dataset(name, companies, streams, flows), []


def load_files(name: str, files: dict[str, bytes]) -> tuple[Dataset | None, list[Problem]]:
    """Load a dataset from `{file name: content}`, as uploaded or read from disk."""
    tables, problems = read_upload(files)
    dataset, found = from_raw_tables(name, tables)
    problems += found
    return (None, problems) if problems else (dataset, [])


def load_path(path: str | Path) -> tuple[Dataset | None, list[Problem]]:
    """Load a dataset folder (CSV files) or an .xlsx workbook."""
    path = Path(path)
    if path.is_dir():
        files = {
            p.name: p.read_bytes()
            for p in sorted(path.iterdir())
            if p.is_file() and p.suffix.lower() in (".csv", ".xlsx")
        }
        if not files:
            return None, [Problem(str(path), None, None, "no_dataset_files")]
    elif path.is_file():
        files = {path.name: path.read_bytes()}
    else:
        return None, [Problem(str(path), None, None, "no_such_path")]
    dataset, problems = load_files(path.stem if path.is_file() else path.name, files)
    if dataset is not None:
        meta_path = path / "dataset.json" if path.is_dir() else None
        if meta_path is not None and meta_path.exists():
            dataset.meta = json.loads(meta_path.read_text(encoding="utf-8"))
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
        meta_path = folder.parent / "dataset.json"
        meta = json.loads(meta_path.read_text(encoding="utf-8")) if meta_path.exists() else {}
        found[folder.parent.name] = {"id": folder.parent.name, "title": folder.parent.name} | meta
    return found


def export_table(frame: pd.DataFrame, name: str) -> pd.DataFrame:
    """The table as written in the interchange format: contract columns, then extra ones."""
    derived = set(DERIVED_COLUMNS[name])
    return frame[[c for c in frame.columns if c not in derived]]


def to_csv_bytes(frame: pd.DataFrame, name: str) -> bytes:
    return export_table(frame, name).to_csv(index=False).encode("utf-8")


def write_folder(dataset: Dataset, folder: str | Path) -> None:
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    for name in TABLES:
        (folder / f"{name}.csv").write_bytes(to_csv_bytes(dataset.table(name), name))


def _workbook_bytes(frames: dict[str, pd.DataFrame]) -> bytes:
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
    return _workbook_bytes({name: export_table(dataset.table(name), name) for name in TABLES})


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
    return _workbook_bytes(
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
            archive.writestr(f"{name}.csv", frame.to_csv(index=False))
    return buffer.getvalue()
