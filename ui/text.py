"""Showing user text safely: never as HTML, and with markdown characters escaped."""

from __future__ import annotations

import re

from pydantic import ValidationError

from planner.campaign_file import describe_errors

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+\-.!|~$:&])")


def md_escape(text: str) -> str:
    """Escape markdown so user text shows exactly as typed inside st.markdown or st.write."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def problem(error: Exception) -> str:
    """An error for st.error: pydantic errors as 'field: problem' lines (without the input, which may be
    100 KB of user text), everything markdown-escaped."""
    text = describe_errors(error) if isinstance(error, ValidationError) else str(error)
    return "  \n".join(md_escape(line) for line in text.splitlines())
