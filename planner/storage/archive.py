"""Rows a downgrade would drop, kept in the database and put back by the next upgrade.

Before `planner db downgrade` drops a table or a column, the rows (or the row ids and the
column's values) are copied into `planner_archive`, a table no migration owns, in the same
transaction as the downgrade. Upgrading back to head restores them, so down then up keeps
every row: results, enquiries, the spoken-code registry and the ids of objects created in Meta.
The same dump is also written to files (`dump_tables`) as the user's own backup.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from planner.storage.tables import Base

ARCHIVE = "planner_archive"
_archive = sa.Table(
    ARCHIVE, sa.MetaData(),
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("table_name", sa.String(64), nullable=False),
    #: The dropped columns, comma-separated; empty when the whole table was dropped.
    sa.Column("columns", sa.String(2000), nullable=False),
    sa.Column("rows", sa.Text, nullable=False),
    sa.Column("taken_at", sa.DateTime(timezone=True), nullable=False),
)
INTERNAL = {ARCHIVE, "alembic_version"}


#: Marks an archive entry of empty values a downgrade wrote as 0 (a column that could no longer hold NULL).
NULLS = "null:"


@dataclass(frozen=True)
class Drop:
    """A table a downgrade drops (columns empty), or the columns it drops from one, and its rows.

    With `nulls`, nothing is dropped: the columns stop accepting NULL, so the downgrade writes 0 in
    the empty cells of `rows` rows (a later stage "not known yet" becomes "nobody")."""

    table: str
    columns: tuple[str, ...]
    rows: int
    nulls: bool = False

    def __str__(self) -> str:
        rows = f"{self.rows} row{'s' * (self.rows != 1)}"
        if self.nulls:
            return (f"empty (not known yet) values in {', '.join(self.columns)} of table {self.table}, written as 0 "
                    f"({rows})")
        if self.columns:
            return f"column{'s' * (len(self.columns) > 1)} {', '.join(self.columns)} of table {self.table} ({rows})"
        return f"table {self.table} ({rows})"


def rows_of(connection: Connection, table: str, columns: Iterable[str] | None = None) -> list[dict]:
    """Every row of a table as it is now (reflected, so at any revision), as JSON-ready dicts."""
    reflected = sa.Table(table, sa.MetaData(), autoload_with=connection)
    chosen = [reflected.c[name] for name in columns] if columns else list(reflected.c)
    if columns:
        chosen = [*reflected.primary_key.columns, *chosen]
    order = list(reflected.primary_key.columns) or chosen[:1]
    return [_jsonable(dict(row._mapping)) for row in connection.execute(sa.select(*chosen).order_by(*order))]


def count(connection: Connection, table: str) -> int:
    return connection.execute(sa.select(sa.func.count()).select_from(sa.table(table))).scalar_one()


def count_nulls(connection: Connection, table: str, columns: Iterable[str]) -> int:
    """Rows with NULL in any of `columns`."""
    found = sa.table(table, *(sa.column(name) for name in columns))
    return connection.execute(sa.select(sa.func.count()).select_from(found)
                              .where(sa.or_(*(c.is_(None) for c in found.c)))).scalar_one()


def keep(connection: Connection, drops: Iterable[Drop]) -> None:
    """Copy what `drops` will remove into the archive (in the caller's transaction)."""
    drops = [drop for drop in drops if drop.rows]
    if not drops:
        return
    _archive.create(connection, checkfirst=True)
    now = dt.datetime.now(dt.UTC)
    for drop in drops:
        rows = rows_of(connection, drop.table, drop.columns or None)
        if drop.nulls:  # only the empty cells, by row id
            (key,) = sa.Table(drop.table, sa.MetaData(), autoload_with=connection).primary_key.columns
            rows = [{key.name: row[key.name], **{name: None for name in drop.columns if row[name] is None}}
                    for row in rows if any(row[name] is None for name in drop.columns)]
        connection.execute(_archive.insert().values(
            table_name=drop.table, columns=NULLS * drop.nulls + ",".join(drop.columns), taken_at=now,
            rows=json.dumps(rows)))


def restore(connection: Connection) -> list[str]:
    """Put archived rows back into the head schema; returns what was restored, for the user.

    A dropped table's rows go back only into an empty table (ids kept, so references hold); a
    dropped column's values go back by row id. Anything that does not fit stays archived."""
    if not sa.inspect(connection).has_table(ARCHIVE):
        return []
    restored = []
    entries = connection.execute(sa.select(_archive).order_by(_archive.c.id)).all()
    order = {table.name: position for position, table in enumerate(Base.metadata.sorted_tables)}
    for entry in sorted(entries, key=lambda e: (order.get(e.table_name, len(order)), e.id)):
        table = Base.metadata.tables.get(entry.table_name)
        nulls = entry.columns.startswith(NULLS)
        columns = [c for c in entry.columns.removeprefix(NULLS).split(",") if c]
        if table is None or any(name not in table.c for name in columns) or (
                not columns and count(connection, table.name)) or (
                nulls and not all(table.c[name].nullable for name in columns)):
            continue
        rows = [_typed(table, row) for row in json.loads(entry.rows)]
        if nulls:
            _restore_nulls(connection, table, rows)
        elif columns:
            (key,) = table.primary_key.columns
            unchanged = {column.name: column for column in table.c if column.onupdate is not None}  # updated_at
            for row in rows:
                connection.execute(table.update().where(key == row[key.name]).values(
                    {**unchanged, **{name: row[name] for name in columns}}))
        elif rows:
            connection.execute(table.insert(), rows)
            _advance_sequence(connection, table)
        connection.execute(_archive.delete().where(_archive.c.id == entry.id))
        restored.append(str(Drop(entry.table_name, tuple(columns), len(rows), nulls)).replace(", written as 0", ""))
    return restored


def _restore_nulls(connection: Connection, table: sa.Table, rows: list[dict]) -> None:
    """Empty again the cells a downgrade wrote as 0, where they still hold that 0 (an edit made since stays)."""
    (key,) = table.primary_key.columns
    unchanged = {column.name: column for column in table.c if column.onupdate is not None}
    for row in rows:
        for name in row.keys() - {key.name}:
            connection.execute(table.update().where(key == row[key.name], table.c[name] == 0)
                               .values({**unchanged, name: None}))


def _advance_sequence(connection: Connection, table: sa.Table) -> None:
    """PostgreSQL hands out ids from a sequence, which rows inserted with their own ids do not move."""
    if connection.dialect.name == "postgresql":
        connection.execute(sa.text(f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                                   f"(SELECT max(id) FROM {table.name}))"))


def _jsonable(row: dict) -> dict:
    return {k: v.isoformat() if isinstance(v, dt.date | dt.datetime) else v for k, v in row.items()}


def _typed(table: sa.Table, row: dict) -> dict:
    """A dumped row with its dates and times parsed again, keeping only columns the table has."""
    typed = {}
    for name, value in row.items():
        if name not in table.c:
            continue
        kind = type(table.c[name].type)
        if value is not None and issubclass(kind, sa.DateTime):
            value = dt.datetime.fromisoformat(value)
        elif value is not None and issubclass(kind, sa.Date):
            value = dt.date.fromisoformat(value)
        typed[name] = value
    return typed
