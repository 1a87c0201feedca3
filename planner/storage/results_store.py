"""Storing imports: funnel rows merged by variant, channel and period, and enquiries, in one transaction.

Kept beside Store rather than in it: these are the results importer's writes, and they share the
store's transaction and campaign lookup.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import delete, insert, select

from planner.enquiry import Enquiry
from planner.funnel import ResultRow, merge_rows, row_key
from planner.storage.store import RESULT_FIELDS, Store, insert_enquiries, result_from_record
from planner.storage.tables import EnquiryRecord, ResultRowRecord

_ENQUIRY_FIELDS = list(Enquiry.model_fields)


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
        session.execute(delete(EnquiryRecord).where(EnquiryRecord.campaign_id == campaign_row.id))
        return insert_enquiries(session, campaign_row.id, rows, None)


def commit_import(store: Store, campaign_ref: str | int, rows: list[ResultRow], people: list[Enquiry],
                  batch: str, fields: tuple[str, ...] | None) -> tuple[int, int]:
    """Merge imported funnel rows into the stored ones and add enquiries, all in one transaction.

    A row with the same variant, channel and period as a stored one updates it (only `fields`, if
    given); the rest are added. Raises FunnelOrderError, and stores nothing, if a merged row breaks
    the funnel. Returns (funnel rows written, enquiries added).
    """
    with store.transaction() as session:
        campaign_row, _ = store.campaign_row(session, campaign_ref)
        records = session.scalars(select(ResultRowRecord).where(ResultRowRecord.campaign_id == campaign_row.id)
                                  .order_by(ResultRowRecord.id)).all()
        if rows:
            batches = {row_key(result_from_record(record)): record.import_batch for record in records}
            batches.update({row_key(row): batch for row in rows})
            merged = merge_rows([result_from_record(record) for record in records], rows, fields)
            session.execute(delete(ResultRowRecord).where(ResultRowRecord.campaign_id == campaign_row.id))
            session.execute(insert(ResultRowRecord), [
                {"campaign_id": campaign_row.id, "import_batch": batches[row_key(row)],
                 **{name: getattr(row, name) for name in RESULT_FIELDS}}
                for row in merged
            ])
        return len(rows), insert_enquiries(session, campaign_row.id, people, batch)
