"""Entry point: navigation, shared sidebar (dataset picker and filters)."""

import streamlit as st

from dashboard.i18n import t

st.set_page_config(page_title=t("app.title"), layout="wide")

pages = [
    st.Page("pages/home.py", title=t("nav.home"), url_path="home", default=True),
    st.Page("pages/data.py", title=t("nav.data"), url_path="data"),
    st.Page("pages/about.py", title=t("nav.about"), url_path="about"),
]
st.navigation(pages).run()
