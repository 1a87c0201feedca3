"""What the Facebook export sends, as plain data: one campaign, its ad sets, creatives and ads.

The plan is built from the campaign alone, before any request. The compliance check, the
dry-run, the live run and the Ads Manager sheet of the workbook all read this one plan, so
what is checked is exactly what is sent.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Literal
from zoneinfo import ZoneInfo

from facebook_business.adobjects.adcreativelinkdatacalltoaction import AdCreativeLinkDataCallToAction as CTA
from facebook_business.adobjects.adset import AdSet
from facebook_business.adobjects.adstudy import AdStudy
from facebook_business.adobjects.adstudyobjective import AdStudyObjective
from facebook_business.adobjects.campaign import Campaign as FbCampaign

from adverts.model import Variant
from adverts.tracking import utm_link
from planner.campaign import Campaign, ChannelPlanEntry
from planner.meta import API_VERSION  # noqa: F401  (re-exported: the plan is shown with its version)

Objective = Literal["traffic", "leads"]
Grouping = Literal["persona-theme", "persona"]
OBJECTIVES: dict[str, str] = {
    "traffic": FbCampaign.Objective.outcome_traffic,
    "leads": FbCampaign.Objective.outcome_leads,
}
GROUPINGS: tuple[str, ...] = ("persona-theme", "persona")
PAUSED = FbCampaign.Status.paused
FACEBOOK = "facebook"
AGE_MIN, AGE_MAX = 18, 65
DEFAULT_RUN_DAYS = 28
LONDON = ZoneInfo("Europe/London")


class PlanError(ValueError):
    """The campaign cannot be exported yet; every problem is listed, in plain words."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("\n".join(problems))


@dataclass(frozen=True)
class AdSetSpec:
    key: str
    """Stable local key: "<persona>/<theme>" or "<persona>"; ids are recorded against it."""
    name: str
    persona: str
    params: dict
    """The ad set's request parameters, all but campaign_id (known only once the campaign exists)."""
    budget_gbp: float


@dataclass(frozen=True)
class AdSpec:
    variant: str
    adset: str
    creative_name: str
    creative_params: dict
    ad_name: str


@dataclass(frozen=True)
class StudySpec:
    """Meta's A/B test (an ad study of type SPLIT_TEST): one cell per arm, each holding its own ad set."""

    key: str
    name: str
    params: dict
    """Everything but the cells, which need the ad sets' ids."""
    cells: list[tuple[str, str, int]]
    """(cell name, ad set key, treatment percentage), percentages adding up to 100."""

    def request(self, adset_ids: dict[str, str]) -> dict:
        return {**self.params, "cells": [{"name": name, "treatment_percentage": share, "adsets": [adset_ids[key]]}
                                         for name, key, share in self.cells]}


@dataclass(frozen=True)
class ExportPlan:
    tag: str
    campaign_name: str
    campaign_params: dict
    adsets: list[AdSetSpec]
    ads: list[AdSpec]
    notes: list[str]
    """Defaults the plan had to choose (for example run dates), shown to the user."""
    study: StudySpec | None = None
    campaign_key: str = "campaign"
    """The local key the Meta campaign's id is recorded under: one per plain export, one per experiment."""

    def ad_params(self, ad: AdSpec, adset_id: str, creative_id: str) -> dict:
        return {"name": ad.ad_name, "adset_id": adset_id, "creative": {"creative_id": creative_id},
                "status": PAUSED}


def facebook_variants(campaign: Campaign) -> list[Variant]:
    """The variants that go to Facebook: channel "facebook", not rejected."""
    return [v for v in campaign.variants if v.channel == FACEBOOK and v.status != "rejected"]


def campaign_tag(campaign: Campaign) -> str:
    """Added to every object name, so objects from this planner and campaign are recognisable."""
    return f"[pcp:{campaign.slug}]"


def build_plan(
    campaign: Campaign,
    *,
    objective: Objective = "traffic",
    page_id: str,
    group_by: Grouping = "persona-theme",
    today: dt.date | None = None,
) -> ExportPlan:
    """The objects to create, or PlanError listing everything that has to be fixed first."""
    if objective not in OBJECTIVES:
        raise PlanError([f"objective must be one of {', '.join(OBJECTIVES)} (Meta's outcome objectives)"])
    if group_by not in GROUPINGS:
        raise PlanError([f"group_by must be one of {', '.join(GROUPINGS)}"])
    today = today or dt.date.today()
    problems: list[str] = []
    notes: list[str] = []
    variants = facebook_variants(campaign)
    if not variants:
        problems.append("No variants for the Facebook channel (or all are rejected): write some on the Variants "
                        "page first.")
    geo = campaign.geo
    if geo.latitude is None or geo.longitude is None:
        problems.append("The campaign has no location for Facebook: set its latitude and longitude (the centre "
                        f"of the {geo.radius_km:g} km radius). Employment ads can only target a radius around a "
                        "place, never postcodes or areas.")
    for variant in variants:
        if campaign.persona(variant.persona) is None:
            problems.append(f"Variant {variant.key!r} is for persona {variant.persona!r}, which is not in "
                            "this campaign.")

    tag = campaign_tag(campaign)
    groups: dict[str, list[Variant]] = defaultdict(list)
    for variant in variants:
        key = variant.persona if group_by == "persona" else f"{variant.persona}/{variant.theme}"
        groups[key].append(variant)
    per_persona: dict[str, list[str]] = defaultdict(list)
    for key, members in groups.items():
        per_persona[members[0].persona].append(key)

    adsets: list[AdSetSpec] = []
    schedules = {persona: _schedule(campaign, persona, today, problems, notes) for persona in per_persona}
    for persona_key, keys in per_persona.items():
        schedule = schedules[persona_key]
        if schedule is None:
            continue
        budget_pence, start, end = schedule
        for key, pence in zip(keys, _split(budget_pence, len(keys)), strict=True):
            members = groups[key]
            name = _adset_name(campaign, members[0], group_by, tag)
            adsets.append(AdSetSpec(key, name, persona_key,
                                    _adset_params(campaign, name, pence, start, end, objective, page_id),
                                    pence / 100))

    planned = {adset.key for adset in adsets}
    links = {v.key: _tracked_link(campaign, v, problems) for key, vs in groups.items() if key in planned for v in vs}
    ads = [
        AdSpec(
            variant=variant.key,
            adset=key,
            creative_name=f"{variant.key} creative {tag}",
            creative_params=_creative_params(variant, links[variant.key], page_id, tag),
            ad_name=f"{variant.key} {tag}",
        )
        for key, members in groups.items() if key in planned
        for variant in members
    ]
    if variants and not ads and not problems:
        problems.append("No persona with Facebook variants has a Facebook budget in the channel plan (question 7).")
    if problems:
        raise PlanError(problems)
    campaign_name = f"{_short(campaign.name)} {tag}"
    return ExportPlan(tag, campaign_name, _campaign_params(campaign_name, objective), adsets, ads, notes)


def build_experiment_plan(
    campaign: Campaign,
    experiment_key: str,
    *,
    objective: Objective = "traffic",
    page_id: str,
    today: dt.date | None = None,
) -> ExportPlan:
    """One campaign for the experiment, one ad set and one ad per arm, and Meta's A/B test over the ad sets.

    Meta then splits people at random into non-overlapping groups, one per arm, so each arm reaches a
    comparable audience instead of the one Meta's delivery would pick for it (divergent delivery).
    """
    if objective not in OBJECTIVES:
        raise PlanError([f"objective must be one of {', '.join(OBJECTIVES)} (Meta's outcome objectives)"])
    experiment = campaign.experiment(experiment_key)
    if experiment is None:
        known = ", ".join(e.key for e in campaign.experiments) or "none"
        raise PlanError([f"the campaign has no experiment {experiment_key!r} (its experiments: {known})"])
    if experiment.channel != FACEBOOK:
        raise PlanError([f"experiment {experiment.key!r} runs in {experiment.channel}, not on Facebook: local "
                         "channels use the rotation (planner experiment schedule) instead"])
    today = today or dt.date.today()
    problems: list[str] = []
    notes: list[str] = []
    arms = [campaign.variant(key) for key in experiment.arms]
    problems += [f"arm {key!r} is no longer in the campaign" for key, v in zip(experiment.arms, arms, strict=True)
                 if v is None]
    problems += [f"arm {v.key!r} is rejected: an A/B test needs every arm" for v in arms if v and
                 v.status == "rejected"]
    if campaign.geo.latitude is None or campaign.geo.longitude is None:
        problems.append("The campaign has no location for Facebook: set the centre of the radius in question 7.")
    schedule = _schedule(campaign, experiment.persona, today, problems, notes)
    if problems or schedule is None:
        raise PlanError(problems or ["No Facebook budget for this persona in the channel plan (question 7)."])
    budget_pence, start, end = schedule
    if experiment.start:
        start = max(start, dt.datetime.combine(experiment.start, dt.time(0, 0), LONDON))
    if experiment.end:
        end = dt.datetime.combine(experiment.end, dt.time(23, 59, 59), LONDON)
    if end <= start:
        raise PlanError([f"experiment {experiment.key!r} ends before it starts: check its dates and question 7"])
    tag = campaign_tag(campaign)
    prefix = f"experiment:{experiment.key}"
    adsets, ads = [], []
    for number, (variant, pence) in enumerate(zip(arms, _split(budget_pence, len(arms)), strict=True), start=1):
        name = f"{_short(experiment.name, 60)} · arm {number} {variant.key} {tag}"
        adsets.append(AdSetSpec(f"{prefix}/{variant.key}", name, experiment.persona,
                                _adset_params(campaign, name, pence, start, end, objective, page_id), pence / 100))
        link = _tracked_link(campaign, variant, problems)
        ads.append(AdSpec(variant.key, f"{prefix}/{variant.key}", f"{variant.key} creative {tag}",
                          _creative_params(variant, link, page_id, tag), f"{variant.key} {tag}"))
    if problems:
        raise PlanError(problems)
    shares = _split(100, len(arms))
    study_name = f"{_short(experiment.name, 80)} {tag}"
    study = StudySpec(experiment.key, study_name, {
        "name": study_name,
        "description": _short(experiment.hypothesis or f"{experiment.factor} test: {len(arms)} arms", 250),
        "type": AdStudy.Type.split_test,
        "start_time": int(start.timestamp()),
        "end_time": int(end.timestamp()),
        "objectives": [{"name": OBJECTIVES[objective], "is_primary": True, "type": STUDY_OBJECTIVE_TYPE}],
    }, [(f"Arm {n}: {v.spoken_code or v.key}", f"{prefix}/{v.key}", share)
        for n, (v, share) in enumerate(zip(arms, shares, strict=True), start=1)])
    campaign_name = f"{_short(experiment.name, 60)} {tag}"
    return ExportPlan(tag, campaign_name, _campaign_params(campaign_name, objective), adsets, ads, notes, study,
                      campaign_key=prefix)


#: The SDK's study objective type for a non-sales result (a click or a lead, not a purchase).
STUDY_OBJECTIVE_TYPE = AdStudyObjective.Type.nonsales


def _campaign_params(name: str, objective: Objective) -> dict:
    return {
        "name": name,
        "objective": OBJECTIVES[objective],
        "special_ad_categories": [FbCampaign.SpecialAdCategories.employment],
        "special_ad_category_country": [FbCampaign.SpecialAdCategoryCountry.gb],
        "buying_type": "AUCTION",
        "is_adset_budget_sharing_enabled": False,
        "status": PAUSED,
    }


def _adset_params(campaign: Campaign, name: str, pence: int, start: dt.datetime, end: dt.datetime,
                  objective: Objective, page_id: str) -> dict:
    """An ad set under the Employment rules: a radius around a place, 18 to 65+, all genders, PAUSED."""
    params = {
        "name": name,
        "lifetime_budget": pence,
        "start_time": start.isoformat(),
        "end_time": end.isoformat(),
        "billing_event": AdSet.BillingEvent.impressions,
        "optimization_goal": AdSet.OptimizationGoal.link_clicks,
        "bid_strategy": AdSet.BidStrategy.lowest_cost_without_cap,
        "destination_type": AdSet.DestinationType.website,
        "targeting": _targeting(campaign),
        "status": PAUSED,
    }
    if objective == "leads":  # the instant form opens on Facebook: optimise for leads from the Page
        params.update(optimization_goal=AdSet.OptimizationGoal.lead_generation,
                      destination_type=AdSet.DestinationType.on_ad, promoted_object={"page_id": page_id})
    return params


def call_to_action(text: str) -> str:
    """Meta's call-to-action type for the variant's own words ("Apply now", "Chat to us first")."""
    words = text.lower()
    if "apply" in words:
        return CTA.Type.apply_now
    if any(w in words for w in ("sign up", "register", "join")):
        return CTA.Type.sign_up
    if any(w in words for w in ("chat", "contact", "call", "talk", "ask")):
        return CTA.Type.contact_us
    return CTA.Type.learn_more


def _tracked_link(campaign: Campaign, variant: Variant, problems: list[str]) -> str:
    """The variant's landing page with its UTM tags (utm_content is the variant key, for results)."""
    try:
        link = utm_link(variant.link, channel=FACEBOOK, campaign=campaign.slug, variant=variant.key)
    except ValueError as error:
        problems.append(f"Variant {variant.key!r}: {error}.")
        return ""
    if not link:
        problems.append(f"Variant {variant.key!r} has no link: set its landing page before exporting.")
    return link


def _targeting(campaign: Campaign) -> dict:
    radius = campaign.geo.radius_km
    return {
        "geo_locations": {"custom_locations": [{
            "latitude": campaign.geo.latitude,
            "longitude": campaign.geo.longitude,
            "radius": int(radius) if float(radius).is_integer() else radius,
            "distance_unit": "kilometer",
        }]},
        "age_min": AGE_MIN,
        "age_max": AGE_MAX,
        "targeting_automation": {"advantage_audience": 0},
    }


def _creative_params(variant: Variant, link: str, page_id: str, tag: str) -> dict:
    link_data = {
        "message": variant.primary_text,
        "name": variant.headline,
        "description": variant.description,
        "link": link,
        "call_to_action": {"type": call_to_action(variant.cta), "value": {"link": link}},
    }
    return {
        "name": f"{variant.key} creative {tag}",
        "object_story_spec": {"page_id": page_id, "link_data": {k: v for k, v in link_data.items() if v != ""}},
    }


def _short(name: str, limit: int = 80) -> str:
    """Names people typed, cut to fit Meta's and our own name columns; the same input gives the same name."""
    name = " ".join(name.split())
    return name if len(name) <= limit else name[: limit - 1].rstrip() + "…"


def _adset_name(campaign: Campaign, variant: Variant, group_by: Grouping, tag: str) -> str:
    persona = campaign.persona(variant.persona)
    persona_name = _short(persona.name if persona else variant.persona)
    if group_by == "persona":
        return f"{persona_name} {tag}"
    theme = campaign.theme(variant.theme)
    return f"{persona_name} × {_short(theme.name if theme else variant.theme)} {tag}"


def _schedule(
    campaign: Campaign, persona: str, today: dt.date, problems: list[str], notes: list[str]
) -> tuple[int, dt.datetime, dt.datetime] | None:
    """The persona's Facebook budget (pence) and run, from the channel plan (question 7)."""
    entries: list[ChannelPlanEntry] = [
        e for e in campaign.channel_plan if e.persona == persona and e.channel == FACEBOOK
    ]
    label = campaign.persona(persona).name if campaign.persona(persona) else persona
    budget = sum(e.budget_gbp or 0 for e in entries)
    if budget <= 0:
        notes.append(f"{label}: not exported, because the channel plan (question 7) has no Facebook budget for "
                     "this persona. Add one to send their adverts too.")
        return None
    starts = [e.start for e in entries if e.start]
    ends = [e.end for e in entries if e.end]
    start = min(starts) if starts else today + dt.timedelta(days=1)
    end = max(ends) if ends else max(start, today) + dt.timedelta(days=DEFAULT_RUN_DAYS - 1)
    if not starts or not ends:
        notes.append(f"{label}: no Facebook dates in the channel plan, so the ads run from {start:%d %b %Y} "
                     f"to {end:%d %b %Y}. Change them in question 7, or in Ads Manager before switching on.")
    if end < today:
        problems.append(f"{label}: the Facebook run in the channel plan ended on {end:%d %b %Y}; set new dates "
                        "in question 7.")
        return None
    if end < start:
        problems.append(f"{label}: the Facebook end date is before the start date in the channel plan.")
        return None
    return (
        round(budget * 100),
        dt.datetime.combine(start, dt.time(0, 0), LONDON),
        dt.datetime.combine(end, dt.time(23, 59, 59), LONDON),
    )


def _split(total: int, parts: int) -> list[int]:
    """Split pence evenly; the first ad sets take the odd pennies so the total is exact."""
    share, extra = divmod(total, parts)
    return [share + (1 if i < extra else 0) for i in range(parts)]
