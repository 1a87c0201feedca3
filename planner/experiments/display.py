"""An experiment in words for the terminal: the arms side by side, the report, the rotation."""

from __future__ import annotations

import textwrap

from planner.campaign import Campaign
from planner.channels import channel_label
from planner.experiments.model import Experiment
from planner.experiments.report import ExperimentReport
from planner.experiments.rotation import schedule

FIELDS = ("headline", "primary_text", "description", "cta", "image_note")
LABELS = {"headline": "Headline", "primary_text": "Primary text", "description": "Description",
          "cta": "Call to action", "image_note": "Image"}


def differing_fields(campaign: Campaign, experiment: Experiment) -> list[str]:
    """The fields whose text is not the same in every arm: what the test varies."""
    arms = [campaign.variant(key) for key in experiment.arms]
    return [f for f in FIELDS if len({getattr(v, f) for v in arms if v}) > 1]


def split_shared_tail(texts: list[str]) -> tuple[list[str], str]:
    """Each text's own opening paragraphs, and the closing paragraphs every text shares (a theme test's
    arms open with their own questions and end with the same facts)."""
    paragraphs = [text.split("\n\n") for text in texts]
    shared = 0
    while all(len(p) > shared + 1 for p in paragraphs) and len({p[-1 - shared] for p in paragraphs}) == 1:
        shared += 1
    tail = "\n\n".join(paragraphs[0][len(paragraphs[0]) - shared:]) if shared else ""
    return ["\n\n".join(p[:len(p) - shared]) for p in paragraphs], tail


def arm_parts(campaign: Campaign, experiment: Experiment) -> tuple[list[dict[str, str]], dict[str, str]]:
    """Per arm, the text of each field that differs (only its own part); and what every arm shares."""
    arms = [campaign.variant(key) for key in experiment.arms]
    differs = differing_fields(campaign, experiment)
    own: list[dict[str, str]] = [{} for _ in arms]
    shared = {f: getattr(arms[0], f) for f in FIELDS if f not in differs and getattr(arms[0], f)}
    for f in differs:
        heads, tail = split_shared_tail([getattr(v, f) for v in arms])
        for parts, head in zip(own, heads, strict=True):
            parts[f] = head
        if tail:
            shared[f] = tail
    return own, shared


def side_by_side(campaign: Campaign, experiment: Experiment) -> str:
    """Each arm's own part of the fields that differ, marked >>, then what every arm shares, said once."""
    own, shared = arm_parts(campaign, experiment)
    lines = []
    for number, (key, parts) in enumerate(zip(experiment.arms, own, strict=True), start=1):
        variant = campaign.variant(key)
        lines.append(f"Arm {number}: {variant.spoken_code or variant.key} ({variant.key})")
        for f, text in parts.items():
            lines += _wrapped(f">> {LABELS[f]}: ", text)
        lines.append("")
    lines.append("The same in every arm:")
    for f, text in shared.items():
        label = f"{LABELS[f]} (after each arm's own opening)" if any(f in parts for parts in own) else LABELS[f]
        lines += _wrapped(f"   {label}: ", text)
    return "\n".join(lines)


def report_text(report: ExperimentReport) -> str:
    """The answer first, then the intervals and P(best), then the caveats."""
    e = report.experiment
    lines = [f"{e.name} ({e.key}): {e.factor} test in {channel_label(e.channel)}, {e.metric_label}", "",
             f"Verdict: {report.verdict.reason}", ""]
    by_name = {a.name: a for a in report.comparison.arms} if report.comparison else {}
    for arm in report.arms:
        stats = by_name.get(arm.variant)
        numbers = (f"{arm.successes}/{arm.trials} = {stats.rate:.1%} (95% {stats.ci_low:.1%} to {stats.ci_high:.1%}), "
                   f"P(best) {stats.p_best:.1%}" if stats else
                   f"not known yet ({arm.unknown_people:,} {e.people})" if arm.not_known_yet else
                   f"{arm.successes}/{arm.trials}")
        more = f"; {arm.more_needed:,} more needed" if arm.more_needed else ""
        lines.append(f"  {arm.label}: {numbers}{more}")
    if report.comparison:
        for v in report.comparison.vs_first:
            lines.append(f"  {v.name} against {report.comparison.arms[0].name}: Fisher's exact p = {v.p:.3g}, "
                         f"Holm-adjusted {v.holm_p:.3g}")
    if report.caveats:
        lines += ["", "Caveats:"] + [f"- {c}" for c in report.caveats]
    return "\n".join(lines)


def schedule_text(campaign: Campaign, experiment: Experiment) -> str:
    """The rotation as a table a recruiter can print: week, venue, arm and its spoken code."""
    rotation = experiment.rotation
    if rotation is None:
        return ""
    lines = [f"Rotation (seed {rotation.seed}: the same seed draws the same schedule)",
             f"{'Week':<6}{'Starting':<13}{'Venue':<28}Arm"]
    for slot in schedule(rotation, experiment.arms):
        variant = campaign.variant(slot.arm)
        shown = f"{variant.spoken_code or variant.key}: {variant.headline}" if variant else slot.arm
        lines.append(f"{slot.week:<6}{slot.starts:%d %b %Y}  {slot.venue[:26]:<28}{shown}")
    return "\n".join(lines)


def _wrapped(prefix: str, text: str) -> list[str]:
    return textwrap.wrap(" ".join(text.split()), 100, initial_indent=prefix,
                         subsequent_indent=" " * len(prefix)) or [prefix]
