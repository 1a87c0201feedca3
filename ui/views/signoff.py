"""Co-production sign-off and the readiness summary: what is missing before the campaign can go out."""

from __future__ import annotations

import streamlit as st
from pydantic import ValidationError

from planner.campaign import SignOffRequirement
from planner.readiness import SCOPES, readiness, sign_off
from ui import state
from ui.components.progress import StepPage, show_progress
from ui.text import md_escape, problem

st.title("Sign-off and readiness")
held = state.require_record()
organisation, _ = state.organisation()
summary = readiness(held.campaign, organisation)
page = StepPage(held, organisation, summary.steps)
campaign = held.campaign
st.caption(f"Campaign: {md_escape(campaign.name)}")
show_progress(summary.steps)
state.unsaved_edits_panel()

st.subheader("Readiness")
if summary.ready_to_advertise:
    st.success("Ready to advertise: all seven questions are answered and every sign-off is in.",
               icon=":material/task_alt:")
else:
    count = len(summary.missing)
    st.error(f"Not ready to advertise yet: {count} {'thing is' if count == 1 else 'things are'} missing.",
             icon=":material/block:")
    section = None
    lines = []
    for where, message in summary.missing:
        if where != section:
            section = where
            lines.append(f"\n**{md_escape(where)}**\n")
        lines.append(f"- {md_escape(message)}")
    st.markdown("\n".join(lines))

st.subheader("Who must sign off")
st.caption("From your decision-making agreement: for example a co-production partner, or the person being "
           "supported, signs off the profile before advertising begins.")
icons = {"approved": ":material/check_circle:", "awaiting": ":material/hourglass_empty:",
         "declined": ":material/cancel:", "out_of_date": ":material/update:"}
for status in summary.signoffs:
    st.markdown(f"{icons[status.state]} {md_escape(status.message)}")

with st.form("requirements"):
    removals = [
        st.checkbox(f"Remove: {md_escape(requirement.who)} ({md_escape(requirement.role) or 'no role given'}), "
                    f"{SCOPES[requirement.scope]}", key=page.key(f"s-remove-{index}"))
        for index, requirement in enumerate(campaign.signoff_requirements)
    ]
    who, role, scope = st.columns(3)
    new_who = who.text_input("Who", key=page.key("s-who"), placeholder="Helen, our co-production partner")
    new_role = role.text_input("Their role", key=page.key("s-role"), placeholder="Expert by experience")
    new_scope = scope.selectbox("Signs off", list(SCOPES), format_func=SCOPES.__getitem__, key=page.key("s-scope"))
    if st.form_submit_button("Save who must sign off"):
        if new_who and not new_who.strip():
            st.error("Nothing was saved: give the person's name, not only spaces.")
        else:
            try:
                updated = campaign.model_copy(deep=True)
                updated.signoff_requirements = [r for r, remove in zip(campaign.signoff_requirements, removals,
                                                                        strict=True) if not remove]
                if new_who:
                    updated.signoff_requirements.append(
                        SignOffRequirement(who=new_who, role=new_role, scope=new_scope))
                updated = updated.model_validate(updated.model_dump())
            except ValidationError as error:
                st.error(problem(error))
            else:
                page.save(updated)

if campaign.signoff_requirements:
    st.subheader("Record a decision")
    with st.form("decision"):
        requirements = campaign.signoff_requirements
        chosen = st.selectbox("Who is deciding", range(len(requirements)), key=page.key("d-who"),
                              format_func=lambda i: f"{requirements[i].who}: {SCOPES[requirements[i].scope]}")
        decision = st.radio("Decision", ["Approve", "Do not approve yet"], horizontal=True, key=page.key("d-decision"))
        comment = st.text_area("Comment", key=page.key("d-comment"), height=68)
        if st.form_submit_button("Record the decision", type="primary"):
            page.save(sign_off(campaign, requirements[chosen], decision == "Approve", comment))

if campaign.signoffs:
    with st.expander(f"Every decision ({len(campaign.signoffs)})"):
        st.dataframe([{"Who": s.who, "Signs off": SCOPES[s.scope], "Approved": s.approved, "Comment": s.comment,
                       "At": s.at} for s in reversed(campaign.signoffs)], hide_index=True)
