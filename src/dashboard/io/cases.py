"""Reading the library of documented cases (`data/cases/<id>.json`): each file validated as a
`domain.cases.Case`, its materials checked against the vocabulary and its units against each
material's unit. A file that fails is named with its problems, never half-read."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from pydantic import ValidationError

from dashboard.domain import reference
from dashboard.domain.cases import Case
from dashboard.domain.dataset import Dataset
from dashboard.io.datasets import load_files
from dashboard.io.export import safe_csv_bytes
from dashboard.io.problems import Problem

CASES_DIR = reference.DATA_DIR / "cases"


def case_problems(case: Case) -> list[str]:
    """What the schema cannot see: materials outside the vocabulary, units that are not the
    material's own."""
    materials = reference.materials()
    problems = []
    for i, e in enumerate(case.exchanges):
        if e.material not in materials.index:
            problems.append(f"exchanges[{i}].material: {e.material!r} is not in the vocabulary")
        elif e.unit is not None and e.unit != materials.at[e.material, "unit"]:
            wanted = materials.at[e.material, "unit"]
            problems.append(f"exchanges[{i}].unit: {e.unit!r}, the material's unit is {wanted!r}")
    return problems


def load_case(path: Path) -> tuple[Case | None, list[str]]:
    """A case file read and checked: the case, or None and its problems (`field: message`)."""
    try:
        case = Case.model_validate_json(path.read_bytes())
    except ValidationError as error:
        return None, [
            f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in error.errors()
        ]
    except OSError as error:
        return None, [str(error)]
    problems = case_problems(case)
    if case.id != path.stem:
        problems.append(f"id: {case.id!r} differs from the file name {path.stem!r}")
    return (None, problems) if problems else (case, [])


def case_files(folder: Path = CASES_DIR) -> list[Path]:
    return sorted(folder.glob("*.json"))


PRESENT = 1.0
"""The quantity a stream of the gold set gets when no source gives one: the have or want is
known to exist, its size is not (the matcher's coverage then compares 1 with 1)."""


def _csv(rows: list[dict], columns: list[str]) -> bytes:
    frame = pd.DataFrame(rows, columns=columns)
    return safe_csv_bytes(frame)


def _companies(case: Case) -> bytes:
    rows = [
        {"company_id": p.id, "name": p.name, "nace": p.nace, "lat": p.lat, "lon": p.lon,
         "country": case.country, "provenance": p.location_provenance}
        for p in case.partners
    ]  # fmt: skip
    return _csv(rows, ["company_id", "name", "nace", "lat", "lon", "country", "provenance"])


def _flows(case: Case) -> bytes:
    sources = {s.id: s.url for s in case.sources}
    rows = [
        {"flow_id": f"{case.id}-{i + 1:02d}", "source_company": e.source,
         "target_company": e.target, "material": e.material, "quantity": e.quantity,
         "unit": e.unit, "status": e.status, "since_year": e.since,
         "provenance": e.provenance, "source": "; ".join(sources[s] for s in e.sources),
         "notes": e.note}
        for i, e in enumerate(case.exchanges)
    ]  # fmt: skip
    columns = ["flow_id", "source_company", "target_company", "material", "quantity", "unit",
               "status", "since_year", "provenance", "source", "notes"]  # fmt: skip
    return _csv(rows, columns)


def _streams(case: Case) -> bytes:
    """A have of the giver and a want of the receiver per exchange (one per company, material
    and direction, quantities summed where known)."""
    materials = reference.materials()
    found: dict[tuple[str, str, str], float | None] = {}
    for e in case.exchanges:
        for company, direction in ((e.source, "have"), (e.target, "want")):
            key = (company, direction, e.material)
            before = found.get(key, 0.0)
            found[key] = None if e.quantity is None or before is None else before + e.quantity
    rows = [
        {"stream_id": f"{company}-{direction}-{material}", "company_id": company,
         "direction": direction, "material": material,
         "quantity": PRESENT if quantity is None else quantity,
         "unit": materials.at[material, "unit"],
         "provenance": "estimated" if quantity is None else "documented",
         "notes": "quantity unknown: 1 stands for present" if quantity is None else ""}
        for (company, direction, material), quantity in found.items()
    ]  # fmt: skip
    columns = ["stream_id", "company_id", "direction", "material", "quantity", "unit",
               "provenance", "notes"]  # fmt: skip
    return _csv(rows, columns)


def case_dataset(case: Case, with_flows: bool = True) -> tuple[Dataset | None, list[Problem]]:
    """The case as a dataset of the interchange format, validated like an upload: partners as
    companies, each exchange a flow (unknown quantities stay empty) and a have and a want;
    without flows it is the matcher's gold set (its haves and wants alone)."""
    files = {"companies.csv": _companies(case), "streams.csv": _streams(case)}
    if with_flows:
        files["flows.csv"] = _flows(case)
    dataset, problems = load_files(case.id, files)
    if dataset is not None:
        dataset.meta = {"title": case.name.en, "title_ru": case.name.ru, "origin": "case"}
    return dataset, problems


@dataclass(frozen=True)
class Entry:
    """A case of the library with its dataset (flows included)."""

    case: Case
    dataset: Dataset

    @property
    def sections(self) -> frozenset[str]:
        return frozenset(self.dataset.companies["nace_section"].dropna())

    @property
    def materials(self) -> frozenset[str]:
        return frozenset(e.material for e in self.case.exchanges)


def load_library(folder: Path = CASES_DIR) -> tuple[list[Entry], list[tuple[str, list[str]]]]:
    """Every case of the folder that loads, and (file name, problems) of those that do not."""
    entries, failed = [], []
    for path in case_files(folder):
        case, problems = load_case(path)
        dataset = None
        if case is not None:
            dataset, found = case_dataset(case)
            problems = [str(p) for p in found]
        if dataset is None:
            failed.append((path.name, problems))
        else:
            entries.append(Entry(case, dataset))
    return entries, failed


def select(
    entries: list[Entry],
    sectors: Iterable[str] = (),
    countries: Iterable[str] = (),
    materials: Iterable[str] = (),
    types: Iterable[str] = (),
) -> list[Entry]:
    """The cases with a partner in one of the sectors, in one of the countries, with an exchange
    of one of the materials and of one of the types; an empty choice keeps every case."""
    sectors, countries, materials, types = set(sectors), set(countries), set(materials), set(types)
    return [
        e for e in entries
        if (not sectors or e.sections & sectors) and (not countries or e.case.country in countries)
        and (not materials or e.materials & materials) and (not types or e.case.type in types)
    ]  # fmt: skip
