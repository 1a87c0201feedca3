"""Our own results workbook: a Funnel sheet (one row per variant, channel and period) and an
Enquiries sheet (one row per person, tracked and self-reported source side by side).

The same column names work in a CSV, so a sheet saved on its own imports too.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

import numpy as np
import openpyxl
import pandas as pd
from openpyxl.styles import Font
from openpyxl.worksheet.datavalidation import DataValidation
from pydantic import ValidationError

from planner.campaign import Campaign
from planner.enquiry import PERSON_STAGES, Enquiry
from planner.exports.cells import mark_text
from planner.funnel import STAGE_KEYS, STAGES, TEXT_LIMITS
from planner.importers.columns import Column, dates, duplicates, find, funnel_order, group_key, normalise, numbers, text
from planner.importers.tabular import FileRejected, Rejection, Sheet

FUNNEL_SHEET, ENQUIRY_SHEET = "Funnel", "Enquiries"
FUNNEL_HEADERS = ["variant", "channel", "period_start", "period_end", "reach", "reach_is_estimate",
                  *STAGE_KEYS[1:], "cost_gbp"]
ENQUIRY_HEADERS = list(Enquiry.model_fields)
FUNNEL_COLUMNS = [Column(h, h, (h, h.replace("_", " ")), required=h in ("variant", "channel", "enquiries"))
                  for h in FUNNEL_HEADERS]
_YES = {"yes", "y", "true", "1", "estimate", "estimated"}
_NO = {"", "no", "n", "false", "0"}


def is_funnel(header: Sequence[str]) -> bool:
    names = {normalise(h).replace(" ", "_") for h in header}
    return {"variant", "channel", "enquiries"} <= names


def is_enquiries(header: Sequence[str]) -> bool:
    names = {normalise(h).replace(" ", "_") for h in header}
    return "self_reported_source" in names or {"tracked_channel", "stage"} <= names


def text_columns(header: list[str]) -> list[str]:
    textual = {"variant", "channel", "period_start", "period_end", "reach_is_estimate", "reference", "enquired_on",
               "tracked_variant", "tracked_channel", "tracked_code", "self_reported_source", "stage"}
    return [h for h in header if normalise(h).replace(" ", "_") in textual]


def read_funnel(sheet: Sheet, campaign: Campaign) -> pd.DataFrame:
    """Funnel rows as entered; unknown variants, bad numbers and rising stages are rejected by row."""
    found = find(list(sheet.frame.columns), FUNNEL_COLUMNS)
    frame = sheet.frame
    variant = text(frame, found["variant"])
    codes = {v.key: v.key for v in campaign.variants} | {v.spoken_code: v.key for v in campaign.variants
                                                          if v.spoken_code}
    if campaign.variants:
        unknown = ~variant.isin(list(codes))
        for index in np.flatnonzero(unknown.to_numpy()):
            sheet.rejections.append(Rejection(sheet.row(index), "variant", f"'{variant.iloc[index][:60]}' is not a "
                                              "variant key or spoken code of this campaign", sheet.name))
        variant = variant.map(codes).fillna(variant)
    channel = text(frame, found["channel"])
    for column, values in (("variant", variant), ("channel", channel)):
        for index in np.flatnonzero((values == "").to_numpy()):
            sheet.rejections.append(Rejection(sheet.row(index), column, f"{column} is empty", sheet.name))
        for index in np.flatnonzero((values.str.len() > TEXT_LIMITS[column]).to_numpy()):
            sheet.rejections.append(Rejection(sheet.row(index), column, f"{column} is {len(values.iloc[index]):,} "
                                              f"characters long; the limit is {TEXT_LIMITS[column]}", sheet.name))
    # An empty cell is "leave it as stored" (NaN here), never zero: see planner.results_merge.
    counts = {stage: numbers(sheet, found.get(stage), stage, whole=True, empty=np.nan) for stage in STAGE_KEYS}
    funnel_order(sheet, counts, {})
    estimate = text(frame, found.get("reach_is_estimate")).str.lower()
    for index in np.flatnonzero((~estimate.isin(_YES | _NO)).to_numpy()):
        sheet.rejections.append(Rejection(sheet.row(index), "reach_is_estimate",
                                          f"'{estimate.iloc[index][:20]}' is not yes or no", sheet.name))
    rows = pd.DataFrame({"variant": variant, "channel": channel,
                         "period_start": dates(sheet, found.get("period_start"), "period_start"),
                         "period_end": dates(sheet, found.get("period_end"), "period_end"),
                         **counts, "reach_is_estimate": estimate.isin(_YES).where(estimate != ""),
                         "cost_gbp": numbers(sheet, found.get("cost_gbp"), "cost_gbp", whole=False, empty=np.nan)})
    for index in np.flatnonzero((rows["period_end"].notna() & rows["period_start"].notna()
                                 & (rows["period_end"] < rows["period_start"])).to_numpy()):
        sheet.rejections.append(Rejection(sheet.row(index), "period_end", "the period ends before it starts",
                                          sheet.name))
    duplicates(sheet, group_key(*(rows[c] for c in ("variant", "channel", "period_start", "period_end"))),
               "variant, channel and period")
    return rows


def read_enquiries(sheet: Sheet) -> list[Enquiry]:
    """One Enquiry per row, every invalid field rejected with its row."""
    frame = sheet.frame.rename(columns=lambda h: normalise(h).replace(" ", "_"))
    unknown = [h for h in frame.columns if h not in ENQUIRY_HEADERS]
    if unknown:
        raise FileRejected(f"Unknown columns in the enquiries sheet: {', '.join(unknown)}. "
                           f"Expected: {', '.join(ENQUIRY_HEADERS)}.")
    people = []
    for index, record in enumerate(frame.to_dict("records")):
        values = {k: (None if _blank(v) else str(v).strip()) for k, v in record.items()}
        values = {k: v for k, v in values.items() if v is not None}
        if "enquired_on" in values:
            values["enquired_on"] = values["enquired_on"][:10]
        try:
            people.append(Enquiry(**values))
        except ValidationError as error:
            for problem in error.errors():
                column = ".".join(str(part) for part in problem["loc"]) or None
                sheet.rejections.append(Rejection(sheet.row(index), column, problem["msg"], sheet.name))
    return people


def _blank(value) -> bool:
    return value is None or (isinstance(value, float) and np.isnan(value)) or str(value).strip() == ""


def _append(sheet, values: list) -> None:
    """Append a row of user text that can never become a formula (a leading = + - @ stays text)."""
    sheet.append(values)
    for cell in sheet[sheet.max_row]:
        if isinstance(cell.value, str):
            mark_text(cell)


def build(campaign: Campaign) -> bytes:
    """The downloadable template, with a row for each variant ready to fill in."""
    workbook = openpyxl.Workbook()
    readme = workbook.active
    readme.title = "Read me"
    lines = [
        f"Results template for {campaign.name}",
        "Funnel: one row per variant, channel and period. Every stage counts people from its own source, and no "
        "stage may exceed the one before it. Leave reach empty if unknown; mark offline reach as an estimate.",
        "Enquiries: one row per person. tracked_* come from the code, link or QR code they used; "
        "self_reported_source is what they said when asked 'how did you hear about us?'. No names.",
        "Type values only: formulas and merged cells are refused. Stage meanings:",
        *[f"  {key}: {label}" for key, label in STAGES],
    ]
    for line in lines:
        _append(readme, [line])
    readme["A1"].font = Font(bold=True)
    funnel = workbook.create_sheet(FUNNEL_SHEET)
    funnel.append(FUNNEL_HEADERS)
    for variant in campaign.variants:
        _append(funnel, [variant.key, variant.channel])
    people = workbook.create_sheet(ENQUIRY_SHEET)
    people.append(ENQUIRY_HEADERS)
    stage_list = DataValidation(type="list", formula1='"' + ",".join(PERSON_STAGES) + '"', allow_blank=True)
    people.add_data_validation(stage_list)
    stage_list.add(f"G2:G{5000}")
    for sheet in (funnel, people):
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
