"""Results imports: Ads Manager exports (CSV, xlsx), our template, enquiries sheets and Meta Insights.

Every import is previewed first (the rows it would write, the row count, notices, every
rejected row with its reason, and every stored number it would change) and committed
all-or-nothing: one rejected row imports nothing. A commit changes only the rows the file is
about and only the cells it fills (planner.results_merge); one that would lower a stored count
needs `confirmed=True`, and one whose stored rows changed since `changes` was called is refused.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field

import pandas as pd

from planner.campaign import Campaign
from planner.enquiry import Enquiry
from planner.funnel import DIGITAL_FIELDS, FunnelOrderError, row_key
from planner.importers import ads_manager, template
from planner.importers.tabular import MAX_BYTES, FileRejected, Rejection, Sheet, read_sheets
from planner.results_merge import VALUE_FIELDS, Change, Incoming, LoweringNotConfirmed, plan
from planner.storage import ConflictError, Store
from planner.storage.results_store import commit_import, stored_rows, versions

__all__ = ["MAX_BYTES", "Change", "ConflictError", "FileRejected", "ImportFailed", "LoweringNotConfirmed", "Preview",
           "Rejection", "changes", "commit", "preview_file", "preview_sheets"]


class ImportFailed(ValueError):
    """Nothing was imported; the message lists why."""


@dataclass
class Preview:
    kind: str
    source_rows: int
    rows: pd.DataFrame
    enquiries: list[Enquiry] = field(default_factory=list)
    rejections: list[Rejection] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    #: What an import may change in a stored row with the same key (None: every cell it fills).
    fields: tuple[str, ...] | None = None
    #: The stored rows' versions when `changes` was worked out: a commit is refused if they moved.
    seen: dict[tuple, int] | None = None

    @property
    def ok(self) -> bool:
        return not self.rejections and (len(self.rows) > 0 or len(self.enquiries) > 0)

    def incoming(self) -> list[Incoming]:
        """Each row as added when new, and the cells it changes in a stored row: the ones it fills."""
        if self.rows.empty:  # an enquiries sheet on its own
            return []
        rows = self.rows.assign(**{c: self.rows[c].dt.date for c in ("period_start", "period_end")
                                   if c in self.rows and pd.api.types.is_datetime64_any_dtype(self.rows[c])})
        allowed = VALUE_FIELDS if self.fields is None else self.fields
        found = []
        for record in rows.astype(object).where(rows.notna(), None).to_dict("records"):
            cells = {name: value for name, value in record.items() if value is not None}
            found.append(Incoming(cells, tuple(name for name in allowed if name in cells)))
        return found

    def summary(self) -> str:
        parts = [f"{self.kind}: {self.source_rows} rows read"]
        if len(self.rows):
            parts.append(f"{len(self.rows)} funnel rows to import")
        if self.enquiries:
            parts.append(f"{len(self.enquiries)} enquiries to import")
        if self.rejections:
            parts.append(f"{len(self.rejections)} problems, so nothing will be imported")
        return "; ".join(parts) + "."


def preview_file(data: bytes, filename: str, campaign: Campaign, *, gbp_rate: float | None = None) -> Preview:
    """Read an upload and say what importing it would do. Raises FileRejected for an unreadable file."""
    sheets = read_sheets(data, filename, lambda header: ads_manager.column_plan(header)
                         if ads_manager.is_ads_manager(header) else (None, template.text_columns(header)))
    return preview_sheets(sheets, campaign, gbp_rate=gbp_rate)


def preview_sheets(sheets: list[Sheet], campaign: Campaign, *, gbp_rate: float | None = None) -> Preview:
    kinds, frames, people, notices, rejections, source_rows = [], [], [], [], [], 0
    fields: tuple[str, ...] | None = None
    for sheet in sheets:
        header = list(sheet.frame.columns)
        if ads_manager.is_ads_manager(header):
            rows, sheet_notices = ads_manager.read(sheet, campaign.variants, gbp_rate)
            kinds.append("Ads Manager export")
            fields = DIGITAL_FIELDS
            frames.append(rows)
            notices += sheet_notices
        elif template.is_funnel(header):
            kinds.append("funnel sheet")
            rows = template.read_funnel(sheet, campaign)
            empty = rows[[c for c in VALUE_FIELDS if c in rows]].isna().all(axis=1)
            if empty.any():
                notices.append(f"{int(empty.sum())} row(s) of the {sheet.name or 'funnel'} sheet have no numbers, so "
                               "they change nothing.")
            frames.append(rows[~empty])
        elif template.is_enquiries(header):
            kinds.append("enquiries sheet")
            people += template.read_enquiries(sheet)
        else:
            if len(sheets) == 1 or sheet.name in (template.FUNNEL_SHEET, template.ENQUIRY_SHEET):
                raise FileRejected(
                    f"'{sheet.name or 'The file'}' is not a sheet this planner reads: expected an Ads Manager "
                    "export (with an 'Ad name' column), the Funnel sheet of our template (variant, channel, "
                    "enquiries, ...) or an Enquiries sheet (self_reported_source, tracked_channel, stage, ...).")
            continue
        source_rows += len(sheet.frame)
        notices += sheet.notices
        rejections += sheet.rejections
    if not kinds:
        raise FileRejected("No sheet in the file has results in it: download the template to see the columns.")
    if fields is not None and len(kinds) > 1:
        raise FileRejected("Import an Ads Manager export on its own, not together with template sheets.")
    rows = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
    return Preview(" and ".join(kinds), source_rows, rows, people, rejections, notices, fields)


def changes(store: Store, campaign_ref: str | int, preview: Preview) -> list[Change]:
    """Every stored number the import would change, as "enquiries 10 → 0" (lowered ones need confirming).

    Records what it compared against, so a commit after the stored rows changed is refused."""
    stored = stored_rows(store, campaign_ref)
    preview.seen = versions(stored)
    try:
        return plan({row_key(s.row): s.row for s in stored}, preview.incoming()).changes
    except FunnelOrderError:  # reported, with the row, when committing
        return []


def commit(store: Store, campaign_ref: str | int, preview: Preview, *, confirmed: bool = False) -> str:
    """Write a clean preview in one transaction; ImportFailed (and nothing written) otherwise.

    Raises LoweringNotConfirmed (an ImportFailed-like ValueError listing the changes) if the import
    lowers a stored number and `confirmed` is false, and ConflictError if the stored rows changed
    since `changes` was called for this preview."""
    if preview.rejections:
        raise ImportFailed(f"Nothing was imported: {len(preview.rejections)} rows were rejected.\n"
                           + "\n".join(str(r) for r in preview.rejections))
    if not preview.ok:
        raise ImportFailed("Nothing was imported: the file has no rows.")
    batch = f"{dt.datetime.now(dt.UTC):%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:8]}"
    try:
        written, people = commit_import(store, campaign_ref, preview.incoming(), preview.enquiries, batch,
                                        seen=preview.seen, confirmed=confirmed)
    except FunnelOrderError as error:
        raise ImportFailed(f"Nothing was imported: {error}") from None
    return f"Imported {written} funnel rows and {people} enquiries (batch {batch})."
