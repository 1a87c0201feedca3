"""Every row of every table, as bytes: a database is unchanged exactly when its dump is."""

from __future__ import annotations

import json

import sqlalchemy


def dump(url: str) -> bytes:
    """All tables (the Alembic version included), rows in primary-key order, each value as its repr."""
    engine = sqlalchemy.create_engine(url)
    try:
        with engine.connect() as connection:
            metadata = sqlalchemy.MetaData()
            metadata.reflect(connection)
            tables = {}
            for name, table in sorted(metadata.tables.items()):
                order = list(table.primary_key.columns) or list(table.columns)
                rows = connection.execute(sqlalchemy.select(table).order_by(*order)).all()
                tables[name] = [[repr(value) for value in row] for row in rows]
    finally:
        engine.dispose()
    return json.dumps(tables, sort_keys=True, ensure_ascii=False).encode()
