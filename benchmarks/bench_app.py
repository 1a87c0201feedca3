"""App speed: cold start to the first rendered page in Chromium, and AppTest reruns of heavy pages.

Baselines are measured in the same run (the machine is shared and noisy): cold start against a
one-line Streamlit app, reruns against the Campaigns page. Prints medians and ratios.

    python benchmarks/bench_app.py [--runs 5]
"""

from __future__ import annotations

import argparse
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    from planner.demo import load_demo
    from planner.storage import Store

    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/bench.sqlite3"
        load_demo(Store(url))
        hello = Path(tmp) / "hello.py"
        hello.write_text('import streamlit as st\nst.title("hello")\n')
        app_times, hello_times = [], []
        with chromium() as browser:
            for _ in range(args.runs):
                hello_times.append(cold_start(browser, hello, url, "hello"))
                app_times.append(cold_start(browser, None, url, "Open campaign"))
        app, base = statistics.median(app_times), statistics.median(hello_times)
        print(f"cold start, streamlit run -> first page in Chromium (median of {args.runs}):")
        print(f"  planner app   {app:6.2f} s   (target < 5 s)")
        print(f"  one-line app  {base:6.2f} s")
        print(f"  ratio         {app / base:6.2f}x")


if __name__ == "__main__":
    main()
