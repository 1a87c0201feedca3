"""Checks on advert variants: lint findings, Facebook blockers, lengths, near-duplicates, reused headlines.

Every variant is linted field by field with the wallpaper linter, using the organisation's own
rules and allow-list. Nothing here is stored: checks run on the text as it is now, so an edit is
re-checked the moment it is made.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sklearn.feature_extraction.text import TfidfVectorizer

from adverts.formats import LengthWarning, length_warnings
from adverts.lint import Finding, apply_dismissals
from adverts.model import Variant
from adverts.org_rules import lint_for
from planner.campaign import Campaign, Organisation

#: The copy people read; the image note is a brief for whoever takes the photo.
LINTED_FIELDS = ("headline", "primary_text", "description", "cta")
#: Cosine similarity (TF-IDF, words and word pairs) at which two variants in a channel are near-duplicates.
NEAR_DUPLICATE_AT = 0.8
BLOCKING_CATEGORY = "personal-attribute"


@dataclass(frozen=True)
class FieldFinding:
    """A lint finding in one field of a variant; offsets are within that field's text."""

    field: str
    finding: Finding
    dismissed: bool

    @property
    def rule(self) -> str:
        return self.finding.rule

    @property
    def text(self) -> str:
        return self.finding.text

    @property
    def category(self) -> str:
        return self.finding.category


@dataclass(frozen=True)
class VariantCheck:
    variant: str
    findings: tuple[FieldFinding, ...]
    facebook_blockers: tuple[FieldFinding, ...]
    length: tuple[LengthWarning, ...]
    near_duplicates: tuple[str, ...]
    #: The past campaign that already used this headline, if any.
    past_headline: str | None


def lint_variant(variant: Variant, organisation: Organisation) -> list[FieldFinding]:
    """Findings in every text field, marked dismissed where the user dismissed them for this variant."""
    result = []
    for field in LINTED_FIELDS:
        findings = lint_for(getattr(variant, field), organisation)
        open_ = set(map(id, apply_dismissals(findings, variant.dismissals)))
        result.extend(FieldFinding(field, f, id(f) not in open_) for f in findings)
    return result


def facebook_blockers(variant: Variant, findings: Iterable[FieldFinding | Finding]) -> list[FieldFinding | Finding]:
    """The open (not dismissed) personal-attribute findings that keep this variant out of a Facebook export.

    Meta rejects copy that asserts or implies the reader's age, health, finances, religion and
    similar. A user who judges a finding wrong dismisses it, with a reason, on the variant.
    """
    attributes = [f for f in findings if f.category == BLOCKING_CATEGORY]
    return apply_dismissals(attributes, variant.dismissals)


def normalise_headline(headline: str) -> str:
    return " ".join(re.findall(r"[a-z0-9']+", headline.casefold()))


def past_headlines(campaigns: Iterable[Campaign]) -> dict[str, str]:
    """Headline (normalised) -> the name of the first past campaign that used it."""
    used: dict[str, str] = {}
    for campaign in campaigns:
        for variant in campaign.variants:
            used.setdefault(normalise_headline(variant.headline), campaign.name)
    return used


def near_duplicates(variants: Sequence[Variant], threshold: float = NEAR_DUPLICATE_AT) -> dict[str, list[str]]:
    """For each variant, the other variants in the same channel whose copy is nearly the same."""
    found: dict[str, list[str]] = {v.key: [] for v in variants}
    texts = [f"{v.headline} {v.primary_text} {v.description} {v.cta}" for v in variants]
    if len(variants) < 2 or not any(t.strip() for t in texts):
        return found
    vectors = TfidfVectorizer(sublinear_tf=True, ngram_range=(1, 2)).fit_transform(texts)
    channels: dict[str, list[int]] = {}
    for index, variant in enumerate(variants):
        channels.setdefault(variant.channel, []).append(index)
    for indices in channels.values():
        similarity = (vectors[indices] @ vectors[indices].T).toarray()
        for a, row in zip(indices, similarity, strict=True):
            found[variants[a].key] = [variants[b].key for b, score in zip(indices, row, strict=True)
                                      if b != a and score >= threshold]
    return found


def check_variants(campaign: Campaign, organisation: Organisation, past: Iterable[Campaign] = (),
                   keys: Iterable[str] | None = None) -> dict[str, VariantCheck]:
    """Every check for the campaign's variants (or only those in `keys`).

    `past` are the organisation's other campaigns: a headline they used is flagged, since a reader
    who saw it before scrolls past, and the test would not be a fair one.
    """
    used = past_headlines(past)
    duplicates = near_duplicates(campaign.variants)
    wanted = None if keys is None else set(keys)
    checks = {}
    for variant in campaign.variants:
        if wanted is not None and variant.key not in wanted:
            continue
        findings = lint_variant(variant, organisation)
        checks[variant.key] = VariantCheck(
            variant=variant.key, findings=tuple(findings),
            facebook_blockers=tuple(facebook_blockers(variant, findings)),
            length=tuple(length_warnings(variant)), near_duplicates=tuple(duplicates[variant.key]),
            past_headline=used.get(normalise_headline(variant.headline)))
    return checks
