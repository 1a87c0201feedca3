"""Benchmark: generate and score 1,000 advert variants from the demo, beside the linter's own throughput.

Run: python benchmarks/bench_variants.py [--variants 1000] [--repeats 3]
Times each stage (generation with MMR diversity selection, checks with linting, values fit) as
medians of repeats, and the linter alone on the same variants' copy in the same run, so the
ratio says what the rest of the variant pipeline costs on top of linting.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from adverts.generate import Options, generate, plan_groups  # noqa: E402
from adverts.lint import lint  # noqa: E402
from adverts.values_fit import values_fit  # noqa: E402
from adverts.variants import LINTED_FIELDS, check_variants  # noqa: E402
from planner.demo import ORGANISATION, _worker_campaign  # noqa: E402


def _median(repeats: int, work) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeats):
        start = time.perf_counter()
        result = work()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--variants", type=int, default=1000)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()

    campaign = _worker_campaign().model_copy(update={"variants": []})
    groups = plan_groups(campaign, addressed_only=False)
    options = Options(max_variants=args.variants, landing_page="https://jobs.example.org/wigan")
    lint("warm up the pipeline")

    gen_time, variants = _median(args.repeats, lambda: generate(campaign, ORGANISATION, groups, options))
    filled = campaign.model_copy(update={"variants": variants})
    check_time, checks = _median(args.repeats, lambda: check_variants(filled, ORGANISATION))
    fit_time, _ = _median(args.repeats, lambda: values_fit(variants, ORGANISATION.values,
                                                           campaign.looking_for.values))
    texts = [getattr(v, f) for v in variants for f in LINTED_FIELDS]
    lint_time, _ = _median(args.repeats, lambda: [lint(t) for t in texts])

    count = len(variants)
    total = gen_time + check_time + fit_time
    words = sum(len(t.split()) for t in texts) / count
    print(f"{count} variants from {len(groups)} theme x persona x format groups, {words:.0f} words each; "
          f"medians of {args.repeats}")
    print(f"  generate (templates + TF-IDF MMR):   {gen_time:6.2f} s  {count / gen_time:8,.0f} variants/s")
    print(f"  checks (lint, limits, near-dups):   {check_time:6.2f} s  {count / check_time:8,.0f} variants/s")
    print(f"  values fit (lemmas + TF-IDF):       {fit_time:6.2f} s  {count / fit_time:8,.0f} variants/s")
    print(f"  whole pipeline:                     {total:6.2f} s  {count / total:8,.0f} variants/s")
    print(f"  linter alone on the same copy:      {lint_time:6.2f} s  {count / lint_time:8,.0f} variants/s")
    print(f"ratio: whole pipeline takes {total / lint_time:.1f}x the linter's own time "
          f"(linting is {lint_time / total:.0%} of it)")
    blocked = sum(bool(c.facebook_blockers) for c in checks.values())
    print(f"{sum(len(c.findings) for c in checks.values())} findings, {blocked} variants blocked for Facebook, "
          f"{sum(bool(c.length) for c in checks.values())} over a limit, "
          f"{sum(bool(c.near_duplicates) for c in checks.values())} with a near-duplicate")


if __name__ == "__main__":
    main()
