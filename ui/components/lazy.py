"""Tabs and expanders drawn only when open (`on_change="rerun"`), and kept drawn once they hold a form.

Drawing only the open tab keeps pages with many of them quick. But a form's typed, unsaved text lives
only in the browser, and is lost when its tab stops being drawn: so a tab with a form, once opened in
this session, stays drawn (hidden behind the open tab) and what was typed survives a switch.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

KEPT = "kept_drawn"  # session: keys of the tabs with forms opened so far


def keep_drawn(container: Any, key: str) -> bool:
    """Whether to draw `container` (a lazy tab or expander): while it is open, and ever after once opened."""
    kept: set[str] = st.session_state.setdefault(KEPT, set())
    if container.open:
        kept.add(key)
    return key in kept
