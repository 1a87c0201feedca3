"""The list of pages. Pages are scripts in ui/views; add one here when its feature lands."""

from __future__ import annotations

import streamlit as st

from ui import auth

#: Section -> (script, title, icon). The first page is the default.
PAGES: dict[str, list[tuple[str, str, str]]] = {
    "Plan": [
        ("ui/views/campaigns.py", "Campaigns", ":material/campaign:"),
        ("ui/views/organisation.py", "Purpose and values", ":material/favorite:"),
    ],
    "Adverts": [
        ("ui/views/variants.py", "Advert variants", ":material/view_carousel:"),
    ],
    "Results": [
        ("ui/views/results.py", "Results", ":material/monitoring:"),
    ],
    "Export": [
        ("ui/views/export.py", "Export", ":material/ios_share:"),
    ],
}


def page_paths() -> list[str]:
    return [path for section in PAGES.values() for path, _, _ in section]


def navigation() -> dict[str, list[st.Page]] | list[st.Page]:
    """All pages, or only the sign-in page when login is configured and nobody is signed in."""
    if auth.login_required() and not auth.signed_in():
        return [st.Page("ui/views/sign_in.py", title="Sign in", icon=":material/login:", default=True)]
    if auth.login_required():
        st.sidebar.button("Sign out", on_click=st.logout)
    default = page_paths()[0]
    return {
        section: [st.Page(path, title=title, icon=icon, default=path == default) for path, title, icon in pages]
        for section, pages in PAGES.items()
    }
