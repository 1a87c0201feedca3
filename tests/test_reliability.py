"""Reliability: migrations keep data, crashes mid-import keep the database, concurrent writers lose nothing."""

from __future__ import annotations

import threading

import pytest
import sqlalchemy

from planner.campaign import Campaign, Organisation
from planner.funnel import ResultRow
from planner.storage import ConflictError, Store, migrate


def test_upgrade_from_the_first_revision_keeps_data(database_url):
    """A database made by revision 0001, with data, upgrades to head and the data survives."""
    old = Store(database_url, upgrade=False)
    migrate.upgrade(old.engine, "0001")
    now = sqlalchemy.func.now()
    with old.engine.begin() as connection:
        for name, values in (
            ("organisations", {"id": 1, "slug": "acme", "name": "Acme", "version": 1,
                               "document": Organisation(slug="acme", name="Acme").model_dump(mode="json")}),
            ("campaigns", {"id": 1, "organisation_id": 1, "slug": "spring", "name": "Spring", "version": 3,
                           "document": Campaign(slug="spring", name="Spring", notes="kept").model_dump(mode="json")}),
        ):
            columns = [sqlalchemy.column(key, sqlalchemy.JSON if key == "document" else None) for key in values]
            table = sqlalchemy.table(name, *columns, sqlalchemy.column("created_at"), sqlalchemy.column("updated_at"))
            connection.execute(table.insert().values(**values, created_at=now, updated_at=now))
    old.close()

    store = Store(database_url)
    record = store.campaign("spring")
    assert record.campaign.notes == "kept" and record.version == 3
    store.add_results("spring", [ResultRow(variant="a", channel="facebook", enquiries=1)])
    assert len(store.results("spring")) == 1
    store.close()


def test_a_crash_inside_an_import_leaves_the_database_as_it_was(store):
    store.save_organisation(Organisation(slug="acme", name="Acme"))
    store.create_campaign("acme", Campaign(slug="spring", name="Spring"))
    before = store.results("spring")

    def rows_then_crash():
        for i in range(50):
            yield ResultRow(variant=f"v{i}", channel="facebook", enquiries=i)
        raise RuntimeError("power cut")

    with pytest.raises(RuntimeError):
        store.add_results("spring", rows_then_crash())
    assert store.results("spring") == before


@pytest.mark.postgres
def test_two_writers_lose_no_edit_on_postgres(postgres_server):
    """Two writers make 200 edits each to one campaign: each is saved or reported, none vanishes."""
    from tests.conftest import _reset_postgres

    _reset_postgres(postgres_server)
    store = Store(postgres_server)
    store.save_organisation(Organisation(slug="acme", name="Acme"))
    store.create_campaign("acme", Campaign(slug="spring", name="Spring"))
    saved: dict[str, list[str]] = {"A": [], "B": []}
    conflicts: dict[str, list[str]] = {"A": [], "B": []}
    start = threading.Barrier(2)

    def writer(name: str) -> None:
        start.wait()
        for i in range(200):
            edit = f"{name}{i}"
            record = store.campaign("spring")
            campaign = record.campaign.model_copy(update={"notes": record.campaign.notes + edit + "\n"})
            try:
                store.save_campaign(record.id, campaign, record.version)
            except ConflictError:
                conflicts[name].append(edit)
            else:
                saved[name].append(edit)

    threads = [threading.Thread(target=writer, args=(name,)) for name in saved]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    final = store.campaign("spring")
    lines = final.campaign.notes.split()
    every_saved = saved["A"] + saved["B"]
    assert sorted(lines) == sorted(every_saved), "a saved edit vanished or a refused one appeared"
    assert len(every_saved) + len(conflicts["A"]) + len(conflicts["B"]) == 400
    assert final.version == 1 + len(every_saved)
    assert conflicts["A"] or conflicts["B"], "the writers never overlapped, so nothing was tested"
    store.close()
