"""Optional sign-in with Streamlit's OIDC login (st.login), configured in .streamlit/secrets.toml.

Without an [auth] section the app is single-user (local use). With one, every page but the
sign-in page needs a signed-in user, and [access] limits each user to their organisations.
"""

from __future__ import annotations

import streamlit as st

from planner.access import allowed_organisations


def _secrets_section(name: str) -> dict | None:
    try:
        return dict(st.secrets[name]) if name in st.secrets else None
    except Exception:  # no secrets file at all: Streamlit raises rather than returning empty
        return None


def login_required() -> bool:
    return _secrets_section("auth") is not None


def signed_in() -> bool:
    return bool(getattr(st.user, "is_logged_in", False))


def visible_organisations() -> set[str] | None:
    """Organisation slugs the user may see, or None when sign-in is not configured (all)."""
    if not login_required():
        return None
    return allowed_organisations(st.user.get("email"), _secrets_section("access") or {})


def signer() -> tuple[str, str] | None:
    """(name, e-mail) of the signed-in user, who records sign-off decisions; None without sign-in."""
    if not (login_required() and signed_in()):
        return None
    email = str(st.user.get("email") or "")
    return str(st.user.get("name") or email), email
