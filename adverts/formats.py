"""Channel formats and their limits, and the warnings a variant gets when it goes over them.

Limits are soft: going over never blocks a save, but the user sees where the text will be cut
("see more") or where a reader will stop (a leaflet read from across a room, a two-minute talk).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal, get_args

from adverts.model import Variant

TextField = Literal["headline", "primary_text", "description", "cta", "image_note"]
Unit = Literal["characters", "words", "opening"]


@dataclass(frozen=True)
class Limit:
    field: TextField
    maximum: int
    why: str
    unit: Unit = "characters"

    def measure(self, text: str) -> int:
        if self.unit == "opening":
            return len(opening(text))
        return len(text.split()) if self.unit == "words" else len(text)


@dataclass(frozen=True)
class Format:
    key: str
    label: str
    limits: tuple[Limit, ...]
    #: Channels this format suits, in the order they are offered by default.
    channels: tuple[str, ...]
    spoken: bool = False


@dataclass(frozen=True)
class LengthWarning:
    field: TextField
    length: int
    limit: Limit

    @property
    def message(self) -> str:
        over = self.length - self.limit.maximum
        if self.limit.unit == "opening":
            return (f"the opening sentence of the {self.field.replace('_', ' ')} is {self.length} characters, {over} "
                    f"over about {self.limit.maximum}: {self.limit.why}")
        return (f"{self.field.replace('_', ' ')} is {self.length} {self.limit.unit}, {over} over about "
                f"{self.limit.maximum}: {self.limit.why}")


FORMATS: dict[str, Format] = {
    f.key: f
    for f in [
        Format("facebook_feed", "Facebook and Instagram feed", (
            Limit("primary_text", 125, "feeds cut primary text here and show 'See more': the hook must come first",
                  "opening"),
            Limit("headline", 40, "longer headlines are cut on phones"),
            Limit("description", 30, "the link description is cut or hidden beyond this"),
        ), ("facebook",)),
        Format("linkedin", "LinkedIn post or sponsored content", (
            Limit("primary_text", 150, "LinkedIn cuts the introduction here and shows 'see more': the hook must come "
                  "first", "opening"),
            Limit("headline", 70, "LinkedIn cuts longer headlines"),
            Limit("description", 100, "the description is cut beyond this"),
        ), ("linkedin",)),
        Format("job_post", "Job board post (Indeed-style)", (
            Limit("headline", 60, "a plain job title is found by search; long titles are cut in results"),
            Limit("description", 150, "the summary line in search results is cut beyond this"),
            Limit("primary_text", 700, "job seekers skim on phones: keep the post to one screen or two", "words"),
        ), ("job_board", "council_site", "jobcentre")),
        Format("leaflet", "Poster or leaflet", (
            Limit("headline", 60, "a poster headline must read from across a room"),
            Limit("primary_text", 120, "a leaflet is read in passing: the questions, the facts and what to do "
                  "next, no more", "words"),
            Limit("description", 120, "the facts line must stay on one or two lines"),
        ), ("leaflets", "community_centre", "mosque", "church", "temple", "school_college", "jobcentre",
            "recruitment_fair")),
        Format("whatsapp", "WhatsApp or community-group message", (
            Limit("primary_text", 700, "a group message longer than one phone screen is scrolled past"),
            Limit("headline", 60, "the first line is the preview people see"),
        ), ("word_of_mouth", "community_centre", "mosque", "church", "temple", "school_college")),
        Format("talk", "Spoken talk at a community centre or fair", (
            Limit("primary_text", 300, "about two minutes spoken at an easy pace", "words"),
            Limit("headline", 80, "the opening line should be one breath"),
        ), ("recruitment_fair", "community_centre", "mosque", "church", "temple", "school_college"), spoken=True),
    ]
}


def opening(text: str) -> str:
    """The hook: the text up to the end of its first sentence or line."""
    first_line = text.strip().split("\n", 1)[0]
    return re.split(r"(?<=[.?!])\s", first_line, maxsplit=1)[0]


def fold(fmt_key: str) -> int | None:
    """Characters a feed shows before "See more", for formats that cut their primary text."""
    fmt = FORMATS.get(fmt_key)
    return next((lim.maximum for lim in fmt.limits if lim.unit == "opening"), None) if fmt else None


class UnknownFormatError(KeyError):
    pass


def get_format(key: str) -> Format:
    try:
        return FORMATS[key]
    except KeyError:
        raise UnknownFormatError(f"no format {key!r}; formats are {', '.join(FORMATS)}") from None


def formats_for_channel(channel: str) -> list[Format]:
    """The formats that suit a channel; a channel nobody listed gets a leaflet."""
    suited = [f for f in FORMATS.values() if channel in f.channels]
    return suited or [FORMATS["leaflet"]]


def length_warnings(variant: Variant) -> list[LengthWarning]:
    """Every limit of the variant's format that its text goes over (none for an unknown format)."""
    return over_limits(variant.format, variant.model_dump(include=set(get_args(TextField))))


def over_limits(fmt_key: str, texts: dict[str, str]) -> list[LengthWarning]:
    """The limits of a format that these field texts go over."""
    fmt = FORMATS.get(fmt_key)
    warnings = []
    for limit in fmt.limits if fmt else ():
        length = limit.measure(texts.get(limit.field, ""))
        if length > limit.maximum:
            warnings.append(LengthWarning(limit.field, length, limit))
    return warnings
