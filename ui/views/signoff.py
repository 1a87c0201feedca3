"""Co-production sign-off and the readiness gate: what is missing before the campaign can go out.

The page shows exactly what a decision approves (the profile text and the list of adverts); no
decision is pre-selected; where sign-in is configured the signer is the signed-in user, whose
e-mail is recorded. Open barrier or personal-attribute findings and draft adverts keep the
campaign from "ready" unless someone records an override with a reason (planner.readiness.gate).
"""

from __future__ import annotations

import streamlit as st
from pydantic import ValidationError

from personas.profile import HEADINGS
from personas.questions import filled
from planner.campaign import SignOffRequirement
from planner.channels import channel_label
from planner.readiness import SCOPES, gate, override, sign_off
from ui import auth, state
from ui.components.progress import StepPage, next_step_link, show_progress
from ui.navigation import SIGNOFF_PAGE
from ui.text import md_escape, problem

STATUS = {"draft": "Draft", "pinned": "Pinned", "rejected": "Rejected", "for_signoff": "Sent for sign-off"}

st.title("Sign-off and readiness")
held = state.require_record()
organisation, _ = state.organisation()
summary = gate(held.campaign, organisation)
page = StepPage(held, organisation, summary.readiness.steps)
campaign = held.campaign
signer = auth.signer()
st.caption(f"Campaign: {md_escape(campaign.name)}")
show_progress(summary.readiness.steps)
state.unsaved_edits_panel()


def _bullets(items: list[tuple[str, str]]) -> str:
    section, lines = None, []
    for where, message in items:
        if where != section:
            section = where
            lines.append(f"\n**{md_escape(where)}**\n")
        lines.append(f"- {md_escape(message)}")
    return "\n".join(lines)


st.header("Readiness")
if summary.ready:
    st.success("Ready to advertise: all seven questions are answered, every sign-off is in, no barrier or "
               "personal-attribute finding is open and no advert is still a draft.", icon=":material/task_alt:")
else:
    items = [*summary.readiness.missing, *summary.held]
    count = len(items)
    if summary.override is not None:
        o = summary.override
        st.warning(f"Ready to advertise under an override recorded by {md_escape(o.who)}"
                   + (f" ({md_escape(o.email)})" if o.email else "")
                   + (f" on {o.at:%d %b %Y at %H:%M} UTC" if o.at else "") + f": “{md_escape(o.reason)}”. "
                   f"{count} {'thing was' if count == 1 else 'things were'} still open:", icon=":material/gavel:")
    else:
        st.error(f"Not ready to advertise yet: {count} {'thing is' if count == 1 else 'things are'} missing.",
                 icon=":material/block:")
    st.markdown(_bullets(items))

st.header("What is being approved")
with st.expander("The role and 'Could this be you?' profile, as saved", icon=":material/badge:"):
    role = campaign.role
    st.markdown(f"**{md_escape(role.title or '(no title)')}**\n\n{md_escape(role.description) or '*(no description)*'}")
    st.markdown("\n".join(f"- **{label}:** {md_escape(value) or '*(not given)*'}" for label, value in (
        ("Personal care", role.personal_care), ("How the team is managed", role.team_model), ("Pay", role.pay),
        ("Hours", role.hours), ("Location", role.location))))
    for field, heading in HEADINGS:
        items = filled(getattr(campaign.looking_for.profile, field))
        st.markdown(f"**{heading}**\n\n" + ("\n".join(f"- {md_escape(i)}" for i in items) or "*(not written yet)*"))
live = [v for v in campaign.variants if v.status != "rejected"]
with st.expander(f"The adverts ({len(live)}, rejected ones left out)", icon=":material/view_carousel:"):
    st.dataframe([{"Spoken code": v.spoken_code or "", "Headline": v.headline, "Channel": channel_label(v.channel),
                   "Status": STATUS.get(v.status, v.status), "Text": v.primary_text} for v in live],
                 hide_index=True, width="stretch")

st.header("Who must sign off")
st.caption("From your decision-making agreement: for example a co-production partner, or the person being "
           "supported, signs off the profile before advertising begins.")
icons = {"approved": ":material/check_circle:", "awaiting": ":material/hourglass_empty:",
         "declined": ":material/cancel:", "out_of_date": ":material/update:"}
for status in summary.readiness.signoffs:
    st.markdown(f"{icons[status.state]} {md_escape(status.message)}")

with st.form("requirements"):
    removals = [
        st.checkbox(f"Remove: {md_escape(requirement.who)} ({md_escape(requirement.role) or 'no role given'}), "
                    f"{SCOPES[requirement.scope]}", key=page.key(f"s-remove-{index}"))
        for index, requirement in enumerate(campaign.signoff_requirements)
    ]
    who, role_column, scope = st.columns(3)
    new_who = who.text_input("Who", key=page.key("s-who"), placeholder="Helen, our co-production partner",
                             help="With sign-in configured, their sign-in name or e-mail, so only they can decide.")
    new_role = role_column.text_input("Their role", key=page.key("s-role"), placeholder="Expert by experience")
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


def _mine(requirement: SignOffRequirement) -> bool:
    """With sign-in, a decision is the signed-in user's own: their name or e-mail is the requirement's."""
    return signer is None or requirement.who.strip().casefold() in {part.casefold() for part in signer if part}


if campaign.signoff_requirements:
    st.header("Record a decision")
    requirements = [r for r in campaign.signoff_requirements if _mine(r)]
    if signer is not None:
        st.caption(f"Signed in as {md_escape(signer[0])} ({md_escape(signer[1])}): your decision is recorded with "
                   "your e-mail, and you can only decide for yourself.")
    else:
        st.caption("Sign-in is not configured, so anyone using this app can record a decision: record only what "
                   "the person told you.")
    if not requirements:
        st.info("None of the sign-offs above is yours to give.")
    else:
        with st.form("decision"):
            chosen = st.selectbox("Who is deciding", range(len(requirements)), key=page.key("d-who"), index=None,
                                  format_func=lambda i: f"{requirements[i].who}: {SCOPES[requirements[i].scope]}",
                                  placeholder="Choose who is deciding")
            decision = st.radio("Decision", ["Approve", "Do not approve yet"], horizontal=True, index=None,
                                key=page.key("d-decision"))
            comment = st.text_area("Comment", key=page.key("d-comment"), height=68)
            if st.form_submit_button("Record the decision", type="primary"):
                if chosen is None or decision is None:
                    st.error("Nothing was recorded: choose who is deciding and their decision.")
                else:
                    page.save(sign_off(campaign, requirements[chosen], decision == "Approve", comment,
                                       email=signer[1] if signer else ""))

if not summary.ready:
    with st.expander("Advertise anyway: record an override", icon=":material/gavel:",
                     expanded=summary.override is None and not summary.readiness.missing):
        st.caption("Only when you have a good reason to go ahead with the things above still open. The override, "
                   "your name and your reason are recorded and shown here and in the export. Anything new that "
                   "comes up afterwards needs a new override.")
        with st.form("override"):
            name = signer[0] if signer else st.text_input("Your name", key=page.key("o-who"))
            reason = st.text_area("Why it is right to advertise now", key=page.key("o-reason"), height=68)
            if st.form_submit_button("Record the override"):
                if not (name or "").strip() or not reason.strip():
                    st.error("Nothing was recorded: give your name and the reason.")
                else:
                    page.save(override(campaign, organisation, name.strip(), reason.strip(),
                                       email=signer[1] if signer else ""))

if campaign.signoffs or campaign.overrides:
    with st.expander(f"Every decision ({len(campaign.signoffs) + len(campaign.overrides)})"):
        st.dataframe([*({"Who": s.who, "E-mail": s.email, "Decision": "Approved" if s.approved else "Not approved",
                         "What": SCOPES[s.scope], "Comment": s.comment, "At": s.at} for s in campaign.signoffs),
                      *({"Who": o.who, "E-mail": o.email, "Decision": "Override", "What": "; ".join(o.outstanding),
                         "Comment": o.reason, "At": o.at} for o in campaign.overrides)],
                     hide_index=True)

next_step_link(SIGNOFF_PAGE)
