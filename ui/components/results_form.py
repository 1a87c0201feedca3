"""Results by hand: one small form for one variant in one channel over one period.

The variant is picked by its headline and spoken code, the channel from the list, and every number
has its stage's own label. Saving adds the row, or replaces the row for the same variant, channel
and period; nothing is saved when a number breaks the funnel, and the message says which.
"""

from __future__ import annotations

import datetime as dt

import streamlit as st
from pydantic import ValidationError

from planner.campaign import Campaign
from planner.channels import CHANNELS, channel_label
from planner.funnel import LATER_STAGES, STAGES, FunnelOrderError, ResultRow
from planner.storage import ConflictError, Store
from planner.storage.results_store import Edits, StoredRow, save_edits, stored_rows
from ui.text import md_escape, problem

RESULTS_SAVED = "results_saved"  # the last save's confirmation, shown until the next one


def variant_label(campaign: Campaign, ref: str) -> str:
    """'Headline · CODE' for a variant key or spoken code; the reference itself if no variant has it."""
    variant = next((v for v in campaign.variants if ref in (v.key, v.spoken_code)), None)
    if variant is None:
        return ref
    return " · ".join(part for part in (variant.headline or "(no headline)", variant.spoken_code) if part)


def _as_edit(stored: list[StoredRow], row: ResultRow) -> Edits:
    """The new row, or a change to the stored row for the same advert, channel and period."""
    key = (row.variant, row.channel, row.period_start, row.period_end)
    same = next((s for s in stored if (s.row.variant, s.row.channel, s.row.period_start, s.row.period_end) == key),
                None)
    return Edits(changed=[(same, row)], added=[], deleted=[]) if same else Edits(changed=[], added=[row], deleted=[])


def results_form(store: Store, campaign_id: int, campaign: Campaign) -> None:
    """The form; on a good save, a confirmation that stays on screen until the next one."""
    runnable = [v for v in campaign.variants if v.status != "rejected"]
    if not runnable:
        st.info("No adverts to record results for yet: write them on the Advert variants page.")
        return
    with st.form("results-entry"):
        # Stored by key, as imports store it, so the report counts the advert's rows together.
        refs = [v.key for v in runnable]
        variant = st.selectbox("Advert (headline · spoken code)", refs, index=None,
                               format_func=lambda ref: variant_label(campaign, ref), placeholder="Choose an advert")
        channel = st.selectbox("Channel", list(CHANNELS), index=None, format_func=channel_label,
                               placeholder="Choose a channel")
        start, end = st.columns(2)
        period_start = start.date_input("From", dt.date.today() - dt.timedelta(days=6), format="DD/MM/YYYY")
        period_end = end.date_input("To", dt.date.today(), format="DD/MM/YYYY")
        labels = dict(STAGES)
        reach_column, estimate_column, cost_column = st.columns(3)
        reach = reach_column.number_input(labels["reach"], min_value=0, step=1, value=None,
                                          placeholder="Not known")
        estimate = estimate_column.checkbox("Reach is an estimate (offline)")
        cost = cost_column.number_input("Cost (£)", min_value=0.0, step=10.0, value=0.0, format="%.2f")
        enquiries = st.number_input(labels["enquiries"], min_value=0, step=1, value=0)
        st.caption("Leave a later stage empty while it is not known yet: it is kept empty, never 0, and left "
                   "out of that stage's rates until you fill it in.")
        later = {}
        for column, stage in zip(st.columns(3) * 2, LATER_STAGES, strict=True):
            later[stage] = column.number_input(labels[stage], min_value=0, step=1, value=None,
                                               placeholder="Not known yet")
        submitted = st.form_submit_button("Save these results", type="primary")
    if not submitted:
        return
    if variant is None or channel is None:
        st.error("Nothing was saved: choose the advert and the channel.", icon=":material/error:")
        return
    try:
        row = ResultRow(variant=variant, channel=channel, period_start=period_start, period_end=period_end,
                        reach=reach, reach_is_estimate=estimate, enquiries=enquiries, cost_gbp=cost,
                        **later)  # an empty later stage is saved as not known yet (NULL), never 0
        save_edits(store, campaign_id, _as_edit(stored_rows(store, campaign_id), row))
    except ConflictError as error:
        st.error(f"Nothing was saved: {md_escape(str(error))}", icon=":material/sync_problem:")
        return
    except (ValidationError, FunnelOrderError, ValueError) as error:
        message = problem(error) if isinstance(error, ValidationError) else md_escape(str(error))
        st.error(f"Nothing was saved: {message}", icon=":material/error:")
        return
    st.session_state[RESULTS_SAVED] = (f"Saved {enquiries} enquiries for “{variant_label(campaign, variant)}” in "
                                         f"{channel_label(channel)}, {period_start:%d %b} to {period_end:%d %b %Y}.")
    st.rerun()
