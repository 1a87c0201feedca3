"""The whole plan as one Excel workbook a marketing lead can share with their team and partners.

Sheets: the seven questions and their answers; personas with hopes and fears; themes; variants
(all copy, lint findings, values fit, tracking link and spoken code); the channel plan with
budget; results with rates and Wilson intervals; sign-offs; and an Ads Manager bulk-import sheet.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import IO

from adverts.values_fit import values_fit
from adverts.variants import check_variants
from planner.campaign import Campaign, Organisation
from planner.channels import CHANNELS, channel_label
from planner.exports.ads_plan import PlanError, build_plan
from planner.exports.workbook import Column, Sheet, write_workbook
from planner.funnel import ResultRow
from planner.stats import wilson_interval
from planner.storage import Store

QUESTIONS = [
    "What is the role?",
    "Who are we looking for?",
    "Where might they be now?",
    "What are their hopes and fears?",
    "What is our message?",
    "Does it still fit our values?",
    "Where and how will we advertise?",
]
LINES = "\n"


@dataclass(frozen=True)
class VariantNotes:
    """What the linter and the values check say about one variant, as text for the sheet."""

    findings: str = ""
    values_fit: str = ""


def export_xlsx(store: Store, ref: str | int, target: str | IO[bytes], *, page_id: str = "",
                today: dt.date | None = None) -> None:
    """Write the campaign's workbook to a path or a binary file object."""
    record = store.campaign(ref)
    organisation, _ = store.organisation(record.organisation)
    write_workbook(workbook_sheets(record.campaign, organisation, store.results(record.id), page_id=page_id,
                                   today=today), target)


def workbook_sheets(
    campaign: Campaign,
    organisation: Organisation,
    results: list[ResultRow],
    *,
    notes: Mapping[str, VariantNotes] | None = None,
    page_id: str = "",
    today: dt.date | None = None,
) -> list[Sheet]:
    notes = variant_notes(campaign, organisation) if notes is None else notes
    return [
        questions_sheet(campaign),
        personas_sheet(campaign),
        themes_sheet(campaign),
        variants_sheet(campaign, notes),
        channel_plan_sheet(campaign),
        results_sheet(campaign, results),
        signoffs_sheet(campaign),
        ads_manager_sheet(campaign, page_id=page_id, today=today),
    ]


def variant_notes(campaign: Campaign, organisation: Organisation) -> dict[str, VariantNotes]:
    """Open lint findings and values fit per variant, from the same checks the Variants page runs."""
    checks = check_variants(campaign, organisation)
    fits = values_fit(campaign.variants, organisation.values, campaign.looking_for.values)
    notes = {}
    for variant in campaign.variants:
        findings = [f"{f.field}: \u201c{f.text}\u201d ({f.category}) {f.finding.why} Try: {f.finding.suggestion}"
                    for f in checks[variant.key].findings if not f.dismissed]
        fit = fits.get(variant.key)
        scores = [f"{s.value}: {s.level}" + (f" ({', '.join(s.evidence)})" if s.evidence else "")
                  for s in (fit.scores if fit else ())]
        notes[variant.key] = VariantNotes(LINES.join(findings), LINES.join(scores))
    return notes


def questions_sheet(campaign: Campaign) -> Sheet:
    role, wanted = campaign.role, campaign.looking_for
    answers: list[tuple[int, str, str]] = [
        (1, "Title", role.title), (1, "Description", role.description), (1, "Pay", role.pay),
        (1, "Hours", role.hours), (1, "Location", role.location), (1, "Personal care", role.personal_care),
        (1, "Team model", role.team_model),
        (2, "Values", ", ".join(wanted.values)), (2, "Characteristics", LINES.join(wanted.characteristics)),
        (2, "What people appreciate about you", LINES.join(wanted.profile.appreciate)),
        (2, "What matters to you", LINES.join(wanted.profile.matters)),
        (2, "How we will support you", LINES.join(wanted.profile.support)),
    ]
    for p in campaign.personas:
        answers.append((3, p.name, LINES.join(filter(None, [p.where_now, *(f"• {r}" for r in p.roles)]))))
    for p in campaign.personas:
        answers.append((4, p.name, _hopes_and_fears(p.hopes, p.fears)))
    for t in campaign.themes:
        answers.append((5, t.name, LINES.join([t.headline, *t.questions])))
    for r in campaign.reviews:
        verdict = "Fits our values" if r.fits else "Does not fit our values"
        answers.append((6, r.target, f"{verdict} ({r.reviewer})" + (f": {r.comment}" if r.comment else "")))
    if not campaign.reviews:
        answers.append((6, "", "Not reviewed yet."))
    for e in campaign.channel_plan:
        persona = campaign.persona(e.persona)
        budget = f"Budget £{e.budget_gbp:,.2f}. " if e.budget_gbp else ""
        effort = f"Effort: {e.effort}. " if e.effort else ""
        answers.append((7, f"{persona.name if persona else e.persona}: {channel_label(e.channel)}",
                        f"{budget}{effort}{e.why}".strip()))
    columns = [Column("No.", 6, "int"), Column("Question", 30, "long"), Column("Part", 30, "long"),
               Column("Answer", 90, "long")]
    return Sheet("Seven questions", columns, [[n, QUESTIONS[n - 1], part, answer] for n, part, answer in answers],
                 freeze="A2")


def personas_sheet(campaign: Campaign) -> Sheet:
    columns = [Column("Key", 22), Column("Persona", 28, "long"), Column("Where they are now", 45, "long"),
               Column("Roles they hold", 35, "long"), Column("Hopes", 50, "long"), Column("Fears", 50, "long"),
               Column("From the library", 18)]
    rows = [[p.key, p.name, p.where_now, LINES.join(p.roles), LINES.join(p.hopes), LINES.join(p.fears),
             p.library_key] for p in campaign.personas]
    return Sheet("Personas", columns, rows)


def themes_sheet(campaign: Campaign) -> Sheet:
    columns = [Column("Key", 22), Column("Theme", 28, "long"), Column("Headline", 45, "long"),
               Column("Supporting questions", 50, "long"), Column("Answers these hopes and fears", 55, "long"),
               Column("Values review", 40, "long")]
    rows = []
    for t in campaign.themes:
        addresses = [f"{_persona_name(campaign, a.persona)} ({a.kind}): {a.text}" for a in t.addresses]
        rows.append([t.key, t.name, t.headline, LINES.join(t.questions), LINES.join(addresses),
                     _reviews(campaign, f"theme:{t.key}")])
    return Sheet("Themes", columns, rows)


def variants_sheet(campaign: Campaign, notes: Mapping[str, VariantNotes]) -> Sheet:
    columns = [Column("Key", 26), Column("Status", 11), Column("Persona", 22), Column("Theme", 22),
               Column("Channel", 20), Column("Format", 16), Column("Headline", 40, "long"),
               Column("Primary text", 60, "long"), Column("Description", 30, "long"), Column("Call to action", 18),
               Column("Tracking link", 45, "long"), Column("Spoken code", 12), Column("Image note", 30, "long"),
               Column("Open lint findings", 45, "long"), Column("Dismissed findings", 40, "long"),
               Column("Values fit", 35, "long")]
    rows = []
    for v in campaign.variants:
        note = notes.get(v.key, VariantNotes())
        dismissed = LINES.join(f"{d.text} ({d.rule}): {d.reason}" for d in v.dismissals)
        rows.append([v.key, v.status, _persona_name(campaign, v.persona), _theme_name(campaign, v.theme),
                     channel_label(v.channel), v.format, v.headline, v.primary_text, v.description, v.cta, v.link,
                     v.spoken_code, v.image_note, note.findings, dismissed,
                     LINES.join(filter(None, [note.values_fit, _reviews(campaign, f"variant:{v.key}")]))])
    return Sheet("Variants", columns, rows)


def channel_plan_sheet(campaign: Campaign) -> Sheet:
    columns = [Column("Persona", 26), Column("Channel", 28), Column("Kind", 10), Column("Why", 60, "long"),
               Column("Budget (£)", 12, "money"), Column("Effort", 30, "long"), Column("Start", 13, "date"),
               Column("End", 13, "date")]
    rows = [[_persona_name(campaign, e.persona), channel_label(e.channel),
             CHANNELS[e.channel].kind if e.channel in CHANNELS else "", e.why, e.budget_gbp, e.effort, e.start,
             e.end] for e in campaign.channel_plan]
    return Sheet("Channel plan", columns, rows)


#: (label, numerator stage, denominator stage) for the rates shown with 95% Wilson intervals.
RATES = [("Enquiries per reach", "enquiries", "reach"), ("Starts per enquiry", "starts", "enquiries"),
         ("Still in post per start", "retained", "starts")]
STAGE_COLUMNS = [("reach", "Reach"), ("enquiries", "Enquiries"), ("conversations", "Conversations"),
                 ("invited", "Invited"), ("attended", "Attended"), ("offers", "Offers"), ("starts", "Starts"),
                 ("retained", "Still in post")]


def results_sheet(campaign: Campaign, results: list[ResultRow]) -> Sheet:
    columns = [Column("Variant", 26), Column("Persona", 22), Column("Theme", 22), Column("Channel", 20),
               Column("From", 13, "date"), Column("To", 13, "date"), Column("Reach is an estimate", 10),
               *[Column(label, 11, "int") for _, label in STAGE_COLUMNS], Column("Cost (£)", 11, "money")]
    for label, _, _ in RATES:
        columns += [Column(label, 12, "percent"), Column("95% low", 10, "percent"), Column("95% high", 10, "percent")]
    columns += [Column("Cost per enquiry (£)", 12, "money"), Column("Cost per start (£)", 12, "money")]
    by_code = {v.spoken_code: v for v in campaign.variants if v.spoken_code}
    intervals = functools.cache(wilson_interval)  # small counts repeat: each distinct pair is computed once
    rows = []
    for r in results:
        variant = campaign.variant(r.variant) or by_code.get(r.variant)
        row: list[object] = [
            variant.key if variant else r.variant,
            _persona_name(campaign, variant.persona) if variant else "",
            _theme_name(campaign, variant.theme) if variant else "",
            channel_label(r.channel), r.period_start, r.period_end, "yes" if r.reach_is_estimate else "no",
            *[getattr(r, key) for key, _ in STAGE_COLUMNS], r.cost_gbp,
        ]
        for _, top, bottom in RATES:
            row += _rate(getattr(r, top), getattr(r, bottom), intervals)
        row += [_per(r.cost_gbp, r.enquiries), _per(r.cost_gbp, r.starts)]
        rows.append(row)
    return Sheet("Results", columns, rows)


def signoffs_sheet(campaign: Campaign) -> Sheet:
    columns = [Column("Who", 28), Column("Role", 24), Column("Signs off", 12), Column("Decision", 14),
               Column("Comment", 60, "long"), Column("When (UTC)", 18, "datetime")]
    rows = []
    for req in campaign.signoff_requirements:
        given = [s for s in campaign.signoffs if s.who == req.who and s.scope == req.scope]
        latest = max(given, key=lambda s: s.at or dt.datetime.min.replace(tzinfo=dt.UTC)) if given else None
        decision = "Awaiting" if latest is None else ("Approved" if latest.approved else "Changes asked")
        rows.append([req.who, req.role, req.scope, decision, latest.comment if latest else "",
                     latest.at if latest else None])
    required = {(r.who, r.scope) for r in campaign.signoff_requirements}
    for s in campaign.signoffs:
        if (s.who, s.scope) not in required:
            rows.append([s.who, "", s.scope, "Approved" if s.approved else "Changes asked", s.comment, s.at])
    return Sheet("Sign-offs", columns, rows)


#: Ads Manager bulk-import columns; see the README for which names are seen in third-party code
#: mirroring Meta's export and which are inferred.
ADS_MANAGER_COLUMNS = [
    "Campaign Name", "Campaign Status", "Campaign Objective", "Buying Type", "Special Ad Categories",
    "Special Ad Category Country", "Ad Set Name", "Ad Set Run Status", "Ad Set Time Start", "Ad Set Time Stop",
    "Ad Set Lifetime Budget", "Link Object ID", "Addresses", "Gender", "Age Min", "Age Max", "Optimization Goal",
    "Billing Event", "Ad Name", "Ad Status", "Title", "Body", "Link Description", "Link", "Call to Action",
    "URL Tags",
]


def ads_manager_sheet(campaign: Campaign, *, page_id: str = "", today: dt.date | None = None) -> Sheet:
    """One row per ad, with its campaign and ad set repeated, as Ads Manager's bulk import expects."""
    kinds = {"Ad Set Time Start": "datetime", "Ad Set Time Stop": "datetime", "Ad Set Lifetime Budget": "money",
             "Age Min": "int", "Age Max": "int", "Body": "long", "Title": "long", "Link": "long"}
    columns = [Column(name, 40 if kinds.get(name) == "long" else 20, kinds.get(name, "text"))  # type: ignore[arg-type]
               for name in ADS_MANAGER_COLUMNS]
    try:
        plan = build_plan(campaign, page_id=page_id or "", today=today)
    except PlanError as error:
        note = "Not ready for Ads Manager: " + " ".join(error.problems)
        return Sheet("Ads Manager import", columns, [[note] + [None] * (len(columns) - 1)])
    adsets = {a.key: a for a in plan.adsets}
    camp = plan.campaign_params
    rows = []
    for ad in plan.ads:
        adset = adsets[ad.adset]
        params = adset.params
        place = params["targeting"]["geo_locations"]["custom_locations"][0]
        link = ad.creative_params["object_story_spec"]["link_data"]
        base, _, tags = link["link"].partition("?")
        rows.append([
            plan.campaign_name, camp["status"], camp["objective"], camp["buying_type"],
            ", ".join(camp["special_ad_categories"]), ", ".join(camp["special_ad_category_country"]),
            adset.name, params["status"], _local(params["start_time"]), _local(params["end_time"]),
            adset.budget_gbp, page_id,
            f"({place['latitude']}, {place['longitude']}) +{place['radius']}km", "All",
            params["targeting"]["age_min"], params["targeting"]["age_max"], params["optimization_goal"],
            params["billing_event"], ad.ad_name, "PAUSED", link.get("name", ""), link.get("message", ""),
            link.get("description", ""), base, link["call_to_action"]["type"], tags,
        ])
    return Sheet("Ads Manager import", columns, rows)


def _local(iso: str) -> dt.datetime:
    """Ads Manager reads times in the ad account's time zone: write London wall-clock time."""
    return dt.datetime.fromisoformat(iso).replace(tzinfo=None)


def _rate(top: int | None, bottom: int | None, interval: Callable[[int, int], tuple[float, float]]
          ) -> list[float | None]:
    if not bottom or top is None:
        return [None, None, None]
    low, high = interval(top, bottom)
    return [top / bottom, low, high]


def _per(cost: float, count: int) -> float | None:
    return cost / count if count and cost else None


def _hopes_and_fears(hopes: list[str], fears: list[str]) -> str:
    return LINES.join(["Hopes:", *(f"• {h}" for h in hopes), "Fears:", *(f"• {f}" for f in fears)])


def _reviews(campaign: Campaign, target: str) -> str:
    return LINES.join(f"{'Fits' if r.fits else 'Does not fit'} ({r.reviewer})" + (f": {r.comment}" if r.comment
                      else "") for r in campaign.reviews if r.target == target)


def _persona_name(campaign: Campaign, key: str) -> str:
    persona = campaign.persona(key)
    return persona.name if persona else key


def _theme_name(campaign: Campaign, key: str) -> str:
    theme = campaign.theme(key)
    return theme.name if theme else key
