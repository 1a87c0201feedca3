"""Enquiries logged one at a time: a phone call by the spoken code the caller reads out, and the list.

A call is recorded against the variant and channel its code was issued to, with what the caller
said about where they heard of us kept apart as self-reported. Nothing is recorded when the code
is unknown, ambiguous or belongs to another campaign.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select

from planner.enquiry import Enquiry
from planner.storage import leads
from planner.storage.store import Store, insert_enquiries
from planner.storage.tables import EnquiryRecord
from planner.storage.tracking import CodeNotFound, TrackingCode, match_code

CALL_BATCH = "call"


@dataclass(frozen=True)
class LoggedEnquiry:
    enquiry: Enquiry
    source: str
    """"call" (logged by its code), "lead" (Meta instant form) or "import" (a sheet or the results grid)."""
    logged_at: dt.datetime

    @property
    def unknown_ad(self) -> bool:
        """A lead whose ad is not one this campaign's export created: kept, flagged, not credited to a variant."""
        return self.source == "lead" and self.enquiry.tracked_variant is None

    def to_dict(self) -> dict:
        return {**self.enquiry.model_dump(mode="json"), "source": self.source, "unknown_ad": self.unknown_ad,
                "logged_at": self.logged_at.isoformat()}


def log_call(store: Store, campaign_ref: str | int, code_text: str, *, heard: str = "",
             on: dt.date | None = None, stage: str = "enquiries") -> tuple[Enquiry, TrackingCode]:
    """Record one call against the variant whose code the caller read out; CodeNotFound records nothing."""
    record = store.campaign(campaign_ref)
    code = match_code(store, record.organisation, code_text)
    if code.campaign != record.campaign.slug:
        raise CodeNotFound(f"{code.code} is the code of campaign {code.campaign!r} (variant {code.variant!r}), not "
                           f"{record.campaign.slug!r}: log the call there. Nothing was recorded.", [code.code])
    enquiry = Enquiry(enquired_on=on or dt.date.today(), tracked_variant=code.variant, tracked_channel=code.channel,
                      tracked_code=code.code, self_reported_source=heard.strip(), stage=stage)
    with store.transaction() as session:
        insert_enquiries(session, record.id, [enquiry], CALL_BATCH)
    return enquiry, code


def logged_enquiries(store: Store, campaign_ref: str | int) -> list[LoggedEnquiry]:
    """Every enquiry of the campaign, oldest first, with where it came from."""
    fields = list(Enquiry.model_fields)
    with store.transaction() as session:
        campaign_row, _ = store.campaign_row(session, campaign_ref)
        records = session.scalars(select(EnquiryRecord).where(EnquiryRecord.campaign_id == campaign_row.id)
                                  .order_by(EnquiryRecord.id))
        return [LoggedEnquiry(Enquiry(**{name: getattr(r, name) for name in fields}), _source(r.import_batch),
                              r.created_at) for r in records]


def _source(batch: str | None) -> str:
    return {CALL_BATCH: "call", leads.BATCH: "lead"}.get(batch or "", "import")
