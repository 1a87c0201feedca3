"""Question 2: who we are looking for. Values, characteristics and the 'Could this be you?' profile."""

from __future__ import annotations

import streamlit as st
from pydantic import ValidationError

from personas.profile import HEADINGS, profile_findings, profile_html
from personas.questions import filled
from planner.campaign import LookingFor, Profile
from planner.slugs import slugify
from ui.components.findings import show_findings
from ui.components.list_field import list_area
from ui.components.progress import next_step_link, open_step
from ui.navigation import VALUES_PAGE
from ui.text import md_escape, problem

page = open_step("looking_for")
wanted = page.campaign.looking_for
described = {value.name: value.description for value in page.organisation.values}

st.header("Our values")
if not described:
    st.info("The organisation has no values yet.")
for name, description in described.items():
    st.markdown(f"**{md_escape(name)}**: {md_escape(description) if description.strip() else '*(no description yet)*'}")
st.page_link(VALUES_PAGE, label="Edit the organisation's values and their descriptions",
             icon=":material/edit:")

with st.container(border=True):
    options = list(dict.fromkeys([*described, *wanted.values]))
    values = st.multiselect("The values we are looking for in this role", options,
                            **page.field("lf-values", wanted.values, "default"),
                            format_func=lambda v: v if v in described else f"{v} (no longer an organisation value)")
    characteristics = list_area("Characteristics we are looking for",
                                page.list_field("lf-characteristics", wanted.characteristics),
                                help="One per line, e.g. 'Detail-conscious'.")
    st.markdown("**Could this be you?** The three headings of a one-page profile.")
    columns = st.columns(3)
    profile_lists = {}
    for column, (field, heading) in zip(columns, HEADINGS, strict=True):
        with column:
            profile_lists[field] = list_area(heading, page.list_field(f"lf-{field}", getattr(wanted.profile, field)),
                                             height=220)
    if action := page.save_buttons("Save who we are looking for"):
        try:
            updated = page.campaign.model_copy(deep=True)
            updated.looking_for = LookingFor(values=values, characteristics=characteristics,
                                             profile=Profile(**profile_lists))
        except ValidationError as error:
            st.error(problem(error))
        else:
            page.save(updated, action)

st.header("The one-page profile")
preview = st.columns(3)
for column, (field, heading) in zip(preview, HEADINGS, strict=True):
    with column, st.container(border=True):
        st.markdown(f"**{heading}**")
        items = filled(getattr(wanted.profile, field))
        st.markdown("\n".join(f"- {md_escape(item)}" for item in items) if items else "*(not written yet)*")
checked = profile_findings(page.campaign, page.organisation)
if checked:
    count = sum(len(item.findings) for item in checked)
    st.warning(f"The printable profile has {count} finding{'s' if count > 1 else ''} to look at before you print "
               "it (Meta rejects copy that implies a reader's personal attributes, and candidates see it too):")
    for item in checked:
        st.markdown(f"**{md_escape(item.where)}**")
        show_findings(item.text, item.findings)
else:
    st.caption("Checked: no wallpaper, stereotypes, barriers, jargon or personal-attribute wording in the profile.")
st.download_button("Download the printable profile (HTML)", profile_html(page.campaign, page.organisation),
                   file_name=f"could-this-be-you-{slugify(page.campaign.role.title, page.campaign.slug)}.html",
                   mime="text/html", icon=":material/print:", on_click="ignore")
st.caption("Open the file in a browser and print it: it fits one A4 page (landscape).")

next_step_link("looking_for")
