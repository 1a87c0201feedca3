"""Themes (question 5: the message) and advert variants built from them."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from planner.model import Model


class Address(Model):
    """A link from a theme to one persona's hope or fear that the theme answers."""

    persona: str
    kind: Literal["hope", "fear"]
    text: str


class Theme(Model):
    key: str = Field(min_length=1, max_length=64, pattern=r"^[a-z0-9][a-z0-9_-]*$")
    name: str
    headline: str
    questions: list[str] = Field(default_factory=list, description="Supporting questions.")
    addresses: list[Address] = Field(default_factory=list)
    library_key: str | None = None


class Dismissal(Model):
    """A linter finding the user has dismissed for one advert, with the reason they gave."""

    rule: str
    text: str
    reason: str


VariantStatus = Literal["draft", "pinned", "rejected", "for_signoff"]


class Variant(Model):
    """One advert: a theme spoken to a persona in one channel's format."""

    key: str = Field(min_length=1, max_length=64)
    theme: str
    persona: str
    channel: str
    format: str
    headline: str
    primary_text: str = ""
    description: str = ""
    cta: str = ""
    link: str = Field("", max_length=2000)
    image_note: str = ""
    spoken_code: str | None = None
    status: VariantStatus = "draft"
    dismissals: list[Dismissal] = Field(default_factory=list)
