"""Question 4: hopes and fears. Per persona, editable lists with starter suggestions from the library."""

from __future__ import annotations

import streamlit as st
from pydantic import ValidationError

from personas.editing import suggestions
from ui.components.list_field import list_area
from ui.components.progress import next_step_link, open_step
from ui.text import md_escape, problem

page = open_step("hopes_fears")
campaign = page.campaign
st.caption("Stand in their shoes: if they considered changing direction to work with you, what might they hope "
           "for, and what might they fear?")
if not campaign.personas:
    st.stop()

with st.form("hopes-fears"):
    edits = {}
    for persona in campaign.personas:
        st.markdown(f"#### {md_escape(persona.name.strip() or persona.key)}")
        suggested_hopes, suggested_fears = suggestions(persona)
        left, right = st.columns(2)
        with left:
            hopes = list_area("Hopes", persona.hopes, page.key(f"h-hopes-{persona.key}"))
            add_hopes = st.multiselect("Add starter hopes", suggested_hopes, key=page.key(f"h-sh-{persona.key}"))
        with right:
            fears = list_area("Fears", persona.fears, page.key(f"h-fears-{persona.key}"))
            add_fears = st.multiselect("Add starter fears", suggested_fears, key=page.key(f"h-sf-{persona.key}"))
        edits[persona.key] = ([*hopes, *add_hopes], [*fears, *add_fears])
    if st.form_submit_button("Save hopes and fears", type="primary"):
        try:
            updated = campaign.model_copy(deep=True)
            for persona in updated.personas:
                persona.hopes, persona.fears = edits[persona.key]
        except ValidationError as error:
            st.error(problem(error))
        else:
            page.save(updated)

next_step_link("hopes_fears")
