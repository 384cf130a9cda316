"""Validation problems, each located as `file:row:column` and worded through the catalogue."""

from __future__ import annotations

from dataclasses import dataclass, field

from dashboard.i18n import t


@dataclass(frozen=True)
class Problem:
    """One problem in an input file; `row` is the line number (header = 1)."""

    file: str
    row: int | None
    column: str | None
    key: str
    params: dict[str, object] = field(default_factory=dict, compare=False, hash=False)

    @property
    def message(self) -> str:
        return t(f"problem.{self.key}", **self.params)

    def location(self) -> str:
        parts = [self.file]
        if self.row is not None or self.column:
            parts.append("" if self.row is None else str(self.row))
            parts.append(self.column or "")
        return ":".join(parts)

    def __str__(self) -> str:
        return f"{self.location()}: {self.message}"

    def as_record(self) -> dict[str, object]:
        return {
            "file": self.file,
            "row": self.row,
            "column": self.column or "",
            "message": self.message,
        }


class DatasetError(Exception):
    """Raised with the full list of problems when a dataset cannot be loaded."""

    def __init__(self, problems: list[Problem]):
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems
