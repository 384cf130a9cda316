import streamlit as st

from dashboard.i18n import t

st.title(t("nav.data"))
