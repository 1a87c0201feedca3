"""Results straight from Meta: `AdAccount.get_insights` at ad level, with the user's own token.

The token (FB_ACCESS_TOKEN, as for the Facebook export) is used for the calls and never stored or
logged: `planner.meta.LiveApi`, the one connection to Meta, sends it in the Authorization header,
never in a URL that request logs would show, and honours FB_GRAPH_URL.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import requests
from facebook_business.adobjects.adaccount import AdAccount
from facebook_business.api import FacebookAdsApi
from facebook_business.exceptions import FacebookRequestError

from planner.importers.tabular import FileRejected, Sheet
from planner.meta import API_VERSION as GRAPH_API_VERSION  # noqa: F401  (shown on the Results page)
from planner.meta import LiveApi, meta_error

#: Lead action types in order of preference. `lead` already includes the others, so they are
#: never added together: the first one present is used.
LEAD_ACTIONS = ("lead", "onsite_conversion.lead_grouped", "offsite_conversion.fb_pixel_lead")
FIELDS = ["ad_id", "ad_name", "date_start", "date_stop", "impressions", "reach", "inline_link_clicks", "spend",
          "actions", "account_currency"]


def api_for(token: str) -> FacebookAdsApi:
    return LiveApi(token)


def leads(actions: list[dict] | None) -> int | None:
    """The lead count from an insights row's actions, or None when it has no lead action."""
    values = {a.get("action_type"): a.get("value") for a in actions or []}
    for action in LEAD_ACTIONS:
        if values.get(action) is not None:
            return int(float(values[action]))
    return None


def fetch(api: FacebookAdsApi, account_id: str, since: dt.date, until: dt.date, *, daily: bool = False) -> Sheet:
    """Ad-level insights as a sheet shaped like an Ads Manager export, for the same importer."""
    account = AdAccount(account_id if account_id.startswith("act_") else f"act_{account_id}", api=api)
    params = {"level": "ad", "time_range": {"since": since.isoformat(), "until": until.isoformat()},
              "time_increment": 1 if daily else "all_days"}
    try:
        records = [dict(row) for row in account.get_insights(fields=FIELDS, params=params)]
    except FacebookRequestError as error:
        raise FileRejected(f"Meta refused the request: {meta_error(error)}.") from None
    except requests.RequestException as error:
        raise FileRejected(f"Meta could not be reached ({type(error).__name__}); check the connection and try "
                           "again.") from None
    currency = next((r.get("account_currency") for r in records if r.get("account_currency")), "GBP")
    lead_counts = [leads(r.get("actions")) for r in records]
    has_leads = any(count is not None for count in lead_counts)
    frame = pd.DataFrame({
        "Ad name": [r.get("ad_name", "") for r in records],
        "Reporting starts": [r.get("date_start", "") for r in records],
        "Reporting ends": [r.get("date_stop", "") for r in records],
        "Impressions": [r.get("impressions", "0") for r in records],
        "Reach": [r.get("reach", "0") for r in records],
        ("Leads" if has_leads else "Link clicks"): [
            (count or 0) if has_leads else r.get("inline_link_clicks", "0")
            for r, count in zip(records, lead_counts, strict=True)],
        f"Amount spent ({currency})": [r.get("spend", "0") for r in records],
    }, dtype=object)
    return Sheet(f"Meta insights {since} to {until}", frame, np.arange(1, len(frame) + 1))
