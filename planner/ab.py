"""Compare arms (variants) on one rate: intervals, P(best), expected loss, exact tests and warnings.

`compare` is what `planner ab`, the results report and the Results page all call, so the same
numbers and the same honesty warnings appear everywhere.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from planner import honesty, stats
from planner.stats import Arm
from planner.verdict import Verdict, decide


@dataclass(frozen=True)
class ArmResult:
    name: str
    successes: int
    trials: int
    rate: float
    ci_low: float
    ci_high: float
    p_best: float
    expected_loss: float


@dataclass(frozen=True)
class VersusFirst:
    name: str
    p: float  # Fisher's exact test of the 2x2 table against the first arm
    holm_p: float
    p_beats_first: float


@dataclass(frozen=True)
class Comparison:
    arms: list[ArmResult]
    vs_first: list[VersusFirst]
    overall_test: str
    overall_p: float
    warnings: list[str] = field(default_factory=list)
    verdict: Verdict = Verdict(None, "")

    def to_dict(self) -> dict:
        """The JSON contract of `planner ab --format json`."""
        return {
            "arms": [vars(arm).copy() for arm in self.arms],
            "vs_first": [{"name": v.name, "fisher_p": v.p, "holm_p": v.holm_p, "p_beats_first": v.p_beats_first}
                         for v in self.vs_first],
            "overall": {"test": self.overall_test, "p": self.overall_p},
            "warnings": list(self.warnings),
            "verdict": self.verdict.to_dict(),
        }


def compare(arms: Sequence[Arm], extra_warnings: Sequence[str] = (), blockers: Sequence[str] = (),
            label=str) -> Comparison:
    """Compare two or more arms; the first is the reference for pairwise tests.

    Every 2x2 table gets Fisher's exact test (exact at any count); chi-squared is kept only for the
    overall k x 2 test. `blockers` are warnings that stop the verdict naming a winner (see
    planner.verdict); too few people is always one. `label` turns an arm name into words for people.
    """
    if len(arms) < 2:
        raise ValueError("a comparison needs at least two arms")
    names = [arm.name for arm in arms]
    if len(set(names)) != len(names):
        raise ValueError("arm names must be different")
    p_best, loss = stats.prob_best_and_expected_loss(arms)
    results = [
        ArmResult(arm.name, arm.successes, arm.trials, arm.rate, *stats.wilson_interval(arm.successes, arm.trials),
                  float(p_best[i]), float(loss[i]))
        for i, arm in enumerate(arms)
    ]
    first = arms[0]
    warnings = list(extra_warnings)
    pairwise = [stats.fisher_p(first, arm) for arm in arms[1:]]
    if len(arms) == 2:
        overall_test, overall_p = "fisher", pairwise[0]
    else:
        overall_test, overall_p = "chi2", stats.chi2_p(arms)
        if stats.min_expected_count(arms) < 5:
            warnings.append(honesty.SMALL_EXPECTED)
    adjusted = stats.holm(pairwise)
    vs_first = [VersusFirst(arm.name, pairwise[i], adjusted[i], stats.prob_b_beats_a(first, arm))
                for i, arm in enumerate(arms[1:])]
    stops = list(blockers)
    if sum(arm.successes for arm in arms) == 0:
        warnings.append("No arm has any successes yet, so there is nothing to compare.")
    minimum = honesty.minimum_count_warning(arms, label)
    if minimum:
        warnings.append(minimum)
        stops.insert(0, minimum)
    warnings.append(honesty.PEEKING)
    return Comparison(results, vs_first, overall_test, overall_p, warnings, decide(results, stops, label))


_ARM_SPEC = re.compile(r"^(?P<name>[^=]+)=(?P<successes>\d+)/(?P<trials>\d+)$")


def parse_arm(spec: str) -> Arm:
    """Parse NAME=SUCCESSES/TRIALS, e.g. 'rebel=4/120'."""
    match = _ARM_SPEC.match(spec.strip())
    if not match:
        raise ValueError(f"arm {spec!r} is not NAME=SUCCESSES/TRIALS with whole numbers, e.g. rebel=4/120")
    return Arm(match["name"].strip(), int(match["successes"]), int(match["trials"]))


def render_text(comparison: Comparison) -> str:
    """A plain-text table for the terminal."""
    width = max(len(arm.name) for arm in comparison.arms)
    lines = [f"{'arm':<{width}}  {'count':>11}  {'rate':>6}  {'95% interval':>15}  {'P(best)':>7}  {'exp. loss':>9}"]
    for arm in comparison.arms:
        count = f"{arm.successes}/{arm.trials}"
        lines.append(f"{arm.name:<{width}}  {count:>11}  {arm.rate:>6.1%}  {arm.ci_low:>6.1%} to {arm.ci_high:<6.1%}"
                     f"  {arm.p_best:>7.1%}  {arm.expected_loss:>9.2%}")
    lines.append("")
    label = "Fisher's exact" if comparison.overall_test == "fisher" else "chi-squared"
    lines.append(f"Overall ({label}): p = {comparison.overall_p:.3g}")
    for v in comparison.vs_first:
        lines.append(f"{v.name} vs {comparison.arms[0].name} (Fisher's exact): p = {v.p:.3g}, Holm-adjusted p = "
                     f"{v.holm_p:.3g}, P(beats {comparison.arms[0].name}) = {v.p_beats_first:.1%}")
    lines += ["", comparison.verdict.reason, ""]
    lines += [f"Warning: {warning}" for warning in comparison.warnings]
    return "\n".join(lines)
