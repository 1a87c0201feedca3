"""Who may see which organisation's campaigns, for team deployments behind a login.

The mapping comes from configuration (Streamlit secrets, `[access]`): organisation slug ->
allowed e-mail addresses or whole domains written as "@example.org".
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping


def allowed_organisations(email: str | None, access: Mapping[str, Iterable[str]]) -> set[str]:
    """The organisation slugs this signed-in e-mail address may use."""
    if not email:
        return set()
    email = email.strip().lower()
    domain = "@" + email.rpartition("@")[2]
    return {
        slug for slug, members in access.items()
        if any(member.strip().lower() in (email, domain) for member in members)
    }
