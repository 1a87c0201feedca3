"""Question 7: where and how to advertise. Per persona, the channels, with why, budget or effort, and dates."""

from __future__ import annotations

import streamlit as st
from pydantic import ValidationError

from planner.campaign import ChannelPlanEntry, GeoTarget
from planner.channels import CHANNELS, channel_label
from ui.components.progress import next_step_link, open_step
from ui.text import md_escape, problem

page = open_step("channels")
campaign = page.campaign
if not campaign.personas:
    st.stop()

with st.container():
    rows: list[tuple[ChannelPlanEntry, dict, bool]] = []
    additions: list[ChannelPlanEntry] = []
    for persona in campaign.personas:
        st.header(md_escape(persona.name.strip() or persona.key))
        for index, entry in enumerate(campaign.channel_plan):
            if entry.persona != persona.key:
                continue
            with st.container(border=True):
                st.markdown(f"**{md_escape(channel_label(entry.channel))}**")
                why = st.text_area("Why it reaches them", **page.field(f"c-why-{index}", entry.why), height=68)
                budget, effort, start, end = st.columns(4)
                fields = {
                    "why": why,
                    "budget_gbp": budget.number_input("Budget (£)", min_value=0.0, step=10.0,
                                                      **page.field(f"c-budget-{index}", entry.budget_gbp)),
                    "effort": effort.text_input("Or the effort", **page.field(f"c-effort-{index}", entry.effort)),
                    "start": start.date_input("Start", **page.field(f"c-start-{index}", entry.start),
                                              format="DD/MM/YYYY"),
                    "end": end.date_input("End", **page.field(f"c-end-{index}", entry.end), format="DD/MM/YYYY"),
                }
                remove = st.checkbox("Remove this channel", **page.field(f"c-remove-{index}", False))
                rows.append((entry, fields, remove))
        planned = {entry.channel for entry in campaign.channel_plan if entry.persona == persona.key}
        chosen = st.multiselect("Add channels", [key for key in CHANNELS if key not in planned],
                                format_func=channel_label, **page.field(f"c-add-{persona.key}", [], "default"))
        additions += [ChannelPlanEntry(persona=persona.key, channel=key) for key in chosen]
    st.header("Where paid ads run")
    st.caption("Employment ads may only target a radius around a place (at least 25 km here), never postcodes, "
               "areas or exclusions.")
    geo = campaign.geo
    place, latitude, longitude, radius = st.columns([2, 1, 1, 1])
    geo_fields = {
        "label": place.text_input("Centre of the area", **page.field("g-label", geo.label),
                                  placeholder="Leeds city centre"),
        "latitude": latitude.number_input("Latitude", -90.0, 90.0, format="%.4f",
                                          **page.field("g-latitude", geo.latitude)),
        "longitude": longitude.number_input("Longitude", -180.0, 180.0, format="%.4f",
                                            **page.field("g-longitude", geo.longitude)),
        "radius_km": radius.number_input("Radius (km)", 25.0, None, step=5.0, **page.field("g-radius", geo.radius_km)),
    }
    if action := page.save_buttons("Save the channel plan"):
        backwards = [channel_label(entry.channel) for entry, fields, remove in rows
                     if not remove and fields["start"] and fields["end"] and fields["end"] < fields["start"]]
        if backwards:
            st.error(f"Nothing was saved: the end date is before the start date for {md_escape(', '.join(backwards))}.")
        else:
            try:
                updated = campaign.model_copy(deep=True)
                keys = {persona.key for persona in campaign.personas}
                kept = [entry for entry in campaign.channel_plan if entry.persona not in keys]
                updated.channel_plan = kept + [
                    entry.model_copy(update=fields) for entry, fields, remove in rows if not remove
                ] + additions
                updated.geo = GeoTarget(**geo_fields)
                updated = updated.model_validate(updated.model_dump())
            except ValidationError as error:
                st.error(problem(error))
            else:
                page.save(updated, action)

next_step_link("channels")
