"""Job-board data: schema.org JobPosting JSON-LD for the landing page, and a plain job post for Indeed.

Google for Jobs reads JobPosting from the landing page; it requires title, description, datePosted,
hiringOrganization and jobLocation, and recommends baseSalary, employmentType, validThrough,
directApply and identifier (https://developers.google.com/search/docs/appearance/structured-data/job-posting).
`field_check` reports each of those and whether it is present. The job post text follows Indeed UK's
job posting guidelines: the title is the name of the job only (as on a business card: no pay, place,
shifts, symbols or urgency); the description says the pay, hours, place, duties and how to apply.

Every piece of user text in the HTML description is escaped, and the JSON escapes <, > and & so the
document can be pasted into a <script type="application/ld+json"> element as it is.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from html import escape
from typing import Literal
from zoneinfo import ZoneInfo

from adverts.tracking import usual_landing_page
from personas.questions import filled
from planner.campaign import Campaign, Organisation

Need = Literal["required", "recommended"]
#: Google's required and recommended JobPosting properties for a job at a place of work (not remote).
GOOGLE_FIELDS: tuple[tuple[str, Need], ...] = (
    ("title", "required"), ("description", "required"), ("datePosted", "required"),
    ("hiringOrganization", "required"), ("jobLocation", "required"),
    ("baseSalary", "recommended"), ("employmentType", "recommended"), ("validThrough", "recommended"),
    ("directApply", "recommended"), ("identifier", "recommended"),
)
#: Full time in the UK is usually 35 hours a week or more.
FULL_TIME_HOURS = 35
UK = ZoneInfo("Europe/London")
_AMOUNT = re.compile(r"£\s?(\d[\d,]*(?:\.\d+)?)(k?)", re.IGNORECASE)


@dataclass(frozen=True)
class FieldStatus:
    name: str
    need: Need
    present: bool


def salary(pay: str) -> dict | None:
    """baseSalary from the role's pay ('£12.60 an hour', '£42,000 to £46,000 a year'), or None if it
    states no amount in pounds."""
    amounts = [float(number.replace(",", "")) * (1000 if k else 1) for number, k in _AMOUNT.findall(pay)]
    if not amounts:
        return None
    text = pay.lower()
    if re.search(r"\bhour|\bhr\b|/h\b|hourly", text):
        unit = "HOUR"
    elif re.search(r"\byear|\bannum|\bp\.?a\.?\b|annual", text):
        unit = "YEAR"
    else:  # no unit written: an amount under £100 can only be hourly
        unit = "HOUR" if max(amounts) < 100 else "YEAR"
    value: dict = {"@type": "QuantitativeValue", "unitText": unit}
    low, high = min(amounts), max(amounts)
    if low == high:
        value["value"] = low
    else:
        value |= {"minValue": low, "maxValue": high}
    return {"@type": "MonetaryAmount", "currency": "GBP", "value": value}


def employment_type(hours: str) -> list[str]:
    """FULL_TIME, PART_TIME or both, from the hours ('Choose 16 to 37 hours a week'); [] if unclear."""
    text = hours.lower()
    numbers = [float(n) for n in re.findall(r"\d+(?:\.\d+)?", text)]
    kinds = []
    if re.search(r"full[- ]time", text) or (numbers and max(numbers) >= FULL_TIME_HOURS):
        kinds.append("FULL_TIME")
    if re.search(r"part[- ]time", text) or (numbers and min(numbers) < FULL_TIME_HOURS):
        kinds.append("PART_TIME")
    return kinds


def _description_html(campaign: Campaign, organisation: Organisation) -> str:
    role = campaign.role
    paragraphs = [f"<p>{escape(part.strip())}</p>" for part in role.description.split("\n") if part.strip()]
    facts = [(label, value) for label, value in (
        ("Pay", role.pay), ("Hours", role.hours), ("Where", role.location),
        ("Personal care", role.personal_care), ("How the team works", role.team_model)) if value.strip()]
    if facts:
        paragraphs.append("<ul>" + "".join(f"<li>{label}: {escape(value)}</li>" for label, value in facts) + "</ul>")
    support = filled(campaign.looking_for.profile.support)
    if support:
        paragraphs.append("<p>How we will support you:</p><ul>"
                          + "".join(f"<li>{escape(item)}</li>" for item in support) + "</ul>")
    contact = campaign.contact
    reach = [part for part in (contact.phone, contact.email) if part.strip()]
    if reach:
        who = f" Ask for {escape(contact.name)}." if contact.name.strip() else ""
        paragraphs.append(f"<p>To talk it through first, contact {escape(' or '.join(reach))}.{who}</p>")
    if not paragraphs:
        return ""
    return f"<p>{escape(organisation.name)}</p>" + "".join(paragraphs)


def _address(campaign: Campaign) -> dict:
    contact = campaign.contact
    parts = {"streetAddress": contact.street_address, "addressLocality": campaign.role.location,
             "addressRegion": contact.region, "postalCode": contact.postcode}
    return {"@type": "PostalAddress", **{k: v.strip() for k, v in parts.items() if v.strip()}, "addressCountry": "GB"}


def default_valid_through(campaign: Campaign, posted: dt.date) -> dt.date | None:
    """The last day of the channel plan, if it ends after the posting date."""
    ends = [entry.end for entry in campaign.channel_plan if entry.end and entry.end >= posted]
    return max(ends, default=None)


def job_posting(campaign: Campaign, organisation: Organisation, *, posted: dt.date,
                valid_through: dt.date | None = None, direct_apply: bool = False) -> dict:
    """The JobPosting document; properties the campaign cannot fill are left out (see field_check)."""
    address = _address(campaign)
    document: dict = {
        "@context": "https://schema.org/",
        "@type": "JobPosting",
        "title": campaign.role.title.strip(),
        "description": _description_html(campaign, organisation),
        "datePosted": posted.isoformat(),
        "hiringOrganization": {"@type": "Organization", "name": organisation.name},
        "jobLocation": {"@type": "Place", "address": address} if len(address) > 2 else None,
        "baseSalary": salary(campaign.role.pay),
        "employmentType": employment_type(campaign.role.hours),
        "directApply": direct_apply,
        "identifier": {"@type": "PropertyValue", "name": organisation.name, "value": campaign.slug},
    }
    if valid_through:
        end = dt.datetime.combine(valid_through, dt.time(23, 59, 59), UK)
        document["validThrough"] = end.isoformat()
    return {key: value for key, value in document.items() if value not in (None, "", [])}


def field_check(document: dict) -> list[FieldStatus]:
    return [FieldStatus(name, need, name in document) for name, need in GOOGLE_FIELDS]


def dumps(document: dict) -> str:
    """JSON that is safe inside an HTML <script> element: <, > and & are written as \\u escapes."""
    text = json.dumps(document, indent=2, ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026") + "\n"


#: Indeed: a job title is the name of the job as on a business card, without extras.
_TITLE_EXTRAS = (
    (re.compile(r"[£$€]|\d"), "pay, hours or other numbers"),
    (re.compile(r"[!?*|/#@+~]"), "symbols or punctuation"),
    (re.compile(r"\b(urgent(ly)?|immediate(ly)?|asap|now hiring|hiring|apply now)\b", re.IGNORECASE), "urgency"),
    (re.compile(r"\b(full[- ]time|part[- ]time|nights?|weekends?|shifts?)\b", re.IGNORECASE), "hours or shifts"),
    (re.compile(r"\b[A-Z]{4,}\b"), "capitals"),
)


def title_problems(title: str, location: str = "") -> list[str]:
    """Why a title breaks Indeed's guidelines for job titles (empty when it does not)."""
    found = [f"the title has {what}" for pattern, what in _TITLE_EXTRAS if pattern.search(title)]
    place = location.split(",")[0].strip()
    if place and place.lower() in title.lower():
        found.append("the title names the place (it belongs in the description)")
    if not title.strip():
        found.append("the role has no title (question 1)")
    return [f"{problem}: Indeed wants the name of the job only, as on a business card" for problem in found]


def job_post_text(campaign: Campaign, organisation: Organisation) -> str:
    """A plain-text job post in Indeed's shape: title, employer, pay, hours, place and type, then the role,
    the duties stated honestly, support, and how to apply."""
    role = campaign.role
    kinds = {"FULL_TIME": "Full-time", "PART_TIME": "Part-time"}
    job_type = " or ".join(kinds[k] for k in employment_type(role.hours))
    lines = [role.title.strip() or campaign.name, "", organisation.name]
    lines += [f"{label}: {value.strip()}" for label, value in (
        ("Pay", role.pay), ("Hours", role.hours), ("Location", role.location), ("Job type", job_type))
        if value.strip()]
    sections = [("About the role", [role.description.strip()]),
                ("What the job involves", [role.personal_care.strip()]),
                ("How the team works", [role.team_model.strip()]),
                ("How we will support you", [f"- {item}" for item in filled(campaign.looking_for.profile.support)]),
                ("Who we are looking for", [f"- {item}" for item in filled(campaign.looking_for.characteristics)])]
    for heading, body in sections:
        if any(body):
            lines += ["", heading, *[line for line in body if line]]
    contact = campaign.contact
    apply = [f"Call {contact.phone.strip()}" if contact.phone.strip() else "",
             f"email {contact.email.strip()}" if contact.email.strip() else ""]
    landing = usual_landing_page(campaign.variants)
    how = " or ".join(part for part in apply if part)
    if how or landing:
        ask = f", and ask for {contact.name.strip()}" if contact.name.strip() else ""
        online = f"Find out more at {landing}." if landing else ""
        lines += ["", "How to apply", (f"{how[0].upper()}{how[1:]}{ask}. " if how else "") + online]
    return "\n".join(lines).strip() + "\n"
