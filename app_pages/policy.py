"""Policy: the measures that support, oblige or block each chain, the catalogue, your own file."""

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
    chain_matrix,
    flow_findings,
)
from dashboard.domain.labels import chain_name, material_label
from dashboard.i18n import t
from dashboard.io.export import safe_csv_bytes
from dashboard.views.markdown import escape_markdown
from dashboard.views.policy_text import findings_table, measures_table
from dashboard.web import cache, session
from dashboard.web.columns import catalogue_columns, material_default_columns, measure_columns
from dashboard.web.widgets import show_problems, table


def load_upload() -> None:
    file = session.value(session.POLICY_UPLOAD)
    if file is not None:
        session.set_policy_upload(*load_catalogue(file.getvalue(), name=file.name))


def measures_csv(dataset, catalogue: Catalogue, chains) -> bytes:
    return safe_csv_bytes(measures_table(dataset, catalogue, chains))


def show_findings(items, category: str) -> None:
    st.subheader(t(f"policy.category.{category}"), help=t(f"policy.category_help.{category}"))
    if not items:
        st.caption(t("policy.none_in_category"))
        return
    table(
        findings_table(items), session.policy_box(category), hide_index=True,
        column_config=measure_columns(),
    )  # fmt: skip


def render_chains(data: session.PageData, catalogue: Catalogue) -> None:
    full = data.full
    chains = cache.chains(data.key, full)
    found = flow_findings(full, catalogue)
    if not chains:
        st.info(t("policy.no_chains"))
    else:
        names = full.company_names()
        titles = {c.chain_id: chain_name(c, names) for c in chains}
        session.keep_only(session.POLICY_CHAIN, titles)
        chosen = st.selectbox(
            t("policy.chain"), list(titles), format_func=titles.get, key=session.POLICY_CHAIN,
            help=t("policy.chain_help"),
        )  # fmt: skip
        chain = next(c for c in chains if c.chain_id == chosen)
        split = by_category(chain_findings(found, chain.flow_ids))
        st.markdown(t("policy.summary", **{k: len(v) for k, v in split.items()}))
        for category, items in split.items():
            show_findings(items, category)
        st.subheader(t("policy.matrix_heading"))
        st.caption(t("policy.matrix_caption"))
        matrix = chain_matrix(chains, found).rename(index=titles)
        help_texts = {
            m.measure_id: escape_markdown(f"{m.name_en} ({t(f'policy.category.{m.category}')})")
            for m in catalogue.measures
        }
        config = {c: st.column_config.NumberColumn(c, help=help_texts.get(c)) for c in matrix}
        st.dataframe(matrix, column_config=config)
    st.download_button(
        t("policy.download_measures"), partial(measures_csv, full, catalogue, chains),
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
        filter_mode="contains", select_all=False,
    )  # fmt: skip
    categories = right.multiselect(
        t("policy.filter.category"), CATEGORIES, key=session.POLICY_CATEGORIES,
        filter_mode="contains", select_all=False,
    )  # fmt: skip
    text = st.text_input(
        t("policy.filter.text"), key=session.POLICY_TEXT, help=t("policy.filter.text_help")
    )
    shown = filter_catalogue(measures, jurisdictions, types, categories, text)
    name = escape_markdown(catalogue.name)
    st.caption(t("policy.catalogue_caption", shown=len(shown), total=len(measures), name=name))
    columns = catalogue_columns()
    table(shown[list(columns)], session.policy_box("catalogue"), hide_index=True,
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
        defaults = material_defaults().reset_index()
        defaults.insert(1, "name", defaults["material"].map(material_label))
        defaults["rule"] = defaults["rule"].map(lambda r: t(f"policy.rule.{r}"))
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
    chains_tab, catalogue_tab, upload_tab = st.tabs(
        [t("policy.tab.chains"), t("policy.tab.catalogue"), t("policy.tab.upload")],
        key=session.POLICY_TABS,
    )
    with chains_tab:
        render_chains(data, catalogue)
    with catalogue_tab:
        render_catalogue(catalogue)
    with upload_tab:
        render_upload(catalogue)


render(session.data(), session.policy_catalogue())
