"""The results report: the funnel per variant and per channel, the variant comparison on hires per
enquiry, costs beside the sector's cost per hire, source agreement, and every honesty warning.

Rates use one unconditional denominator (enquiries), so a variant that brings fewer but better
people is not flattered or punished by what happens later; stage-to-stage rates are diagnostics.
A row whose stage is not known yet counts in neither part of that stage's rate, and the report says
how many rows and enquiries that leaves out; a stage no row knows has no rate, and no winner.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import asdict, dataclass, field

import numpy as np

from planner import honesty, stats
from planner.ab import Comparison, compare
from planner.campaign import Campaign
from planner.channels import CHANNELS, channel_label
from planner.funnel import LATER_STAGES, STAGE_KEYS, ResultRow, known_sum, tally
from planner.guards import Stratified, sample_ratio, stage_cells, stratify
from planner.sources import Enquiry, SourceAgreement, agreement
from planner.stats import Arm
from planner.verdict import Verdict

#: The primary metric: hires (starts) per enquiry.
PRIMARY = ("starts", "enquiries")
COST_STAGES = ("enquiries", "attended", "starts", "retained")
SECTOR_COST_PER_HIRE_GBP = 3600
SECTOR_COST_SOURCE = (
    "Skills for Care estimate the average cost per care-worker hire at about £3,600 (as quoted in Community "
    "Integrated Care's 'Unfair to Care 2024', p. 46). Sector costs include staff time and agency cover, which "
    "the costs here (spend and effort you recorded) usually do not."
)


@dataclass(frozen=True)
class StageRate:
    stage: str
    count: int
    denominator: int
    rate: float | None
    ci_low: float | None
    ci_high: float | None


@dataclass(frozen=True)
class Funnel:
    name: str
    counts: dict[str, int | None]
    """Each stage's sum over the rows that know it; None when none does (partial when `unknown` says so)."""
    reach_is_estimate: bool
    cost_gbp: float
    per_enquiry: list[StageRate]
    stage_to_stage: list[StageRate]
    no_shows: int | None
    cost_per: dict[str, float | None]
    rows: int = 0
    unknown: dict[str, int] = field(default_factory=dict)
    """Later stage -> rows where it is not known yet (only stages with some)."""

    def rate(self, stage: str) -> StageRate:
        """The stage per enquiry, over the rows that know the stage."""
        return next(r for r in self.per_enquiry if r.stage == stage)

    def arm(self, stage: str) -> Arm | None:
        """This funnel as an arm on `stage` per enquiry; None while no row with enquiries knows the stage."""
        rate = self.rate(stage)
        return Arm(self.name, rate.count, rate.denominator) if rate.denominator else None


@dataclass
class ResultsReport:
    totals: Funnel
    by_variant: list[Funnel]
    by_channel: list[Funnel]
    variants: Comparison | None
    within_channel: dict[str, Comparison]
    stratified: list[Stratified]
    srm: stats.SampleRatio | None
    sources: SourceAgreement
    verdict: Verdict
    warnings: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        data = asdict(self)
        data["verdict"] = self.verdict.to_dict()
        data["variants"] = self.variants.to_dict() if self.variants else None
        data["within_channel"] = {k: v.to_dict() for k, v in self.within_channel.items()}
        data["sources"]["pairs"] = [{"tracked": t, "self_reported": s, "count": n}
                                    for (t, s), n in self.sources.pairs.items()]
        data["primary_metric"] = "starts per enquiry"
        data["sector_cost_per_hire_gbp"] = SECTOR_COST_PER_HIRE_GBP
        data["sector_cost_source"] = SECTOR_COST_SOURCE
        return _finite(data)


def build(campaign: Campaign, rows: list[ResultRow], people: list[Enquiry] = ()) -> ResultsReport:
    """The campaign-wide report, with one verdict that every guard can stop (see planner.verdict)."""
    order = {variant.key: i for i, variant in enumerate(campaign.variants)}
    by_variant = _grouped(rows, lambda r: r.variant, order)
    by_channel = _grouped(rows, lambda r: r.channel, {key: i for i, key in enumerate(CHANNELS)})
    warnings: list[str] = []
    arms = [arm for f in by_variant if (arm := f.arm(PRIMARY[0]))]
    channels = {row.channel for row in rows}
    facebook_variants = {row.variant for row in rows if row.channel == "facebook" and row.enquiries}
    if len(facebook_variants) > 1:
        warnings.append(honesty.DIVERGENT_DELIVERY)
    if len(channels) > 1:
        warnings.append(honesty.CHANNELS_OBSERVATIONAL)
    if any(row.reach_is_estimate for row in rows):
        warnings.append("Offline reach is an estimate (people who might have seen a leaflet or heard a talk), so "
                        "rates per person reached are rough; rates per enquiry are not affected.")
    blockers: list[str] = []
    label = _labels(campaign)
    unknown = [f.name for f in by_variant if f.counts["enquiries"] and f.arm(PRIMARY[0]) is None]
    if unknown:
        blockers.append(f"{PRIMARY[0].capitalize()} are not known yet for {', '.join(map(label, unknown))}, so "
                        f"{'it has' if len(unknown) == 1 else 'they have'} no rate and there is no winner yet.")
    srm = _srm(campaign, rows, blockers, label)
    stratified = []
    if len(arms) > 1:
        cells = stage_cells(rows, lambda r: r.channel, *PRIMARY)
        stratified = stratify(cells, [arm.name for arm in arms], blockers, strata="channel", label=label)
    within = {}
    for channel in sorted(channels):
        channel_arms = [arm for f in _grouped([r for r in rows if r.channel == channel], lambda r: r.variant, order)
                        if (arm := f.arm(PRIMARY[0]))]
        if len(channel_arms) > 1:
            within[channel] = compare(channel_arms)
    comparison = compare(arms, extra_warnings=warnings + blockers, blockers=blockers,
                         label=label) if len(arms) > 1 else None
    verdict = comparison.verdict if comparison else Verdict(
        None, f"No comparison yet: fewer than two variants have enquiries with {PRIMARY[0]} known."
        + (f" {blockers[0]}" if unknown else ""))
    return ResultsReport(
        totals=_funnel("All results", rows), by_variant=by_variant, by_channel=by_channel, variants=comparison,
        within_channel=within, stratified=stratified, srm=srm, sources=agreement(list(people)), verdict=verdict,
        warnings=comparison.warnings if comparison else warnings + blockers + [honesty.PEEKING],
    )


def _grouped(rows: list[ResultRow], key, order: dict[str, int]) -> list[Funnel]:
    groups: dict[str, list[ResultRow]] = defaultdict(list)
    for row in rows:
        groups[key(row)].append(row)
    names = sorted(groups, key=lambda name: (order.get(name, len(order)), name))
    return [_funnel(name, groups[name]) for name in names]


def _funnel(name: str, rows: list[ResultRow]) -> Funnel:
    sums = {stage: known_sum(rows, stage) for stage in STAGE_KEYS[1:]}
    reaches = [r.reach for r in rows]
    counts = {"reach": None if any(r is None for r in reaches) or not rows else sum(reaches),
              **{stage: total for stage, (total, _) in sums.items()}}
    per_enquiry = [_rate(stage, rows, "enquiries") for stage in STAGE_KEYS[2:]]
    steps = [_rate(stage, rows, previous) for previous, stage in zip(STAGE_KEYS[1:], STAGE_KEYS[2:], strict=False)]
    cost = round(sum(r.cost_gbp for r in rows), 2)
    cost_per = {stage: _cost_per(rows, stage) for stage in COST_STAGES}
    shows = [r.no_shows for r in rows if r.no_shows is not None]
    return Funnel(name, counts, any(r.reach_is_estimate for r in rows), cost, per_enquiry, steps,
                  sum(shows) if shows else None, cost_per, len(rows),
                  {stage: missing for stage, (_, missing) in sums.items() if missing})


def _rate(stage: str, rows: list[ResultRow], base: str) -> StageRate:
    """`stage` per `base` over the rows that know both."""
    found = tally(rows, stage, base)
    if not found.trials:
        return StageRate(stage, found.successes, 0, None, None, None)
    low, high = stats.wilson_interval(found.successes, found.trials)
    return StageRate(stage, found.successes, found.trials, found.successes / found.trials, low, high)


def _cost_per(rows: list[ResultRow], stage: str) -> float | None:
    """Spend per person at `stage`, over the rows that know it (their spend only)."""
    known = [r for r in rows if getattr(r, stage) is not None]
    people = sum(getattr(r, stage) for r in known)
    return round(sum(r.cost_gbp for r in known) / people, 2) if people else None


def not_known_yet(funnel: Funnel) -> list[str]:
    """'retained: not known yet for 2 of 5 rows (40 of 120 enquiries)', stages with the same gap together."""
    gaps: dict[tuple[int, int], list[str]] = {}
    for stage in LATER_STAGES:
        if missing := funnel.unknown.get(stage):
            people = (funnel.counts["enquiries"] or 0) - funnel.rate(stage).denominator
            gaps.setdefault((missing, people), []).append(stage)
    return [f"{', '.join(stages)}: not known yet for {missing} of {funnel.rows} row{'s' * (funnel.rows != 1)} "
            f"({people:,} of {funnel.counts['enquiries']:,} enquiries)" for (missing, people), stages in gaps.items()]


def _labels(campaign: Campaign):
    """Variant keys in words for people: the headline and the spoken code, as every page shows them."""
    words = {v.key: f"\u201c{v.headline}\u201d" + (f" ({v.spoken_code})" if v.spoken_code else "")
             for v in campaign.variants}
    return lambda key: words.get(key, key)


def _srm(campaign: Campaign, rows: list[ResultRow], blockers: list[str], label) -> stats.SampleRatio | None:
    """Sample-ratio mismatch on enquiries (the people the primary rate is per), never on impressions."""
    planned = {k: v for k, v in campaign.planned_split.items() if v > 0}
    if len(planned) < 2:
        return None
    observed: dict[str, int] = defaultdict(int)
    for row in rows:
        if row.variant in planned:
            observed[row.variant] += row.enquiries
    return sample_ratio(dict(observed), planned, "enquiries", blockers, label)


def _finite(value):
    """JSON has no infinity or NaN: write them as null."""
    if isinstance(value, float) and not np.isfinite(value):
        return None
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_finite(v) for v in value]
    return value


def render_text(report: ResultsReport) -> str:
    """The report for a terminal: funnels, the comparison, costs and the warnings."""
    lines = ["Hires (starts) per enquiry, by variant (95% Wilson interval):"]
    for f in report.by_variant + [None] + report.by_channel:
        if f is None:
            lines += ["", "By channel (observational: intervals only):"]
            continue
        rate = f.rate("starts")
        shown = (f"{rate.count}/{rate.denominator} = {rate.rate:.1%} ({rate.ci_low:.1%} to {rate.ci_high:.1%})"
                 if rate.rate is not None else "starts not known yet" if "starts" in f.unknown else "no enquiries")
        cost = f.cost_per["starts"]
        label = channel_label(f.name) if f in report.by_channel else f.name
        shows = "not known yet" if f.no_shows is None else f.no_shows
        lines.append(f"  {label}: {shown}; no-shows {shows}; "
                     f"cost per start {'£' + format(cost, ',.0f') if cost else 'n/a'}")
        lines += [f"    {note}" for note in not_known_yet(f)]
    lines += ["", f"Verdict: {report.verdict.reason}"]
    if report.variants:
        lines += [f"  {a.name}: P(best) {a.p_best:.1%}, expected loss {a.expected_loss:.2%}"
                  for a in report.variants.arms]
    for view in report.stratified:
        if view.mh:
            lines.append(f"  {view.variant} vs {view.reference} within {', '.join(view.channels)}: Mantel-Haenszel "
                         f"odds ratio {view.mh.odds_ratio:.2f} (pooled {view.pooled_odds_ratio:.2f})")
    total = report.totals.cost_per
    lines += ["", "Cost per enquiry, attendee, start and retained hire: " + ", ".join(
        "£" + format(total[s], ",.0f") if total[s] else "n/a" for s in COST_STAGES),
        f"Sector estimate: about £{SECTOR_COST_PER_HIRE_GBP:,} per care-worker hire. {SECTOR_COST_SOURCE}"]
    src = report.sources
    if src.total:
        agree = f"{src.rate:.0%}" if src.rate is not None else "n/a"
        lines.append(f"Sources: {src.total} enquiries; tracked and self-reported agree for {src.agree} of "
                     f"{src.both_known} where both are known ({agree}).")
    lines += [""] + [f"Warning: {w}" for w in report.warnings]
    return "\n".join(lines)
