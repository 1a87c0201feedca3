"""Nothing lost when several processes write at once, on SQLite and on PostgreSQL.

Each test forks real processes that run the `planner` CLI against one database at the same
moment; every run must either land or be refused with a clear message, and nothing committed
may disappear afterwards.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
import time

import pytest
from click.testing import CliRunner

from planner.campaign import Campaign, Organisation
from planner.cli import main
from planner.demo import load_demo
from planner.funnel import ResultRow
from planner.results_merge import Incoming
from planner.storage import ConflictError, Store
from planner.storage.results_store import Edits, commit_import, save_edits, stored_rows
from planner.storage.tracking import codes

PROCESSES, IMPORTS = 4, 8
FORK = multiprocessing.get_context("fork")


def _cli(url: str, start: float, commands: list[list[str]]) -> list[tuple[int, str]]:
    """Run CLI commands one after another in this (forked) process, all workers starting at `start`."""
    os.environ["DATABASE_URL"] = url
    time.sleep(max(0.0, start - time.time()))
    runner = CliRunner()
    return [(r.exit_code, r.output) for r in (runner.invoke(main, c) for c in commands)]


def _run_at_once(url: str, per_process: list[list[list[str]]]) -> list[tuple[int, str]]:
    start = time.time() + 1.0
    with FORK.Pool(len(per_process)) as pool:
        done = pool.starmap(_cli, [(url, start, commands) for commands in per_process])
    return [outcome for outcomes in done for outcome in outcomes]


def _funnel_csv(path, worker: int, number: int) -> str:
    """One template row for its own week, and one enquiry: every import is about its own rows."""
    day = f"2026-{1 + number // 28:02d}-{1 + number % 28:02d}"
    path.write_text("variant,channel,period_start,period_end,reach,enquiries\n"
                    f"w{worker},facebook,{day},{day},{100 + number},{number + 1}\n")
    return str(path)


def test_concurrent_imports_all_land(database_url, tmp_path):
    store = Store(database_url)
    store.save_organisation(Organisation(slug="acme", name="Acme"))
    store.create_campaign("acme", Campaign(slug="spring", name="Spring"))
    store.add_results("spring", [ResultRow(variant="hand", channel="radio", enquiries=10, conversations=4)])
    files = [[["results", "import", "spring", _funnel_csv(tmp_path / f"{w}-{n}.csv", w, n)] for n in range(IMPORTS)]
             for w in range(PROCESSES)]

    outcomes = _run_at_once(database_url, files)

    assert [code for code, _ in outcomes] == [0] * PROCESSES * IMPORTS, [out for code, out in outcomes if code]
    assert all("Imported 1 funnel rows" in output for _, output in outcomes)
    rows = store.results("spring")
    assert len(rows) == 1 + PROCESSES * IMPORTS
    assert {(r.variant, r.period_start.month, r.period_start.day) for r in rows if r.variant != "hand"} == {
        (f"w{w}", 1 + n // 28, 1 + n % 28) for w in range(PROCESSES) for n in range(IMPORTS)}
    assert next(r for r in rows if r.variant == "hand").enquiries == 10
    store.close()


def test_concurrent_imports_of_the_same_rows_land_or_are_refused(database_url, tmp_path):
    """Every process imports the same row with its own count: the stored count is the last import's."""
    store = Store(database_url)
    store.save_organisation(Organisation(slug="acme", name="Acme"))
    store.create_campaign("acme", Campaign(slug="spring", name="Spring"))
    values = [[100 * worker + number + 1 for number in range(4)] for worker in range(PROCESSES)]
    files = []
    for worker, counts in enumerate(values):
        commands = []
        for number, count in enumerate(counts):
            path = tmp_path / f"same-{worker}-{number}.csv"
            path.write_text(f"variant,channel,enquiries\nshared,facebook,{count}\n")
            commands.append(["results", "import", "spring", str(path), "--yes"])
        files.append(commands)

    outcomes = _run_at_once(database_url, files)

    assert all(code in (0, 2) for code, _ in outcomes), outcomes
    assert all("changed since you opened it" in output for code, output in outcomes if code == 2)
    landed = {count for (code, _), count in zip(outcomes, sum(values, []), strict=True) if code == 0}
    (row,) = store.results("spring")
    assert row.enquiries in landed
    store.close()


def test_two_tabs_editing_results_keep_both(store):
    """Tab B opened the results before tab A imported; B's save changes only B's row, and a row A changed
    refuses B's stale edit instead of saving over it."""
    store.save_organisation(Organisation(slug="acme", name="Acme"))
    store.create_campaign("acme", Campaign(slug="spring", name="Spring"))
    store.add_results("spring", [ResultRow(variant=v, channel="facebook", enquiries=5) for v in ("a", "b")])
    tab_b = stored_rows(store, "spring")
    imported = [ResultRow(variant=f"new{i}", channel="facebook", enquiries=i) for i in range(6)]
    imported.append(ResultRow(variant="a", channel="facebook", enquiries=9))
    commit_import(store, "spring", [Incoming(row.model_dump(), ("enquiries",)) for row in imported], [], "tab-a")

    b_row = next(s for s in tab_b if s.row.variant == "b")
    save_edits(store, "spring", Edits([(b_row, b_row.row.model_copy(update={"enquiries": 4}))], [], []))
    after = {r.variant: r.enquiries for r in store.results("spring")}
    assert after == {"a": 9, "b": 4, **{f"new{i}": i for i in range(6)}}

    a_row = next(s for s in tab_b if s.row.variant == "a")
    with pytest.raises(ConflictError, match="changed since you opened it"):
        save_edits(store, "spring", Edits([(a_row, a_row.row.model_copy(update={"enquiries": 1}))], [], []))
    with pytest.raises(ConflictError, match="changed since you opened it"):
        save_edits(store, "spring", Edits([], [], [a_row]))
    assert {r.variant: r.enquiries for r in store.results("spring")} == after


def test_concurrent_generation_never_duplicates_a_code_or_fails(database_url):
    """Two processes generate variants for two campaigns of one organisation at once, again and again."""
    store = Store(database_url)
    load_demo(store)
    slugs = [s.slug for s in store.campaigns()]
    organisation = store.campaign(slugs[0]).organisation
    assert store.campaign(slugs[1]).organisation == organisation
    before = len(codes(store, organisation))
    runs = 3
    outcomes = _run_at_once(database_url, [[["variants", "generate", slug, "--max", "3"]] * runs for slug in slugs])

    assert [code for code, _ in outcomes] == [0] * 2 * runs, [out for code, out in outcomes if code]
    assert not any("Traceback" in output for _, output in outcomes)
    issued = [c.code for c in codes(store, organisation)]
    assert len(issued) == len(set(issued)) > before
    in_documents = [v.spoken_code for slug in slugs for v in store.campaign(slug).campaign.variants]
    assert len(in_documents) == len(set(in_documents)) and set(in_documents) <= set(issued)
    store.close()


def test_two_saves_racing_for_one_new_code_both_land(store, monkeypatch):
    """Both saves read the registry, then both try to register the same fresh code: the second is run
    again (and picks another code) instead of failing with the database's unique-constraint error."""
    import planner.storage.tracking as tracking

    load_demo(store)
    slugs = [s.slug for s in store.campaigns()]
    records = [store.campaign(slug) for slug in slugs]
    sequence = ["AAA-1A", "BBB-2B", "CCC-3C"]
    both_read = threading.Barrier(2, timeout=30)
    calls: list[str] = []

    def first_free_code(taken):
        """Deterministic, so both saves pick the same one; each save's first pick waits for the other's."""
        calls.append(threading.current_thread().name)
        if calls.count(threading.current_thread().name) == 1:
            both_read.wait()
        return next(code for code in sequence if code not in taken)

    monkeypatch.setattr(tracking, "new_code", first_free_code)
    failures: list[BaseException] = []

    def add_variant(record) -> None:
        variant = record.campaign.variants[0].model_copy(update={"key": f"{record.campaign.slug[:20]}-new",
                                                                  "spoken_code": None})
        try:
            store.save_campaign(record.id, record.campaign.model_copy(
                update={"variants": [*record.campaign.variants, variant]}), record.version)
        except BaseException as error:  # noqa: BLE001 - reported by the assertion below
            failures.append(error)

    threads = [threading.Thread(target=add_variant, args=(record,)) for record in records]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert failures == []
    assert len(calls) == 3  # one save ran again
    new_codes = sorted(v.spoken_code for slug in slugs for v in store.campaign(slug).campaign.variants
                       if v.key.endswith("-new"))
    assert new_codes == ["AAA-1A", "BBB-2B"]
