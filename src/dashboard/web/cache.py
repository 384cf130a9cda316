"""Everything the app caches, and the keys it caches them by.

Cached results are analysis results (ids and numbers, no display text), so a cache key never
needs the language; datasets are keyed by id, an upload by a fingerprint of its content.
Candidate tables are kept as shared read-only objects (`st.cache_resource`): a hit costs no
unpickling (about 0.3 s for the 365,000 candidates of 10,000 companies); callers never modify
them.
"""

from __future__ import annotations

import atexit
import threading

import kaleido
import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from dashboard.analysis.assessment import ChainAssessment, assess_chain
from dashboard.analysis.chains import Chain, detect_chains
from dashboard.analysis.matching import MatchOptions, find_candidates
from dashboard.analysis.scenario import Region, Scenario, ScenarioResult, compare, region
from dashboard.analysis.sensitivity import sensitivity
from dashboard.domain.anonymise import public_view
from dashboard.domain.dataset import Dataset
from dashboard.domain.factors import Factors
from dashboard.domain.reference import DATASETS_DIR
from dashboard.i18n import number, t
from dashboard.io.datasets import bundled_datasets, load_or_raise
from dashboard.views.sankey_figure import export_image

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
    """Cache key of a chosen dataset: a bundled id, or `upload:<id>` where the id is the hash
    of the uploaded files (the same files give the same key in every session)."""
    return choice


@st.cache_resource(show_spinner=False, max_entries=16)
def _public(key: str, keep: tuple[str, ...], _full: Dataset) -> Dataset:
    return public_view(_full, keep)


def public_dataset(key: str, keep: tuple[str, ...], full: Dataset) -> Dataset:
    """The public tier of a dataset (`keep`: the companies shown in full), once per process."""
    return _public(key, keep, full)


def public_key(key: str, keep: tuple[str, ...]) -> str:
    """The cache key of a dataset's public tier; a company's own view has its own."""
    return f"{key}|public" + (f"|{','.join(keep)}" if keep else "")


@st.cache_resource(show_spinner=False, max_entries=64)
def _candidates(key: str, options_items: tuple, _full: Dataset) -> pd.DataFrame:
    return find_candidates(_full, MatchOptions(**dict(options_items)))


def candidates(
    key: str, full: Dataset, filters: dict[str, tuple[str, ...]], **options: object
) -> pd.DataFrame:
    """Candidate exchanges of dataset `key` with either end in the filters' selection
    (`sector`, `region`, `material`, `place`), cached on the key, the filters and the options.
    Matching that takes more than half a second says so (Streamlit's spinner waits that long)."""
    settings = {
        "sectors": filters.get("sector", ()),
        "regions": filters.get("region", ()),
        "materials": filters.get("material", ()),
        "places": filters.get("place", ()),
        "min_score": float(options.pop("min_score", 0.0)),
        **options,
    }
    items = tuple(sorted(settings.items()))
    cached = _upload_candidates if key.startswith(UPLOAD_PREFIX) else _candidates
    with st.spinner(t("cache.matching", companies=number(len(full.companies))), show_time=True):
        return cached(key, items, full)


@st.cache_resource(show_spinner=False, max_entries=UPLOAD_ENTRIES, ttl=UPLOAD_TTL_S)
def _upload_candidates(key: str, options_items: tuple, _full: Dataset) -> pd.DataFrame:
    return find_candidates(_full, MatchOptions(**dict(options_items)))


@st.cache_data(show_spinner=False, max_entries=16)
def _chains(key: str, filters: tuple, _dataset: Dataset) -> list[Chain]:
    return detect_chains(_dataset.flows)


def chains(
    key: str, dataset: Dataset, filters: dict[str, tuple[str, ...]] | None = None
) -> list[Chain]:
    """Chains detected in the flows of dataset `key`, or of its view under `filters` (then
    `dataset` is that filtered view)."""
    items = tuple(sorted((filters or {}).items()))
    if key.startswith(UPLOAD_PREFIX):
        return _upload_chains(key, items, dataset)
    return _chains(key, items, dataset)


@st.cache_data(show_spinner=False, max_entries=UPLOAD_ENTRIES, ttl=UPLOAD_TTL_S)
def _upload_chains(key: str, filters: tuple, _dataset: Dataset) -> list[Chain]:
    return detect_chains(_dataset.flows)


@st.cache_resource(show_spinner=False)
def _image_server() -> threading.Lock:
    """A kaleido process kept warm for the process's exports (a cold one starts Chromium for
    every image, about 4 s; a warm one renders in about 0.3 s), used one export at a time."""
    kaleido.start_sync_server(silence_warnings=True)
    atexit.register(kaleido.stop_sync_server, silence_warnings=True)
    return threading.Lock()


def image(figure: go.Figure, fmt: str) -> bytes:
    """A figure as PNG or SVG, rendered by the warm kaleido process."""
    with _image_server():
        return export_image(figure, fmt)


@st.cache_data(show_spinner=False, max_entries=32)
def sensitivity_of(
    exchanges: tuple, overrides: tuple, percent: float, known: list[str]
) -> pd.DataFrame:
    """Tornado data of a chain under the session's factor overrides (none when no output of it
    is known: nothing to vary)."""
    if not known:
        return pd.DataFrame(columns=SENSITIVITY_COLUMNS)
    return sensitivity(exchanges, Factors(overrides=dict(overrides)), percent)


@st.cache_data(show_spinner=False, max_entries=256)
def _assessment(exchanges: tuple, overrides: tuple) -> ChainAssessment:
    return assess_chain(exchanges, Factors(overrides=dict(overrides)))


def assessment(exchanges, factors: Factors) -> ChainAssessment:
    """`assess_chain` of the exchanges under the factors' overrides, cached on both (the
    exchanges carry their fates; results hold no display text)."""
    return _assessment(tuple(exchanges), tuple(sorted(factors.overrides.items())))


@st.cache_resource(show_spinner=False, max_entries=8, ttl=UPLOAD_TTL_S)
def _region(key: str, _full: Dataset) -> Region:
    """A dataset prepared for what-ifs under the bundled factors: read only, shared."""
    return region(_full)


def region_of(key: str, full: Dataset) -> Region:
    """Dataset `key` prepared for what-ifs (its candidates, chains and baseline), cached."""
    return _region(key, full)


@st.cache_data(show_spinner=False, max_entries=32, ttl=UPLOAD_TTL_S)
def _scenario(key: str, changes: tuple, _full: Dataset) -> ScenarioResult:
    return compare(_region(key, _full), Scenario("", changes))


def scenario(key: str, full: Dataset, changes: tuple[tuple[str, str], ...]) -> ScenarioResult:
    """A what-if of dataset `key` (the whole dataset, the bundled factors), cached on the key
    and the changes; the changes must apply (`analysis.scenario.apply`)."""
    return _scenario(key, tuple(changes), full)
