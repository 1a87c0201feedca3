"""A list edited as text, one entry per line, kept exactly as typed."""

from __future__ import annotations

import streamlit as st


def list_area(label: str, items: list[str], key: str, *, help: str | None = None,
              height: int | None = None) -> list[str]:
    """Lines are stored as typed, blank ones included, so coming back shows exactly what was written."""
    text = st.text_area(label, "\n".join(items), key=key, help=help or "One per line.", height=height)
    return text.split("\n") if text else []
