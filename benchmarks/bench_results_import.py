"""Importing a generated 100,000-row Ads Manager CSV (read, check every cell, match ad names to variants,
add up ads per variant and period) against pandas.read_csv of the same bytes, in the same run.
Target: at most 3x. Also prints the time to write the rows into SQLite, for information.

Run: python benchmarks/bench_results_import.py
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from planner import importers  # noqa: E402
from planner.demo import ORGANISATION, _worker_campaign  # noqa: E402
from planner.storage import Store  # noqa: E402

ROWS = 100_000
REPEATS = 9


def export(campaign) -> bytes:
    """Daily rows for 50 ads (several per variant) over 2,000 days, shaped like an Ads Manager export."""
    rng = np.random.default_rng(0)
    keys = [v.key for v in campaign.variants if v.channel == "facebook"]
    ads = [f"Wigan | {keys[i % len(keys)]} | creative {i}" for i in range(50)]
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["Reporting starts", "Reporting ends", "Campaign name", "Ad set name", "Ad name", "Results",
                     "Result indicator", "Reach", "Impressions", "Amount spent (GBP)", "Link clicks", "Leads"])
    impressions = rng.integers(100, 5000, ROWS)
    clicks = rng.integers(0, 60, ROWS)
    leads = rng.integers(0, 8, ROWS)
    start = dt.date(2020, 1, 1)
    for i in range(ROWS):
        day = (start + dt.timedelta(days=i // 50)).isoformat()
        writer.writerow([day, day, "Spring", "Wigan 25km", ads[i % 50], leads[i], "actions:lead",
                         impressions[i] - 50, impressions[i], f"{impressions[i] / 300:.2f}", clicks[i], leads[i]])
    return buffer.getvalue().encode()


def interleaved(ours, baseline) -> tuple[float, float, object]:
    """Medians of both, run alternately so load from other processes falls on both alike."""
    ours_times, baseline_times, result = [], [], None
    for _ in range(REPEATS):
        started = time.perf_counter()
        baseline()
        baseline_times.append(time.perf_counter() - started)
        started = time.perf_counter()
        result = ours()
        ours_times.append(time.perf_counter() - started)
    return statistics.median(ours_times), statistics.median(baseline_times), result


def main() -> None:
    campaign = _worker_campaign()
    data = export(campaign)
    ours, baseline, preview = interleaved(lambda: importers.preview_file(data, "export.csv", campaign),
                                          lambda: pd.read_csv(io.BytesIO(data)))
    assert preview.ok and preview.source_rows == ROWS, preview.rejections[:3]
    print(f"{ROWS:,}-row Ads Manager CSV ({len(data) / 1e6:.1f} MB): import preview {ours * 1000:.0f} ms, "
          f"pandas.read_csv {baseline * 1000:.0f} ms (medians of {REPEATS}); ratio {ours / baseline:.2f}x "
          f"(target <= 3x); {len(preview.rows):,} funnel rows")
    with tempfile.TemporaryDirectory() as directory:
        store = Store(f"sqlite:///{directory}/bench.sqlite3")
        store.save_organisation(ORGANISATION)
        store.create_campaign(ORGANISATION.slug, campaign)
        started = time.perf_counter()
        importers.commit(store, campaign.slug, preview)
        print(f"Writing them to SQLite in one transaction (validated again): {time.perf_counter() - started:.2f} s")
        store.close()


if __name__ == "__main__":
    main()
