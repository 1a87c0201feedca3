"""App speed: cold start to the first rendered page in Chromium, and AppTest reruns of heavy pages.

Baselines are measured in the same run (the machine is shared and noisy): cold start against a
one-line Streamlit app, reruns against the Campaigns page. Prints medians and ratios.

    python benchmarks/bench_app.py [--runs 5]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.browser import chromium, streamlit_server, wait_for_app  # noqa: E402


def cold_start(browser, script: Path | None, database_url: str, marker: str) -> float:
    """Seconds from spawning `streamlit run` to `marker` visible in the browser."""
    started = time.perf_counter()
    with streamlit_server(database_url, script=script) as url:
        page = browser.new_page()
        page.goto(url)
        wait_for_app(page)
        page.get_by_text(marker, exact=True).first.wait_for(timeout=60_000)
        elapsed = time.perf_counter() - started
        page.close()
    return elapsed


def heavy_campaign(store, variants: int = 200) -> str:
    """A campaign with `variants` variants and a results row for each through all the funnel stages."""
    from adverts.model import Theme, Variant
    from personas.model import Persona
    from planner.campaign import Campaign, Organisation, Value
    from planner.funnel import ResultRow

    store.save_organisation(Organisation(slug="bench", name="Bench", values=[
        Value(name="Kindness", words=["kind", "care"]), Value(name="Curiosity", words=["curious", "learn"])]))
    personas = [Persona(key=f"p{i}", name=f"Persona {i}", hopes=["Evenings back"]) for i in range(10)]
    themes = [Theme(key=f"t{i}", name=f"Theme {i}", headline=f"Do you make people feel at home? {i}")
              for i in range(10)]
    rows = [Variant(key=f"v{i:03}", theme=f"t{i % 10}", persona=f"p{i // 20}", channel="facebook", format="feed",
                    headline=f"Do regulars ask for you by name? {i}", cta="Chat to us first",
                    primary_text=f"You notice when someone needs a kind word and you are curious about people. "
                                 f"Make a difference as part of a dynamic team. {i}")
            for i in range(variants)]
    counts = [ResultRow(variant=v.key, channel="facebook", reach=5000 + i, enquiries=60, conversations=40,
                        invited=30, attended=20, offers=10, starts=5 + i % 4, retained=3, cost_gbp=120.0)
              for i, v in enumerate(rows)]
    store.create_campaign("bench", Campaign(slug="heavy", name="Heavy", personas=personas, themes=themes,
                                            variants=rows), counts)
    return "heavy"


def reruns(page: str, runs: int) -> float:
    """Median seconds of an AppTest rerun of `page` (after a first run that fills caches)."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / page), default_timeout=120).run()
    assert not at.exception, at.exception
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        at.run()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def rerun_times(runs: int) -> None:
    from planner.storage import Store

    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/heavy.sqlite3"
        os.environ["DATABASE_URL"] = url
        heavy_campaign(Store(url))
        base = reruns("ui/views/campaigns.py", runs)
        print(f"AppTest rerun, campaign of 200 variants with results through 7 stages (median of {runs}):")
        print(f"  Campaigns (baseline)  {base * 1000:7.0f} ms")
        for page in ("ui/views/variants.py", "ui/views/results.py"):
            took = reruns(page, runs)
            print(f"  {Path(page).stem:<21} {took * 1000:7.0f} ms   ({took / base:.1f}x baseline; target < 300 ms)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--skip-cold-start", action="store_true", help="Only the AppTest reruns (no browser).")
    args = parser.parse_args()
    rerun_times(args.runs)
    if not args.skip_cold_start:
        cold_starts(args.runs)


def cold_starts(runs: int) -> None:
    from planner.demo import load_demo
    from planner.storage import Store

    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/bench.sqlite3"
        load_demo(Store(url))
        hello = Path(tmp) / "hello.py"
        hello.write_text('import streamlit as st\nst.title("hello")\n')
        app_times, hello_times = [], []
        with chromium() as browser:
            for _ in range(runs):
                hello_times.append(cold_start(browser, hello, url, "hello"))
                app_times.append(cold_start(browser, None, url, "Open campaign"))
        app, base = statistics.median(app_times), statistics.median(hello_times)
        print(f"cold start, streamlit run -> first page in Chromium (median of {runs}):")
        print(f"  planner app   {app:6.2f} s   (target < 5 s)")
        print(f"  one-line app  {base:6.2f} s")
        print(f"  ratio         {app / base:6.2f}x")


if __name__ == "__main__":
    main()
