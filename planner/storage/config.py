"""Where the database lives, and how its URL is shown.

`DATABASE_URL` wins; otherwise an SQLite file under `PLANNER_DATA_DIR`, or under
`$XDG_DATA_HOME/persona-campaign-planner` (normally ~/.local/share/persona-campaign-planner).

A URL may hold a password, so it is only ever shown masked (`masked`), and any message that might
quote it (a driver's or a config parser's) passes through `scrub` first.
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import quote, unquote

from sqlalchemy.engine import make_url


def data_dir() -> Path:
    explicit = os.environ.get("PLANNER_DATA_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "persona-campaign-planner"


def database_url() -> str:
    """The SQLAlchemy URL to use, normalised so PostgreSQL URLs pick the psycopg 3 driver."""
    url = os.environ.get("DATABASE_URL")
    if not url:
        directory = data_dir()
        directory.mkdir(parents=True, exist_ok=True)
        return f"sqlite:///{directory / 'planner.sqlite3'}"
    return normalise_url(url)


def normalise_url(url: str) -> str:
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def masked(url: str) -> str:
    """The URL with its password replaced by ***, as SQLAlchemy renders it."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # not a URL SQLAlchemy can parse: show only its scheme
        return url.split("://", 1)[0] + "://***"


def scrub(text: str, url: str) -> str:
    """`text` with the URL's password removed, however it was quoted in the message."""
    try:
        password = make_url(url).password
    except Exception:
        password = None
    secrets = {url}
    if password:
        secrets |= {password, quote(password, safe=""), unquote(password)}
    for secret in sorted(secrets, key=len, reverse=True):
        text = text.replace(secret, masked(url) if secret == url else "***")
    return text
