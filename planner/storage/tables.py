"""The database tables. Campaign and organisation documents are stored whole, as validated JSON.

A campaign is edited as one document (the seven answers, personas, themes, variants), so it is
saved as one row with a version column: two tabs editing the same campaign cannot silently
overwrite each other. Things that need querying, uniqueness or all-or-nothing imports (results,
tracking codes, Facebook object ids) have tables of their own.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    String,
    UniqueConstraint,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column

Document = JSON().with_variant(JSONB(), "postgresql")


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class Base(DeclarativeBase):
    pass


class VersionedDocument:
    """A document saved whole, with an optimistic version: a stale save fails instead of overwriting."""

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    slug: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(500))
    document: Mapped[dict] = mapped_column(Document)
    version: Mapped[int] = mapped_column(Integer, nullable=False)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)

    @declared_attr.directive
    def __mapper_args__(cls) -> dict:
        return {"version_id_col": cls.version}


class OrganisationRow(VersionedDocument, Base):
    __tablename__ = "organisations"


class CampaignRow(VersionedDocument, Base):
    __tablename__ = "campaigns"

    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"))
    #: Bumped by every write to the campaign's results; the write that bumps it holds the row's lock,
    #: so results writes to one campaign run one after another (see planner.storage.results_store).
    results_version: Mapped[int] = mapped_column(Integer, nullable=False, default=0, server_default=text("0"))


class ResultRowRecord(Base):
    __tablename__ = "result_rows"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaigns.id", ondelete="CASCADE"), index=True)
    variant: Mapped[str] = mapped_column(String(200))
    channel: Mapped[str] = mapped_column(String(64))
    period_start: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    period_end: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    reach: Mapped[int | None] = mapped_column(Integer, nullable=True)
    reach_is_estimate: Mapped[bool] = mapped_column(Boolean, default=False)
    enquiries: Mapped[int] = mapped_column(Integer, default=0)
    conversations: Mapped[int | None] = mapped_column(Integer, nullable=True)  # NULL: not known yet
    invited: Mapped[int | None] = mapped_column(Integer, nullable=True)  # NULL: not known yet
    attended: Mapped[int | None] = mapped_column(Integer, nullable=True)  # NULL: not known yet
    offers: Mapped[int | None] = mapped_column(Integer, nullable=True)  # NULL: not known yet
    starts: Mapped[int | None] = mapped_column(Integer, nullable=True)  # NULL: not known yet
    retained: Mapped[int | None] = mapped_column(Integer, nullable=True)  # NULL: not known yet
    cost_gbp: Mapped[float] = mapped_column(Float, default=0)
    import_batch: Mapped[str | None] = mapped_column(String(64), nullable=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    #: Bumped whenever the row changes, so an edit made on an older copy is refused, not saved over it.
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1, server_default=text("1"))


class TrackingCodeRow(Base):
    """Spoken codes are unique within an organisation and never reused, so rows are never deleted."""

    __tablename__ = "tracking_codes"
    __table_args__ = (UniqueConstraint("organisation_id", "code"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"))
    code: Mapped[str] = mapped_column(String(32))
    campaign_slug: Mapped[str] = mapped_column(String(64))
    variant: Mapped[str] = mapped_column(String(200))
    channel: Mapped[str] = mapped_column(String(64))
    link: Mapped[str] = mapped_column(String(2000), default="")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class FacebookObjectRow(Base):
    """Ids of objects created in Meta, so results can be matched and re-runs resume."""

    __tablename__ = "facebook_objects"
    __table_args__ = (UniqueConstraint("campaign_id", "kind", "local_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaigns.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    local_key: Mapped[str] = mapped_column(String(200))
    name: Mapped[str] = mapped_column(String(500))
    fb_id: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class EnquiryRecord(Base):
    """One person who enquired: tracked source and self-reported source side by side, no names."""

    __tablename__ = "enquiries"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaigns.id", ondelete="CASCADE"), index=True)
    reference: Mapped[str] = mapped_column(String(64), default="")
    enquired_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    tracked_variant: Mapped[str | None] = mapped_column(String(200), nullable=True)
    tracked_channel: Mapped[str | None] = mapped_column(String(64), nullable=True)
    tracked_code: Mapped[str | None] = mapped_column(String(32), nullable=True)
    self_reported_source: Mapped[str] = mapped_column(String(500), default="")
    stage: Mapped[str] = mapped_column(String(32))
    import_batch: Mapped[str | None] = mapped_column(String(64), nullable=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class LeadRecord(Base):
    """A lead from a Meta instant form: the contact details a recruiter needs to call back, and no more.

    Each Meta lead id is stored once, so fetching again adds nothing. The details are blanked by
    `planner enquiry purge` once the retention period has passed; the row (and its pseudonymous
    enquiry) stays, so a later fetch does not bring the person back.
    """

    __tablename__ = "leads"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaigns.id", ondelete="CASCADE"), index=True)
    enquiry_id: Mapped[int | None] = mapped_column(ForeignKey("enquiries.id", ondelete="SET NULL"), nullable=True)
    lead_id: Mapped[str] = mapped_column(String(64), unique=True)
    form_id: Mapped[str] = mapped_column(String(64))
    ad_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    unknown_ad: Mapped[bool] = mapped_column(Boolean, default=False)
    created_time: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    full_name: Mapped[str | None] = mapped_column(String(200), nullable=True)
    phone: Mapped[str | None] = mapped_column(String(64), nullable=True)
    email: Mapped[str | None] = mapped_column(String(320), nullable=True)
    best_time: Mapped[str | None] = mapped_column(String(64), nullable=True)
    fetched_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    purged_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
