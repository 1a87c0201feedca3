"""Run Alembic migrations programmatically, on the store's own engine.

The URL is never put into Alembic's config: that is a ConfigParser, which reads `%` as
interpolation (a password like `p%40ss` broke every command) and could echo the password in its
error. The migrations run on a connection handed over in `config.attributes` instead.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, inspect
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.pool import StaticPool

from planner.storage import archive
from planner.storage.archive import Drop

MIGRATIONS = Path(__file__).with_name("migrations")


def alembic_config(connection: Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


@contextmanager
def _configured(engine: Engine) -> Iterator[Config]:
    with engine.begin() as connection:
        yield alembic_config(connection)


def upgrade(engine: Engine, revision: str = "head") -> list[str]:
    """Upgrade; at head, rows kept by an earlier downgrade are put back. Returns what was restored."""
    with _configured(engine) as config:
        command.upgrade(config, revision)
        if revision in ("head", head()):
            return archive.restore(config.attributes["connection"])
    return []


def downgrade(engine: Engine, revision: str) -> list[Drop]:
    """Downgrade, first keeping every row it drops in the archive (one transaction). Returns the drops."""
    dropped = drops(engine, revision)
    with _configured(engine) as config:
        archive.keep(config.attributes["connection"], dropped)
        command.downgrade(config, revision)
    return dropped


def drops(engine: Engine, revision: str) -> list[Drop]:
    """The tables and columns downgrading to `revision` would drop, with their row counts, and the
    columns that would stop holding NULL (their empty cells written as 0), with the rows that have one.

    Found by running the same migrations on an empty in-memory database and comparing its schema
    before and after, so it stays right as migrations are added."""
    now = current(engine)
    if now is None:
        return []
    scratch = create_engine("sqlite://", poolclass=StaticPool)
    try:
        upgrade_only(scratch, now)
        before = _schema(scratch)
        with _configured(scratch) as config:
            command.downgrade(config, revision)
        after = _schema(scratch)
    finally:
        scratch.dispose()
    with engine.connect() as connection:
        dropped = [Drop(table, tuple(c for c in columns if c not in after.get(table, ())) if table in after else (),
                        archive.count(connection, table))
                   for table, columns in before.items()
                   if table not in after or any(c not in after[table] for c in columns)]
        nulled = {table: tuple(c for c, nullable in columns.items() if nullable and not after[table].get(c, True))
                  for table, columns in before.items() if table in after}
        return dropped + [Drop(table, columns, archive.count_nulls(connection, table, columns), nulls=True)
                          for table, columns in nulled.items() if columns]


def upgrade_only(engine: Engine, revision: str) -> None:
    """Upgrade without restoring anything (a scratch database, a test setting up an old schema)."""
    with _configured(engine) as config:
        command.upgrade(config, revision)


def _schema(engine: Engine) -> dict[str, dict[str, bool]]:
    """Each table's columns, and whether each may hold NULL."""
    found = inspect(engine)
    return {table: {c["name"]: c["nullable"] for c in found.get_columns(table)}
            for table in found.get_table_names() if table not in archive.INTERNAL}


def current(engine: Engine) -> str | None:
    """The database's revision (None for an empty database)."""
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def head() -> str:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()
