"""Benchmark: how fast the `planner` CLI starts, against a bare `import spacy; spacy.blank("en")`.

Run: python benchmarks/bench_cli.py [--repeats 7]
Each round runs the three commands once, in turn, as fresh processes, so load from other processes
on a shared machine falls on all of them alike. Prints each command's median wall time and its
ratio to the spaCy baseline's median (targets: `planner --help` <= 0.5x, `planner lint FILE` <= 1.4x).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.processes import planner  # noqa: E402

BASELINE = [sys.executable, "-c", 'import spacy; spacy.blank("en")']
TARGETS = {"planner --help": 0.5, "planner lint FILE": 1.4}
ADVERT = ("Retired? Join our friendly team in Leeds and make a real difference. Competitive salary, "
          "full training provided. Home carers, £12.60 an hour, paid weekly.\n")


def run(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        advert = Path(tmp) / "advert.txt"
        advert.write_text(ADVERT, encoding="utf-8")
        commands = {"spacy.blank('en')": BASELINE, "planner --help": [*planner(), "--help"],
                    "planner lint FILE": [*planner(), "lint", str(advert)]}
        for command in commands.values():  # warm the file cache so the first round is not an outlier
            run(command)
        times: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(args.repeats):
            for name, command in commands.items():
                times[name].append(run(command))
    base = statistics.median(times["spacy.blank('en')"])
    print(f"median of {args.repeats} fresh processes each, run in turn")
    for name, samples in times.items():
        median = statistics.median(samples)
        target = TARGETS.get(name)
        verdict = f"  ratio {median / base:.2f}x (target <= {target}x)" if target else "  (baseline)"
        print(f"{name:<20} {median:6.2f} s  [{min(samples):.2f}-{max(samples):.2f}]{verdict}")


if __name__ == "__main__":
    main()
