"""The store: every save is one transaction, and campaign saves are optimistic.

A caller loads a campaign with its version, edits it, and saves with the version it loaded.
If someone else saved in between, the save raises ConflictError instead of overwriting.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TypeVar

from pydantic import BaseModel
from sqlalchemy import create_engine, event, insert, select, update
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from planner.campaign import Campaign, Organisation
from planner.funnel import STAGE_KEYS, ResultRow
from planner.model import Model
from planner.storage import migrate
from planner.storage.config import database_url, normalise_url
from planner.storage.tables import CampaignRow, EnquiryRecord, OrganisationRow, ResultRowRecord
from planner.storage.tracking import claim_codes

M = TypeVar("M", bound=Model)
T = TypeVar("T")
#: How many times a save that lost a race for a new spoken code is run again.
CODE_CLASH_ATTEMPTS = 8


class ConflictError(Exception):
    """Someone else saved this record since it was opened."""


class NotFoundError(LookupError):
    pass


@dataclass(frozen=True)
class CampaignSummary:
    id: int
    slug: str
    name: str
    organisation: str
    version: int
    updated_at: dt.datetime


@dataclass(frozen=True)
class CampaignRecord:
    id: int
    organisation: str
    campaign: Campaign
    version: int
    updated_at: dt.datetime


#: How long an SQLite writer waits for another one to finish before giving up, in seconds.
SQLITE_BUSY_TIMEOUT = 60


def _configure_sqlite(engine: Engine) -> None:
    """Foreign keys on, and write-ahead logging: readers never wait for a writer, and a writer waits
    (up to SQLITE_BUSY_TIMEOUT) for another instead of failing with "database is locked"."""
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record) -> None:  # pragma: no cover - driver hook
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT * 1000}")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")  # durable at every checkpoint, safe in WAL mode
        cursor.close()


class Store:
    """The campaign store over one database. Opening it brings the schema to the newest revision."""

    def __init__(self, url: str | None = None, *, upgrade: bool = True) -> None:
        self.url = normalise_url(url) if url else database_url()
        sqlite = self.url.startswith("sqlite")
        self.engine = create_engine(self.url, connect_args={"timeout": SQLITE_BUSY_TIMEOUT} if sqlite else {})
        if sqlite:
            _configure_sqlite(self.engine)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        if upgrade:
            migrate.upgrade(self.engine)

    @property
    def masked_url(self) -> str:
        """The database URL with its password hidden: the only form ever shown."""
        return self.engine.url.render_as_string(hide_password=True)

    def close(self) -> None:
        self.engine.dispose()

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One unit of work: committed when the block ends, rolled back if it raises."""
        with self._sessions.begin() as session:
            yield session

    # Organisations -----------------------------------------------------------------------

    def save_organisation(self, organisation: Organisation, expected_version: int | None = None) -> int:
        """Create or update an organisation; returns its new version."""
        document = _checked(organisation).model_dump(mode="json")
        try:
            with self.transaction() as session:
                row = session.scalar(select(OrganisationRow).where(OrganisationRow.slug == organisation.slug))
                if row is None:
                    row = OrganisationRow(slug=organisation.slug, name=organisation.name, document=document)
                    session.add(row)
                else:
                    _check_version(row.version, expected_version, f"organisation {organisation.slug!r}")
                    row.name, row.document = organisation.name, document
                session.flush()
                return row.version
        except StaleDataError as error:
            raise ConflictError(conflict_message(f"organisation {organisation.slug!r}")) from error

    def organisation(self, slug: str) -> tuple[Organisation, int]:
        with self.transaction() as session:
            row = session.scalar(select(OrganisationRow).where(OrganisationRow.slug == slug))
            if row is None:
                raise NotFoundError(f"no organisation with slug {slug!r}")
            return Organisation.model_validate(row.document), row.version

    def organisations(self) -> list[Organisation]:
        with self.transaction() as session:
            rows = session.scalars(select(OrganisationRow).order_by(OrganisationRow.name))
            return [Organisation.model_validate(row.document) for row in rows]

    # Campaigns ---------------------------------------------------------------------------

    def create_campaign(
        self, organisation: str, campaign: Campaign, results: Iterable[ResultRow] = ()
    ) -> CampaignRecord:
        """Add a new campaign (and any results it carries) in one transaction."""
        results = list(results)

        def write(session: Session) -> CampaignRecord:
            org = session.scalar(select(OrganisationRow).where(OrganisationRow.slug == organisation))
            if org is None:
                raise NotFoundError(f"no organisation with slug {organisation!r}")
            return _insert_campaign(session, org, campaign, results)

        return self._claiming_codes(write)

    def import_campaign(
        self,
        organisation: Organisation,
        campaign: Campaign,
        results: Iterable[ResultRow] = (),
        enquiries: Iterable[BaseModel] = (),
    ) -> CampaignRecord:
        """Add a campaign from a file: its organisation is created if new, all in one transaction.

        An existing organisation is kept as it is, so an import never overwrites its values.
        """
        results, enquiries = list(results), list(enquiries)

        def write(session: Session) -> CampaignRecord:
            org = session.scalar(select(OrganisationRow).where(OrganisationRow.slug == organisation.slug))
            if org is None:
                org = OrganisationRow(slug=organisation.slug, name=organisation.name,
                                      document=_checked(organisation).model_dump(mode="json"))
                session.add(org)
                session.flush()
            record = _insert_campaign(session, org, campaign, results)
            insert_enquiries(session, record.id, enquiries, batch=None)
            return record

        return self._claiming_codes(write)

    def campaigns(self) -> list[CampaignSummary]:
        with self.transaction() as session:
            query = (
                select(CampaignRow, OrganisationRow.slug)
                .join(OrganisationRow)
                .order_by(CampaignRow.updated_at.desc(), CampaignRow.id.desc())
            )
            return [
                CampaignSummary(row.id, row.slug, row.name, org_slug, row.version, row.updated_at)
                for row, org_slug in session.execute(query)
            ]

    def campaign(self, ref: str | int) -> CampaignRecord:
        """Load a campaign by id or slug."""
        with self.transaction() as session:
            row, org_slug = self.campaign_row(session, ref)
            return _record(row, org_slug)

    def save_campaign(self, campaign_id: int, campaign: Campaign, expected_version: int) -> CampaignRecord:
        """Save an edited campaign; ConflictError if it changed since `expected_version` was loaded."""
        _checked(campaign)

        def write(session: Session) -> CampaignRecord:
            row, org_slug = self.campaign_row(session, campaign_id)
            _check_version(row.version, expected_version, f"campaign {row.slug!r}")
            if campaign.slug != row.slug and session.scalar(
                select(CampaignRow.id).where(CampaignRow.slug == campaign.slug)
            ):
                raise ConflictError(f"a campaign with slug {campaign.slug!r} already exists")
            claimed = claim_codes(session, row.organisation_id, campaign, previous_slug=row.slug)
            row.slug, row.name = claimed.slug, claimed.name
            row.document = claimed.model_dump(mode="json")
            session.flush()
            return _record(row, org_slug)

        try:
            return self._claiming_codes(write)
        except StaleDataError as error:
            raise ConflictError(conflict_message(f"campaign {campaign.slug!r}")) from error

    def _claiming_codes(self, write: Callable[[Session], T]) -> T:
        """Run a write that issues spoken codes, in one transaction, again if it lost a race for a code.

        Two saves in one organisation (two campaigns generating variants at once) can pick the same
        fresh code; the unique constraint refuses the second. Run again, it sees that code taken and
        picks another, so the save lands instead of failing with a database error."""
        attempt = 1
        while True:
            try:
                with self.transaction() as session:
                    return write(session)
            except IntegrityError as error:
                if "tracking_codes" not in str(error.orig):
                    raise
                if attempt == CODE_CLASH_ATTEMPTS:
                    raise ConflictError("Not saved: other saves in this organisation kept taking the same new "
                                        "spoken codes at the same moment. Try again.") from None
            time.sleep(random.uniform(0, 0.05 * attempt))  # so the racers do not collide again
            attempt += 1

    def delete_campaign(self, ref: str | int) -> None:
        with self.transaction() as session:
            row, _ = self.campaign_row(session, ref)
            session.delete(row)

    @staticmethod
    def campaign_row(session: Session, ref: str | int) -> tuple[CampaignRow, str]:
        query = select(CampaignRow, OrganisationRow.slug).join(OrganisationRow)
        text = str(ref)
        if isinstance(ref, int) or (text.startswith("id:") and text[3:].isdigit()):
            query = query.where(CampaignRow.id == int(text.removeprefix("id:")))
        elif text.isdigit():  # an id, or an older all-digit slug: both are looked for, and two matches refused
            query = query.where((CampaignRow.id == int(text)) | (CampaignRow.slug == text))
        else:
            query = query.where(CampaignRow.slug == text)
        found = session.execute(query.limit(2)).all()
        if not found:
            raise NotFoundError(f"no campaign with id or slug {text!r} (see `planner campaign list`)")
        if len(found) > 1:
            by_id = next(row for row, _ in found if row.id == int(text))
            raise NotFoundError(f"{text!r} is both the id of campaign {by_id.slug!r} and the slug of another "
                                f"campaign: write id:{text} for the id, or rename the other campaign")
        return found[0][0], found[0][1]

    # Results -----------------------------------------------------------------------------

    def add_results(self, campaign_ref: str | int, rows: Iterable[ResultRow], batch: str | None = None) -> int:
        """Add result rows all-or-nothing; returns how many were added."""
        with self.transaction() as session:
            campaign_row, _ = self.campaign_row(session, campaign_ref)
            lock_results(session, campaign_row.id)
            return _add_results(session, campaign_row.id, rows, batch)

    def results(self, campaign_ref: str | int) -> list[ResultRow]:
        with self.transaction() as session:
            campaign_row, _ = self.campaign_row(session, campaign_ref)
            records = session.scalars(
                select(ResultRowRecord)
                .where(ResultRowRecord.campaign_id == campaign_row.id)
                .order_by(ResultRowRecord.id)
            )
            return [result_from_record(record) for record in records]


def _insert_campaign(
    session: Session, org: OrganisationRow, campaign: Campaign, results: Iterable[ResultRow]
) -> CampaignRecord:
    if session.scalar(select(CampaignRow.id).where(CampaignRow.slug == campaign.slug)) is not None:
        raise ConflictError(f"a campaign with slug {campaign.slug!r} already exists (choose another slug)")
    campaign = claim_codes(session, org.id, _checked(campaign))
    row = CampaignRow(
        organisation_id=org.id, slug=campaign.slug, name=campaign.name, document=campaign.model_dump(mode="json")
    )
    session.add(row)
    session.flush()
    _add_results(session, row.id, results, batch=None)
    return _record(row, org.slug)


def lock_results(session: Session, campaign_id: int) -> int:
    """Take the campaign's results lock until the transaction ends; returns the new results version.

    It is the transaction's first write: PostgreSQL locks the campaign row, and SQLite takes its
    one write lock (waiting for the busy timeout). So results writes to one campaign run one after
    another, and each reads the rows the previous one committed: none can save over another.
    """
    return session.execute(
        update(CampaignRow).where(CampaignRow.id == campaign_id)
        .values(results_version=CampaignRow.results_version + 1, updated_at=CampaignRow.updated_at)
        .returning(CampaignRow.results_version)
        .execution_options(synchronize_session=False)
    ).scalar_one()


RESULT_FIELDS = ["variant", "channel", "period_start", "period_end", "reach", "reach_is_estimate",
                  *STAGE_KEYS[1:], "cost_gbp"]


def insert_enquiries(session: Session, campaign_id: int, rows: Iterable[BaseModel], batch: str | None) -> int:
    """Add person-level enquiry records (planner.enquiry.Enquiry) to a campaign."""
    values = [{"campaign_id": campaign_id, "import_batch": batch, **row.model_dump()} for row in rows]
    if values:
        session.execute(insert(EnquiryRecord), values)
    return len(values)


def _add_results(session: Session, campaign_id: int, rows: Iterable[ResultRow], batch: str | None) -> int:
    records = [
        ResultRowRecord(campaign_id=campaign_id, import_batch=batch,
                        **{name: getattr(row, name) for name in RESULT_FIELDS})
        for row in rows
    ]
    session.add_all(records)
    session.flush()
    return len(records)


def result_from_record(record: ResultRowRecord) -> ResultRow:
    return ResultRow(**{name: getattr(record, name) for name in RESULT_FIELDS})


def _checked(model: M) -> M:
    """The model, validated again before anything is written: `model_copy(update=...)` skips validation,
    and text that breaks a rule (a NUL character, an over-long name or link) must be refused the same
    way on SQLite and PostgreSQL. Raises pydantic's ValidationError, naming the field."""
    type(model).model_validate(model.model_dump())
    return model


def _record(row: CampaignRow, org_slug: str) -> CampaignRecord:
    return CampaignRecord(row.id, org_slug, Campaign.model_validate(row.document), row.version, row.updated_at)


def conflict_message(what: str, unsaved: str = "Your edits were not saved: reload to see the latest version, "
                                              "then apply them again.") -> str:
    """The one message for a stale save, wherever it happens."""
    return f"{what} was changed since you opened it (in another tab or by someone else). {unsaved}"


def _check_version(actual: int, expected: int | None, what: str) -> None:
    if expected is not None and actual != expected:
        raise ConflictError(conflict_message(what))
