"""Leads from the campaign's instant form, read through the SDK page by page (`GET /{form}/leads`).

Every lead is checked before anything is stored, so malformed data stops the whole fetch with the
lead it is about, and nothing is half-imported. Only what a recruiter needs to call back is kept
from the answers (see planner.storage.leads).
"""

from __future__ import annotations

import datetime as dt

import requests
from facebook_business.adobjects.leadgenform import LeadgenForm
from facebook_business.exceptions import FacebookRequestError

from planner.enquiry import Lead
from planner.exports.lead_form import BEST_TIME, EMAIL, HEARD, NAME, PHONE
from planner.meta import GraphApi, meta_error

FIELDS = ["id", "created_time", "ad_id", "form_id", "field_data"]
#: Meta's error for an id that is not a form this token can read.
UNKNOWN_OBJECT = 100


class LeadsRejected(ValueError):
    """The leads could not be read or were malformed; nothing was stored."""


def fetch(api: GraphApi, form_id: str, since: dt.date | None = None) -> list[Lead]:
    """Every lead of the form (created after `since`, if given), or LeadsRejected."""
    params: dict = {"limit": 100}
    if since:
        start = dt.datetime.combine(since, dt.time(0, 0), dt.UTC)
        params["filtering"] = [{"field": "time_created", "operator": "GREATER_THAN",
                                "value": int(start.timestamp()) - 1}]
    try:
        records = [row.export_all_data() for row in LeadgenForm(form_id, api=api).get_leads(fields=FIELDS,
                                                                                           params=params)]
    except FacebookRequestError as error:
        if error.api_error_code() == UNKNOWN_OBJECT:
            raise LeadsRejected(f"Meta does not know instant form {form_id}, or this token cannot read its leads "
                                f"(it needs leads_retrieval on the Page): {meta_error(error)}.") from None
        raise LeadsRejected(f"Meta refused to give the leads: {meta_error(error)}.") from None
    except requests.RequestException as error:
        raise LeadsRejected(f"Meta could not be reached ({type(error).__name__}); nothing was stored. Check the "
                            "connection and try again.") from None
    return [parse(record, position, len(records), form_id) for position, record in enumerate(records, start=1)]


def parse(record: dict, position: int, total: int, form_id: str) -> Lead:
    """One lead from Meta's JSON, or LeadsRejected naming it."""
    lead_id = str(record.get("id") or "").strip()
    where = f"Lead {position} of {total}" + (f" (id {lead_id})" if lead_id else "")
    if not lead_id or not lead_id.isdigit() or len(lead_id) > 64:
        raise LeadsRejected(f"{where} has no usable id; nothing was stored.")
    try:
        created = dt.datetime.strptime(str(record.get("created_time")), "%Y-%m-%dT%H:%M:%S%z").astimezone(dt.UTC)
    except ValueError:
        raise LeadsRejected(f"{where}: created_time {record.get('created_time')!r} is not a time; nothing was "
                            "stored.") from None
    answers = record.get("field_data")
    if not isinstance(answers, list) or not all(isinstance(a, dict) and isinstance(a.get("values", []), list)
                                                for a in answers):
        raise LeadsRejected(f"{where}: its answers (field_data) are not a list of name and values; nothing was "
                            "stored.")
    given = {str(a.get("name")): ", ".join(str(v) for v in a.get("values", [])) for a in answers}
    ad_id = str(record.get("ad_id") or "").strip() or None
    return Lead(lead_id, form_id, ad_id, created,
                *(_text(given.get(name)) for name in (NAME, PHONE, EMAIL, BEST_TIME, HEARD)))


def _text(value: str | None) -> str:
    """An answer as text every database stores: PostgreSQL refuses NUL characters and unpaired surrogates
    (which only arrive as JSON escapes), and surrounding space means nothing."""
    return (value or "").replace("\x00", "").encode("utf-8", "replace").decode("utf-8").strip()
