"""Persona Campaign Planner: the Streamlit app. Navigation only; pages live in ui/views."""

import streamlit as st

from ui.navigation import navigation

st.set_page_config(page_title="Persona Campaign Planner", page_icon=":material/diversity_3:", layout="wide")
st.navigation(navigation()).run()
