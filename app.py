"""Persona Campaign Planner: the Streamlit app. Navigation only; pages live in ui/views."""

import streamlit as st

from ui.components import drafts
from ui.navigation import navigation, sidebar_links

st.set_page_config(page_title="Persona Campaign Planner", page_icon=":material/diversity_3:", layout="wide")
drafts.capture()  # before the page runs, while the last page's fields still hold what was typed
pages = navigation()
current = st.navigation(pages, position="hidden")
if isinstance(pages, dict):  # signed in, or sign-in not configured: every page
    sidebar_links()
current.run()
