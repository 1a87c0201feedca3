"""Storing results: imports and hand edits change only the rows they are about, in one transaction.

Every write first takes the campaign's results lock (`lock_results`), so writes to one campaign
run one after another and none saves over another. Each row carries a version: a hand edit made
on an older copy of a row, or an import previewed against rows that have changed since, is
refused with ConflictError and nothing is written.

Kept beside Store rather than in it: these are the results importer's and editor's writes, and
they share the store's transaction and campaign lookup.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from planner.enquiry import Enquiry
from planner.funnel import ResultRow, describe, row_key
from planner.results_merge import Incoming, LoweringNotConfirmed, plan
from planner.storage.store import (
    RESULT_FIELDS,
    ConflictError,
    Store,
    conflict_message,
    insert_enquiries,
    lock_results,
    result_from_record,
)
from planner.storage.tables import EnquiryRecord, ResultRowRecord

_ENQUIRY_FIELDS = list(Enquiry.model_fields)


@dataclass(frozen=True)
class StoredRow:
    """A result row as it was read, with what identifies that copy of it."""

    id: int
    version: int
    row: ResultRow


@dataclass
class Edits:
    """What a person changed in the results table since loading it."""

    changed: list[tuple[StoredRow, ResultRow]]
    added: list[ResultRow]
    deleted: list[StoredRow]

    def __bool__(self) -> bool:
        return bool(self.changed or self.added or self.deleted)


def enquiries(store: Store, campaign_ref: str | int) -> list[Enquiry]:
    with store.transaction() as session:
        campaign_row, _ = store.campaign_row(session, campaign_ref)
        records = session.scalars(select(EnquiryRecord).where(EnquiryRecord.campaign_id == campaign_row.id)
                                  .order_by(EnquiryRecord.id))
        return [Enquiry(**{name: getattr(record, name) for name in _ENQUIRY_FIELDS}) for record in records]


def replace_enquiries(store: Store, campaign_ref: str | int, rows: Iterable[Enquiry]) -> int:
    """Replace every enquiry of a campaign (manual entry), all-or-nothing."""
    with store.transaction() as session:
        campaign_row, _ = store.campaign_row(session, campaign_ref)
        lock_results(session, campaign_row.id)
        session.execute(delete(EnquiryRecord).where(EnquiryRecord.campaign_id == campaign_row.id))
        return insert_enquiries(session, campaign_row.id, rows, None)


def stored_rows(store: Store, campaign_ref: str | int) -> list[StoredRow]:
    """The campaign's result rows with their ids and versions, oldest first."""
    with store.transaction() as session:
        campaign_row, _ = store.campaign_row(session, campaign_ref)
        return [StoredRow(r.id, r.version, result_from_record(r)) for r in _records(session, campaign_row.id)]


def versions(rows: Iterable[StoredRow]) -> dict[tuple, int]:
    """Each row's key and version: what an import preview saw, to refuse a commit if it changed."""
    return {row_key(stored.row): stored.version for stored in rows}


def commit_import(store: Store, campaign_ref: str | int, incoming: Sequence[Incoming], people: list[Enquiry],
                  batch: str, *, seen: Mapping[tuple, int] | None = None, confirmed: bool = False
                  ) -> tuple[int, int]:
    """Merge imported rows into the stored ones and add enquiries, all in one transaction.

    Only the rows the import is about are written: a stored row with the same variant, channel
    and period gets the fields the import has (see planner.results_merge); the rest are added.
    `seen` is what the preview showed (`versions`): if any of those rows changed since, or one
    was added, ConflictError. Raises LoweringNotConfirmed if the import lowers a stored count and
    `confirmed` is false, and FunnelOrderError if a merged row breaks the funnel; nothing is
    written then. Returns (funnel rows added or changed, enquiries added).
    """
    with store.transaction() as session:
        campaign_row, _ = store.campaign_row(session, campaign_ref)
        lock_results(session, campaign_row.id)
        records = {row_key(result_from_record(r)): r for r in _records(session, campaign_row.id)}
        if seen is not None and any(
                seen.get(key) != (records[key].version if key in records else None)
                for key in {item.key for item in incoming}):
            raise ConflictError(conflict_message(
                f"The results of campaign {campaign_row.slug!r}",
                "Nothing was imported: preview the file again to see the latest numbers, then import it."))
        changes = plan({key: result_from_record(r) for key, r in records.items()}, incoming)
        if changes.lowering and not confirmed:
            raise LoweringNotConfirmed(changes.lowering)
        for key, row in changes.updated.items():
            _write(records[key], row, batch)
        session.add_all(ResultRowRecord(campaign_id=campaign_row.id, import_batch=batch, **_values(row))
                        for row in changes.added.values())
        return len(changes.updated) + len(changes.added), insert_enquiries(session, campaign_row.id, people, batch)


def save_edits(store: Store, campaign_ref: str | int, edits: Edits) -> int:
    """Save hand edits: only the rows changed, added or deleted, and only if each changed or deleted
    row is still the copy the person edited. ConflictError (nothing saved) otherwise, or if the
    edits would leave two rows for one variant, channel and period. Returns the rows written."""
    with store.transaction() as session:
        campaign_row, _ = store.campaign_row(session, campaign_ref)
        lock_results(session, campaign_row.id)
        records = {r.id: r for r in _records(session, campaign_row.id)}
        what = f"A row of the results of campaign {campaign_row.slug!r}"
        for stored in [*(old for old, _ in edits.changed), *edits.deleted]:
            current = records.get(stored.id)
            if current is None or current.version != stored.version:
                raise ConflictError(conflict_message(what))
        for stored in edits.deleted:
            session.delete(records.pop(stored.id))
        for stored, row in edits.changed:
            _write(records[stored.id], row, None)
        keys = Counter([row_key(result_from_record(r)) for r in records.values()] + [row_key(r) for r in edits.added])
        clash = next((key for key, count in keys.items() if count > 1), None)
        if clash is not None:
            raise ConflictError(f"There would be two rows for {describe(clash)}: nothing was saved. Someone may have "
                                "added it in another tab; reload to see the latest rows.")
        session.add_all(ResultRowRecord(campaign_id=campaign_row.id, **_values(row)) for row in edits.added)
        return len(edits.changed) + len(edits.added) + len(edits.deleted)


def _records(session: Session, campaign_id: int) -> list[ResultRowRecord]:
    return list(session.scalars(select(ResultRowRecord).where(ResultRowRecord.campaign_id == campaign_id)
                                .order_by(ResultRowRecord.id)))


def _values(row: ResultRow) -> dict:
    return {name: getattr(row, name) for name in RESULT_FIELDS}


def _write(record: ResultRowRecord, row: ResultRow, batch: str | None) -> None:
    for name, value in _values(row).items():
        setattr(record, name, value)
    record.version += 1
    if batch is not None:
        record.import_batch = batch
