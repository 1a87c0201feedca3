"""The Ads Manager report export (CSV or xlsx), and rows from the Insights API in the same shape.

Matching rule, ad name to variant (case and surrounding spaces ignored):
1. an ad name equal to a variant key (or its spoken code) is that variant;
2. otherwise an ad name containing exactly one variant key (or spoken code) as a whole word,
   between non-letters such as spaces, "|", "_" or the ends, is that variant; a match inside a
   longer match gives way to it ("spring" inside "spring_video"), and an ad name that names two
   variants apart ("KCF-4M vs MYA-3F") is rejected as ambiguous, whatever their lengths;
3. anything else is rejected with the ad name shown.
Rows of several ads for one variant and period are added up. Reach becomes Impressions where the
export has them (they add up across ads and days; Reach does not), and enquiries are Leads, else
Results, else Link clicks, as the preview says.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np
import pandas as pd

from adverts.model import Variant
from planner.importers.columns import (
    Column,
    coded,
    coded_dates,
    duplicates,
    find,
    funnel_order,
    group_key,
    normalise,
    numbers,
)
from planner.importers.tabular import FileRejected, Rejection, Sheet

COLUMNS = [
    Column("ad_name", "Ad name", ("ad name",), required=True),
    Column("starts", "Reporting starts", ("reporting starts", "reporting start", "day", "date", "date start")),
    Column("ends", "Reporting ends", ("reporting ends", "reporting end", "date stop")),
    Column("impressions", "Impressions", ("impressions",)),
    Column("reach", "Reach", ("reach",)),
    Column("leads", "Leads", ("leads", "leads (form)", "on-facebook leads", "meta leads", "all leads")),
    Column("results", "Results", ("results",)),
    Column("link_clicks", "Link clicks", ("link clicks", "clicks (link)", "inline link clicks")),
]
_SPEND = re.compile(r"^(?:amount spent|spend)(?: \((?P<currency>[a-z]{3})\))?$")
TEXT_HEADERS = ("ad name", "campaign name", "ad set name", "reporting starts", "reporting ends", "day", "date")


def is_ads_manager(header: Sequence[str]) -> bool:
    return "ad name" in {normalise(h) for h in header}


def column_plan(header: list[str]) -> tuple[list[str], list[str]]:
    """Only the columns the importer uses are parsed (an export can have dozens); names and dates as text."""
    known = {name for column in COLUMNS for name in column.names}
    wanted = [h for h in header if normalise(h) in known or _SPEND.match(normalise(h))]
    return wanted, [h for h in wanted if normalise(h) in TEXT_HEADERS]


def read(sheet: Sheet, variants: Sequence[Variant], gbp_rate: float | None) -> tuple[pd.DataFrame, list[str]]:
    """Funnel rows (one per variant and period) from an export, plus notices for the preview."""
    frame, notices = sheet.frame, []
    found = find(list(frame.columns), COLUMNS)
    reach_key = "impressions" if "impressions" in found else "reach" if "reach" in found else None
    enquiry_key = next((k for k in ("leads", "results", "link_clicks") if k in found), None)
    if reach_key is None or enquiry_key is None:
        missing = "Impressions or Reach" if reach_key is None else "Leads, Results or Link clicks"
        raise FileRejected(f"The export has no {missing} column. Columns found: "
                           f"{', '.join(repr(h) for h in frame.columns)}.")
    notices.append(f"Reach is taken from '{found[reach_key]}' and enquiries from '{found[enquiry_key]}'.")
    spend_header, rate = _spend(frame.columns, gbp_rate, notices)

    name_codes, names = coded(frame, found["ad_name"])
    lookup = _matcher(variants, sheet, name_codes, names)
    name_variants = np.array([lookup.get(name) for name in names], dtype=object)  # None: rejected (or no rows)
    start_codes, start_dates = coded_dates(sheet, found.get("starts"), "Reporting starts")
    end_codes, end_dates = coded_dates(sheet, found.get("ends"), "Reporting ends")
    reach = numbers(sheet, found[reach_key], found[reach_key], whole=True)
    enquiries = numbers(sheet, found[enquiry_key], found[enquiry_key], whole=True)
    cost = numbers(sheet, spend_header, spend_header or "Amount spent", whole=False) * rate
    funnel_order(sheet, {"reach": reach, "enquiries": enquiries},
                 {"reach": found[reach_key], "enquiries": found[enquiry_key]})
    # Work on codes (small ints) rather than 100,000 strings: a date's code is that of its parsed value.
    starts, ends = pd.factorize(start_dates)[0][start_codes], pd.factorize(end_dates)[0][end_codes]
    ad = pd.factorize(np.array([name.lower() for name in names], dtype=object))[0][name_codes]
    period = group_key(starts, ends)
    duplicates(sheet, group_key(ad, period), "ad name and reporting period")
    variant = pd.factorize(name_variants)[0][name_codes]
    matched = variant >= 0
    group = group_key(variant, period)[matched]
    sums = pd.DataFrame({"reach": reach[matched], "enquiries": enquiries[matched], "cost_gbp": cost[matched]}
                        ).groupby(group, sort=False).sum()
    first = np.flatnonzero(matched)[pd.Series(group).drop_duplicates().index.to_numpy()]  # first row of each group
    if reach_key == "reach" and (np.bincount(pd.factorize(group)[0]) > 1).any():
        notices.append("Several ads share a variant and period and the export has no Impressions: their Reach is "
                       "added up, which counts anyone who saw both ads twice.")
    combined = pd.DataFrame({
        "variant": name_variants[name_codes[first]], "period_start": start_dates[start_codes[first]],
        "period_end": end_dates[end_codes[first]],
        "reach": np.nan_to_num(sums["reach"].to_numpy()).astype("int64"),
        "enquiries": np.nan_to_num(sums["enquiries"].to_numpy()).astype("int64"),
        "cost_gbp": sums["cost_gbp"].round(2).to_numpy(), "channel": "facebook", "reach_is_estimate": False})
    return combined, notices


def _spend(headers, gbp_rate: float | None, notices: list[str]) -> tuple[str | None, float]:
    for header in headers:
        match = _SPEND.match(normalise(header))
        if match:
            currency = (match["currency"] or "gbp").upper()
            if currency == "GBP":
                if not match["currency"]:
                    notices.append(f"'{header}' names no currency; it is read as pounds (GBP).")
                return header, 1.0
            if not gbp_rate:
                raise FileRejected(f"Spend is in {currency} ('{header}'), and costs here are kept in pounds. Give "
                                   f"the exchange rate (how many GBP one {currency} was worth) and import again, "
                                   "or export the report in GBP.")
            notices.append(f"Spend converted from {currency} at {gbp_rate:g} GBP per {currency}.")
            return header, float(gbp_rate)
    notices.append("The export has no 'Amount spent' column, so spend is recorded as £0.")
    return None, 1.0


def _named(name: str, tokens: dict[str, str], patterns: dict[str, re.Pattern]) -> set[str]:
    """The variants an ad name names: every whole-word key or code in it, except one inside a longer match
    ("spring" inside "spring_video"). Two separate matches ("KCF-4M vs MYA-3F") name two variants."""
    spans = [(m.start(), m.end(), tokens[token]) for token, pattern in patterns.items()
             for m in pattern.finditer(name)]
    return {variant for start, end, variant in spans
            if not any(s <= start and end <= e and (e - s) > (end - start) for s, e, _ in spans)}


def _matcher(variants: Sequence[Variant], sheet: Sheet, codes: np.ndarray, names: np.ndarray):
    """A function from ad name to variant key (or None, after recording a rejection for each of its rows);
    `names` are the distinct ad names, `codes` each row's index into them."""
    tokens: dict[str, str] = {}
    for variant in variants:
        tokens[variant.key.lower()] = variant.key
        if variant.spoken_code:
            tokens[variant.spoken_code.lower()] = variant.key
    patterns = {t: re.compile(rf"(?<![a-z0-9-]){re.escape(t)}(?![a-z0-9-])") for t in tokens}  # whole words
    known = ", ".join(v.key for v in variants) or "none: add variants to the campaign first"
    resolved: dict[str, str | None] = {}
    for code in pd.unique(codes):  # in the order the rows name them
        name = names[code]
        lowered = name.lower()
        if not name:
            resolved[name] = None
            for index in np.flatnonzero(codes == code):
                sheet.rejections.append(Rejection(sheet.row(index), "Ad name", "the ad name is empty", sheet.name))
        elif lowered in tokens:
            resolved[name] = tokens[lowered]
        else:
            best = sorted(_named(lowered, tokens, patterns))
            resolved[name] = best[0] if len(best) == 1 else None
            if len(best) != 1:
                reason = (f"ad name '{name[:80]}' matches no variant (an ad name must equal or contain a variant "
                          f"key; variants: {known})" if not best else
                          f"ad name '{name[:80]}' matches several variants ({', '.join(sorted(best))})")
                for index in np.flatnonzero(codes == code):
                    sheet.rejections.append(Rejection(sheet.row(index), "Ad name", reason, sheet.name))
    return resolved
