"""Reading the library of documented cases (`data/cases/<id>.json`): each file validated as a
`domain.cases.Case`, its materials checked against the vocabulary and its units against each
material's unit. A file that fails is named with its problems, never half-read."""

from __future__ import annotations

from pathlib import Path

from pydantic import ValidationError

from dashboard.domain import reference
from dashboard.domain.cases import Case

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
