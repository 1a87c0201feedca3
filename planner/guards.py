"""Guards that stop a verdict: sample-ratio mismatch, Simpson's reversal, and arms that never met.

Shared by the campaign-wide report (strata are channels) and each experiment (strata are periods).
Each guard appends a plain-words blocker; planner.verdict turns any blocker into "no winner yet".
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from planner import honesty, stats
from planner.funnel import ResultRow, tally

#: Breslow-Day p-value below which the arms' odds ratio is taken to differ between strata.
HOMOGENEITY_ALPHA = 0.05


@dataclass(frozen=True)
class Stratified:
    """One arm against the reference, pooled and within strata (Mantel-Haenszel)."""

    variant: str
    reference: str
    channels: list[str]
    pooled_odds_ratio: float
    mh: stats.MantelHaenszel | None


def sample_ratio(observed: dict[str, int], planned: dict[str, float], people: str,
                 blockers: list[str], label: Callable[[str], str] = str) -> stats.SampleRatio | None:
    """Check `observed` people per arm against the planned split; a mismatch is a blocker."""
    if not sum(observed.values()):
        return None
    result = stats.sample_ratio_mismatch(observed, planned)
    if result.mismatch:
        blockers.append(honesty.SRM.format(
            observed=", ".join(f"{label(k)} {observed.get(k, 0):,}" for k in planned), people=people,
            planned=", ".join(f"{label(k)} {v:g}" for k, v in planned.items()), p=result.p))
    return result


def stage_cells(rows: list[ResultRow], stratum, numerator: str, denominator: str) -> dict[tuple[str, str], list[int]]:
    """(variant, stratum) -> [successes, trials] for one rate, over the rows that know both stages."""
    groups: dict[tuple[str, str], list[ResultRow]] = defaultdict(list)
    for row in rows:
        groups[(row.variant, stratum(row))].append(row)
    return {key: [(found := tally(group, numerator, denominator)).successes, found.trials]
            for key, group in groups.items()}


def stratify(cells: dict[tuple[str, str], list[int]], names: list[str], blockers: list[str],
             strata: str, apart_blocks: bool = True, label: Callable[[str], str] = str) -> list[Stratified]:
    """Each arm against the first within shared strata (Mantel-Haenszel), adding Simpson and apart blockers.

    With `apart_blocks`, arms that share no stratum with the first are a blocker (channels); weeks of a
    rotation are apart by design, so there it is off. Simpson's reversal is claimed only when it is more
    than noise: the stratified odds ratio's interval excludes 1 on the side opposite the pooled estimate,
    or the Breslow-Day test rejects a common odds ratio across strata (p < 0.05).
    """
    reference = names[0]
    views, apart = [], []
    for name in names[1:]:
        shared = sorted(c for (v, c), (_, n) in cells.items()
                        if v == name and n and cells.get((reference, c), [0, 0])[1])
        if not shared:
            apart.append(name)
            continue
        tables = [np.array([[cells[(name, c)][0], cells[(name, c)][1] - cells[(name, c)][0]],
                            [cells[(reference, c)][0], cells[(reference, c)][1] - cells[(reference, c)][0]]])
                  for c in shared]
        pooled = stats.pooled_odds_ratio(tables)
        try:
            mh = stats.mantel_haenszel(tables)
        except ValueError:
            mh = None
        views.append(Stratified(name, reference, shared, pooled, mh))
        if mh and len(shared) > 1 and np.isfinite(pooled) and (
                _excludes_one_opposite(pooled, mh) or stats.homogeneity_p(tables) < HOMOGENEITY_ALPHA):
            blockers.append(honesty.SIMPSON.format(
                arm=label(name), reference=label(reference), pooled=honesty.direction(pooled),
                pooled_or=f"{pooled:.2f}",
                stratified=honesty.direction(mh.odds_ratio), mh_or=f"{mh.odds_ratio:.2f}",
                low=_number(mh.ci_low), high=_number(mh.ci_high), strata=strata))
    if apart and apart_blocks:
        blockers.append(f"{', '.join(map(label, apart))} never ran in the same {strata} as {label(reference)}, so "
                        f"any difference from {label(reference)} is mixed up with the difference between {strata}s.")
    return views



def _excludes_one_opposite(pooled: float, mh: stats.MantelHaenszel) -> bool:
    if mh.ci_low is None or mh.ci_high is None:
        return False
    return (pooled > 1 and mh.ci_high < 1) or (pooled < 1 and mh.ci_low > 1)


def _number(value: float | None) -> str:
    return "n/a" if value is None or not np.isfinite(value) else f"{value:.2f}"
