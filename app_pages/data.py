"""Data: upload a dataset, see its problems, browse and download tables, templates, vocabulary.

Every CSV offered here is neutralised for spreadsheets (`safe_csv_bytes`) and reads back
unchanged; validation refuses what a workbook cannot hold, so every dataset can be written as
one.
"""

import streamlit as st

from dashboard.domain.dataset import TABLES
from dashboard.domain.labels import dataset_title
from dashboard.domain.reference import ewc_list
from dashboard.i18n import language, number, t
from dashboard.io import datasets as ds
from dashboard.io.export import safe_csv_bytes
from dashboard.views.markdown import escape_markdown
from dashboard.views.vocabulary import vocabulary_table
from dashboard.web import access, session
from dashboard.web.cache import UPLOAD_PREFIX, load_bundled
from dashboard.web.columns import dataset_columns, ewc_columns, vocabulary_columns
from dashboard.web.uploads import KEEP_DAYS, accept_upload, delete_upload, owns
from dashboard.web.widgets import deferred, show_flash, show_problems, table


def load_upload(files) -> None:
    name = (session.value(session.UPLOAD_NAME_INPUT) or "").strip() or t("data.default_name")
    accept_upload(name, {f.name: f.getvalue() for f in files}, shown=True)
    st.rerun()


def render_upload(title: str) -> None:
    st.markdown(t("data.upload_help"))
    with st.container(key=session.UPLOAD_FILES):
        files = st.file_uploader(
            t("data.upload_label"), accept_multiple_files=True, key=session.upload_files_key()
        )
    st.text_input(
        t("data.upload_name"), value=t("data.default_name"), key=session.UPLOAD_NAME_INPUT
    )
    if st.button(t("data.upload_button"), disabled=not files, type="primary",
                 key=session.UPLOAD_BUTTON):  # fmt: skip
        load_upload(files)
    name, problems = session.upload_result()
    if problems:
        st.error(
            t("data.rejected", count=len(problems), current=escape_markdown(title)),
            icon=":material/error:",
        )
        show_problems(problems, key=session.UPLOAD_PROBLEMS_TABLE)
    elif problems == []:
        st.success(t("data.accepted", name=escape_markdown(name)))
    show_flash()
    render_current_upload()


def render_current_upload() -> None:
    """The link to the selected upload, and its deletion for the session that made it."""
    choice = session.choice() or ""
    if not choice.startswith(UPLOAD_PREFIX):
        return
    upload_id = choice.removeprefix(UPLOAD_PREFIX)
    st.markdown(t("data.upload_link_help", days=KEEP_DAYS))
    base = str(st.context.url or "").split("?")[0]
    st.code(f"{base}?{session.DATASET}={choice}", language=None)
    if owns(upload_id):
        st.button(
            t("data.upload_delete"), on_click=delete_upload, args=(upload_id,),
            key=session.UPLOAD_DELETE, icon=":material/delete:",
        )  # fmt: skip


def render_browse(view) -> None:
    st.caption(t("data.browse_caption"))
    for name in TABLES:
        rows = ds.export_table(view.table(name), name)
        st.markdown(f"**{t(f'home.metric.{name}')}** · {number(len(rows))}")
        table(rows, session.browse_key(name), hide_index=True, height=260,
              column_config=dataset_columns(rows.columns))  # fmt: skip
        st.download_button(
            t("data.download_csv", table=name), data=deferred(name, safe_csv_bytes, rows),
            file_name=f"{name}.csv", mime="text/csv", key=session.download_key(name),
            on_click="ignore",
        )  # fmt: skip


def render_downloads(full, title: str) -> None:
    st.markdown(t("data.template_help"))
    left, right = st.columns(2)
    left.download_button(
        t("data.template_xlsx"), deferred("template workbook", ds.template_xlsx_bytes),
        file_name="template.xlsx", on_click="ignore", key=session.TEMPLATE_XLSX,
    )  # fmt: skip
    right.download_button(
        t("data.template_zip"), deferred("template zip", ds.template_zip_bytes),
        file_name="template.zip", on_click="ignore", key=session.TEMPLATE_ZIP,
    )  # fmt: skip
    st.markdown(t("data.current_help", title=escape_markdown(title)))
    left, right = st.columns(2)
    left.download_button(
        t("data.current_zip"), deferred("dataset zip", ds.to_zip_bytes, full),
        file_name=f"{full.name}.zip", on_click="ignore", key=session.CURRENT_ZIP,
    )  # fmt: skip
    right.download_button(
        t("data.current_xlsx"), deferred("workbook", ds.to_xlsx_bytes, full),
        file_name=f"{full.name}.xlsx", on_click="ignore", key=session.CURRENT_XLSX,
    )  # fmt: skip
    if not access.is_facilitator():
        return
    st.markdown(t("data.bundled_help"))
    for dataset_id, meta in ds.bundled_datasets().items():
        st.download_button(
            t("data.bundled_zip", title=escape_markdown(dataset_title(meta, dataset_id))),
            deferred(dataset_id, lambda d=dataset_id: ds.to_zip_bytes(load_bundled(d))),
            file_name=f"{dataset_id}.zip", on_click="ignore", key=session.bundled_key(dataset_id),
        )  # fmt: skip


def render_vocabulary() -> None:
    st.markdown(t("data.vocabulary_help"))
    vocab = vocabulary_table()
    table(vocab, session.VOCABULARY, hide_index=True, column_config=vocabulary_columns())
    st.markdown(t("data.ewc_help"))
    if language() != "en":
        st.caption(t("data.ewc_english"))
    query = st.text_input(t("data.ewc_search"), key=session.EWC_QUERY)
    codes = ewc_list().reset_index()[["code_formatted", "title", "hazardous", "chapter_title"]]
    if query:
        words = query.lower().split()
        text = (codes["code_formatted"] + " " + codes["title"]).str.lower()
        codes = codes[text.map(lambda s: all(w in s for w in words))]
    table(codes, session.EWC_TABLE, hide_index=True, height=300, column_config=ewc_columns())


def render(data: session.PageData) -> None:
    full, view, _ = data
    title = dataset_title(full.meta, full.name)
    st.title(t("data.title"))
    upload, browse, downloads, vocabulary = st.tabs(
        [t("data.tab.upload"), t("data.tab.browse"), t("data.tab.download"),
         t("data.tab.vocabulary")],
        key=session.DATA_TABS,
    )  # fmt: skip
    with upload:
        render_upload(title)
    with browse:
        render_browse(view)
    with downloads:
        render_downloads(full, title)
        access.company_link_panel(data, full.company_names())
    with vocabulary:
        render_vocabulary()


render(session.data())
