"""Question 1: the role. An honest role description, checked for what candidates must know."""

from __future__ import annotations

import streamlit as st
from pydantic import ValidationError

from planner.campaign import Role
from planner.honest_role import campaign_gaps, check_role
from ui.components.findings import check_text
from ui.components.progress import next_step_link, open_step
from ui.text import md_escape, problem

page = open_step("role")
role = page.campaign.role

editor, checks = st.columns([3, 2], gap="large")
with editor:
    title = st.text_input("Role title", **page.field("role-title", role.title))
    description = st.text_area(
        "Role description", **page.field("role-description", role.description), height=300,
        help="What the person will do, in plain words. Candidates read this before they decide to apply.",
    )
    check_text(role.description, page.organisation, with_readability=True,
               clean_note="No wallpaper, stereotypes, barriers or jargon in the saved description.")
    st.markdown("**The facts adverts need** (say them in the description too)")
    personal_care = st.text_area("Personal care: does the role involve washing, dressing, medication?",
                                 **page.field("role-personal-care", role.personal_care), height=80)
    team_model = st.text_area("How the team is managed", **page.field("role-team-model", role.team_model),
                              height=80, placeholder="For example: a self-managed team with a coach, no manager")
    pay = st.text_input("Pay", **page.field("role-pay", role.pay), placeholder="£12.90 an hour")
    hours = st.text_input("Hours", **page.field("role-hours", role.hours), placeholder="16 to 37 hours a week")
    location = st.text_input("Location", **page.field("role-location", role.location))
    if action := page.save_buttons("Save the role"):
        try:
            updated = page.campaign.model_copy(deep=True)
            updated.role = Role(title=title, description=description, pay=pay, hours=hours, location=location,
                                personal_care=personal_care, team_model=team_model)
        except ValidationError as error:
            st.error(problem(error))
        else:
            page.save(updated, action)

with checks:
    st.header("Is it honest and clear?")
    st.caption("Checked in the saved role: each fact in its own field and in the description candidates read.")
    for check in check_role(role):
        body = f"**{md_escape(check.message)}**\n\n{md_escape(check.fact.why)}"
        if check.evidence:
            body += "\n\nFound in the description: " + ", ".join(f"“{md_escape(e)}”" for e in check.evidence)
        {"ok": st.success, "field_only": st.info, "missing": st.warning}[check.status](body)
    st.subheader("What's missing")
    gaps = campaign_gaps(page.campaign)
    for gap in gaps:
        st.warning(f"**{md_escape(gap.message)}**\n\n{md_escape(gap.why)}")
    if not gaps:
        st.success("Pay, hours and contract, the DBS check, training, travel and driving are all covered.")

next_step_link("role")
