"""A list edited as text, one entry per line, kept exactly as typed."""

from __future__ import annotations

from typing import Any

import streamlit as st


def list_area(label: str, field: dict[str, Any], *, help: str | None = None, height: int | None = None) -> list[str]:
    """Lines are stored as typed, blank ones included, so coming back shows exactly what was written.
    `field`: the text area's key and value, from StepPage.list_field (which keeps a draft)."""
    text = st.text_area(label, **field, help=help or "One per line.", height=height)
    return text.split("\n") if text else []
