"""Experiments: plan a test of one factor, see its arms side by side, print a rotation, record an override,
and move it from draft to running to decided."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from planner.channels import CHANNELS, channel_label
from planner.experiments import plan as planning
from planner.experiments.display import LABELS, arm_parts
from planner.experiments.model import MAX_ARMS, Experiment, Override
from planner.experiments.report import analyse
from planner.experiments.rotation import schedule
from planner.experiments.status import with_status
from ui import state
from ui.components.experiments import FACTOR_LABELS
from ui.text import md_escape, problem

STATUS_LABELS = {"draft": "Draft: planned, not running", "running": "Running",
                 "decided": "Decided: the result is in"}

st.title("Experiments")
st.caption("A fair test changes one thing. Each arm here differs only in the headline, the call to action or the "
           "image; everything else is word for word the same, so the result can be put down to that one thing.")

record = state.require_record()
campaign = record.campaign
organisation, _ = state.organisation()
state.unsaved_edits_panel()

with st.expander("Plan an experiment", expanded=not campaign.experiments, icon=":material/science:"):
    with st.form("plan-experiment"):
        factor = st.radio("What do the arms differ in?", list(FACTOR_LABELS), format_func=FACTOR_LABELS.get,
                          horizontal=True)
        channel = st.selectbox("Channel (one per experiment)", list(CHANNELS), format_func=channel_label)
        persona = st.selectbox("Persona", [p.key for p in campaign.personas],
                               format_func=lambda k: campaign.persona(k).name)
        themes = st.multiselect(f"Themes (2 to {MAX_ARMS} for a headline test; the first for the others)",
                                [t.key for t in campaign.themes], format_func=lambda k: campaign.theme(k).name,
                                max_selections=MAX_ARMS)
        ctas = st.text_input("Calls to action for a call-to-action test, separated by commas",
                             ", ".join(planning.DEFAULT_CTAS))
        images = st.text_area("Image notes for an image test, one per line")
        left, right = st.columns(2)
        baseline = left.number_input("Rate you expect today (starts per enquiry)", 0.01, 0.9, 0.10, 0.01)
        difference = right.number_input("Smallest difference worth detecting", 0.01, 0.5, 0.10, 0.01)
        landing = st.text_input("Landing page every arm links to", "")
        venues = st.text_input("Local channels: venues to rotate across, separated by commas")
        weeks = st.number_input("Weeks of rotation", 1, 52, 4)
        hypothesis = st.text_input("Hypothesis: what you expect and why")
        submitted = st.form_submit_button("Plan the experiment", type="primary")
    if submitted:
        request = planning.Request(
            factor=factor, channel=channel, persona=persona, themes=themes or None,
            ctas=[c.strip() for c in ctas.split(",") if c.strip()],
            images=[line.strip() for line in images.splitlines() if line.strip()],
            baseline_rate=float(baseline), min_difference=float(difference), hypothesis=hypothesis,
            landing_page=landing.strip() or None, venues=[v.strip() for v in venues.split(",") if v.strip()],
            weeks=int(weeks))
        try:
            planned = planning.plan(campaign, organisation, request)
        except (planning.PlanError, ValueError) as error:
            st.error(problem(error), icon=":material/error:")
        else:
            updated = campaign.model_copy(update={"variants": campaign.variants + planned.variants,
                                                  "experiments": campaign.experiments + [planned.experiment]})
            if state.save(updated):
                st.session_state["experiment-planned"] = planned.experiment.name
                st.rerun()

if planned_name := st.session_state.get("experiment-planned"):
    st.success(f"Planned {md_escape(planned_name)}. Its arms are below and on the Advert variants page.",
               icon=":material/check:")


def status_form(experiment: Experiment) -> None:
    """Draft, running or decided; decided only with a winner or a recorded decision to stop early."""
    with st.form(f"status-{experiment.key}", border=False):
        left, right = st.columns([2, 1], vertical_alignment="bottom")
        chosen = left.selectbox("Status", list(STATUS_LABELS), index=list(STATUS_LABELS).index(experiment.status),
                                format_func=STATUS_LABELS.get)
        if not right.form_submit_button("Save the status") or chosen == experiment.status:
            return
    if chosen == "decided":
        verdict = analyse(campaign, experiment, state.store().results(record.id)).verdict
        if why := experiment.decidable(verdict.winner):
            st.error(f"Not marked decided: {md_escape(why)}.", icon=":material/block:")
            return
    if state.save(with_status(campaign, experiment.key, chosen)):
        st.rerun()


for experiment in campaign.experiments:
    st.header(experiment.name, anchor=f"plan-{experiment.key}", divider="gray")
    if experiment.hypothesis:
        st.markdown(f"*Hypothesis:* {md_escape(experiment.hypothesis)}")
    st.caption(f"{FACTOR_LABELS[experiment.factor]} test · {md_escape(channel_label(experiment.channel))} · "
               f"{experiment.sample_size_per_arm:,} {experiment.people} needed per arm, to tell "
               f"{experiment.baseline_rate:.0%} from {experiment.baseline_rate + experiment.min_difference:.0%} "
               f"({experiment.metric_label}) · status: {experiment.status}")
    own, shared = arm_parts(campaign, experiment)
    columns = st.columns(len(experiment.arms))
    for number, (column, key, parts) in enumerate(zip(columns, experiment.arms, own, strict=True), start=1):
        with column.container(border=True):
            st.markdown(f"**Arm {number}** · code **{md_escape(campaign.variant(key).spoken_code or '')}**")
            for field, text in parts.items():
                st.markdown(f"{LABELS[field]}:")
                st.markdown("\n\n".join(f":orange-background[{md_escape(paragraph)}]"
                                         for paragraph in text.split("\n\n") if paragraph.strip()))
    with st.expander("The same in every arm"):
        for field, text in shared.items():
            own_opening = any(field in parts for parts in own)
            st.markdown(f"**{LABELS[field]}{' (after each arm’s own opening)' if own_opening else ''}:**")
            st.markdown(md_escape(text))
    if experiment.rotation:
        rows = [{"Week": s.week, "Starting": s.starts.strftime("%d %b %Y"), "Venue": s.venue,
                 "Spoken code": campaign.variant(s.arm).spoken_code, "Headline": campaign.variant(s.arm).headline}
                for s in schedule(experiment.rotation, experiment.arms)]
        st.markdown(f"**Rotation** (seed {experiment.rotation.seed}: the same seed draws the same schedule)")
        st.dataframe(pd.DataFrame(rows), hide_index=True)
    status_form(experiment)
    if experiment.override is None:
        with st.popover("Decide before the planned number of people"):
            with st.form(f"override-{experiment.key}"):
                st.warning("Judging early makes a false winner more likely. The decision and its reason are "
                           "recorded and shown with the result.")
                by = st.text_input("Who decides")
                reason = st.text_input("Why it cannot wait")
                if st.form_submit_button("Record the decision"):
                    if not (by.strip() and reason.strip()):
                        st.error("Nothing was recorded: say who decides and why it cannot wait.",
                                 icon=":material/error:")
                    else:
                        updated = experiment.model_copy(update={"override": Override(
                            by=by.strip(), reason=reason.strip(), at=dt.datetime.now(dt.UTC))})
                        if state.save(campaign.model_copy(update={"experiments": [
                                updated if e.key == experiment.key else e for e in campaign.experiments]})):
                            st.rerun()
    else:
        o = experiment.override
        st.caption(f"Decided early by {md_escape(o.by)} on {o.at:%d %b %Y}: {md_escape(o.reason)}")
