"""A backup written before any destructive migration: the campaign files plus a dump of every table.

The campaign files are the ones `planner campaign import` reads; the table dump (one JSON file
per table, every row) also holds what the files do not: the spoken-code registry, the ids of
objects created in Meta, and rows of tables the current code no longer knows.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from sqlalchemy import inspect

from planner import atomic
from planner.storage import archive, migrate
from planner.storage.store import Store


def write_backup(store: Store, folder: Path) -> Path:
    """Write the backup into a new folder under `folder`; returns it. Nothing is changed in the database."""
    revision = migrate.current(store.engine) or "empty"
    target = folder / f"{dt.datetime.now(dt.UTC):%Y%m%dT%H%M%S%fZ}-at-{revision}"
    (target / "tables").mkdir(parents=True)
    with store.engine.connect() as connection:
        for table in sorted(set(inspect(connection).get_table_names()) - {"alembic_version"}):
            atomic.write_text(target / "tables" / f"{table}.json",
                              json.dumps(archive.rows_of(connection, table), indent=1, ensure_ascii=False))
    if revision == migrate.head():  # the campaign files are read through today's tables
        from planner import campaign_file  # it imports the storage package

        (target / "campaigns").mkdir()
        for summary in store.campaigns():
            atomic.write_text(target / "campaigns" / f"{summary.slug}.json",
                              campaign_file.dumps(campaign_file.export_document(store, summary.id)))
    return target
