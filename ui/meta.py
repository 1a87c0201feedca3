"""Meta (Facebook) settings for the pages: Streamlit secrets, overridden by the environment.

The access token is never typed into a widget or kept in the session, so it cannot end up in
session state, a screenshot or a browser's form history.
"""

from __future__ import annotations

import os

import streamlit as st

from planner.meta import FacebookSettings, MetaSettingsError

SETTINGS = ("FB_ACCESS_TOKEN", "FB_AD_ACCOUNT_ID", "FB_PAGE_ID", "FB_BUSINESS_ID", "FB_GRAPH_URL")


def facebook_settings() -> FacebookSettings:
    source: dict[str, object] = {}
    try:
        source.update({name: st.secrets[name] for name in SETTINGS if name in st.secrets})
    except Exception:  # no secrets file: Streamlit raises rather than returning nothing
        pass
    source.update({name: value for name in SETTINGS if (value := os.environ.get(name))})
    try:
        return FacebookSettings.from_mapping(source)
    except MetaSettingsError as error:  # a stand-in address that cannot be used: say so, send nothing
        st.error(str(error))
        st.stop()
