"""The instant form (Meta Lead Ads) a leads export creates on the Page, and what its answers are called.

It asks only what a first phone call needs: a name, a number, an optional e-mail, the best time to
call, and "How did you hear about us?" (kept as the self-reported source, apart from the tracked
one). Meta requires the organisation's privacy policy on every form, so there is no form without it.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass

from facebook_business.adobjects.leadgenform import LeadgenForm

from adverts.tracking import usual_landing_page
from planner.campaign import Campaign, Organisation
from planner.exports.ads_plan import PlanError, facebook_variants

#: The field names Meta gives each answer in a lead's field_data.
NAME, PHONE, EMAIL, BEST_TIME, HEARD = "full_name", "phone_number", "email", "best_time_to_call", "heard_about_us"
BEST_TIMES = ("Morning", "Afternoon", "Evening")


@dataclass(frozen=True)
class LeadForm:
    name: str
    params: dict


def lead_form(campaign: Campaign, organisation: Organisation, tag: str) -> LeadForm:
    """The form's request, or PlanError when the organisation has no privacy policy address."""
    if not organisation.privacy_policy_url:
        raise PlanError([f"{organisation.name} has no privacy policy address, which Meta requires on every "
                         "instant form: add it on the Organisation page (or in the campaign file's "
                         "organisation.privacy_policy_url)."])
    role = campaign.role
    job = role.title or "care and support work"
    place = f" in {role.location}" if role.location else ""
    pay = f" The pay is {role.pay}." if role.pay else ""
    name = f"{campaign.name[:60].strip()} enquiry {tag}"
    params = {
        "name": name,
        "locale": LeadgenForm.Locale.en_gb,
        "context_card": {
            "style": "PARAGRAPH_STYLE",
            "title": f"Interested in {job}?"[:60],
            "content": [f"{organisation.name} is looking for people for {job}{place}.{pay} Leave your number "
                        "and we will ring you for an informal chat: no CV needed, and no commitment."],
            "button_text": "Continue",
        },
        "questions": [
            {"type": "FULL_NAME"},
            {"type": "PHONE"},
            {"type": "CUSTOM", "key": EMAIL, "label": "E-mail address (optional)"},
            {"type": "CUSTOM", "key": BEST_TIME, "label": "When is the best time to call you?",
             "options": [{"key": time.lower(), "value": time} for time in BEST_TIMES]},
            {"type": "CUSTOM", "key": HEARD, "label": "How did you hear about us?"},
        ],
        "privacy_policy": {"url": organisation.privacy_policy_url,
                           "link_text": f"{organisation.name} privacy policy"[:70]},
        "thank_you_page": {
            "title": "Thank you: we will call you",
            "body": (f"Someone from {organisation.name} will phone you at the time you chose, usually within two "
                     "working days, for a friendly chat about the role and any questions you have. If we miss "
                     "you, we will try again."),
            "button_type": "VIEW_WEBSITE",
            "button_text": "Read about the role",
            "website_url": usual_landing_page(facebook_variants(campaign)),
        },
    }
    return LeadForm(name, params)


def with_lead_form(creative_params: dict, form_id: str) -> dict:
    """A creative whose call to action opens the instant form instead of the landing page."""
    params = copy.deepcopy(creative_params)
    params["object_story_spec"]["link_data"]["call_to_action"]["value"] = {"lead_gen_form_id": form_id}
    return params
