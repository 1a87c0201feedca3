"""Persona Campaign Planner: the Streamlit app. Navigation only; pages live in ui/views."""

import streamlit as st

from ui.components import drafts
from ui.navigation import navigation

st.set_page_config(page_title="Persona Campaign Planner", page_icon=":material/diversity_3:", layout="wide")
drafts.capture()  # before the page runs, while the last page's fields still hold what was typed
st.navigation(navigation()).run()
