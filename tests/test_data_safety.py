"""Nothing lost: template re-imports, migrations down and up, full disks, and database passwords."""

from __future__ import annotations

import contextlib
import errno
import gc
import io
import json
import os
import subprocess
import threading
from pathlib import Path

import openpyxl
import pytest
import sqlalchemy
from click.testing import CliRunner

from planner import importers
from planner.campaign import Campaign, Organisation
from planner.cli import main
from planner.demo import load_demo
from planner.enquiry import Enquiry
from planner.funnel import ResultRow
from planner.importers import template
from planner.storage import Store, migrate
from planner.storage.archive import rows_of
from planner.storage.config import scrub
from planner.storage.facebook_objects import FacebookObject, record_facebook_object
from planner.storage.results_store import enquiries, replace_enquiries

WIGAN = "wellbeing-workers-wigan"
STORED = dict(reach=500, enquiries=10, conversations=5, invited=3, attended=2, offers=1, starts=1, cost_gbp=40.0)


def _cli(*args: str, input: str | None = None):
    return CliRunner().invoke(main, list(args), input=input)


# Template re-imports ----------------------------------------------------------------------------

@pytest.fixture
def wigan(store):
    load_demo(store)
    campaign = store.campaign(WIGAN).campaign
    variant = campaign.variants[0]
    store.add_results(WIGAN, [ResultRow(variant=variant.key, channel=variant.channel, **STORED)])
    return store, campaign, variant


def _workbook_bytes(workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_template_round_trip_fill_one_sheet_and_nothing_else_changes(wigan):
    store, campaign, _ = wigan
    before = store.results(WIGAN)
    workbook = openpyxl.load_workbook(io.BytesIO(template.build(campaign)))
    assert workbook["Funnel"].max_row == 1 + len(campaign.variants)  # pre-filled with variant and channel
    workbook["Enquiries"].append(["p9", "2026-05-01", None, "facebook", None, "saw it on Facebook", "enquiries"])

    preview = importers.preview_file(_workbook_bytes(workbook), "results.xlsx", campaign)
    assert preview.ok and importers.changes(store, WIGAN, preview) == []
    assert any("have no numbers, so they change nothing" in notice for notice in preview.notices)
    assert importers.commit(store, WIGAN, preview).startswith("Imported 0 funnel rows and 1 enquiries")
    assert store.results(WIGAN) == before
    assert enquiries(store, WIGAN)[-1].reference == "p9"

    alone = importers.preview_file(b"reference,self_reported_source,stage\np10,a friend,enquiries\n", "e.csv", campaign)
    assert importers.changes(store, WIGAN, alone) == []
    assert importers.commit(store, WIGAN, alone).startswith("Imported 0 funnel rows and 1 enquiries")
    assert store.results(WIGAN) == before and enquiries(store, WIGAN)[-1].reference == "p10"


def test_an_empty_cell_leaves_the_stored_value(wigan):
    store, campaign, variant = wigan
    workbook = openpyxl.load_workbook(io.BytesIO(template.build(campaign)))
    funnel = workbook["Funnel"]
    headers = [cell.value for cell in funnel[1]]
    funnel.cell(2, headers.index("retained") + 1, 1)  # only "still in post" is filled in

    preview = importers.preview_file(_workbook_bytes(workbook), "results.xlsx", campaign)
    assert [str(c) for c in importers.changes(store, WIGAN, preview)] == [
        f"{variant.key} in {variant.channel}: retained not known yet → 1"]
    importers.commit(store, WIGAN, preview)
    row = next(r for r in store.results(WIGAN) if r.variant == variant.key and r.period_start is None)
    assert row == ResultRow(variant=variant.key, channel=variant.channel, **STORED, retained=1)


def test_lowering_a_stored_count_is_shown_and_needs_confirming(wigan, sqlite_env, tmp_path):
    store, campaign, variant = wigan
    path = tmp_path / "funnel.csv"
    path.write_text(f"variant,channel,enquiries,conversations,invited,attended,offers,starts\n"
                    f"{variant.key},{variant.channel},0,0,0,0,0,0\n")
    preview = importers.preview_file(path.read_bytes(), path.name, campaign)
    shown = [str(c) for c in importers.changes(store, WIGAN, preview) if c.lowers]
    assert f"{variant.key} in {variant.channel}: enquiries 10 → 0" in shown and len(shown) == 6
    with pytest.raises(importers.LoweringNotConfirmed, match="enquiries 10 → 0"):
        importers.commit(store, WIGAN, preview)
    assert next(r for r in store.results(WIGAN) if r.variant == variant.key).enquiries == 10

    # The CLI, on another database with the same stored row: refused without --yes, done with it.
    cli_store = Store(sqlite_env)
    load_demo(cli_store)
    cli_store.add_results(WIGAN, [ResultRow(variant=variant.key, channel=variant.channel, **STORED)])
    refused = _cli("results", "import", WIGAN, str(path))
    assert refused.exit_code == 2, refused.output
    assert f"Change: {variant.key} in {variant.channel}: enquiries 10 → 0  (lower than stored)" in refused.output
    assert "run the import again with --yes" in refused.output
    assert next(r for r in cli_store.results(WIGAN) if r.variant == variant.key).enquiries == 10
    done = _cli("results", "import", WIGAN, str(path), "--yes")
    assert done.exit_code == 0, done.output
    assert next(r for r in cli_store.results(WIGAN) if r.variant == variant.key).enquiries == 0


def test_an_import_previewed_before_the_rows_changed_is_refused(wigan):
    store, campaign, variant = wigan
    data = f"variant,channel,enquiries\n{variant.key},{variant.channel},12\n".encode()
    preview = importers.preview_file(data, "a.csv", campaign)
    importers.changes(store, WIGAN, preview)
    other = importers.preview_file(f"variant,channel,enquiries\n{variant.key},{variant.channel},11\n".encode(),
                                   "b.csv", campaign)
    importers.commit(store, WIGAN, other)
    with pytest.raises(importers.ConflictError, match="changed since you opened it"):
        importers.commit(store, WIGAN, preview)
    assert next(r for r in store.results(WIGAN) if r.variant == variant.key).enquiries == 11


# Migrations down and up --------------------------------------------------------------------------

def _everything(url: str) -> dict[str, list[dict]]:
    engine = sqlalchemy.create_engine(url)
    with engine.connect() as connection:
        names = set(sqlalchemy.inspect(connection).get_table_names()) - {"alembic_version", "planner_archive"}
        found = {name: rows_of(connection, name) for name in sorted(names)}
    engine.dispose()
    return found


def _rows(count: int) -> str:
    return "1 row" if count == 1 else f"{count} rows"


def test_downgrade_needs_yes_writes_a_backup_and_upgrade_keeps_every_row(database_url, tmp_path, monkeypatch):
    store = Store(database_url)
    load_demo(store)
    record = store.campaign(WIGAN)
    replace_enquiries(store, WIGAN, [Enquiry(reference="p1", tracked_channel="facebook", stage="enquiries")])
    record_facebook_object(store, record.id, FacebookObject("campaign", "campaign", "Spring [pcp:x]", "120001"))
    store.close()
    monkeypatch.setenv("DATABASE_URL", database_url)
    before = _everything(database_url)
    assert all(before[name] for name in ("result_rows", "enquiries", "tracking_codes", "facebook_objects"))

    refused = _cli("db", "downgrade", "0001")
    assert refused.exit_code == 2
    for name in ("result_rows", "enquiries", "tracking_codes", "facebook_objects"):
        assert f"table {name} ({_rows(len(before[name]))})" in refused.output
    assert f"column results_version of table campaigns ({_rows(len(before['campaigns']))})" in refused.output
    assert "Nothing was changed" in refused.output and _everything(database_url) == before

    done = _cli("db", "downgrade", "0001", "--yes", "--backup-dir", str(tmp_path / "backups"))
    assert done.exit_code == 0, done.output
    (backup,) = (tmp_path / "backups").iterdir()
    assert json.loads((backup / "tables" / "tracking_codes.json").read_text()) == before["tracking_codes"]
    assert {p.name for p in (backup / "campaigns").iterdir()} == {f"{r['slug']}.json" for r in before["campaigns"]}
    assert set(_everything(database_url)) == {"organisations", "campaigns"}

    upgraded = _cli("db", "upgrade")
    assert upgraded.exit_code == 0, upgraded.output
    assert "Restored table result_rows" in upgraded.output
    assert _everything(database_url) == before
    again = Store(database_url)  # new rows get fresh ids after the restored ones (PostgreSQL's sequences)
    again.add_results(WIGAN, [ResultRow(variant="after", channel="radio", enquiries=1)])
    assert len(again.results(WIGAN)) == sum(row["campaign_id"] == record.id for row in before["result_rows"]) + 1
    again.close()


def test_what_a_downgrade_drops_is_worked_out_from_the_migrations(store):
    assert [str(d) for d in migrate.drops(store.engine, "0004")] == [
        "column results_version of table campaigns (0 rows)", "column version of table result_rows (0 rows)",
        "empty (not known yet) values in conversations, invited, attended, offers, starts, retained of table "
        "result_rows, written as 0 (0 rows)"]
    assert "table leads (0 rows)" in [str(d) for d in migrate.drops(store.engine, "0003")]
    assert migrate.drops(store.engine, "head") == []


# Atomic files on a full disk ---------------------------------------------------------------------

@pytest.fixture
def full_disk(tmp_path):
    """A 256 kB tmpfs, mounted for the test and filled to the last byte by the caller's `fill()`."""
    mount_point = tmp_path / "disk"
    mount_point.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", str(mount_point)],
                             capture_output=True, text=True)
    if mounted.returncode != 0:
        reason = f"cannot mount a tmpfs here ({mounted.stderr.strip() or 'not root'})"
        if os.environ.get("REQUIRE_TMPFS"):
            pytest.fail(reason)
        pytest.skip(reason)

    def fill() -> None:
        with contextlib.suppress(OSError), open(mount_point / "filler", "wb") as filler:
            while True:
                filler.write(b"\0" * 4096)
                filler.flush()

    try:
        yield mount_point, fill
    finally:
        gc.collect()  # a writer that failed may still hold its temporary file open until collected
        subprocess.run(["umount", "--lazy", str(mount_point)], check=True)


@pytest.mark.parametrize("command", [
    ["campaign", "export", WIGAN, "-o"],
    ["export", "xlsx", WIGAN, "-o"],
    ["results", "template", WIGAN, "-o"],
    ["profile", WIGAN, "-o"],
])
def test_a_full_disk_leaves_the_previous_file_whole(full_disk, sqlite_env, command):
    mount_point, fill = full_disk
    assert _cli("demo").exit_code == 0
    target = mount_point / "out"
    target.write_bytes(b'{"previous": "export"}')
    fill()
    with pytest.raises(OSError) as full:
        (mount_point / "probe").write_bytes(b"x" * 4096)
    assert full.value.errno == errno.ENOSPC

    result = _cli(*command, str(target))
    assert result.exit_code == 2, result.output
    assert f"cannot write {target}: No space left on device" in result.output
    assert target.read_bytes() == b'{"previous": "export"}'
    assert sorted(p.name for p in mount_point.iterdir()) == ["filler", "out", "probe"]

    (mount_point / "filler").unlink()
    assert _cli(*command, str(target)).exit_code == 0
    assert target.stat().st_size > 1000


# Secrets -----------------------------------------------------------------------------------------

def test_a_password_with_percent_works_and_is_never_shown(postgres_server, monkeypatch):
    from tests.conftest import _reset_postgres

    _reset_postgres(postgres_server)
    password = "p%40ss%w0rd"  # as typed into DATABASE_URL: '%40' is an escaped '@'
    admin = sqlalchemy.create_engine(postgres_server, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(sqlalchemy.text("DROP ROLE IF EXISTS pcp_user"))
        connection.execute(sqlalchemy.text("CREATE ROLE pcp_user LOGIN SUPERUSER PASSWORD 'p@ss%w0rd'"))
        hba = Path(connection.execute(sqlalchemy.text("SHOW hba_file")).scalar_one())
        if "pcp_user" not in hba.read_text():  # the test servers trust everyone; this user needs its password
            hba.write_text("host all pcp_user 127.0.0.1/32 scram-sha-256\n" + hba.read_text())
            connection.execute(sqlalchemy.text("SELECT pg_reload_conf()"))
    admin.dispose()
    url = sqlalchemy.make_url(postgres_server)
    typed = f"postgresql://pcp_user:{password}@{url.host}:{url.port}/{url.database}"
    monkeypatch.setenv("DATABASE_URL", typed)

    for args in (["demo"], ["db", "current"], ["db", "downgrade", "0003"], ["campaign", "list"]):
        result = _cli(*args)
        assert result.exit_code in (0, 2), result.output
        assert "p@ss" not in result.output and "p%40ss" not in result.output, args
    assert "pcp_user:***@" in _cli("db", "current").output
    assert WIGAN in _cli("campaign", "list").output

    monkeypatch.setenv("DATABASE_URL", typed.replace("w0rd", "wrong"))
    failed = _cli("campaign", "list")
    assert failed.exit_code == 2 and failed.output.startswith("Error: cannot open the database")
    assert "p@ss" not in failed.output and "p%40ss" not in failed.output


def test_a_page_that_cannot_open_the_database_never_shows_the_password(monkeypatch):
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("DATABASE_URL", "postgresql://planner:p%40ss%w0rd@127.0.0.1:1/nowhere")
    at = AppTest.from_file(str(Path(__file__).resolve().parents[1] / "ui/views/results.py"), default_timeout=60).run()
    assert not at.exception
    (error,) = at.error
    assert error.value.replace("\\", "").startswith("Cannot open the database postgresql+psycopg://planner:***@127")
    assert "p@ss" not in error.value and "p%40ss" not in error.value


def test_scrub_removes_the_password_however_it_is_quoted():
    url = "postgresql+psycopg://u:p%40ss@db/x"
    for text in (f"bad url {url}", "password p@ss refused", "found p%40ss"):
        assert "p@ss" not in scrub(text, url) and "p%40ss" not in scrub(text, url)
    assert scrub(f"at {url}", url) == "at postgresql+psycopg://u:***@db/x"


# SQLite with more than one process -----------------------------------------------------------------

def test_sqlite_readers_and_writers_do_not_fail_while_a_write_is_open(tmp_path):
    url = f"sqlite:///{tmp_path / 'p.sqlite3'}"
    store = Store(url)
    store.save_organisation(Organisation(slug="acme", name="Acme"))
    store.create_campaign("acme", Campaign(slug="spring", name="Spring"))
    with store.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
    other = Store(url)
    held = store.engine.raw_connection()
    held.execute("BEGIN IMMEDIATE")  # a large import, still writing
    held.execute("UPDATE campaigns SET name = 'Spring (importing)'")
    finish = threading.Timer(1.0, held.commit)
    finish.start()
    assert [s.name for s in other.campaigns()] == ["Spring"]  # a reader is not blocked, nor refused
    other.add_results("spring", [ResultRow(variant="a", channel="radio", enquiries=1)])  # a writer waits its turn
    finish.join()
    held.close()
    assert [s.name for s in store.campaigns()] == ["Spring (importing)"]
    assert len(store.results("spring")) == 1
    store.close()
    other.close()
