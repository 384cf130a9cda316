"""Data: upload a dataset, see its problems, browse and download tables, templates, vocabulary."""

from functools import partial

import streamlit as st

from dashboard import dataset as ds
from dashboard.export import escape_markdown, safe_csv_bytes
from dashboard.i18n import t
from dashboard.reference import ewc_list, materials
from dashboard.webapp import accept_upload, current, load_bundled, show_problems

full, view = current()
title = full.meta.get("title", full.name)
st.title(t("data.title"))


def load_upload() -> None:
    files = st.session_state.get("upload_files") or []
    name = (st.session_state.get("upload_name_input") or "").strip() or t("data.default_name")
    accept_upload(name, {f.name: f.getvalue() for f in files})


upload, browse, downloads, vocabulary = st.tabs(
    [t("data.tab.upload"), t("data.tab.browse"), t("data.tab.download"), t("data.tab.vocabulary")]
)

with upload:
    st.markdown(t("data.upload_help"))
    files = st.file_uploader(t("data.upload_label"), accept_multiple_files=True, key="upload_files")
    st.text_input(t("data.upload_name"), value=t("data.default_name"), key="upload_name_input")
    st.button(t("data.upload_button"), on_click=load_upload, disabled=not files, type="primary")
    problems = st.session_state.get("upload_problems")
    if problems:
        st.error(
            t("data.rejected", count=len(problems), current=escape_markdown(title)),
            icon=":material/error:",
        )
        show_problems(problems, key="problems")
    elif problems == []:
        st.success(t("data.accepted", name=escape_markdown(st.session_state["upload_name"])))

with browse:
    st.caption(t("data.browse_caption"))
    for name in ds.TABLES:
        table = ds.export_table(view.table(name), name)
        st.markdown(f"**{t(f'home.metric.{name}')}** · {len(table):,}")
        st.dataframe(table, hide_index=True, key=f"browse_{name}", height=260)
        st.download_button(
            t("data.download_csv", table=name),
            data=partial(safe_csv_bytes, table),
            file_name=f"{name}.csv",
            mime="text/csv",
            key=f"download_{name}",
            on_click="ignore",
        )

with downloads:
    st.markdown(t("data.template_help"))
    left, right = st.columns(2)
    left.download_button(
        t("data.template_xlsx"), ds.template_xlsx_bytes, file_name="template.xlsx",
        on_click="ignore", key="template_xlsx",
    )  # fmt: skip
    right.download_button(
        t("data.template_zip"), ds.template_zip_bytes, file_name="template.zip",
        on_click="ignore", key="template_zip",
    )  # fmt: skip
    st.markdown(t("data.current_help", title=escape_markdown(title)))
    left, right = st.columns(2)
    left.download_button(
        t("data.current_zip"), partial(ds.to_zip_bytes, full), file_name=f"{full.name}.zip",
        on_click="ignore", key="current_zip",
    )  # fmt: skip
    right.download_button(
        t("data.current_xlsx"), partial(ds.to_xlsx_bytes, full), file_name=f"{full.name}.xlsx",
        on_click="ignore", key="current_xlsx",
    )  # fmt: skip
    st.markdown(t("data.bundled_help"))
    for dataset_id, meta in ds.bundled_datasets().items():
        st.download_button(
            t("data.bundled_zip", title=escape_markdown(meta["title"])),
            lambda dataset_id=dataset_id: ds.to_zip_bytes(load_bundled(dataset_id)),
            file_name=f"{dataset_id}.zip",
            on_click="ignore",
            key=f"bundled_{dataset_id}",
        )

with vocabulary:
    st.markdown(t("data.vocabulary_help"))
    vocab = materials().reset_index()
    vocab["satisfies"] = vocab["satisfies"].map(", ".join)
    st.dataframe(
        vocab,
        hide_index=True,
        key="vocabulary",
        column_config={
            "material_id": t("col.material_id"),
            "unit": t("col.unit"),
            "group": t("col.group"),
            "label_en": t("col.label"),
            "satisfies": t("col.satisfies"),
            "origin": t("col.origin"),
            "max_distance_km": st.column_config.NumberColumn(t("col.max_distance_km")),
            "hazardous_handling": t("col.hazardous_handling"),
            "description": st.column_config.TextColumn(t("col.description"), width="large"),
            "distance_source": t("col.distance_source"),
        },
    )
    st.markdown(t("data.ewc_help"))
    query = st.text_input(t("data.ewc_search"), key="ewc_query")
    codes = ewc_list().reset_index()[["code_formatted", "title", "hazardous", "chapter_title"]]
    if query:
        words = query.lower().split()
        text = (codes["code_formatted"] + " " + codes["title"]).str.lower()
        codes = codes[text.map(lambda s: all(w in s for w in words))]
    st.dataframe(
        codes,
        hide_index=True,
        key="ewc_codes",
        height=300,
        column_config={
            "code_formatted": t("col.ewc_code"),
            "title": t("col.title"),
            "hazardous": t("col.hazardous"),
            "chapter_title": t("col.chapter"),
        },
    )
