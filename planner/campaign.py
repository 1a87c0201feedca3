"""The organisation and the campaign: the seven persona questions and their answers.

The seven questions (from Wellbeing Teams' method):
1. the role; 2. who we are looking for; 3. where they might be now; 4. their hopes and fears;
5. the message; 6. whether it still fits our values; 7. where and how to advertise.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import Field

from adverts.model import Theme, Variant
from personas.model import Persona
from planner.model import Model

SLUG_PATTERN = r"^[a-z0-9][a-z0-9-]{0,62}$"


class Value(Model):
    """An organisation value: its name, what it means, and words that show it in copy."""

    name: str = Field(min_length=1)
    description: str = ""
    words: list[str] = Field(default_factory=list)


class CustomRule(Model):
    """An organisation's own linter rule, stored with the organisation."""

    phrase: str = Field(min_length=1)
    category: Literal["wallpaper", "stereotype", "barrier", "jargon", "personal-attribute"]
    why: str
    suggestion: str


class Organisation(Model):
    slug: str = Field(pattern=SLUG_PATTERN)
    name: str = Field(min_length=1, max_length=500)
    purpose: str = ""
    values: list[Value] = Field(default_factory=list)
    custom_rules: list[CustomRule] = Field(default_factory=list)
    allow_list: list[str] = Field(default_factory=list, description="Phrases the linter must not flag.")


class Role(Model):
    """Question 1: an honest role description, plus the facts adverts need."""

    title: str = ""
    description: str = ""
    pay: str = ""
    hours: str = ""
    location: str = ""
    personal_care: str = Field("", description="Plainly: does the role involve washing, dressing, medication?")
    team_model: str = Field("", description="How the team is managed, e.g. self-managed with a coach.")


class Profile(Model):
    """The 'Could this be you?' one-page profile."""

    appreciate: list[str] = Field(default_factory=list, description="What people appreciate about you.")
    matters: list[str] = Field(default_factory=list, description="What matters to you.")
    support: list[str] = Field(default_factory=list, description="How we will support you.")


class LookingFor(Model):
    """Question 2: the values and characteristics wanted, and the profile."""

    values: list[str] = Field(default_factory=list, description="Names of the organisation values wanted.")
    characteristics: list[str] = Field(default_factory=list)
    profile: Profile = Field(default_factory=Profile)


class ValuesReview(Model):
    """Question 6: a reviewer's yes or no on whether a theme or variant still fits our values."""

    target: str = Field(description="'theme:<key>' or 'variant:<key>'.")
    reviewer: str
    fits: bool
    comment: str = ""
    at: dt.datetime | None = None


class ChannelPlanEntry(Model):
    """Question 7: one persona in one channel, with why, budget or effort, and dates."""

    persona: str
    channel: str
    why: str = ""
    budget_gbp: float | None = Field(default=None, ge=0)
    effort: str = ""
    start: dt.date | None = None
    end: dt.date | None = None


class GeoTarget(Model):
    """Where paid ads run. Employment ads allow a radius only, never postcodes or exclusions."""

    label: str = ""
    latitude: float | None = Field(default=None, ge=-90, le=90)
    longitude: float | None = Field(default=None, ge=-180, le=180)
    radius_km: float = Field(default=25, ge=25, description="At least 25 km, safely above Meta's 15-mile rule.")


class SignOffRequirement(Model):
    """Who must approve what, from the co-production decision-making agreement."""

    who: str = Field(min_length=1)
    role: str = ""
    scope: Literal["profile", "adverts"]


class SignOff(Model):
    who: str
    email: str = Field("", description="Who recorded the decision: the signed-in user's e-mail, where sign-in is "
                       "configured.")
    scope: Literal["profile", "adverts"]
    approved: bool
    comment: str = ""
    at: dt.datetime | None = None
    fingerprint: str | None = Field(
        default=None, description="A hash of what was approved; a change to it afterwards asks for sign-off again.")


class SignOffOverride(Model):
    """Someone chose to treat the campaign as ready although something still held it back: who, why, and
    a fingerprint of exactly what was outstanding, so anything new asks for a new decision."""

    who: str = Field(min_length=1)
    email: str = Field("", description="The signed-in user's e-mail, where sign-in is configured.")
    reason: str = Field(min_length=1)
    outstanding: list[str] = Field(default_factory=list, description="What was still open when they overrode.")
    fingerprint: str
    at: dt.datetime | None = None


class Campaign(Model):
    slug: str = Field(pattern=SLUG_PATTERN)
    name: str = Field(min_length=1, max_length=500)
    role: Role = Field(default_factory=Role)
    looking_for: LookingFor = Field(default_factory=LookingFor)
    personas: list[Persona] = Field(default_factory=list)
    themes: list[Theme] = Field(default_factory=list)
    variants: list[Variant] = Field(default_factory=list)
    reviews: list[ValuesReview] = Field(default_factory=list)
    channel_plan: list[ChannelPlanEntry] = Field(default_factory=list)
    geo: GeoTarget = Field(default_factory=GeoTarget)
    signoff_requirements: list[SignOffRequirement] = Field(default_factory=list)
    signoffs: list[SignOff] = Field(default_factory=list)
    overrides: list[SignOffOverride] = Field(default_factory=list)
    planned_split: dict[str, Annotated[float, Field(ge=0)]] = Field(
        default_factory=dict, description="Planned share of exposures per variant key, when variants were "
        "randomised; checked for sample-ratio mismatch.")
    notes: str = ""

    def persona(self, key: str) -> Persona | None:
        return next((p for p in self.personas if p.key == key), None)

    def theme(self, key: str) -> Theme | None:
        return next((t for t in self.themes if t.key == key), None)

    def variant(self, key: str) -> Variant | None:
        return next((v for v in self.variants if v.key == key), None)
