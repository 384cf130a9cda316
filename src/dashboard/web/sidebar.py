"""The shared sidebar: the dataset picker and the sector, region, material and place filters,
bound to the URL so that a view can be shared as a link."""

from __future__ import annotations

import streamlit as st

from dashboard.domain.access import FACILITATOR, Tier
from dashboard.domain.dataset import Dataset, apply_filters, filter_options
from dashboard.domain.labels import material_label, place_label, region_name, section_label
from dashboard.i18n import available_languages, language, t
from dashboard.views.markdown import escape_markdown
from dashboard.views.page_locale import locale_script
from dashboard.web import access, session
from dashboard.web.cache import UPLOAD_PREFIX, dataset_key, public_dataset, public_key
from dashboard.web.uploads import open_linked_upload, owns

OPTION_LABELS = {session.SECTOR: section_label, session.REGION: region_name,
                 session.MATERIAL: material_label, session.PLACE: place_label}  # fmt: skip
"""How each filter names its options; the values (and so the URL) stay codes, so a shared link
does not depend on the interface language."""


def option_label(kind: str, code: str) -> str:
    """The readable name of a filter option."""
    return OPTION_LABELS[kind](code) or code


def _tiered(choice: str) -> tuple[Dataset, str, Tier]:
    """The chosen dataset as this visit's tier sees it, its cache key, and the tier: the
    public view (a company's own data in full through its link) unless the visit is a
    facilitator's or the dataset is an upload this session made."""
    full = session.get_dataset(choice)
    key = dataset_key(choice, full)
    tier = access.current_tier()
    session.set_run_tier(tier)
    own = choice.startswith(UPLOAD_PREFIX) and owns(choice.removeprefix(UPLOAD_PREFIX))
    if tier.kind == FACILITATOR or (own and not session.public_asked()):
        return full, key, tier
    keep = tier.keep(key)
    return public_dataset(key, keep, full), public_key(key, keep), tier


def sidebar() -> session.PageData:
    """Render the dataset picker and shared filters; keep and return this run's page data."""
    session.select_pending_upload()
    gone = open_linked_upload()
    choices = session.dataset_choices()
    session.seed_from_url(session.DATASET, choices, many=False)
    session.keep_only(session.DATASET, choices)
    with st.sidebar:
        st.html(locale_script(language()), unsafe_allow_javascript=True)
        languages = available_languages()
        if len(languages) > 1:
            st.segmented_control(
                t("sidebar.language"), languages, key=session.LANGUAGE,
                format_func=lambda code: t(f"language.{code}"), label_visibility="collapsed",
            )  # fmt: skip
        choice = st.selectbox(
            t("sidebar.dataset"),
            list(choices),
            key=session.DATASET,
            format_func=choices.get,
            help=t("sidebar.dataset_help"),
        )
        st.caption(escape_markdown(choices[choice]))
        if gone:
            st.warning(gone, icon=":material/link_off:")
        full, key, tier = _tiered(choice)
        options = filter_options(full)
        selected = {}
        for kind in session.FILTER_KEYS:
            session.seed_from_url(kind, options[kind], many=True)
            session.keep_only(kind, options[kind])
            selected[kind] = st.multiselect(
                t(f"sidebar.{kind}"),
                options[kind],
                key=kind,
                format_func=lambda code, kind=kind: option_label(kind, code),
                help=t(f"sidebar.{kind}_help"),
                placeholder=t("sidebar.all"),
                filter_mode="contains",
                select_all=False,
            )
        st.divider()
        access.sidebar_panel(tier)
    ids = full.companies["company_id"]
    session.seed_from_url(session.SELECTED_COMPANY, ids, many=False)
    session.keep_only(session.SELECTED_COMPANY, ids)
    session.write_to_url(session.SELECTED_COMPANY, session.selected_company())
    session.write_to_url(session.LANGUAGE, session.value(session.LANGUAGE))
    session.write_to_url(session.DATASET, choice)
    for kind, chosen in selected.items():
        session.write_to_url(kind, chosen)
    view = apply_filters(
        full, selected["sector"], selected["region"], selected["material"], selected["place"]
    )
    data = session.PageData(full, view, key)
    session.set_data(data)
    return data
