"""Campaigns: open, create, import and export campaigns."""

from __future__ import annotations

import streamlit as st
from pydantic import ValidationError

from planner import campaign_file
from planner.campaign import Campaign, Organisation
from planner.slugs import unique_slug
from planner.storage import ConflictError
from planner.storage.tracking import reissued
from ui import auth, state
from ui.navigation import JOURNEY
from ui.text import md_escape, problem

CREATED = "campaign_created"  # the name of the campaign this tab just created, for the confirmation

st.title("Campaigns")
st.caption("Recruit for values, not experience: each campaign walks the seven persona questions.")

store = state.store()
summaries = state.campaigns()
current = state.record()

if summaries:
    labels = {s.slug: f"{s.name} · {s.organisation}" for s in summaries}
    slugs = list(labels)
    chosen = st.selectbox("Open campaign", slugs, format_func=labels.__getitem__,
                          index=slugs.index(current.campaign.slug) if current else 0)
    if current is None or chosen != current.campaign.slug:
        state.select(chosen)
        st.rerun()
    if (created := st.session_state.get(CREATED)) and current and created == current.campaign.name:
        st.success(f"Created “{md_escape(created)}”. Next, the organisation's purpose and values, then the seven "
                   "questions.", icon=":material/check_circle:")
    first = JOURNEY[0]
    st.page_link(first[0], label=f"Next: {first[1]}", icon=":material/arrow_forward:")
    st.dataframe(
        [{"Campaign": s.name, "Organisation": s.organisation, "Last changed": s.updated_at} for s in summaries],
        hide_index=True, width="stretch",
        column_config={"Last changed": st.column_config.DatetimeColumn(format="D MMM YYYY, HH:mm")},
    )
else:
    st.info("No campaigns yet.")
    if st.button("Load the demo campaigns", type="primary"):
        from planner.demo import ILLUSTRATIVE, load_demo  # only here: it loads the variant generator

        load_demo(store)
        st.success(ILLUSTRATIVE)
        st.rerun()

st.header("New campaign")
organisations = state.organisations()
with st.form("new-campaign", clear_on_submit=True):
    name = st.text_input("Campaign name", placeholder="Wellbeing Workers, spring recruitment")
    org_names = {o.slug: o.name for o in organisations}
    may_add_organisation = auth.visible_organisations() is None
    org_choice = st.selectbox("Organisation", [*org_names, *(["(new organisation)"] if may_add_organisation else [])],
                              format_func=lambda slug: org_names.get(slug, slug))
    new_org = st.text_input("New organisation's name (if new)")
    if st.form_submit_button("Create campaign"):
        if not name.strip():
            st.error("Give the campaign a name.")
        elif org_choice == "(new organisation)" and not new_org.strip():
            st.error("Give the new organisation a name.")
        else:
            try:
                if org_choice == "(new organisation)":
                    org_slug = unique_slug(new_org, set(org_names), "organisation")
                    store.save_organisation(Organisation(slug=org_slug, name=new_org))
                else:
                    org_slug = org_choice
                slug = unique_slug(name, {s.slug for s in summaries})
                created = store.create_campaign(org_slug, Campaign(slug=slug, name=name))
            except (ConflictError, ValidationError) as error:
                st.error(problem(error))
            else:
                state.select(created.campaign.slug)
                st.session_state[CREATED] = created.campaign.name
                st.rerun()

st.header("Campaign files")
left, right = st.columns(2)
with left:
    limit = campaign_file.MAX_FILE_BYTES // 1024 // 1024
    upload = st.file_uploader("Import a campaign file (JSON)", type=["json"], max_upload_size=limit,
                              help=f"Up to {limit} MB: a file exported by this planner (schema version "
                              f"{campaign_file.SCHEMA_VERSION}). A bad file imports nothing.")
    if upload is not None and st.button("Import", key="import-campaign"):
        try:
            document = campaign_file.parse(upload.getvalue())
            taken = {s.slug for s in summaries}
            slug = None if document.campaign.slug not in taken else unique_slug(document.campaign.slug, taken)
            imported = campaign_file.import_document(store, document, slug)
        except (campaign_file.CampaignFileError, ConflictError) as error:
            st.error(f"Nothing was imported.\n\n{md_escape(str(error))}")
        else:
            state.select(imported.campaign.slug)
            st.success(f"Imported {md_escape(imported.campaign.name)}.")
            for change in reissued(document.campaign, imported.campaign):
                st.info(f"Spoken code {md_escape(change.old)} is already used in this organisation, so variant "
                        f"{md_escape(change.variant)} now has {md_escape(change.new)}: update printed material.")
with right:
    if current is not None:
        st.download_button(
            "Export the open campaign (JSON)",
            campaign_file.dumps(campaign_file.export_document(store, current.id)),
            file_name=f"{current.campaign.slug}.json", mime="application/json", on_click="ignore"
        )
