"""About: what the app is, data sources and licences, method notes."""

import streamlit as st

from dashboard import __version__
from dashboard.i18n import t
from dashboard.views.about_texts import attributions, method_notes
from dashboard.views.markdown import escape_markdown


def render() -> None:
    st.title(t("about.title"))
    st.markdown(t("about.intro"))
    st.subheader(t("about.sources_heading"))
    st.markdown(attributions())
    st.caption(t("about.sources_file"))
    st.subheader(t("about.methods_heading"))
    for title, note in method_notes():
        st.markdown(f"**{escape_markdown(title)}**")
        st.markdown(escape_markdown(note))
    st.markdown(t("about.provenance_text"))
    st.caption(t("about.version", version=__version__))


render()
