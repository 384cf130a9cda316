"""Policy: the measures that support, oblige or block each chain, the catalogue, your own file,
and a what-if for the whole dataset (drawn only when its tab is open)."""

from functools import partial

import streamlit as st

from dashboard.analysis.policy.catalogue import (
    CATEGORIES,
    CHOICES,
    Catalogue,
    catalogue_csv_bytes,
    filter_catalogue,
    load_catalogue,
    template_csv_bytes,
)
from dashboard.analysis.policy.facts import material_defaults
from dashboard.analysis.policy.findings import (
    by_category,
    chain_findings,
    exchange_found,
    exchange_matrix,
    flow_findings,
    matrix_by_instrument,
    members_within,
)
from dashboard.domain.members import member_exchanges
from dashboard.i18n import language, t
from dashboard.io.export import safe_csv_bytes
from dashboard.views import filter_text
from dashboard.views.chain_options import SAVED, listed_chains, member_label
from dashboard.views.markdown import escape_markdown
from dashboard.views.people_csv import for_people
from dashboard.views.policy_text import (
    catalogue_view,
    code_word,
    marked_matrix,
    material_defaults_view,
    measure_summary,
    measures_table,
    reasons_markdown,
)
from dashboard.web import cache, chain_actions, scenario_panel, session
from dashboard.web.columns import catalogue_columns, material_default_columns, measure_columns
from dashboard.web.widgets import deferred, show_problems, table


def load_upload() -> None:
    file = session.value(session.POLICY_UPLOAD)
    if file is not None:
        session.set_policy_upload(*load_catalogue(file.getvalue(), name=file.name))


def measures_csv(dataset, catalogue: Catalogue, chains) -> bytes:
    return safe_csv_bytes(for_people(measures_table(dataset, catalogue, chains)))


def show_findings(items, category: str, labels) -> None:
    st.subheader(t(f"policy.category.{category}"), help=t(f"policy.category_help.{category}"))
    if not items:
        st.caption(t("policy.none_in_category"))
        return
    table(
        measure_summary(items), session.policy_box(category), hide_index=True,
        column_config=measure_columns(),
    )  # fmt: skip
    with st.container(key=session.policy_box(f"why_{category}")):
        for item in items:
            name = item.measure.name(language())
            title = t("policy.why", measure=item.measure.measure_id, name=name)
            with st.expander(escape_markdown(title)):
                st.markdown(reasons_markdown(item, labels))


def show_matrix(matrix, catalogue: Catalogue) -> None:
    """The chains-by-measures matrix, one table per instrument group, each measure marked as a
    driver, an obligation or a barrier."""
    st.subheader(t("policy.matrix_heading"))
    st.caption(t("policy.matrix_caption"))
    st.caption(t("policy.matrix_legend", **{c: t(f"policy.marker.{c}") for c in CATEGORIES}))
    help_texts = {
        m.measure_id: escape_markdown(f"{m.name(language())} ({t(f'policy.role.{m.category}')})")
        for m in catalogue.measures
    }
    for group, part in matrix_by_instrument(matrix, catalogue).items():
        st.markdown(f"**{t(f'policy.instrument.{group}')}**")
        shown = marked_matrix(part, catalogue)
        config = {
            label: st.column_config.NumberColumn(label, help=help_texts.get(measure_id))
            for label, measure_id in zip(shown.columns, part.columns, strict=True)
        }
        table(shown, session.policy_box(f"matrix_{group}"), column_config=config)


def render_chains(data: session.PageData, catalogue: Catalogue) -> None:
    full, view, key = data
    filters = session.filters()
    saved, warning = chain_actions.saved_chains(key)
    if warning:
        st.warning(escape_markdown(warning))
    detected = cache.chains(key, view, filters)
    listed = listed_chains(saved, detected, full)
    companies, materials = view.companies["company_id"], filters["material"]
    members = {k: members_within(c.members, companies, materials) for k, c in listed.items()}
    listed = {k: c for k, c in listed.items() if members[k]}
    count_saved = sum(k.startswith(SAVED) for k in listed)
    st.caption(
        t(
            "policy.uses", filters=escape_markdown(filter_text.summary(filters)),
            detected=len(listed) - count_saved, saved=count_saved,
        )
    )  # fmt: skip
    if not listed:
        st.info(t("policy.no_chains"))
    else:
        found = flow_findings(full, catalogue)
        others = [m for k in listed for m in members[k] if m.ref_id not in found]
        found |= exchange_found(full, catalogue, member_exchanges(others, full))
        names = full.company_names()
        labels = {m.ref_id: member_label(m, names) for k in listed for m in members[k]}
        ids = {k: [m.ref_id for m in members[k]] for k in listed}
        titles = {k: c.label for k, c in listed.items()}
        session.keep_only(session.POLICY_CHAIN, titles)
        chosen = st.selectbox(
            t("policy.chain"), list(titles), format_func=titles.get, key=session.POLICY_CHAIN,
            help=t("policy.chain_help"),
        )  # fmt: skip
        if len(members[chosen]) < len(listed[chosen].members):
            st.caption(
                t("policy.partial", kept=len(members[chosen]), total=len(listed[chosen].members))
            )
        split = by_category(chain_findings(found, ids[chosen]))
        st.markdown(t("policy.summary", **{k: len(v) for k, v in split.items()}))
        for category, items in split.items():
            show_findings(items, category, labels)
        show_matrix(exchange_matrix(ids, found).rename(index=titles), catalogue)
    st.download_button(
        t("policy.download_measures"),
        deferred("policy measures", measures_csv, view, catalogue, detected),
        file_name=f"policy_measures_{full.name}.csv", mime="text/csv", on_click="ignore",
        key=session.POLICY_DOWNLOAD_MEASURES,
    )  # fmt: skip


def render_catalogue(catalogue: Catalogue) -> None:
    measures = catalogue.table
    left, middle, right = st.columns(3)
    jurisdictions = left.multiselect(
        t("policy.filter.jurisdiction"), sorted(measures["jurisdiction"].unique()),
        key=session.POLICY_JURISDICTIONS, filter_mode="contains", select_all=False,
    )  # fmt: skip
    types = middle.multiselect(
        t("policy.filter.type"), CHOICES["type"], key=session.POLICY_TYPES,
        format_func=lambda code: code_word("type", code), filter_mode="contains",
        select_all=False,
    )  # fmt: skip
    categories = right.multiselect(
        t("policy.filter.category"), CATEGORIES, key=session.POLICY_CATEGORIES,
        format_func=lambda code: code_word("kind", code), filter_mode="contains",
        select_all=False,
    )  # fmt: skip
    text = st.text_input(
        t("policy.filter.text"), key=session.POLICY_TEXT, help=t("policy.filter.text_help")
    )
    shown = filter_catalogue(measures, jurisdictions, types, categories, text)
    name = escape_markdown(catalogue.name)
    st.caption(t("policy.catalogue_caption", shown=len(shown), total=len(measures), name=name))
    columns = catalogue_columns()
    table(catalogue_view(shown)[list(columns)], session.policy_box("catalogue"), hide_index=True,
          column_config=columns)  # fmt: skip
    left, right = st.columns(2)
    left.download_button(
        t("policy.download_catalogue"), partial(catalogue_csv_bytes, catalogue),
        file_name=catalogue.name, mime="text/csv", on_click="ignore",
        key=session.POLICY_DOWNLOAD_CATALOGUE,
    )  # fmt: skip
    right.download_button(
        t("policy.download_template"), template_csv_bytes,
        file_name="policy_measures_template.csv", mime="text/csv", on_click="ignore",
        key=session.POLICY_DOWNLOAD_TEMPLATE,
    )  # fmt: skip
    with st.expander(t("policy.defaults_heading")):
        st.caption(t("policy.defaults_caption"))
        defaults = material_defaults_view(material_defaults().reset_index())
        st.dataframe(defaults, hide_index=True, column_config=material_default_columns())


def render_upload(catalogue: Catalogue) -> None:
    st.markdown(t("policy.upload_help"))
    name = escape_markdown(catalogue.name)
    st.caption(t("policy.current", name=name, count=len(catalogue.measures)))
    upload = st.file_uploader(t("policy.upload_label"), type=["csv"], key=session.POLICY_UPLOAD)
    left, right = st.columns(2)
    left.button(
        t("policy.upload_button"), on_click=load_upload, disabled=upload is None, type="primary",
        key=session.POLICY_UPLOAD_BUTTON,
    )  # fmt: skip
    right.button(
        t("policy.reset_button"), on_click=session.reset_policy_catalogue,
        disabled=not session.has_uploaded_catalogue(), key=session.POLICY_RESET,
    )  # fmt: skip
    problems = session.policy_problems()
    if problems:
        st.error(t("policy.rejected", count=len(problems), current=name), icon=":material/error:")
        show_problems(problems, key=session.policy_box("problems"))
    elif problems == []:
        st.success(t("policy.accepted", name=name, count=len(catalogue.measures)))


def render(data: session.PageData, catalogue: Catalogue) -> None:
    st.title(t("policy.title"))
    st.caption(t("policy.intro"))
    chains_tab, catalogue_tab, upload_tab, what_if_tab = st.tabs(
        [t("policy.tab.chains"), t("policy.tab.catalogue"), t("policy.tab.upload"),
         t("policy.tab.what_if")],
        key=session.POLICY_TABS, on_change="rerun",
    )  # fmt: skip
    with chains_tab:
        render_chains(data, catalogue)
    with catalogue_tab:
        render_catalogue(catalogue)
    with upload_tab:
        render_upload(catalogue)
    if what_if_tab.open:  # computed only when asked for
        with what_if_tab:
            scenario_panel.what_if(data)


render(session.data(), session.policy_catalogue())
