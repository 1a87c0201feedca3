"""Alembic: empty to head, head back to empty, on SQLite and PostgreSQL."""

from __future__ import annotations

import sqlalchemy

from planner.storage import Store, migrate
from planner.storage.tables import Base

TABLES = {"organisations", "campaigns", "result_rows", "tracking_codes", "facebook_objects", "enquiries",
          "leads"}


def _tables(engine) -> set[str]:
    return set(sqlalchemy.inspect(engine).get_table_names()) - {"alembic_version"}


def test_upgrade_from_empty_to_head_then_downgrade(database_url):
    store = Store(database_url, upgrade=False)
    assert _tables(store.engine) == set()
    migrate.upgrade(store.engine)
    assert _tables(store.engine) == TABLES == set(Base.metadata.tables)
    migrate.downgrade(store.engine, "0001")
    assert _tables(store.engine) == {"organisations", "campaigns"}
    migrate.downgrade(store.engine, "base")
    assert _tables(store.engine) == set()
    store.close()


def test_migrated_schema_matches_the_models(database_url):
    """Autogenerate finds nothing to add: the migrations and tables.py agree."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    store = Store(database_url)
    with store.engine.connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert diff == []
    store.close()
