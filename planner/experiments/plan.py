"""Planning an experiment: choose the arms, size them with the sample-size planner, date them.

`plan` returns the experiment and its arms' variants without saving; the caller adds both to the
campaign and saves once, so the store issues each arm its spoken code in the same transaction.
"""

from __future__ import annotations

import datetime as dt
import re
import secrets
from dataclasses import dataclass, field

from adverts.model import Variant
from adverts.tracking import usual_landing_page
from planner import stats
from planner.campaign import Campaign, Organisation
from planner.channels import CHANNELS
from planner.experiments import arms as arms_module
from planner.experiments.model import MAX_ARMS, MIN_ARMS, Experiment, Factor, Metric, Rotation

DEFAULT_BASELINE = 0.10
DEFAULT_DIFFERENCE = 0.10
DEFAULT_CTAS = ("Chat to us first", "Apply now")


class PlanError(ValueError):
    """The experiment cannot be planned as asked; the message says what to change."""


@dataclass(frozen=True)
class Request:
    factor: Factor
    channel: str
    persona: str | None = None
    themes: list[str] | None = None
    ctas: list[str] = field(default_factory=lambda: list(DEFAULT_CTAS))
    images: list[str] = field(default_factory=list)
    cta: str = arms_module.DEFAULT_CTA
    baseline_rate: float = DEFAULT_BASELINE
    min_difference: float = DEFAULT_DIFFERENCE
    metric: Metric = "starts/enquiries"
    name: str | None = None
    hypothesis: str = ""
    key: str | None = None
    start: dt.date | None = None
    end: dt.date | None = None
    landing_page: str | None = None
    venues: list[str] = field(default_factory=list)
    weeks: int | None = None
    seed: int | None = None


@dataclass(frozen=True)
class Planned:
    experiment: Experiment
    variants: list[Variant]
    notes: list[str]


def plan(campaign: Campaign, organisation: Organisation, request: Request) -> Planned:
    """The experiment and one new variant per arm, or PlanError naming what is missing."""
    persona = _persona(campaign, request)
    themes = _themes(campaign, persona, request)
    try:
        if request.factor == "theme":
            copies = arms_module.theme_arms(campaign, organisation, themes, request.channel, persona, request.cta)
        elif request.factor == "cta":
            copies = arms_module.cta_arms(campaign, organisation, themes[0], request.channel, persona,
                                          _distinct(request.ctas, "call to action"))
        else:
            copies = arms_module.image_arms(campaign, organisation, themes[0], request.channel, persona, request.cta,
                                            _distinct(request.images, "image note"))
    except arms_module.ArmError as error:
        raise PlanError(str(error)) from None
    if not MIN_ARMS <= len(copies) <= MAX_ARMS:
        raise PlanError(f"an experiment has {MIN_ARMS} to {MAX_ARMS} arms; this one would have {len(copies)}")
    key = request.key or _free_key(campaign, f"{request.factor}-{request.channel}")
    if campaign.experiment(key):
        raise PlanError(f"the campaign already has an experiment {key!r}: choose another key")
    landing_page = request.landing_page or usual_landing_page(campaign.variants)
    if not landing_page:
        raise PlanError("the arms need a landing page for their tracked links and QR codes: give its address "
                        "(--landing-page in the CLI)")
    try:
        variants = arms_module.variants_for(copies, campaign, key, persona, request.channel, landing_page)
    except ValueError as error:
        raise PlanError(f"landing page: {error}") from None
    try:
        size = stats.sample_size(request.baseline_rate, request.min_difference)
    except ValueError as error:
        raise PlanError(f"sample size: {error}") from None
    start, end = _dates(campaign, persona, request)
    rotation = None
    if request.venues:
        if CHANNELS.get(request.channel) and CHANNELS[request.channel].kind == "paid":
            raise PlanError("venues are for local channels; a paid channel is split by Meta's own A/B test")
        rotation = Rotation(venues=request.venues, weeks=request.weeks or 2 * len(copies),
                            start=start or dt.date.today(), seed=secrets.randbelow(2**32)
                            if request.seed is None else request.seed)
    name = request.name or _default_name(request.factor, copies)
    experiment = Experiment(
        key=key, name=name, hypothesis=request.hypothesis, factor=request.factor, channel=request.channel,
        persona=persona, arms=[v.key for v in variants], metric=request.metric,
        baseline_rate=request.baseline_rate, min_difference=request.min_difference, sample_size_per_arm=size,
        start=start, end=end, rotation=rotation)
    notes = [note for copy in copies for note in (f"{copy.label}: {n}" for n in copy.notes)]
    return Planned(experiment, variants, notes)


def _persona(campaign: Campaign, request: Request) -> str:
    if request.persona:
        if campaign.persona(request.persona) is None:
            raise PlanError(f"the campaign has no persona {request.persona!r} "
                            f"(it has: {', '.join(p.key for p in campaign.personas) or 'none'})")
        return request.persona
    planned = [e.persona for e in campaign.channel_plan if e.channel == request.channel
               and campaign.persona(e.persona)]
    if planned:
        return planned[0]
    if campaign.personas:
        return campaign.personas[0].key
    raise PlanError("the campaign has no personas yet (question 3)")


def _themes(campaign: Campaign, persona: str, request: Request):
    if request.themes:
        unknown = [k for k in request.themes if campaign.theme(k) is None]
        if unknown:
            raise PlanError(f"the campaign has no theme {', '.join(map(repr, unknown))} "
                            f"(it has: {', '.join(t.key for t in campaign.themes) or 'none'})")
        themes = [campaign.theme(k) for k in dict.fromkeys(request.themes)]
    else:
        library_key = campaign.persona(persona).library_key
        speaking = [t for t in campaign.themes if any(a.persona in (persona, library_key) for a in t.addresses)]
        themes = speaking if len(speaking) >= (MIN_ARMS if request.factor == "theme" else 1) else campaign.themes
        themes = themes[:MAX_ARMS]
    if not themes:
        raise PlanError("the campaign has no themes yet (question 5)")
    if request.factor == "theme" and not MIN_ARMS <= len(themes) <= MAX_ARMS:
        raise PlanError(f"a theme test needs {MIN_ARMS} to {MAX_ARMS} themes; give them with --themes")
    return themes


def _distinct(values: list[str], what: str) -> list[str]:
    cleaned = list(dict.fromkeys(v.strip() for v in values if v.strip()))
    if len(cleaned) < MIN_ARMS:
        raise PlanError(f"give at least {MIN_ARMS} different {what}s")
    return cleaned


def _dates(campaign: Campaign, persona: str, request: Request) -> tuple[dt.date | None, dt.date | None]:
    entries = [e for e in campaign.channel_plan if e.persona == persona and e.channel == request.channel]
    starts = [e.start for e in entries if e.start]
    ends = [e.end for e in entries if e.end]
    return request.start or (min(starts) if starts else None), request.end or (max(ends) if ends else None)


def _default_name(factor: Factor, copies) -> str:
    if factor == "theme":
        return "Headline test: " + " vs ".join(c.theme.name for c in copies)
    if factor == "cta":
        return "Call to action test: " + " vs ".join(f"\u201c{c.cta}\u201d" for c in copies)
    return f"Image test: {len(copies)} images"


def _free_key(campaign: Campaign, base: str) -> str:
    base = re.sub(r"[^a-z0-9_-]+", "-", base.lower()).strip("-")[:56] or "experiment"
    keys = {e.key for e in campaign.experiments}
    return next(k for k in [base] + [f"{base}-{n}" for n in range(2, 1000)] if k not in keys)
