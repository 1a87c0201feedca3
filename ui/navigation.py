"""The list of pages. Pages are scripts in ui/views; add one here when its feature lands."""

from __future__ import annotations

import streamlit as st

#: Section -> (script, title, icon). The first page is the default.
PAGES: dict[str, list[tuple[str, str, str]]] = {
    "Plan": [
        ("ui/views/campaigns.py", "Campaigns", ":material/campaign:"),
        ("ui/views/organisation.py", "Purpose and values", ":material/favorite:"),
    ],
    "Results": [
        ("ui/views/results.py", "Results", ":material/monitoring:"),
    ],
}


def page_paths() -> list[str]:
    return [path for section in PAGES.values() for path, _, _ in section]


def navigation() -> dict[str, list[st.Page]]:
    default = page_paths()[0]
    return {
        section: [st.Page(path, title=title, icon=icon, default=path == default) for path, title, icon in pages]
        for section, pages in PAGES.items()
    }
