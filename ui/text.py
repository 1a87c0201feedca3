"""Showing user text safely: never as HTML, and with markdown characters escaped."""

from __future__ import annotations

import re

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+\-.!|~$:&])")


def md_escape(text: str) -> str:
    """Escape markdown so user text shows exactly as typed inside st.markdown or st.write."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)
