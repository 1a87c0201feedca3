"""Judging one experiment on its own: its channel, its run, its arms, and every guard.

Only result rows from the experiment's channel and dates count, so a headline test is not mixed up
with other channels or other weeks. The verdict names a winner only when no guard fires: too few
people, a sample-ratio mismatch on people, Simpson's reversal across weeks, an arm that never ran,
or the planned number of people not yet reached (unless someone recorded a decision to stop early).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from adverts.model import Variant
from planner import honesty
from planner.ab import Comparison, compare
from planner.campaign import Campaign
from planner.channels import CHANNELS, channel_label
from planner.experiments.model import Experiment
from planner.funnel import ResultRow, Tally, tally
from planner.guards import Stratified, sample_ratio, stage_cells, stratify
from planner.stats import Arm, SampleRatio
from planner.verdict import Verdict


@dataclass(frozen=True)
class ArmSummary:
    variant: str
    headline: str
    spoken_code: str | None
    differs: str
    """The part that is being tested, as the reader sees it (the headline, the call to action or image)."""
    successes: int
    trials: int
    """Over the rows that know both stages (planner.funnel.tally)."""
    more_needed: int
    unknown_rows: int = 0
    unknown_people: int = 0
    """Rows whose numerator stage is not known yet, and the people in them: in neither part of the rate."""

    @property
    def not_known_yet(self) -> bool:
        """It ran, but no row knows the outcome yet: no rate, and it cannot win."""
        return self.trials == 0 and self.unknown_people > 0

    @property
    def label(self) -> str:
        return f"\u201c{self.differs}\u201d" + (f" ({self.spoken_code})" if self.spoken_code else "")


@dataclass
class ExperimentReport:
    experiment: Experiment
    arms: list[ArmSummary]
    comparison: Comparison | None
    verdict: Verdict
    srm: SampleRatio | None
    stratified: list[Stratified]
    caveats: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        e = self.experiment
        by_name = {a.name: a for a in self.comparison.arms} if self.comparison else {}
        return {
            "key": e.key, "name": e.name, "hypothesis": e.hypothesis, "factor": e.factor, "channel": e.channel,
            "persona": e.persona, "status": e.status, "metric": e.metric_label,
            "sample_size_per_arm": e.sample_size_per_arm,
            "start": e.start.isoformat() if e.start else None, "end": e.end.isoformat() if e.end else None,
            "override": e.override.model_dump(mode="json") if e.override else None,
            "arms": [{"variant": a.variant, "headline": a.headline, "spoken_code": a.spoken_code,
                      "tested": a.differs, "successes": a.successes, "trials": a.trials,
                      "more_needed": a.more_needed, "unknown_rows": a.unknown_rows,
                      "unknown_people": a.unknown_people,
                      **({k: getattr(by_name[a.variant], k) for k in ("rate", "ci_low", "ci_high", "p_best",
                                                                       "expected_loss")}
                         if a.variant in by_name else {})}
                     for a in self.arms],
            "verdict": self.verdict.to_dict(),
            "comparison": self.comparison.to_dict() if self.comparison else None,
            "caveats": list(self.caveats),
        }


def analyse(campaign: Campaign, experiment: Experiment, rows: list[ResultRow]) -> ExperimentReport:
    numerator, denominator = experiment.stages
    keys = _keys(campaign)
    mine = [row.model_copy(update={"variant": keys.get(row.variant, row.variant)}) for row in rows]
    mine = [row for row in mine if row.channel == experiment.channel and row.variant in experiment.arms
            and experiment.covers(row.period_start)]
    groups: dict[str, list[ResultRow]] = defaultdict(list)
    for row in mine:
        groups[row.variant].append(row)
    arms = [_arm(campaign.variant(key), experiment, tally(groups[key], numerator, denominator))
            for key in experiment.arms]
    labels = {a.variant: a.label for a in arms}

    def label(key: str) -> str:
        return labels.get(key, key)

    where = f"in {channel_label(experiment.channel)}" + (
        f" between {experiment.start:%d %b %Y} and {experiment.end:%d %b %Y}" if experiment.start and experiment.end
        else "")
    blockers: list[str] = []
    caveats: list[str] = []
    ran = [a for a in arms if a.trials > 0]
    waiting = [a for a in arms if a.not_known_yet]
    never = [a for a in arms if a.trials == 0 and not a.not_known_yet]
    if never and (ran or waiting):
        blockers.append(f"{', '.join(a.label for a in never)} never ran {where}, so there is nothing to compare "
                        "it with.")
    if waiting:
        blockers.append(f"{numerator.capitalize()} are not known yet for {', '.join(a.label for a in waiting)} "
                        f"({sum(a.unknown_people for a in waiting):,} {experiment.people}), so there is no rate to "
                        "compare and no winner yet.")
    partial = [a for a in arms if a.unknown_rows and a.trials]
    if partial:
        caveats.append(f"{numerator.capitalize()} are not known yet for " + "; ".join(
            f"{a.unknown_rows} row{'s' * (a.unknown_rows != 1)} of {a.label} ({a.unknown_people:,} "
            f"{experiment.people})" for a in partial) + ": the rates use only the rows where they are known.")
    # Every person counts for the split, whether or not their outcome is known yet.
    srm = sample_ratio({a.variant: a.trials + a.unknown_people for a in arms}, {a.variant: 1.0 for a in arms},
                       experiment.people, blockers, label) if len(ran) > 1 else None
    stratified: list[Stratified] = []
    if len(ran) > 1:
        cells = stage_cells(mine, lambda r: r.period_start.isoformat() if r.period_start else "undated",
                            numerator, denominator)
        stratified = stratify(cells, [a.variant for a in ran], blockers, strata="week", apart_blocks=False,
                              label=label)
    short = [a for a in arms if a.more_needed]
    if short and ran and experiment.override is None:
        blockers.append(f"The plan needs {experiment.sample_size_per_arm:,} {experiment.people} in each arm; "
                        + "; ".join(f"{a.label} has {a.trials:,} ({a.more_needed:,} more needed)" for a in short)
                        + ". Deciding early needs a recorded override.")
    if experiment.override:
        o = experiment.override
        caveats.append(f"Decided before the planned sample was reached: {o.by} chose to on {o.at:%d %b %Y} "
                       f"({o.reason}).")
    if CHANNELS.get(experiment.channel) and CHANNELS[experiment.channel].kind == "paid":
        caveats.append("Fair only if the arms ran as Meta's own A/B test (planner export facebook --experiment), "
                       "which splits people at random. Otherwise: " + honesty.DIVERGENT_DELIVERY)
    comparison = None
    if len(ran) > 1:
        comparison = compare([Arm(a.variant, a.successes, a.trials) for a in ran], blockers=blockers,
                             label=label)
        verdict = comparison.verdict
        caveats += [w for w in comparison.warnings if w not in blockers]
    elif not ran and not waiting:
        verdict = Verdict(None, f"No results yet {where}." + (f" It needs {experiment.sample_size_per_arm:,} "
                                                              f"{experiment.people} in each arm."))
    else:
        verdict = Verdict(None, f"No winner yet. {blockers[0]}")
    return ExperimentReport(experiment, arms, comparison, verdict, srm, stratified, blockers + caveats)


def _arm(variant: Variant | None, experiment: Experiment, found: Tally) -> ArmSummary:
    headline = variant.headline if variant else "(variant deleted)"
    differs = {"theme": headline, "cta": variant.cta if variant else "",
               "image": variant.image_note if variant else ""}[experiment.factor]
    key = variant.key if variant else "?"
    return ArmSummary(key, headline, variant.spoken_code if variant else None, differs, found.successes,
                      found.trials, max(experiment.sample_size_per_arm - found.trials, 0), found.unknown_rows,
                      found.unknown_people)


def _keys(campaign: Campaign) -> dict[str, str]:
    """Result rows may name a variant by its spoken code; map codes to keys."""
    return {v.spoken_code: v.key for v in campaign.variants if v.spoken_code}


