"""Policy: the measures that support, oblige or block each chain, the catalogue, your own file."""

from functools import partial

import streamlit as st

from dashboard import policy
from dashboard.chains import detect_chains
from dashboard.export import escape_markdown, safe_csv_bytes
from dashboard.i18n import t
from dashboard.webapp import current, measure_columns, show_problems

CATALOGUE, PROBLEMS = "policy_catalogue", "policy_problems"
MEASURE_COLUMNS = measure_columns()
CATALOGUE_COLUMNS = {
    "measure_id": t("policy.col.measure_id"),
    "name_en": st.column_config.TextColumn(t("policy.col.name"), width="medium"),
    "jurisdiction": t("policy.col.jurisdiction"),
    "level": t("policy.col.level"),
    "type": t("policy.col.type"),
    "category": t("policy.col.category"),
    "gives_or_requires": st.column_config.TextColumn(t("policy.col.gives"), width="large"),
    "source_url": st.column_config.LinkColumn(t("policy.col.source")),
    "last_checked": t("policy.col.checked"),
    "name_ru": t("policy.col.name_ru"),
}


def catalogue() -> policy.Catalogue:
    return st.session_state.get(CATALOGUE) or policy.bundled_catalogue()


def load_upload() -> None:
    file = st.session_state.get("policy_upload")
    if file is None:
        return
    loaded, problems = policy.load_catalogue(file.getvalue(), name=file.name)
    st.session_state[PROBLEMS] = problems
    if loaded is not None:
        st.session_state[CATALOGUE] = loaded


def reset() -> None:
    st.session_state.pop(CATALOGUE, None)
    st.session_state.pop(PROBLEMS, None)


def measures_csv(dataset, chains) -> bytes:
    return safe_csv_bytes(policy.measures_table(dataset, catalogue(), chains))


def show_findings(items: list[policy.ChainFinding], category: str) -> None:
    st.subheader(t(f"policy.category.{category}"), help=t(f"policy.category_help.{category}"))
    if not items:
        st.caption(t("policy.none_in_category"))
        return
    with st.container(key=f"policy_box_{category}"):
        st.dataframe(policy.findings_table(items), hide_index=True, column_config=MEASURE_COLUMNS)


full, _ = current()
current_catalogue = catalogue()
st.title(t("policy.title"))
st.caption(t("policy.intro"))
chains_tab, catalogue_tab, upload_tab = st.tabs(
    [t("policy.tab.chains"), t("policy.tab.catalogue"), t("policy.tab.upload")]
)

with chains_tab:
    chains = detect_chains(full.flows, full.companies)
    found = policy.flow_findings(full, current_catalogue)
    if not chains:
        st.info(t("policy.no_chains"))
    else:
        names = {c.chain_id: c.name for c in chains}
        if st.session_state.get("policy_chain") not in names:
            st.session_state.pop("policy_chain", None)
        chosen = st.selectbox(
            t("policy.chain"),
            list(names),
            format_func=names.get,
            key="policy_chain",
            help=t("policy.chain_help"),
        )
        chain = next(c for c in chains if c.chain_id == chosen)
        split = policy.by_category(policy.chain_findings(found, chain.flow_ids))
        st.markdown(t("policy.summary", **{k: len(v) for k, v in split.items()}))
        for category, items in split.items():
            show_findings(items, category)
        st.subheader(t("policy.matrix_heading"))
        st.caption(t("policy.matrix_caption"))
        matrix = policy.chain_matrix(chains, found)
        help_texts = {
            m.measure_id: escape_markdown(f"{m.name_en} ({t(f'policy.category.{m.category}')})")
            for m in current_catalogue.measures
        }
        config = {c: st.column_config.NumberColumn(c, help=help_texts.get(c)) for c in matrix}
        st.dataframe(matrix, column_config=config)
    st.download_button(
        t("policy.download_measures"),
        partial(measures_csv, full, chains),
        file_name=f"policy_measures_{full.name}.csv",
        mime="text/csv",
        on_click="ignore",
        key="policy_download_measures",
    )

with catalogue_tab:
    table = current_catalogue.table
    left, middle, right = st.columns(3)
    jurisdictions = left.multiselect(
        t("policy.filter.jurisdiction"), sorted(table["jurisdiction"].unique()), key="policy_jur"
    )
    types = middle.multiselect(t("policy.filter.type"), policy.CHOICES["type"], key="policy_type")
    categories = right.multiselect(
        t("policy.filter.category"), policy.CATEGORIES, key="policy_category"
    )
    text = st.text_input(
        t("policy.filter.text"), key="policy_text", help=t("policy.filter.text_help")
    )
    shown = policy.filter_catalogue(table, jurisdictions, types, categories, text)
    st.caption(
        t(
            "policy.catalogue_caption",
            shown=len(shown),
            total=len(table),
            name=escape_markdown(current_catalogue.name),
        )
    )
    with st.container(key="policy_box_catalogue"):
        st.dataframe(
            shown[list(CATALOGUE_COLUMNS)], hide_index=True, column_config=CATALOGUE_COLUMNS
        )
    left, right = st.columns(2)
    left.download_button(
        t("policy.download_catalogue"),
        partial(policy.catalogue_csv_bytes, current_catalogue),
        file_name=current_catalogue.name,
        mime="text/csv",
        on_click="ignore",
        key="policy_download_catalogue",
    )
    right.download_button(
        t("policy.download_template"),
        policy.template_csv_bytes,
        file_name="policy_measures_template.csv",
        mime="text/csv",
        on_click="ignore",
        key="policy_download_template",
    )
    with st.expander(t("policy.defaults_heading")):
        st.caption(t("policy.defaults_caption"))
        defaults = policy.material_defaults().reset_index()
        defaults["rule"] = defaults["rule"].map(lambda r: t(f"policy.rule.{r}"))
        st.dataframe(
            defaults,
            hide_index=True,
            column_config={
                "material": t("policy.col.material"),
                "group": t("policy.col.group"),
                "waste_status": t("policy.col.waste_status"),
                "rule": t("policy.col.rule"),
                "hazardous": t("policy.col.hazardous"),
            },
        )

with upload_tab:
    st.markdown(t("policy.upload_help"))
    st.caption(
        t(
            "policy.current",
            name=escape_markdown(current_catalogue.name),
            count=len(current_catalogue.measures),
        )
    )
    upload = st.file_uploader(t("policy.upload_label"), type=["csv"], key="policy_upload")
    left, right = st.columns(2)
    left.button(
        t("policy.upload_button"), on_click=load_upload, disabled=upload is None, type="primary"
    )
    uploaded = CATALOGUE in st.session_state
    right.button(t("policy.reset_button"), on_click=reset, disabled=not uploaded)
    problems = st.session_state.get(PROBLEMS)
    if problems:
        st.error(
            t(
                "policy.rejected",
                count=len(problems),
                current=escape_markdown(current_catalogue.name),
            ),
            icon=":material/error:",
        )
        with st.container(key="policy_box_problems"):
            show_problems(problems, key="policy_problems_table")
    elif problems == []:
        st.success(
            t(
                "policy.accepted",
                name=escape_markdown(current_catalogue.name),
                count=len(current_catalogue.measures),
            )
        )
