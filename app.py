"""Entry point: navigation and the shared sidebar (dataset picker and filters, kept in the URL)."""

import streamlit as st

from dashboard.i18n import available_languages, set_language, t
from dashboard.views.style import APP_CSS
from dashboard.web import session
from dashboard.web.sidebar import sidebar
from dashboard.web.widgets import keep_made_downloads

keep_made_downloads()

set_language(session.interface_language(available_languages()))
view = session.url_param(session.VIEW_PARAM)
projector = view in (session.BOARD_VIEW, session.PRESENT_VIEW)  # the game's board, a deck shown
st.set_page_config(
    page_title=t("app.title"), layout="wide",
    initial_sidebar_state="collapsed" if projector else "auto",
)
st.html(f"<style>{APP_CSS}</style>")

PAGES = [
    st.Page("app_pages/home.py", title=t("nav.home"), default=True),
    st.Page("app_pages/map.py", title=t("nav.map"), url_path="map"),
    st.Page("app_pages/flows.py", title=t("nav.flows"), url_path="flows"),
    st.Page("app_pages/chains.py", title=t("nav.chains"), url_path="chains"),
    st.Page("app_pages/policy.py", title=t("nav.policy"), url_path="policy"),
    st.Page("app_pages/examples.py", title=t("nav.examples"), url_path="examples"),
    st.Page("app_pages/present.py", title=t("nav.present"), url_path="present"),
    st.Page("app_pages/game.py", title=t("nav.game"), url_path="game"),
    st.Page("app_pages/play.py", title=t("nav.play"), url_path="play"),
    st.Page("app_pages/workshop.py", title=t("nav.workshop"), url_path="workshop"),
    st.Page("app_pages/cards.py", title=t("nav.cards"), url_path="cards"),
    st.Page("app_pages/pipeline.py", title=t("nav.pipeline"), url_path="pipeline"),
    st.Page("app_pages/data.py", title=t("nav.data"), url_path="data"),
    st.Page("app_pages/about.py", title=t("nav.about"), url_path="about"),
]
navigation = st.navigation(
    PAGES, position="hidden" if view == session.PRESENT_VIEW else "sidebar", expanded=True
)
sidebar()
navigation.run()
