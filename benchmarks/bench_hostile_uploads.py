"""Hostile results uploads, refused: how long the refusal takes and how much memory it needs, against
reading a small valid workbook (1,000 rows) in the same run.

Each case runs in a fresh Python process, so its peak memory (ru_maxrss) is its own; the figure shown
is the growth over that process's peak once the libraries are imported and the file is in memory.
Targets: the far-corner workbook and the zip bomb are refused in under a second, and no case grows
memory by more than 100 MB.

Run: python benchmarks/bench_hostile_uploads.py
"""

from __future__ import annotations

import json
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests import hostile_files  # noqa: E402

REPEATS = 5
CASES = {
    "valid 1,000-row workbook (baseline)": lambda: hostile_files.many_rows(1_000),
    "far corner: one value at XFD1048576": hostile_files.far_corner,
    "zip bomb: 2 GB of sheet XML": hostile_files.zip_bomb,
    "one million rows": hostile_files.many_rows,
}


def measure(path: str) -> dict:
    """In this (fresh) process: read the file once, return seconds, peak growth in MB and the outcome."""
    from planner.importers.tabular import FileRejected, read_sheets

    data = Path(path).read_bytes()
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    try:
        sheets = read_sheets(data, Path(path).name, lambda header: (None, []))
        outcome = f"read {sum(len(sheet.frame) for sheet in sheets):,} rows"
    except FileRejected as error:
        outcome = f"refused: {error}"
    seconds = time.perf_counter() - started
    grown = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    return {"seconds": seconds, "mb": grown, "outcome": outcome}


def main() -> None:
    directory = ROOT / ".bench-hostile"
    directory.mkdir(exist_ok=True)
    results = {}
    for name, make in CASES.items():
        data = make()
        path = directory / f"case{len(results)}.xlsx"
        path.write_bytes(data)
        runs = [json.loads(subprocess.run([sys.executable, __file__, "--one", str(path)], check=True,
                                          capture_output=True, text=True).stdout) for _ in range(REPEATS)]
        results[name] = (len(data), runs)
        path.unlink()
    directory.rmdir()
    baseline = statistics.median(run["seconds"] for run in next(iter(results.values()))[1])
    for name, (size, runs) in results.items():
        seconds = statistics.median(run["seconds"] for run in runs)
        memory = statistics.median(run["mb"] for run in runs)
        print(f"{name}: {size / 1024:,.1f} KB file; {seconds * 1000:.0f} ms ({seconds / baseline:.2f}x the "
              f"baseline), +{memory:.0f} MB peak (medians of {REPEATS})\n    {runs[0]['outcome'][:150]}")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--one"]:
        print(json.dumps(measure(sys.argv[2])))
    else:
        main()
