"""Leads in the store: each Meta lead once, as an enquiry against its advert, and purged on time.

A lead becomes an enquiry like any other (tracked variant and channel, the person's own answer to
"How did you hear about us?" kept apart as self-reported, the date), so the report counts it.
The contact details a recruiter needs to call back (name, phone, e-mail, best time) live only in
the leads table, and `purge` blanks them once the retention period has passed (UK GDPR: keep
personal data no longer than needed). The lead id stays, so fetching again never brings it back.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError

from planner.enquiry import Enquiry, Lead
from planner.storage.facebook_objects import facebook_objects
from planner.storage.store import Store
from planner.storage.tables import EnquiryRecord, LeadRecord

RETENTION_VARIABLE = "PLANNER_LEAD_RETENTION_DAYS"
DEFAULT_RETENTION_DAYS = 180
#: The enquiries' import batch for leads, so lists can say where an enquiry came from.
BATCH = "meta-leads"
FACEBOOK = "facebook"


class LeadsError(ValueError):
    """Leads could not be stored; nothing was."""


@dataclass(frozen=True)
class LeadsStored:
    fetched: int
    added: int
    already_stored: int
    unknown_ad: int


@dataclass(frozen=True)
class StoredLead:
    lead_id: str
    variant: str | None
    unknown_ad: bool
    created_time: dt.datetime
    full_name: str | None
    phone: str | None
    email: str | None
    best_time: str | None
    heard: str
    purged: bool


def retention_days() -> int:
    """The retention period: PLANNER_LEAD_RETENTION_DAYS, or 180 days."""
    text = os.environ.get(RETENTION_VARIABLE, "").strip()
    if not text:
        return DEFAULT_RETENTION_DAYS
    if not text.isdigit() or int(text) < 1:
        raise LeadsError(f"{RETENTION_VARIABLE} must be a whole number of days (1 or more), not {text!r}.")
    return int(text)


def form_id(store: Store, campaign_id: int) -> str | None:
    """The instant form the leads export created for this campaign, if any."""
    return next((o.fb_id for o in facebook_objects(store, campaign_id) if o.kind == "leadform"), None)


def store_leads(store: Store, campaign_id: int, leads: Iterable[Lead]) -> LeadsStored:
    """Add the leads not stored yet, each with its enquiry, in one transaction.

    The ad id leads to the variant through the recorded Facebook objects; a lead whose ad is not one
    of them is kept with no variant and flagged.
    """
    leads = list(leads)
    variants = {o.fb_id: o.local_key for o in facebook_objects(store, campaign_id) if o.kind == "ad"}
    try:
        with store.transaction() as session:
            ids = [lead.lead_id for lead in leads]
            known = set(session.scalars(select(LeadRecord.lead_id).where(LeadRecord.lead_id.in_(ids))))
            new = [lead for lead in {lead.lead_id: lead for lead in leads}.values() if lead.lead_id not in known]
            for lead in new:
                variant = variants.get(lead.ad_id or "")
                enquiry = Enquiry(reference=f"lead-{lead.lead_id}"[:64], enquired_on=lead.created_time.date(),
                                  tracked_variant=variant, tracked_channel=FACEBOOK,
                                  self_reported_source=lead.heard[:500])
                record = EnquiryRecord(campaign_id=campaign_id, import_batch=BATCH, **enquiry.model_dump())
                session.add(record)
                session.flush()
                session.add(LeadRecord(
                    campaign_id=campaign_id, enquiry_id=record.id, lead_id=lead.lead_id, form_id=lead.form_id[:64],
                    ad_id=(lead.ad_id or None) and lead.ad_id[:64], unknown_ad=variant is None,
                    created_time=lead.created_time, full_name=lead.full_name[:200], phone=lead.phone[:64],
                    email=lead.email[:320], best_time=lead.best_time[:64]))
            return LeadsStored(len(leads), len(new), len(leads) - len(new),
                               sum(variants.get(lead.ad_id or "") is None for lead in new))
    except IntegrityError:
        raise LeadsError("Another fetch stored some of these leads at the same moment; nothing was stored by this "
                         "one. Fetch again: leads already stored are skipped.") from None


def stored_leads(store: Store, campaign_id: int) -> list[StoredLead]:
    with store.transaction() as session:
        rows = session.execute(select(LeadRecord, EnquiryRecord.tracked_variant, EnquiryRecord.self_reported_source)
                               .outerjoin(EnquiryRecord, EnquiryRecord.id == LeadRecord.enquiry_id)
                               .where(LeadRecord.campaign_id == campaign_id).order_by(LeadRecord.created_time))
        return [StoredLead(r.lead_id, variant, r.unknown_ad, r.created_time, r.full_name, r.phone, r.email,
                           r.best_time, heard or "", r.purged_at is not None) for r, variant, heard in rows]


def purge(store: Store, older_than_days: int, *, now: dt.datetime | None = None, dry_run: bool = False) -> int:
    """Blank the contact details of every lead created more than `older_than_days` ago; how many."""
    if older_than_days < 1:
        raise LeadsError("the retention period must be at least one day")
    now = now or dt.datetime.now(dt.UTC)
    due = (LeadRecord.purged_at.is_(None), LeadRecord.created_time < now - dt.timedelta(days=older_than_days))
    with store.transaction() as session:
        if dry_run:
            return session.scalar(select(func.count()).select_from(LeadRecord).where(*due)) or 0
        result = session.execute(update(LeadRecord).where(*due).values(
            full_name=None, phone=None, email=None, best_time=None, purged_at=now))
        return result.rowcount or 0
