"""The reasons a facilitator reads beside each candidate exchange, written from the candidate's
columns (materials, quantity, distance, coverage, hazard, what it is worth, what to check, how
certain its quantities are, covering flow) in the current language.

Written lazily, for the rows a person reads or a file holds, never cached with the candidates.
"""

from __future__ import annotations

import string
from collections.abc import Mapping, Sequence
from functools import lru_cache

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from dashboard.domain import taxonomy
from dashboard.domain.labels import material_label, provenance_label, unit_label
from dashboard.i18n import language as current_language
from dashboard.i18n import number, t

REASON_CHUNK = 100_000
"""Reasons are written this many at a time, which bounds the memory of their parts."""


def with_reasons(candidates: pd.DataFrame) -> pd.DataFrame:
    """The candidates with a `reasons` column after `score` (as the CSV downloads have it); the
    other columns are shared with `candidates`, not copied."""
    columns = list(candidates.columns)
    after = columns.index("score") + 1
    data = {name: candidates[name] for name in columns[:after]}
    data["reasons"] = reasons(candidates)
    data |= {name: candidates[name] for name in columns[after:]}
    return pd.DataFrame(data, copy=False)


def table_rows(candidates: pd.DataFrame, columns: Sequence[str], limit: int) -> pd.DataFrame:
    """The first `limit` candidates as a person reads them in a table: `columns` of
    `readable(with_reasons(...))`; reasons are written for those rows only."""
    return readable(with_reasons(candidates.head(limit))[list(columns)])


def readable(candidates: pd.DataFrame) -> pd.DataFrame:
    """Candidates for a person to read: materials by their names (the ids stay in downloads),
    distances and scores to one decimal."""
    rounded = {c: candidates[c].round(1) for c in ("distance_km", "score") if c in candidates}
    return candidates.assign(
        **{c: candidates[c].map(material_label) for c in ("have_material", "want_material")
           if c in candidates}, **rounded,
    )  # fmt: skip


def reasons(candidates: Mapping[str, Sequence]) -> pd.api.extensions.ExtensionArray:
    """Plain sentences a facilitator reads, one text per candidate, in the current language.

    `candidates` holds the candidate columns (a DataFrame or a dict of arrays). Company names are
    inserted as they are. The texts are built REASON_CHUNK at a time into an Arrow-backed
    string array (pandas dtype "string"), which holds them in about a third less memory than
    Python strings.
    """
    names = ("have_material", "want_material", "hazardous", "quantity", "unit", "distance_km")
    names += ("coverage", "target_name", "existing_flow_id", "ghg_avoided_t_co2e")
    names += ("net_benefit_eur", "checks", "have_provenance", "want_provenance")
    columns = {name: _values(candidates[name]) for name in names}
    chunks = [
        _reason_texts({k: v[start : start + REASON_CHUNK] for k, v in columns.items()})
        for start in range(0, len(columns["have_material"]), REASON_CHUNK)
    ]
    return pd.arrays.ArrowStringArray(pa.chunked_array(chunks, type=pa.large_string()))


def _values(column) -> np.ndarray | pd.Categorical:
    """A column as an array, a Categorical kept as it is (its codes are factorized, not its
    strings)."""
    if isinstance(column, pd.Series) and isinstance(column.dtype, pd.CategoricalDtype):
        return column.array
    return column if isinstance(column, pd.Categorical) else np.asarray(column)


def _reason_texts(c: dict[str, np.ndarray]) -> pa.Array:
    have_codes, haves = pd.factorize(c["have_material"])
    want_codes, wants = pd.factorize(c["want_material"])
    kind = (have_codes * len(wants) + want_codes) * 2 + c["hazardous"].astype(bool)
    separator, language = t("match.reason_separator"), current_language()
    have_provenance, have_provenances = pd.factorize(c["have_provenance"], use_na_sentinel=False)
    want_provenance, want_provenances = pd.factorize(c["want_provenance"], use_na_sentinel=False)
    pairs = have_provenance * len(want_provenances) + want_provenance
    return _fill(
        t("match.reason_main") + "{suffix}{ghg}{net}{checks}{provenance}{existing}",
        material=(have_codes, [material_label(m) for m in haves], ""),
        quantity=_distinct(c["quantity"].astype(float), _quantity_text),
        unit=_distinct(c["unit"], unit_label),
        distance=_distinct(
            c["distance_km"].astype(float), lambda km: _number(km, ",.1f", language)
        ),
        coverage=_distinct(
            np.round(c["coverage"].astype(float) * 100), lambda p: _number(p, ".0f", language)
        ),
        target=_distinct(c["target_name"], str),
        suffix=_distinct(
            kind,
            lambda k: _suffix(haves[k // 2 // len(wants)], wants[k // 2 % len(wants)], k % 2),
        ),
        ghg=_distinct(
            np.round(c["ghg_avoided_t_co2e"].astype(float), -1) + 0.0,
            lambda v: separator + _ghg_text(v, language),
            separator + t("match.reason_ghg_unknown"),
        ),
        net=_distinct(
            np.round(c["net_benefit_eur"].astype(float), -3) + 0.0,
            lambda v: _net_text(v, language),
            t("match.reason_net_unknown"),
        ),
        checks=_distinct(c["checks"], lambda codes: _checks_text(codes, separator)),
        provenance=_distinct(
            pairs,
            lambda p: _provenance_text(
                str(have_provenances[p // len(want_provenances)]),
                str(want_provenances[p % len(want_provenances)]),
                separator,
            ),
        ),
        existing=_distinct(
            c["existing_flow_id"], lambda f: separator + t("match.reason_existing", flow=f)
        ),
    )


UNCERTAIN = ("estimated", "synthetic")


def _checks_text(codes: object, separator: str) -> str:
    shown = [code for code in str(codes).split(";") if code and code != "quantity_uncertain"]
    items = [t(f"match.check.{code}") for code in shown]
    return separator + t("match.reason_check", items="; ".join(items)) if items else ""


def _provenance_text(have: str, want: str, separator: str) -> str:
    if have not in UNCERTAIN and want not in UNCERTAIN:
        return ""
    return separator + t(
        "match.reason_provenance", have=provenance_label(have), want=provenance_label(want)
    )


def _suffix(have: str, want: str, hazardous: bool) -> str:
    """The sentences that depend only on the materials and the hazard, each after a separator."""
    sentences = []
    if taxonomy.compatibility(have, want) == taxonomy.SUBSTITUTE:
        sentences.append(
            t("match.reason_substitute", have=material_label(have), want=material_label(want))
        )
    if hazardous:
        handling = taxonomy.hazardous_handling(have)
        if handling == taxonomy.NO_HANDLING:
            handling = t("match.default_handling")
        sentences.append(t("match.reason_hazardous", handling=handling))
    separator = t("match.reason_separator")
    return "".join(separator + s for s in sentences)


def _quantity_text(value: float) -> str:
    return _number(value, ",.0f" if value >= 100 else ",.3g", current_language())


@lru_cache(maxsize=1 << 17)
def _number(value: float, spec: str, language: str) -> str:
    """`number`, remembered: the same quantities and distances recur in every chunk."""
    return number(value, spec, language)


@lru_cache(maxsize=1 << 17)
def _ghg_text(tonnes: float, language: str) -> str:
    return t("match.reason_ghg", language, ghg=number(tonnes, ",.0f", language))


@lru_cache(maxsize=1 << 17)
def _net_text(euros: float, language: str) -> str:
    return t("match.reason_net", language, net=number(euros, ",.0f", language))


def _distinct(values, formatter, missing: str = "") -> tuple[np.ndarray, list[str]]:
    """Codes of values and the text of each distinct value (formatted once); missing values
    get code -1 and the text `missing`."""
    codes, uniques = pd.factorize(values)
    return codes, [formatter(value) for value in uniques], missing


def _fill(template: str, **fields: tuple[np.ndarray, list[str], str]) -> pa.Array:
    """Fill a template's {placeholders} from `_distinct` columns, element by element.

    Values are inserted as they are and never parsed again, so names with braces stay text.
    Each literal is joined to the distinct texts of the field after it, and the parts of all
    rows are joined column by column in Arrow.
    """
    parts, tail = [], ""
    for literal, field, _, _ in string.Formatter().parse(template):
        if field is None:
            tail = literal
            continue
        codes, texts, missing = fields[field]
        dictionary = pa.array([literal + x for x in texts] + [literal + missing], pa.large_string())
        parts.append(dictionary.take(np.where(codes < 0, len(texts), codes)))
    if tail:
        parts.append(pa.scalar(tail, pa.large_string()))
    if not parts:
        return pa.array([], pa.large_string())
    return pc.binary_join_element_wise(*parts, pa.scalar("", pa.large_string()))
