"""Question 7: where and how to advertise. Per persona, the channels, with why, budget or effort, and dates."""

from __future__ import annotations

import pandas as pd
import streamlit as st
from pydantic import ValidationError

from planner.campaign import MAX_RADIUS_KM, ChannelPlanEntry, GeoTarget
from planner.channels import CHANNELS, channel_label
from planner.funnel import MAX_GBP
from ui.components.places import Place, radius_map, search, within
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
                    "budget_gbp": budget.number_input("Budget (£)", min_value=0.0, max_value=float(MAX_GBP),
                                                      step=10.0,
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
    saved = Place(geo.label, "", geo.latitude, geo.longitude, 0) if geo.latitude is not None else None
    search_column, radius_column = st.columns([3, 1])
    typed = search_column.text_input("Find the centre: a town or city in the UK",
                                     **page.field("g-search", geo.label.split(",")[0]), placeholder="Bradford")
    radius_km = radius_column.number_input("Radius (km)", 25.0, float(MAX_RADIUS_KM), step=5.0,
                                       **page.field("g-radius", geo.radius_km))
    found = {p.label: p for p in ([saved] if saved else []) + search(typed)}
    centre = st.selectbox("Centre of the area", list(found), **page.choice("g-place", saved.label if saved else None,
                                                                            list(found)),
                          placeholder="Type a town above, then choose it here")
    if typed.strip() and len(found) == (1 if saved else 0):
        st.warning(f"No UK town or city of 1,000 people or more is called “{md_escape(typed.strip())}”: check the "
                   "spelling, or try the nearest larger town.", icon=":material/travel_explore:")
    chosen = found.get(centre)
    geo_fields = {"label": chosen.label if chosen else geo.label, "radius_km": radius_km,
                  "latitude": chosen.latitude if chosen else geo.latitude,
                  "longitude": chosen.longitude if chosen else geo.longitude}
    if chosen is not None:
        reached = within((chosen.latitude, chosen.longitude), radius_km)
        area, towns = st.columns([3, 2])
        area.altair_chart(radius_map((chosen.latitude, chosen.longitude), radius_km, reached))
        towns.dataframe(pd.DataFrame([{"Town": p.name, "Distance (km)": round(d)} for p, d in reached]),
                        hide_index=True, height=300)
        st.caption(f"{len(reached)} towns and cities of 1,000 people or more within {radius_km:g} km of "
                   f"{md_escape(chosen.name)} (GeoNames, shipped with the app).")
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
