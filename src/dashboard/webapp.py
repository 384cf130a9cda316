"""Streamlit glue shared by app.py and the pages: cached loading, dataset picker, filters."""

from __future__ import annotations

import hashlib

import pandas as pd
import streamlit as st

from dashboard.dataset import Dataset, bundled_datasets, load_files, load_or_raise
from dashboard.export import escape_markdown
from dashboard.filters import apply_filters, filter_options
from dashboard.i18n import t
from dashboard.problems import Problem
from dashboard.reference import DATASETS_DIR, nace, region_table

UPLOAD_PREFIX = "upload:"
DEFAULT_DATASET = "leningrad"
FILTER_KEYS = ("sector", "region", "material")


@st.cache_data(show_spinner=False)
def load_bundled(dataset_id: str) -> Dataset:
    """A bundled dataset by id, validated once per process."""
    dataset = load_or_raise(DATASETS_DIR / dataset_id)
    dataset.meta = bundled_datasets()[dataset_id]
    return dataset


def uploads() -> dict[str, Dataset]:
    return st.session_state.setdefault("uploads", {})


def dataset_choices() -> dict[str, str]:
    """Picker value -> label: bundled datasets, then this session's uploads."""
    bundled = bundled_datasets()
    order = sorted(bundled, key=lambda key: (key != DEFAULT_DATASET, key))
    choices = {key: bundled[key]["title"] for key in order}
    for name in uploads():
        choices[UPLOAD_PREFIX + name] = t("sidebar.uploaded", name=name)
    return choices


def get_dataset(choice: str) -> Dataset:
    if choice.startswith(UPLOAD_PREFIX):
        return uploads()[choice.removeprefix(UPLOAD_PREFIX)]
    return load_bundled(choice)


def accept_upload(name: str, files: dict[str, bytes]) -> list[Problem]:
    """Validate uploaded files; only a valid dataset is stored and selected (a callback)."""
    dataset, problems = load_files(name, files)
    st.session_state["upload_problems"] = problems
    st.session_state["upload_name"] = name
    if dataset is not None:
        dataset.meta = {"title": t("sidebar.uploaded", name=name), "origin": "upload"}
        uploads()[name] = dataset
        st.session_state["dataset"] = UPLOAD_PREFIX + name
        for key in FILTER_KEYS:
            st.session_state[key] = []
    return problems


def filter_help(kind: str, options: list[str]) -> str:
    """Help text naming each option; options stay codes so shared links do not depend on
    the interface language."""
    if kind == "sector":
        titles = nace()["title_en"]
        names = [f"{code}: {str(titles.get(code, '')).capitalize()}" for code in options]
    elif kind == "region":
        regions = region_table()["name_en"]
        names = [f"{code}: {regions.get(code, code)}" for code in options]
    else:
        return t("sidebar.material_help")
    return t(f"sidebar.{kind}_help") + "\n\n" + "\n".join(f"- {name}" for name in names)


def sidebar() -> tuple[Dataset, Dataset]:
    """Render the dataset picker and shared filters (bound to the URL); return (full, filtered)."""
    choices = dataset_choices()
    if "dataset" in st.session_state and st.session_state["dataset"] not in choices:
        del st.session_state["dataset"]
    with st.sidebar:
        choice = st.selectbox(
            t("sidebar.dataset"),
            list(choices),
            key="dataset",
            bind="query-params",
            help=t("sidebar.dataset_help"),
        )
        st.caption(escape_markdown(choices[choice]))
        full = get_dataset(choice)
        options = filter_options(full)
        selected = {}
        for kind in FILTER_KEYS:
            if kind in st.session_state:
                st.session_state[kind] = [v for v in st.session_state[kind] if v in options[kind]]
            selected[kind] = st.multiselect(
                t(f"sidebar.{kind}"),
                options[kind],
                key=kind,
                help=filter_help(kind, options[kind]),
                bind="query-params",
                placeholder=t("sidebar.all"),
            )
    view = apply_filters(full, selected["sector"], selected["region"], selected["material"])
    st.session_state["full_dataset"] = full
    st.session_state["view_dataset"] = view
    return full, view


def current() -> tuple[Dataset, Dataset]:
    """(full, filtered) dataset chosen in the sidebar of this run."""
    return st.session_state["full_dataset"], st.session_state["view_dataset"]


def dataset_key() -> str:
    """Cache key of the chosen dataset: a bundled id, or an upload's content fingerprint
    (names repeat across uploads and sessions, contents give the same result)."""
    choice = st.session_state["dataset"]
    if not choice.startswith(UPLOAD_PREFIX):
        return choice
    full = current()[0]
    if "fingerprint" not in full.meta:
        digest = hashlib.sha256()
        for name in ("companies", "streams", "flows"):
            table = full.table(name)
            digest.update("\t".join(map(str, table.columns)).encode())
            digest.update(pd.util.hash_pandas_object(table, index=False).to_numpy())
        full.meta["fingerprint"] = digest.hexdigest()
    return f"{choice}#{full.meta['fingerprint']}"


def material_columns() -> dict[str, object]:
    """Column headings for the per-material summary table."""
    return {
        "material": st.column_config.TextColumn(t("col.material")),
        "direction": st.column_config.TextColumn(t("col.direction")),
        "unit": st.column_config.TextColumn(t("col.unit")),
        "streams": st.column_config.NumberColumn(t("col.streams")),
        "quantity": st.column_config.NumberColumn(t("col.quantity"), format="localized"),
    }


@st.cache_data(show_spinner=False, max_entries=64)
def _candidates(key: str, options_items: tuple, _full: Dataset) -> pd.DataFrame:
    from dashboard.matching import MatchOptions, find_candidates

    return find_candidates(_full, MatchOptions(**dict(options_items)))


def find_candidates_cached(min_score: float = 0.0, **options: object) -> pd.DataFrame:
    """Candidate exchanges of the chosen dataset under the sidebar filters (either end in the
    selection), cached on `dataset_key()` and the options."""
    settings = {
        "sectors": tuple(st.session_state.get("sector") or ()),
        "regions": tuple(st.session_state.get("region") or ()),
        "materials": tuple(st.session_state.get("material") or ()),
        "min_score": float(min_score),
        **options,
    }
    return _candidates(dataset_key(), tuple(sorted(settings.items())), current()[0])


def show_problems(problems, key: str) -> None:
    """Validation problems as a table: file, row, column, message."""
    st.dataframe(
        pd.DataFrame([p.as_record() for p in problems]),
        hide_index=True,
        key=key,
        column_config={
            "file": t("col.file"),
            "row": st.column_config.NumberColumn(t("col.row"), format="%d"),
            "column": t("col.column"),
            "message": st.column_config.TextColumn(t("col.message"), width="large"),
        },
    )


def measure_columns() -> dict[str, object]:
    """Column headings of a table of applicable policy measures."""
    return {
        "measure_id": t("policy.col.measure_id"),
        "name": st.column_config.TextColumn(t("policy.col.name"), width="medium"),
        "jurisdiction": t("policy.col.jurisdiction"),
        "type": t("policy.col.type"),
        "flows": t("policy.col.flows"),
        "reasons": st.column_config.TextColumn(t("policy.col.reasons"), width="large"),
        "source_url": st.column_config.LinkColumn(t("policy.col.source")),
    }
