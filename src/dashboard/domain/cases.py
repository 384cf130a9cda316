"""A documented industrial-symbiosis case: its sheet (place, partners, exchanges with
quantities and years, the results its sources claim, how it started, drivers, barriers,
lessons for the Leningrad region), every figure with its source and provenance.

One file per case, `data/cases/<id>.json` (docs/CASES_FORMAT.md), validated by `Case`;
`dashboard.io.cases` reads them and makes each a dataset of the interchange format (partners
as companies, each exchange a flow and a have and a want), so cases load, validate and match
like any dataset.
"""

from __future__ import annotations

import math
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

CASE_TYPES = ("self_organised", "facilitated", "planned")
PROVENANCES = ("documented", "reported", "estimated")
RESULT_KINDS = ("co2", "money", "materials", "water", "energy")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Source(_Strict):
    """A publication the figures come from."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]*$")
    title: str = Field(min_length=3)
    url: str = Field(pattern=r"^https?://")
    year: int | None = Field(default=None, ge=1950, le=2100)
    accessed: str = Field(pattern=r"^\d{4}-\d{2}-\d{2}$")


class Text(_Strict):
    """A text in English and Russian, with the sources it rests on."""

    en: str = Field(min_length=3)
    ru: str = Field(min_length=3)
    sources: tuple[str, ...] = ()


class Partner(_Strict):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]*$")
    name: str = Field(min_length=2)
    nace: str = Field(pattern=r"^\d{2}(\.\d{1,2})?$")
    """NACE Rev. 2 division or class of its activity (`35.11`, `20`)."""
    lat: float = Field(ge=-90, le=90)
    lon: float = Field(ge=-180, le=180)
    location_provenance: Literal["documented", "reported", "estimated"] = "estimated"


class Exchange(_Strict):
    """One documented exchange: what goes from whom to whom, how much (when known) and since
    when, with its source."""

    source: str
    target: str
    material: str
    """An id of the material vocabulary (`data/reference/materials.csv`)."""
    quantity: float | None = Field(default=None, gt=0)
    unit: str | None = None
    year: int | None = Field(default=None, ge=1900, le=2100)
    """The year the quantity refers to."""
    since: int | None = Field(default=None, ge=1900, le=2100)
    status: Literal["existing", "discontinued", "planned"] = "existing"
    sources: tuple[str, ...] = Field(min_length=1)
    provenance: Literal["documented", "reported", "estimated"]
    note: str = ""

    @model_validator(mode="after")
    def _quantity_has_unit(self) -> Exchange:
        if (self.quantity is None) != (self.unit is None):
            raise ValueError("quantity and unit go together")
        return self


class Result(_Strict):
    """A result the sources claim (CO2 avoided, money saved, materials or water kept in use,
    energy), as claimed: a value in its unit and year, or only the claim's words."""

    kind: Literal["co2", "money", "materials", "water", "energy"]
    value: float | None = None
    unit: str | None = None
    year: int | None = Field(default=None, ge=1900, le=2100)
    claim: Text
    sources: tuple[str, ...] = Field(min_length=1)
    provenance: Literal["documented", "reported", "estimated"]

    @field_validator("value")
    @classmethod
    def _finite(cls, value: float | None) -> float | None:
        if value is not None and not math.isfinite(value):
            raise ValueError("not a finite number")
        return value


class Case(_Strict):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]*$")
    name: Text
    country: str = Field(pattern=r"^[A-Z]{2}$")
    place: Text
    lat: float = Field(ge=-90, le=90)
    lon: float = Field(ge=-180, le=180)
    type: Literal["self_organised", "facilitated", "planned"]
    started: int | None = Field(default=None, ge=1900, le=2100)
    summary: Text
    how_it_started: Text
    drivers: tuple[Text, ...] = Field(min_length=1)
    barriers: tuple[Text, ...] = Field(min_length=1)
    lessons: tuple[Text, ...] = Field(min_length=1)
    """For the Leningrad region."""
    caveats: Text | None = None
    """Said plainly when the figures are old or contested."""
    partners: tuple[Partner, ...] = Field(min_length=2)
    exchanges: tuple[Exchange, ...] = Field(min_length=1)
    results: tuple[Result, ...] = ()
    sources: tuple[Source, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _references(self) -> Case:
        partners = {p.id for p in self.partners}
        sources = {s.id for s in self.sources}
        cited = [s for e in self.exchanges for s in e.sources]
        cited += [s for r in self.results for s in r.sources]
        texts = [self.summary, self.how_it_started, *self.drivers, *self.barriers]
        cited += [s for x in texts for s in x.sources]
        if unknown := sorted(set(cited) - sources):
            raise ValueError(f"sources not listed: {', '.join(unknown)}")
        ends = {c for e in self.exchanges for c in (e.source, e.target)}
        if unknown := sorted(ends - partners):
            raise ValueError(f"partners not listed: {', '.join(unknown)}")
        return self
