"""Export: the whole plan as an Excel workbook, and the ads to Facebook under Meta's Employment rules."""

from __future__ import annotations

import io

import streamlit as st

from planner.experiments.status import mark_running
from planner.exports import facebook
from planner.exports.ads_plan import FACEBOOK, GROUPINGS, PlanError
from planner.exports.xlsx import export_xlsx
from planner.readiness import gate
from ui import state
from ui.meta import facebook_settings
from ui.navigation import SIGNOFF_PAGE
from ui.text import md_escape

st.title("Export")
record = state.require_record()
campaign = record.campaign
organisation, _ = state.organisation()
store = state.store()
fb = facebook_settings()

st.header("The whole plan in Excel")
st.caption("One workbook to share with your team and co-production partners: the seven questions, personas, "
           "themes, every variant with its checks and tracking, the channel plan, results with honest intervals, "
           "sign-offs, and an Ads Manager import sheet.")
workbook = io.BytesIO()
with st.spinner("Building the workbook…"):
    export_xlsx(store, record.id, workbook, page_id=fb.page_id or "")
st.download_button("Download the plan (Excel)", workbook.getvalue(), file_name=f"{campaign.slug}.xlsx",
                   mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", type="primary",
                   icon=":material/download:", on_click="ignore")

st.header("Facebook and Instagram ads")
tests = {e.key: e.name for e in campaign.experiments if e.channel == FACEBOOK}
test = st.selectbox("What to send", [None, *tests],
                    format_func=lambda k: "Every advert" if k is None else f"The experiment “{tests[k]}” as Meta's "
                    "A/B test", help="An A/B test gives each arm its own random share of the audience, so a "
                    "difference comes from the advert, not from who Meta chose to show it to. Plan one on the "
                    "Experiments page.") if tests else None
left, right = st.columns(2)
objective = left.radio("Objective", ["traffic", "leads"], horizontal=True,
                       format_func={"traffic": "Traffic (OUTCOME_TRAFFIC)", "leads": "Leads (OUTCOME_LEADS)"}.get)
group_by = GROUPINGS[0] if test else right.radio(  # an A/B test has one ad set per arm
    "Ad sets", GROUPINGS, horizontal=True,
    format_func={"persona-theme": "One per persona and theme", "persona": "One per persona"}.get)
options = dict(account_id=fb.account(), page_id=fb.page_id or facebook.DRY_RUN_PAGE, objective=objective,
               group_by=group_by, experiment=test, business_id=fb.business_id or facebook.DRY_RUN_BUSINESS)

try:
    preview = facebook.export(store, record.id, facebook.RecordingApi(), **options)
except PlanError as error:
    st.warning("Not ready for Facebook yet:\n\n" + "\n".join(f"- {md_escape(p)}" for p in error.problems))
    st.stop()
except facebook.ComplianceError as error:
    st.error("Nothing can be sent to Meta until this is fixed:\n\n"
             + "\n".join(f"- {md_escape(p)}" for p in error.problems))
    st.stop()

st.markdown("**Why your personas are in the copy and the channel, not the audience**")
for line in preview.explanation:
    st.markdown(md_escape(line))
for note in preview.plan.notes:
    st.info(md_escape(note), icon=":material/info:")

with st.expander(f"Dry run: the {len(preview.requests)} Graph API requests ({preview.api_version}), in order",
                 expanded=False):
    st.caption(f"Ad account {fb.account()}. Everything is created PAUSED: nothing spends until you switch it on "
               "in Ads Manager.")
    st.json(preview.dry_run_document(), expanded=2)

verdict = gate(campaign, organisation)
missing = fb.missing_for_live(experiment=test is not None)
if not verdict.may_advertise:
    st.error(f"Nothing can be sent to Meta yet: the campaign is not ready to advertise ({len(verdict.outstanding)} "
             "thing(s) open). Finish them, or record an override with a reason, on the sign-off page.",
             icon=":material/block:")
    st.page_link(SIGNOFF_PAGE, label="Sign-off and readiness", icon=":material/task_alt:")
elif missing:
    st.caption("To send these to Meta, set " + ", ".join(f"`{name}`" for name in missing) + " in the environment "
               "or in `.streamlit/secrets.toml`. The access token is never typed here, stored or logged.")
else:
    if verdict.override is not None:
        st.warning(f"Sending under the override {md_escape(verdict.override.who)} recorded: "
                   f"“{md_escape(verdict.override.reason)}”.", icon=":material/gavel:")
    st.caption(f"Sending to ad account {fb.account()} and Page {fb.page_id}. A re-run after a failure carries on "
               "where it stopped.")
    confirmed = st.checkbox("I have checked the dry run and want to create these objects in Meta (all PAUSED)")
    if st.button("Send to Meta", disabled=not confirmed, icon=":material/send:"):
        with st.status("Sending to Meta…", expanded=True) as status:
            api = fb.live_api(on_retry=status.write)
            try:
                result = facebook.export(store, record.id, api, progress=status.write, **options)
            except (PlanError, facebook.FacebookExportError) as error:
                status.update(label="Stopped", state="error")
                st.error("  \n".join(md_escape(line) for line in str(error).splitlines()))
            else:
                status.update(label=f"Created {len(result.created)} object(s); {len(result.reused)} already existed",
                              state="complete")
                st.dataframe(result.live_document()["created"] + result.live_document()["reused"],
                             hide_index=True)
                if test is not None:
                    if mark_running(store, record.id, test):
                        st.success(f"The experiment “{md_escape(tests[test])}” is now running. Switch its ads on "
                                   "in Ads Manager when you are ready.", icon=":material/science:")
                    else:
                        st.warning("The experiment could not be marked running: the campaign changed meanwhile. "
                                   "Mark it running on the Experiments page.")
                    state.reload()
