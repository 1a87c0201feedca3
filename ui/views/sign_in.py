"""Sign in: the only page shown before login when the app is deployed for a team."""

import streamlit as st

st.title("Persona Campaign Planner")
st.write("Plan values-based recruitment campaigns with your team. Sign in to see your organisation's campaigns.")
if st.button("Sign in", type="primary"):
    st.login()
