"""The organisation and the campaign: the seven persona questions and their answers.

The seven questions (from Wellbeing Teams' method):
1. the role; 2. who we are looking for; 3. where they might be now; 4. their hopes and fears;
5. the message; 6. whether it still fits our values; 7. where and how to advertise.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Literal
from urllib.parse import urlsplit

from pydantic import Field, field_validator, model_validator

from adverts.model import Theme, Variant
from personas.model import Persona
from planner.experiments.model import Experiment
from planner.funnel import MAX_GBP
from planner.model import Model, refuse_repeated

SLUG_PATTERN = r"^[a-z0-9][a-z0-9-]{0,62}$"


#: The longest phrase an organisation's own rule may have, as the app's rules editor enforces: the linter's
#: work grows with phrase length, so a campaign file may not bring a longer one in.
MAX_PHRASE = 120
MAX_CUSTOM_RULES = 1000
#: Meta allows at most 80 km around a place; 1,000 km leaves room without admitting nonsense.
MAX_RADIUS_KM = 1000


class Value(Model):
    """An organisation value: its name, what it means, and words that show it in copy."""

    name: str = Field(min_length=1)
    description: str = ""
    words: list[str] = Field(default_factory=list)


class CustomRule(Model):
    """An organisation's own linter rule, stored with the organisation."""

    phrase: str = Field(min_length=1, max_length=MAX_PHRASE)
    category: Literal["wallpaper", "stereotype", "barrier", "jargon", "personal-attribute"]
    why: str
    suggestion: str

    @field_validator("phrase")
    @classmethod
    def _has_words(cls, phrase: str) -> str:
        if not re.search(r"[^\W_]", phrase):
            raise ValueError("has no words for the linter to match; write it as words, e.g. 'team player'")
        return phrase


class Organisation(Model):
    slug: str = Field(pattern=SLUG_PATTERN)
    name: str = Field(min_length=1, max_length=500)
    purpose: str = ""
    values: list[Value] = Field(default_factory=list)
    custom_rules: list[CustomRule] = Field(default_factory=list, max_length=MAX_CUSTOM_RULES)
    allow_list: list[str] = Field(default_factory=list, description="Phrases the linter must not flag.")
    privacy_policy_url: str = Field("", max_length=2000, description=(
        "The organisation's privacy policy (https://...). Meta requires it on every instant form."))

    @field_validator("privacy_policy_url")
    @classmethod
    def _web_address(cls, value: str) -> str:
        value = value.strip()
        parts = urlsplit(value)
        if value and (parts.scheme not in ("http", "https") or not parts.netloc):
            raise ValueError("the privacy policy must be a full web address starting https://")
        return value

    @model_validator(mode="after")
    def _unique(self) -> Organisation:
        refuse_repeated("values", [value.name.strip().lower() for value in self.values])
        refuse_repeated("custom_rules", [" ".join(rule.phrase.lower().split()) for rule in self.custom_rules])
        return self


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
    budget_gbp: float | None = Field(default=None, ge=0, le=MAX_GBP)
    effort: str = ""
    start: dt.date | None = None
    end: dt.date | None = None


class GeoTarget(Model):
    """Where paid ads run. Employment ads allow a radius only, never postcodes or exclusions."""

    label: str = ""
    latitude: float | None = Field(default=None, ge=-90, le=90)
    longitude: float | None = Field(default=None, ge=-180, le=180)
    radius_km: float = Field(default=25, ge=25, le=MAX_RADIUS_KM,
                             description="At least 25 km, safely above Meta's 15-mile rule.")


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


class Contact(Model):
    """Who candidates call or write to, and where the job is based: printed on leaflets and given to job boards."""

    name: str = Field("", max_length=200, description="A person to ask for, e.g. 'Amina in the recruitment team'.")
    phone: str = Field("", max_length=40)
    email: str = Field("", max_length=320)
    street_address: str = Field("", max_length=500, description="Where the job is based: street and number.")
    postcode: str = Field("", max_length=16)
    region: str = Field("", max_length=200, description="e.g. 'West Yorkshire'.")


class TranslatedText(Model):
    """One text in another language, with the English it was translated from: if the English changes
    afterwards, the translation is stale."""

    english: str
    text: str = Field(min_length=1)


class Translation(Model):
    """A campaign's texts in one language, imported from a translator's pack (never machine-translated)."""

    texts: dict[str, TranslatedText] = Field(default_factory=dict, description="Text key -> translation.")
    imported_at: dt.datetime | None = None


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
    planned_split: dict[str, Annotated[float, Field(ge=0, le=MAX_GBP)]] = Field(
        default_factory=dict, description="Planned share of exposures per variant key, when variants were "
        "randomised; checked for sample-ratio mismatch.")
    experiments: list[Experiment] = Field(default_factory=list, description="Planned tests of one factor.")
    notes: str = ""
    contact: Contact = Field(default_factory=Contact)
    translations: dict[str, Translation] = Field(
        default_factory=dict, description="Language code (e.g. 'ur') -> the campaign's texts in that language.")

    @model_validator(mode="after")
    def _unique_keys(self) -> Campaign:
        """Pages find personas, themes and variants by key: a repeated key would make one unreachable."""
        for what, items in (("personas", self.personas), ("themes", self.themes), ("variants", self.variants)):
            refuse_repeated(what, [item.key for item in items])
        return self

    def persona(self, key: str) -> Persona | None:
        return next((p for p in self.personas if p.key == key), None)

    def theme(self, key: str) -> Theme | None:
        return next((t for t in self.themes if t.key == key), None)

    def variant(self, key: str) -> Variant | None:
        return next((v for v in self.variants if v.key == key), None)

    def experiment(self, key: str) -> Experiment | None:
        return next((e for e in self.experiments if e.key == key), None)
