"""Where each enquirer came from: the tracked source and what they told us, kept apart.

The tracked source comes from the variant's code, link or QR code; the self-reported one is
the answer to "how did you hear about us?". Neither is the truth on its own (people forget, codes
get passed on), so both are reported, with how often they agree.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from planner.channels import CHANNELS
from planner.enquiry import Enquiry
from planner.stats import wilson_interval

#: Words people use for each channel when asked how they heard about us.
_SAID: dict[str, tuple[str, ...]] = {
    "facebook": ("facebook", "instagram", "fb", "insta", "social media"),
    "job_board": ("job board", "indeed", "totaljobs", "reed", "cv library", "job site"),
    "linkedin": ("linkedin",),
    "council_site": ("council", "website"),
    "community_centre": ("community centre", "community center"),
    "mosque": ("mosque",),
    "church": ("church",),
    "temple": ("temple", "gurdwara", "mandir"),
    "recruitment_fair": ("fair", "jobs fair", "open day", "event"),
    "school_college": ("school", "college", "university"),
    "jobcentre": ("jobcentre", "job centre", "work coach"),
    "leaflets": ("leaflet", "poster", "flyer", "noticeboard"),
    "word_of_mouth": ("friend", "family", "word of mouth", "referral", "referred", "neighbour", "colleague"),
}


def classify_self_report(text: str) -> str | None:
    """The channel a free-text answer names, or None when it names none or several."""
    said = " " + re.sub(r"[^a-z0-9]+", " ", text.lower()) + " "
    if said.strip() in CHANNELS:
        return said.strip()
    found = {channel for channel, words in _SAID.items() if any(f" {word} " in said for word in words)}
    return found.pop() if len(found) == 1 else None


@dataclass(frozen=True)
class SourceAgreement:
    total: int
    both_known: int
    agree: int
    rate: float | None
    ci_low: float | None
    ci_high: float | None
    tracked: dict[str, int]
    self_reported: dict[str, int]
    pairs: dict[tuple[str, str], int]


UNKNOWN = "(not known)"


def agreement(enquiries: list[Enquiry]) -> SourceAgreement:
    """Counts by tracked and by self-reported channel, and how often the two agree."""
    tracked = [e.tracked_channel or UNKNOWN for e in enquiries]
    said = [classify_self_report(e.self_reported_source) or UNKNOWN for e in enquiries]
    both = [(t, s) for t, s in zip(tracked, said, strict=True) if UNKNOWN not in (t, s)]
    agree = sum(t == s for t, s in both)
    interval = wilson_interval(agree, len(both)) if both else (None, None)
    return SourceAgreement(
        total=len(enquiries), both_known=len(both), agree=agree, rate=agree / len(both) if both else None,
        ci_low=interval[0], ci_high=interval[1], tracked=dict(Counter(tracked).most_common()),
        self_reported=dict(Counter(said).most_common()), pairs=dict(Counter(zip(tracked, said, strict=True))),
    )
