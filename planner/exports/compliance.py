"""Meta's Employment special-ad rules, checked on the exact requests before anything is sent.

Job adverts in the UK must declare the EMPLOYMENT category. Their audience may then be chosen
only by place (a radius of at least 15 miles around a point; we use 25 km or more), never by
age, gender, interests, behaviours, lookalikes or exclusions. Personas therefore live in the
copy and the channel, not in the audience, and this module says so in plain words.
"""

from __future__ import annotations

from collections.abc import Mapping

from planner.campaign import Campaign
from planner.channels import channel_label
from planner.exports.ads_plan import AGE_MAX, AGE_MIN, FACEBOOK, OBJECTIVES, PAUSED, ExportPlan

MIN_RADIUS_KM = 25
MAX_RADIUS_KM = 80  # the largest radius Meta accepts for a custom location
_KM_PER_UNIT = {"kilometer": 1.0, "mile": 1.609344}
_ALLOWED_TARGETING = {"geo_locations", "age_min", "age_max", "targeting_automation"}
_ALLOWED_GEO = {"custom_locations", "cities"}


def compliance_problems(plan: ExportPlan, blocked: Mapping[str, list[str]]) -> list[str]:
    """Every reason the plan breaks the Employment rules; empty when it may be sent.

    `blocked` maps a variant key to its open personal-attribute findings (dismissed ones excluded).
    """
    problems: list[str] = []
    campaign = plan.campaign_params
    if campaign.get("special_ad_categories") != ["EMPLOYMENT"]:
        problems.append("The campaign must declare special_ad_categories = EMPLOYMENT.")
    if campaign.get("special_ad_category_country") != ["GB"]:
        problems.append("The campaign must declare special_ad_category_country = GB.")
    if campaign.get("objective") not in OBJECTIVES.values():
        problems.append(f"Objective {campaign.get('objective')!r} is not allowed: use OUTCOME_LEADS or "
                        "OUTCOME_TRAFFIC (the legacy objectives are refused by Meta).")
    statuses = [("The campaign", campaign.get("status"))]
    statuses += [(f"Ad set {a.name!r}", a.params.get("status")) for a in plan.adsets]
    statuses += [(f"Ad {ad.ad_name!r}", plan.ad_params(ad, "", "")["status"]) for ad in plan.ads]
    problems += [f"{what} must be created PAUSED, so nothing spends before a person checks it."
                 for what, status in statuses if status != PAUSED]
    for adset in plan.adsets:
        problems += [f"Ad set {adset.name!r}: {p}" for p in _targeting_problems(adset.params.get("targeting", {}))]
    for variant, findings in blocked.items():
        if findings:
            problems.append(f"Variant {variant!r} has an open personal-attribute finding ({'; '.join(findings)}). "
                            "Meta rejects copy that asserts or implies the reader's age, health, finances, religion "
                            "or similar. Rewrite it, dismiss the finding with a reason, or reject the variant.")
    return problems


def _targeting_problems(targeting: dict) -> list[str]:
    problems = []
    extra = sorted(set(targeting) - _ALLOWED_TARGETING)
    if extra:
        problems.append(f"targeting by {', '.join(extra)} is not allowed for Employment ads (place only).")
    if targeting.get("age_min") != AGE_MIN or targeting.get("age_max") != AGE_MAX:
        problems.append(f"the age range must be {AGE_MIN} to {AGE_MAX}.")
    if targeting.get("targeting_automation", {}).get("advantage_audience", 0) != 0:
        problems.append("Advantage+ audience expansion must be off: the audience is the radius only.")
    geo = targeting.get("geo_locations", {})
    extra_geo = sorted(set(geo) - _ALLOWED_GEO)
    if extra_geo:
        problems.append(f"locations by {', '.join(extra_geo)} are not allowed: use a radius around a point.")
    places = geo.get("custom_locations", []) + geo.get("cities", [])
    if not places:
        problems.append("there is no location: give the campaign a point and a radius.")
    for place in places:
        unit = _KM_PER_UNIT.get(place.get("distance_unit", ""))
        if unit is None or not isinstance(place.get("radius"), int | float):
            problems.append("every location needs a radius in kilometres or miles.")
            continue
        km = place["radius"] * unit
        if not MIN_RADIUS_KM <= km <= MAX_RADIUS_KM:
            problems.append(f"a radius of {km:g} km is outside {MIN_RADIUS_KM}–{MAX_RADIUS_KM} km "
                            "(Employment ads need at least 15 miles; Meta's maximum is 80 km).")
        if "custom_locations" in geo and place in geo["custom_locations"] and (
                place.get("latitude") is None or place.get("longitude") is None):
            problems.append("a location has no latitude and longitude.")
    return problems


def explanation(campaign: Campaign, plan: ExportPlan) -> list[str]:
    """Why each persona is expressed through the copy and the channel, not the audience, in plain words."""
    geo = campaign.geo
    place = geo.label or "the campaign's location"
    lines = [
        f"Every ad set reaches the same people: anyone aged {AGE_MIN} to {AGE_MAX}, of any gender, within "
        f"{geo.radius_km:g} km of {place}. Meta's rules for job adverts (the Employment special ad category) do "
        "not let an advertiser choose who sees a job by age, gender, interests, behaviours or lookalikes, and "
        "choosing by who people are would shut out others who share your values. So each persona is reached "
        "through what the advert says and where it runs, not through the audience."
    ]
    for persona in campaign.personas:
        ads = [ad for ad in plan.ads if (v := campaign.variant(ad.variant)) and v.persona == persona.key]
        if not ads:
            continue
        headlines = [campaign.variant(ad.variant).headline for ad in ads]  # type: ignore[union-attr]
        whys = [e.why for e in campaign.channel_plan if e.persona == persona.key and e.channel == FACEBOOK and e.why]
        reason = f" (your plan says: \u201c{whys[0]}\u201d)" if whys else ""
        others = " and others" if len(ads) > 1 else ""
        count = f"{len(ads)} advert{'s' if len(ads) != 1 else ''}"
        lines.append(
            f"{persona.name}: reached through the copy, {count} written for their hopes and fears "
            f"(\u201c{headlines[0]}\u201d{others}), and through the channel, {channel_label(FACEBOOK)}{reason}. "
            "Anyone else nearby who sees these adverts and shares your values can still apply."
        )
    return lines
