"""P(best) and expected loss over 20 arms: our numerical integration against a vectorised Monte Carlo
baseline (200,000 draws, fixed seed) measured in the same run. Prints medians of several repeats,
the ratio, and the largest difference between the two answers.

Run: python benchmarks/bench_stats.py
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from planner.stats import Arm, prob_best_and_expected_loss  # noqa: E402

REPEATS = 7
DRAWS = 200_000


def monte_carlo(arms: list[Arm]) -> np.ndarray:
    rng = np.random.default_rng(0)
    wins = np.zeros(len(arms))
    for start in range(0, DRAWS, 50_000):
        size = min(50_000, DRAWS - start)
        samples = np.stack([rng.beta(1 + a.successes, 1 + a.trials - a.successes, size) for a in arms])
        wins += np.bincount(samples.argmax(axis=0), minlength=len(arms))
    return wins / DRAWS


def median_seconds(function, arms) -> tuple[float, object]:
    times, result = [], None
    for _ in range(REPEATS):
        started = time.perf_counter()
        result = function(arms)
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def main() -> None:
    rng = np.random.default_rng(1)
    for label, trials in (("small counts (40-400 enquiries)", rng.integers(40, 400, 20)),
                          ("large counts (20,000-100,000 impressions)", rng.integers(20_000, 100_000, 20))):
        arms = [Arm(f"arm{i}", int(rng.binomial(n, 0.05)), int(n)) for i, n in enumerate(trials)]
        ours, (p_best, _) = median_seconds(prob_best_and_expected_loss, arms)
        baseline, mc = median_seconds(monte_carlo, arms)
        print(f"20 arms, {label}: integration {ours * 1000:.1f} ms, Monte Carlo 200k draws {baseline * 1000:.1f} ms "
              f"(median of {REPEATS}); ratio {ours / baseline:.2f}x; max |difference| {np.abs(p_best - mc).max():.4f}")


if __name__ == "__main__":
    main()
