"""Spoken codes in the store: issued once per organisation, and never reused.

Every campaign save and import passes its variants through `claim_codes` in the same transaction,
so the codes in campaign documents and the tracking_codes table always agree:
- a variant without a code gets a fresh one;
- a variant whose code is already registered to it keeps it (its link and channel are refreshed);
- a variant carrying a code the organisation issued to another variant, another campaign, or a
  deleted variant (an imported file, a copied variant) gets a fresh code instead.
Rows are never deleted, so a code freed by deleting a variant or a campaign is never issued again.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from adverts.tracking import new_code, normalise_code
from planner.campaign import Campaign
from planner.storage.tables import OrganisationRow, TrackingCodeRow

if TYPE_CHECKING:  # the store calls claim_codes, so it is imported for type hints only
    from planner.storage.store import Store


@dataclass(frozen=True)
class TrackingCode:
    code: str
    campaign: str
    variant: str
    channel: str
    link: str


class CodeNotFound(LookupError):
    """No code matches what the caller read out, or several could; `nearest` are the closest codes."""

    def __init__(self, message: str, nearest: list[str]) -> None:
        super().__init__(message)
        self.nearest = nearest


@dataclass(frozen=True)
class Reissued:
    """A variant whose code from a file or an edit was taken, and the code it has now."""

    variant: str
    old: str
    new: str


def claim_codes(session: Session, organisation_id: int, campaign: Campaign, previous_slug: str | None = None
                ) -> Campaign:
    """The campaign with every variant holding a code registered to it in this organisation."""
    rows = {row.code: row for row in session.scalars(
        select(TrackingCodeRow).where(TrackingCodeRow.organisation_id == organisation_id))}
    if previous_slug and previous_slug != campaign.slug:  # a renamed campaign keeps its codes
        for row in rows.values():
            if row.campaign_slug == previous_slug:
                row.campaign_slug = campaign.slug
    variants, used = [], set()
    for variant in campaign.variants:
        code = variant.spoken_code
        row = rows.get(code) if code else None
        ours = row is not None and row.campaign_slug == campaign.slug and row.variant == variant.key
        if code and code not in used and (row is None or ours):
            if row is None:
                rows[code] = _add(session, organisation_id, code, campaign.slug, variant)
            elif (row.link, row.channel) != (variant.link, variant.channel):
                row.link, row.channel = variant.link, variant.channel
        else:
            code = new_code(rows.keys() | used)
            rows[code] = _add(session, organisation_id, code, campaign.slug, variant)
            variant = variant.model_copy(update={"spoken_code": code})
        used.add(code)
        variants.append(variant)
    session.flush()
    return campaign.model_copy(update={"variants": variants})


def _add(session: Session, organisation_id: int, code: str, campaign_slug: str, variant) -> TrackingCodeRow:
    row = TrackingCodeRow(organisation_id=organisation_id, code=code, campaign_slug=campaign_slug,
                          variant=variant.key, channel=variant.channel, link=variant.link)
    session.add(row)
    return row


def reissued(before: Campaign, after: Campaign) -> list[Reissued]:
    """Variants whose code changed between a file (or an edit) and what the store kept."""
    kept = {v.key: v.spoken_code for v in after.variants}
    return [Reissued(v.key, v.spoken_code, kept[v.key]) for v in before.variants
            if v.spoken_code and kept.get(v.key) and kept[v.key] != v.spoken_code]


def codes(store: Store, organisation: str) -> list[TrackingCode]:
    """Every code the organisation has ever issued, oldest first (retired ones too)."""
    with store.transaction() as session:
        rows = session.scalars(select(TrackingCodeRow).join(OrganisationRow)
                               .where(OrganisationRow.slug == organisation).order_by(TrackingCodeRow.id))
        return [_code(row) for row in rows]


def _code(row: TrackingCodeRow) -> TrackingCode:
    return TrackingCode(row.code, row.campaign_slug, row.variant, row.channel, row.link)


def match_code(store: Store, organisation: str, text: str) -> TrackingCode:
    """The code a caller read out, in any case, with or without the dash, with spaces between the characters.

    Only an exact match counts: a near miss could credit the wrong advert, so CodeNotFound says
    whether the reading is unknown or could be several codes, with the nearest ones to ask about.
    """
    wanted = normalise_code(text)
    if not wanted:
        raise CodeNotFound("No code given: type the code the caller read out (for example HMK-7R). Nothing was "
                           "recorded.", [])
    issued = {c.code: c for c in codes(store, organisation)}
    if wanted in issued:
        return issued[wanted]
    compact = {code.replace("-", ""): code for code in issued}
    scored = sorted(((difflib.SequenceMatcher(None, wanted.replace("-", ""), key).ratio(), code)
                     for key, code in compact.items()), reverse=True)
    close = [(score, code) for score, code in scored if score >= 0.5]
    tied = sorted(code for score, code in close if score == close[0][0]) if close else []
    if len(tied) > 1:
        raise CodeNotFound(f"{text.strip()!r} could be any of {', '.join(tied[:5])}: ask the caller to read it "
                           "again. Nothing was recorded.", tied[:5])
    nearest = [code for _, code in close[:3]]
    hint = f" The nearest: {', '.join(nearest)}." if nearest else ""
    raise CodeNotFound(f"No spoken code {wanted or text.strip()!r} was issued by this organisation.{hint} "
                       "Nothing was recorded.", nearest)
