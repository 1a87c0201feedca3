"""Where the database lives.

`DATABASE_URL` wins; otherwise an SQLite file under `PLANNER_DATA_DIR`, or under
`$XDG_DATA_HOME/persona-campaign-planner` (normally ~/.local/share/persona-campaign-planner).
"""

from __future__ import annotations

import os
from pathlib import Path


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
