"""The shared sidebar: the dataset picker and the sector, region, material and place filters,
bound to the URL so that a view can be shared as a link."""

from __future__ import annotations

import streamlit as st

from dashboard.domain.dataset import apply_filters, filter_options
from dashboard.domain.labels import place_label, region_name, sector_title
from dashboard.i18n import t
from dashboard.views.markdown import escape_markdown
from dashboard.web import session
from dashboard.web.cache import dataset_key


def filter_help(kind: str, options: list[str]) -> str:
    """Help text naming each option; options stay codes so shared links do not depend on
    the interface language."""
    if kind == session.SECTOR:
        names = [f"{code}: {sector_title(code)}" for code in options]
    elif kind == session.REGION:
        names = [f"{code}: {region_name(code)}" for code in options]
    elif kind == session.PLACE:
        return t("sidebar.place_help")
    else:
        return t("sidebar.material_help")
    return t(f"sidebar.{kind}_help") + "\n\n" + "\n".join(f"- {name}" for name in names)


def sidebar() -> session.PageData:
    """Render the dataset picker and shared filters; keep and return this run's page data."""
    choices = session.dataset_choices()
    session.keep_only(session.DATASET, choices)
    with st.sidebar:
        choice = st.selectbox(
            t("sidebar.dataset"),
            list(choices),
            key=session.DATASET,
            bind="query-params",
            help=t("sidebar.dataset_help"),
        )
        st.caption(escape_markdown(choices[choice]))
        full = session.get_dataset(choice)
        options = filter_options(full)
        selected = {}
        for kind in session.FILTER_KEYS:
            session.keep_only(kind, options[kind])
            selected[kind] = st.multiselect(
                t(f"sidebar.{kind}"),
                options[kind],
                key=kind,
                help=filter_help(kind, options[kind]),
                bind="query-params",
                placeholder=t("sidebar.all"),
                format_func=place_label if kind == session.PLACE else str,
            )
    view = apply_filters(
        full, selected["sector"], selected["region"], selected["material"], selected["place"]
    )
    data = session.PageData(full, view, dataset_key(choice, full))
    session.set_data(data)
    return data
