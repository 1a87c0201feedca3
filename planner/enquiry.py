"""One person who enquired, with the tracked source and what they told us kept apart.

A model of its own (no statistics imported) so that reading and writing campaign files stays light.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from pydantic import Field, field_validator

from planner.funnel import STAGE_KEYS
from planner.model import Model

#: The stages a person can reach once they have enquired.
PERSON_STAGES = STAGE_KEYS[1:]


class Enquiry(Model):
    """One person who enquired. No names: `reference` is the recruiter's own pseudonymous id."""

    reference: str = Field(default="", max_length=64)
    enquired_on: dt.date | None = None
    tracked_variant: str | None = Field(default=None, max_length=200)
    tracked_channel: str | None = Field(default=None, max_length=64)
    tracked_code: str | None = Field(default=None, max_length=32)
    self_reported_source: str = Field(default="", max_length=500)
    stage: str = Field(default="enquiries", description="The furthest stage reached: " + ", ".join(PERSON_STAGES))

    @field_validator("stage")
    @classmethod
    def _known_stage(cls, value: str) -> str:
        if value not in PERSON_STAGES:
            raise ValueError(f"stage must be one of {', '.join(PERSON_STAGES)}")
        return value


@dataclass(frozen=True)
class Lead:
    """One lead from a Meta instant form, as read; it is stored as an Enquiry plus the contact details."""

    lead_id: str
    form_id: str
    ad_id: str | None
    created_time: dt.datetime
    full_name: str
    phone: str
    email: str
    best_time: str
    heard: str
    """The person's own answer to "How did you hear about us?" (the self-reported source)."""
