"""Count results rows lost when several processes import at once (issue 16's measurement).

Each of N processes runs `planner results import` M times, every import a new row of its own,
all starting at the same moment. Prints how many committed rows were lost, and how many were
stored twice.
Runs against whichever `planner` package is first on PYTHONPATH, so old code can be measured too:

    PYTHONPATH=. .venv/bin/python scripts/lost_rows.py --processes 2 --imports 60 [--url URL]
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import tempfile
import time
from pathlib import Path

from click.testing import CliRunner


def _worker(url: str, start: float, paths: list[str]) -> list[int]:
    from planner.cli import main

    os.environ["DATABASE_URL"] = url
    time.sleep(max(0.0, start - time.time()))
    runner = CliRunner()
    return [runner.invoke(main, ["results", "import", "spring", path]).exit_code for path in paths]


def measure(url: str, processes: int, imports: int, folder: Path) -> dict:
    from planner.campaign import Campaign, Organisation
    from planner.storage import Store

    store = Store(url)
    store.save_organisation(Organisation(slug="acme", name="Acme"))
    store.create_campaign("acme", Campaign(slug="spring", name="Spring"))
    jobs = []
    for worker in range(processes):
        paths = []
        for number in range(imports):
            day = f"2026-{1 + number // 28:02d}-{1 + number % 28:02d}"
            path = folder / f"{worker}-{number}.csv"
            path.write_text(f"variant,channel,period_start,period_end,enquiries\nw{worker},facebook,{day},{day},1\n")
            paths.append(str(path))
        jobs.append(paths)
    start = time.time() + 1.0
    with multiprocessing.get_context("fork").Pool(processes) as pool:
        codes = [code for done in pool.starmap(_worker, [(url, start, paths) for paths in jobs]) for code in done]
    rows = store.results("spring")
    store.close()
    distinct = len({(r.variant, r.period_start) for r in rows})
    succeeded = codes.count(0)
    return {"imports": len(codes), "exit_0": succeeded, "rows_stored": len(rows), "rows_lost": succeeded - distinct,
            "rows_duplicated": len(rows) - distinct}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--imports", type=int, default=60)
    parser.add_argument("--url", help="A database URL (default: a fresh SQLite file); it must be empty.")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = args.url or f"sqlite:///{folder}/planner.sqlite3"
        print(measure(url, args.processes, args.imports, Path(folder)))


if __name__ == "__main__":
    main()
