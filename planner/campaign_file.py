"""The campaign file: a versioned JSON document holding one campaign, its organisation and results.

Export, import, export gives the same document apart from `exported_at`. A bad file is rejected
with the field and the problem named, and nothing is imported.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Literal

from pydantic import Field, ValidationError

from planner.campaign import Campaign, Organisation
from planner.enquiry import Enquiry
from planner.funnel import ResultRow
from planner.model import Model
from planner.storage import CampaignRecord, Store
from planner.storage.results_store import enquiries

SCHEMA_VERSION = 1
MAX_FILE_BYTES = 20 * 1024 * 1024


class CampaignFile(Model):
    """Schema of a campaign file (documented as JSON Schema in docs/campaign-file.schema.json)."""

    schema_version: Literal[1] = SCHEMA_VERSION
    exported_at: dt.datetime | None = None
    organisation: Organisation
    campaign: Campaign
    results: list[ResultRow] = Field(default_factory=list)
    enquiries: list[Enquiry] = Field(default_factory=list, description="One row per person who enquired.")


class CampaignFileError(ValueError):
    """A campaign file that cannot be imported; the message names the field and the problem."""


def json_schema() -> dict:
    schema = CampaignFile.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "Persona Campaign Planner campaign file"
    return schema


def export_document(store: Store, ref: str | int) -> dict:
    record = store.campaign(ref)
    organisation, _ = store.organisation(record.organisation)
    document = CampaignFile(
        exported_at=dt.datetime.now(dt.UTC),
        organisation=organisation,
        campaign=record.campaign,
        results=store.results(record.id),
        enquiries=enquiries(store, record.id),
    )
    return document.model_dump(mode="json")


def dumps(document: dict) -> str:
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def parse(data: bytes) -> CampaignFile:
    """Decode and validate a campaign file, raising CampaignFileError with a precise message."""
    if len(data) > MAX_FILE_BYTES:
        raise CampaignFileError(f"the file is {len(data) / 2**20:.1f} MB; campaign files are limited to "
                                f"{MAX_FILE_BYTES // 2**20} MB")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise CampaignFileError(f"the file is not UTF-8 text (bad byte at position {error.start})") from None
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as error:
        raise CampaignFileError(f"not valid JSON: {error.msg} at line {error.lineno}, column {error.colno}") from None
    if not isinstance(raw, dict):
        raise CampaignFileError("the file must hold a JSON object with schema_version, organisation and campaign")
    version = raw.get("schema_version")
    if version != SCHEMA_VERSION:
        raise CampaignFileError(
            f"schema_version: this planner reads version {SCHEMA_VERSION}, the file says {version!r}"
        )
    try:
        return CampaignFile.model_validate(raw)
    except ValidationError as error:
        raise CampaignFileError(describe_errors(error)) from None


def describe_errors(error: ValidationError, limit: int = 5) -> str:
    """Pydantic errors as 'campaign.personas[0].key: problem' lines."""
    lines = [f"{_location(e['loc'])}: {e['msg']}" for e in error.errors()[:limit]]
    more = error.error_count() - limit
    if more > 0:
        lines.append(f"... and {more} more problem(s)")
    return "\n".join(lines)


def _location(loc: tuple) -> str:
    path = ""
    for part in loc:
        path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else str(part))
    return path or "(document)"


def import_document(store: Store, document: CampaignFile, slug: str | None = None) -> CampaignRecord:
    """Import in one transaction: the organisation (if new), the campaign and its results."""
    campaign = document.campaign if slug is None else document.campaign.model_copy(update={"slug": slug})
    return store.import_campaign(document.organisation, campaign, document.results, document.enquiries)
