"""Lead Ads import speed: reading N leads page by page from the Graph API double, and storing them.

Baselines in the same run (the machine is shared and noisy): reading the pages alone (the SDK and
the double, no database). Compared with it: the first fetch that stores every lead as an enquiry,
and a re-run that finds them all stored. Prints medians and ratios.

    python benchmarks/bench_leads.py [--leads 1000] [--runs 5]
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from planner.campaign import Campaign, Organisation  # noqa: E402
from planner.importers import meta_leads  # noqa: E402
from planner.meta import LiveApi  # noqa: E402
from planner.storage import Store, leads  # noqa: E402
from planner.storage.facebook_objects import FacebookObject, record_facebook_object  # noqa: E402
from tests.graph_double import serve, stop  # noqa: E402

FORM = "4242"


def _lead(number: int) -> dict:
    answers = {"full_name": f"Person {number}", "phone_number": f"+44770090{number:04d}", "email": "",
               "best_time_to_call": "Evening", "heard_about_us": "Facebook"}
    return {"id": str(700000 + number), "created_time": "2026-12-01T09:30:00+0000", "ad_id": str(5000 + number % 4),
            "field_data": [{"name": name, "values": [value]} for name, value in answers.items()]}


def one_run(count: int) -> tuple[float, float, float]:
    graph = serve()
    graph.page_size = 100
    graph.add_leads(FORM, [_lead(i) for i in range(count)])
    api = LiveApi("benchmark-token", graph_url=graph.url)
    with tempfile.TemporaryDirectory() as folder:
        store = Store(f"sqlite:///{folder}/bench.sqlite3")
        record = store.import_campaign(Organisation(slug="org", name="Org"), Campaign(slug="c", name="C"))
        for n in range(3):  # three known ads, one unknown
            record_facebook_object(store, record.id, FacebookObject("ad", f"v{n}", f"v{n}", str(5000 + n)))
        meta_leads.fetch(api, FORM)  # warm-up: the connection and the SDK's first parse
        started = time.perf_counter()
        meta_leads.fetch(api, FORM)
        read = time.perf_counter() - started
        started = time.perf_counter()
        first = leads.store_leads(store, record.id, meta_leads.fetch(api, FORM))
        stored = time.perf_counter() - started
        started = time.perf_counter()
        again = leads.store_leads(store, record.id, meta_leads.fetch(api, FORM))
        rerun = time.perf_counter() - started
        assert (first.added, again.added, again.already_stored) == (count, 0, count)
        store.close()
    stop(graph)
    return read, stored, rerun


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--leads", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    runs = [one_run(args.leads) for _ in range(args.runs)]
    read, stored, rerun = (statistics.median(column) for column in zip(*runs, strict=True))
    print(f"{args.leads} leads in pages of 100, median of {args.runs} runs ({dt.date.today()}):")
    print(f"  read the pages only (baseline): {read:.3f} s")
    print(f"  first fetch, storing every lead: {stored:.3f} s  ({stored / read:.2f}x the baseline)")
    print(f"  re-run, all already stored:      {rerun:.3f} s  ({rerun / read:.2f}x the baseline)")


if __name__ == "__main__":
    main()
