"""Planning and judging a 5-arm headline test with 20 channel x period rows, beside P(best) alone.

`plan` writes the five arms and sizes them; `report` filters the rows to the experiment's channel and
run and applies every guard (Fisher for each pair, Holm, SRM, Simpson across weeks, the planned
sample). P(best) for the same five arms is the baseline measured in the same run: the report cannot
be faster than it, and the ratio says what the guards cost. Target: each under 100 ms.

Run: python benchmarks/bench_experiments.py
"""

from __future__ import annotations

import datetime as dt
import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from adverts.model import Theme  # noqa: E402
from personas.model import Persona  # noqa: E402
from planner.campaign import Campaign, ChannelPlanEntry, Organisation, Role  # noqa: E402
from planner.experiments import plan as planning  # noqa: E402
from planner.experiments.report import analyse  # noqa: E402
from planner.funnel import ResultRow  # noqa: E402
from planner.stats import Arm, prob_best_and_expected_loss  # noqa: E402

REPEATS = 15
START = dt.date(2027, 1, 4)
ORG = Organisation(slug="bench", name="Bench Care")


def campaign() -> Campaign:
    themes = [Theme(key=f"theme-{i}", name=f"Theme {i}", headline=f"Headline question number {i}?",
                    questions=[f"Supporting question {i}.{j}?" for j in range(3)]) for i in range(5)]
    return Campaign(slug="bench", name="Bench", role=Role(title="Care worker", pay="£12.90 an hour",
                                                          hours="16 to 37 hours", location="Bradford"),
                    personas=[Persona(key="parents", name="Returning parents")], themes=themes,
                    channel_plan=[ChannelPlanEntry(persona="parents", channel="facebook", budget_gbp=500)])


def median_ms(function) -> tuple[float, object]:
    times, result = [], None
    for _ in range(REPEATS):
        started = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000, result


def main() -> None:
    base = campaign()
    request = planning.Request(factor="theme", channel="facebook", landing_page="https://jobs.example.org/bench",
                               themes=[t.key for t in base.themes])
    plan_ms, planned = median_ms(lambda: planning.plan(base, ORG, request))
    experiment = planned.experiment.model_copy(update={"sample_size_per_arm": 100})
    full = base.model_copy(update={"variants": planned.variants, "experiments": [experiment]})
    rng = np.random.default_rng(3)
    # 20 rows: each of the 5 arms in 4 weekly periods of the one channel.
    rows = [ResultRow(variant=arm, channel="facebook", period_start=START + dt.timedelta(weeks=week),
                      enquiries=int(n), **dict.fromkeys(("conversations", "invited", "attended", "offers", "starts"),
                                                        int(rng.binomial(n, 0.1 + 0.02 * i))))
            for i, arm in enumerate(experiment.arms) for week in range(4) for n in [rng.integers(78, 83)]]
    report_ms, report = median_ms(lambda: analyse(full, experiment, rows))
    arms = [Arm(a.variant, a.successes, a.trials) for a in report.arms]
    p_best_ms, _ = median_ms(lambda: prob_best_and_expected_loss(arms))
    print(f"5-arm theme test, {len(rows)} channel x period rows (median of {REPEATS}):")
    for label, ms in (("plan", plan_ms), ("report", report_ms)):
        print(f"  {label:<6} {ms:6.1f} ms  ({ms / p_best_ms:.1f}x P(best) alone)  "
              f"{'under' if ms < 100 else 'OVER'} the 100 ms target")
    print(f"  P(best) alone {p_best_ms:6.1f} ms")
    print(f"  verdict: {report.verdict.reason}")


if __name__ == "__main__":
    main()
