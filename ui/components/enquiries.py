"""Enquiries on the Results page: log a call by the spoken code the caller reads out, and fetch Lead Ads leads.

The same storage calls as `planner enquiry add` and `planner results leads`; the access token comes
from the settings (environment or secrets), never from a widget.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st
from pydantic import ValidationError

from planner.enquiry import PERSON_STAGES
from planner.importers import meta_leads
from planner.storage import Store, leads
from planner.storage.enquiry_log import log_call
from planner.storage.store import CampaignRecord
from planner.storage.tracking import CodeNotFound
from ui.components.lazy import keep_drawn
from ui.meta import facebook_settings
from ui.text import md_escape, problem


def enquiries_panel(store: Store, record: CampaignRecord) -> None:
    st.subheader("Enquiries: phone calls and Lead Ads")
    call_tab, leads_tab = st.tabs(["Log a call", "Leads from Meta"], key="enquiries-tab", on_change="rerun")
    if keep_drawn(call_tab, "enquiries-call"):  # drawn once opened, so a call half typed survives a switch
        with call_tab:
            _log_call_form(store, record)
    if leads_tab.open:
        with leads_tab:
            _leads(store, record)


def _log_call_form(store: Store, record: CampaignRecord) -> None:
    st.caption("Type the code as the caller reads it: any case, with or without the dash or spaces.")
    with st.form("log-call", clear_on_submit=True):
        code, heard = st.columns([1, 2])
        said = code.text_input("Spoken code", placeholder="HMK-7R")
        told = heard.text_input("How did they hear about us? (in their words)")
        day, stage = st.columns(2)
        on = day.date_input("Date of the call", dt.date.today(), format="DD/MM/YYYY")
        reached = stage.selectbox("Stage reached", PERSON_STAGES)
        if st.form_submit_button("Log the call", type="primary"):
            try:
                _, found = log_call(store, record.id, said, heard=told, on=on, stage=reached)
            except CodeNotFound as error:
                st.error(md_escape(str(error)))
            except ValidationError as error:
                st.error(problem(error))
            else:
                st.success(f"Logged against variant {md_escape(found.variant)} ({md_escape(found.channel)}, "
                           f"code {found.code}).")


def _leads(store: Store, record: CampaignRecord) -> None:
    form = leads.form_id(store, record.id)
    settings = facebook_settings()
    if form is None:
        st.caption("No instant form yet: export the adverts to Facebook with the leads objective first.")
    else:
        try:
            kept = f"{leads.retention_days()} days"
        except leads.LeadsError as error:
            st.error(md_escape(str(error)))
            kept = "the retention period"
        st.caption(f"Instant form {form}. Each lead is stored once, so fetching again only adds new ones. Contact "
                   f"details are kept for {kept}, then purged (`planner enquiry purge`)."
                   + ("" if settings.access_token else " Set `FB_ACCESS_TOKEN` to fetch."))
        if st.button("Fetch leads from Meta", disabled=not settings.access_token):
            try:
                fetched = meta_leads.fetch(settings.live_api(), form)
                stored = leads.store_leads(store, record.id, fetched)
            except (meta_leads.LeadsRejected, leads.LeadsError) as error:
                st.error(f"Nothing was imported. {md_escape(str(error))}")
            else:
                st.success(f"Read {stored.fetched} lead(s): {stored.added} added, {stored.already_stored} already "
                           "stored.")
                if stored.unknown_ad:
                    st.warning(f"{stored.unknown_ad} lead(s) came from an ad this campaign's export did not create: "
                               "kept and flagged, not credited to any variant.")
    to_call = [lead for lead in leads.stored_leads(store, record.id) if not lead.purged]
    if to_call:
        st.dataframe(pd.DataFrame([{
            "received": lead.created_time, "name": lead.full_name, "phone": lead.phone, "e-mail": lead.email,
            "best time": lead.best_time, "heard about us": lead.heard,
            "variant": lead.variant or "unknown ad"} for lead in reversed(to_call)]), hide_index=True)
