"""The campaign file: a versioned JSON document holding one campaign, its organisation and results.

Export, import, export gives the same document apart from `exported_at`. A bad file is rejected
with the field and the problem named, and nothing is imported.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Literal

from pydantic import Field, ValidationError, model_validator

from planner.campaign import Campaign, Organisation
from planner.enquiry import Enquiry
from planner.funnel import ResultRow, row_key
from planner.model import Model, repeated
from planner.storage import CampaignRecord, Store
from planner.storage.results_store import enquiries

SCHEMA_VERSION = 1
MAX_FILE_BYTES = 20 * 1024 * 1024
#: The deepest a campaign file nests is about 6 levels (campaign.variants[0].dismissals[0].field).
MAX_DEPTH = 32


class CampaignFile(Model):
    """Schema of a campaign file (documented as JSON Schema in docs/campaign-file.schema.json)."""

    schema_version: Literal[1] = SCHEMA_VERSION
    exported_at: dt.datetime | None = None
    organisation: Organisation
    campaign: Campaign
    results: list[ResultRow] = Field(default_factory=list)
    enquiries: list[Enquiry] = Field(default_factory=list, description="One row per person who enquired.")

    @model_validator(mode="after")
    def _results_fit_the_campaign(self) -> CampaignFile:
        """Results are shown per variant: one naming a variant the campaign lacks could never be shown or fixed."""
        known = {v.key for v in self.campaign.variants} | {v.spoken_code for v in self.campaign.variants
                                                           if v.spoken_code}
        for index, row in enumerate(self.results):
            if row.variant not in known:
                raise ValueError(f"results[{index}].variant: {row.variant!r} is not a variant of the campaign "
                                 f"(variants: {', '.join(sorted(v.key for v in self.campaign.variants)) or 'none'})")
        again = repeated(row_key(row) for row in self.results)
        if again:
            raise ValueError(f"results: two rows have the same variant, channel and period ({again[0][0]} in "
                             f"{again[0][1]}); merge them into one")
        return self


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
    return json.dumps(document, indent=2, ensure_ascii=False, allow_nan=False) + "\n"


def _unique_keys(pairs: list[tuple[str, object]]) -> dict:
    """A JSON object whose keys are all different: a repeated key would silently drop one of its values."""
    again = repeated(key for key, _ in pairs)
    if again:
        raise CampaignFileError(f"the key {again[0]!r} appears twice in one JSON object (in the object with keys "
                                f"{', '.join(repr(k) for k, _ in pairs[:6])}{', ...' if len(pairs) > 6 else ''}); "
                                "keep one")
    return dict(pairs)


def _check_depth(document: object) -> None:
    """Refuse nesting deeper than any campaign file has, naming where, before validation recurses into it."""
    stack: list[tuple[object, str, int]] = [(document, "", 0)]
    while stack:
        value, where, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise CampaignFileError(f"{where or '(document)'}: nested more than {MAX_DEPTH} levels deep; a "
                                    "campaign file is never nested this deeply")
        if isinstance(value, dict):
            stack += [(item, f"{where}.{key}" if where else str(key), depth + 1) for key, item in value.items()]
        elif isinstance(value, list):
            stack += [(item, f"{where}[{index}]", depth + 1) for index, item in enumerate(value)]


def too_large(size: int) -> str:
    return f"the file is {size / 2**20:.1f} MB; campaign files are limited to {MAX_FILE_BYTES // 2**20} MB"


def parse(data: bytes) -> CampaignFile:
    """Decode and validate a campaign file, raising CampaignFileError with a precise message."""
    if len(data) > MAX_FILE_BYTES:
        raise CampaignFileError(too_large(len(data)))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise CampaignFileError(f"the file is not UTF-8 text (bad byte at position {error.start})") from None
    try:
        raw = json.loads(text, object_pairs_hook=_unique_keys)
    except json.JSONDecodeError as error:
        raise CampaignFileError(f"not valid JSON: {error.msg} at line {error.lineno}, column {error.colno}") from None
    except RecursionError:
        raise CampaignFileError(f"the JSON is nested too deeply; campaign files nest at most {MAX_DEPTH} levels"
                                ) from None
    _check_depth(raw)
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
    lines = [_line(e) for e in error.errors()[:limit]]
    more = error.error_count() - limit
    if more > 0:
        lines.append(f"... and {more} more problem(s)")
    return "\n".join(lines)


#: A whole-model check names the field inside the model it checks: "variants: 'v1' is used more than once".
_INNER_FIELD = re.compile(r"Value error, ([A-Za-z_][\w.\[\]]*): (.*)", re.DOTALL)


def _line(error: dict) -> str:
    where, inner = _location(error["loc"]), _INNER_FIELD.fullmatch(error["msg"])
    if error["type"] == "value_error" and inner:
        path = inner[1] if where == "(document)" else f"{where}.{inner[1]}"
        return f"{path}: {inner[2]}"
    return f"{where}: {error['msg']}"


def _location(loc: tuple) -> str:
    path = ""
    for part in loc:
        path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else str(part))
    return path or "(document)"


def import_document(store: Store, document: CampaignFile, slug: str | None = None) -> CampaignRecord:
    """Import in one transaction: the organisation (if new), the campaign and its results."""
    campaign = document.campaign if slug is None else document.campaign.model_copy(update={"slug": slug})
    return store.import_campaign(document.organisation, campaign, document.results, document.enquiries)
