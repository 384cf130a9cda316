"""Everything the app caches, and the keys it caches them by.

Cached results are analysis results (ids and numbers, no display text), so a cache key never
needs the language; datasets are keyed by id, an upload by a fingerprint of its content.
"""

from __future__ import annotations

import hashlib

import pandas as pd
import streamlit as st

from dashboard.analysis.chains import Chain, detect_chains
from dashboard.analysis.matching import MatchOptions, find_candidates
from dashboard.analysis.sensitivity import sensitivity
from dashboard.domain.dataset import TABLES, Dataset
from dashboard.domain.factors import Factors
from dashboard.domain.reference import DATASETS_DIR
from dashboard.io.datasets import bundled_datasets, load_or_raise

UPLOAD_PREFIX = "upload:"
UPLOAD_ENTRIES = 4
"""Results of uploads the process keeps (bundled datasets have their own, larger caches)."""
UPLOAD_TTL_S = 15 * 60
"""An upload's results are dropped this long after they were computed, freeing their memory."""
SENSITIVITY_COLUMNS = ["parameter", "output", "base", "low", "high"]


@st.cache_data(show_spinner=False)
def load_bundled(dataset_id: str) -> Dataset:
    """A bundled dataset by id, validated once per process."""
    dataset = load_or_raise(DATASETS_DIR / dataset_id)
    dataset.meta = bundled_datasets()[dataset_id]
    return dataset


def dataset_key(choice: str, dataset: Dataset) -> str:
    """Cache key of a chosen dataset: a bundled id, or an upload's content fingerprint (names
    repeat across uploads and sessions, contents give the same result)."""
    if not choice.startswith(UPLOAD_PREFIX):
        return choice
    if "fingerprint" not in dataset.meta:
        digest = hashlib.sha256()
        for name in TABLES:
            table = dataset.table(name)
            digest.update("\t".join(map(str, table.columns)).encode())
            digest.update(pd.util.hash_pandas_object(table, index=False).to_numpy())
        dataset.meta["fingerprint"] = digest.hexdigest()
    return f"{choice}#{dataset.meta['fingerprint']}"


@st.cache_data(show_spinner=False, max_entries=64)
def _candidates(key: str, options_items: tuple, _full: Dataset) -> pd.DataFrame:
    return find_candidates(_full, MatchOptions(**dict(options_items)))


def candidates(
    key: str, full: Dataset, filters: dict[str, tuple[str, ...]], **options: object
) -> pd.DataFrame:
    """Candidate exchanges of dataset `key` with either end in the filters' selection
    (`sector`, `region`, `material`, `place`), cached on the key, the filters and the options."""
    settings = {
        "sectors": filters.get("sector", ()),
        "regions": filters.get("region", ()),
        "materials": filters.get("material", ()),
        "places": filters.get("place", ()),
        "min_score": float(options.pop("min_score", 0.0)),
        **options,
    }
    items = tuple(sorted(settings.items()))
    if key.startswith(UPLOAD_PREFIX):
        return _upload_candidates(key, items, full)
    return _candidates(key, items, full)


@st.cache_data(show_spinner=False, max_entries=UPLOAD_ENTRIES, ttl=UPLOAD_TTL_S)
def _upload_candidates(key: str, options_items: tuple, _full: Dataset) -> pd.DataFrame:
    return find_candidates(_full, MatchOptions(**dict(options_items)))


@st.cache_data(show_spinner=False, max_entries=16)
def _chains(key: str, _full: Dataset) -> list[Chain]:
    return detect_chains(_full.flows)


def chains(key: str, full: Dataset) -> list[Chain]:
    """Chains detected in the flows of dataset `key`."""
    if key.startswith(UPLOAD_PREFIX):
        return _upload_chains(key, full)
    return _chains(key, full)


@st.cache_data(show_spinner=False, max_entries=UPLOAD_ENTRIES, ttl=UPLOAD_TTL_S)
def _upload_chains(key: str, _full: Dataset) -> list[Chain]:
    return detect_chains(_full.flows)


@st.cache_data(show_spinner=False, max_entries=32)
def sensitivity_of(
    exchanges: tuple, overrides: tuple, percent: float, known: list[str]
) -> pd.DataFrame:
    """Tornado data of a chain under the session's factor overrides (none when no output of it
    is known: nothing to vary)."""
    if not known:
        return pd.DataFrame(columns=SENSITIVITY_COLUMNS)
    return sensitivity(exchanges, Factors(overrides=dict(overrides)), percent)
