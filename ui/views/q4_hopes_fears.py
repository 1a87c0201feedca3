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

with st.container():
    edits = {}
    for persona in campaign.personas:
        st.header(md_escape(persona.name.strip() or persona.key))
        suggested_hopes, suggested_fears = suggestions(persona)
        left, right = st.columns(2)
        with left:
            hopes = list_area("Hopes", page.list_field(f"h-hopes-{persona.key}", persona.hopes))
            add_hopes = st.multiselect("Add starter hopes", suggested_hopes,
                                       **page.field(f"h-sh-{persona.key}", [], "default")) if suggested_hopes else []
        with right:
            fears = list_area("Fears", page.list_field(f"h-fears-{persona.key}", persona.fears))
            add_fears = st.multiselect("Add starter fears", suggested_fears,
                                       **page.field(f"h-sf-{persona.key}", [], "default")) if suggested_fears else []
        edits[persona.key] = ([*hopes, *add_hopes], [*fears, *add_fears])
    if action := page.save_buttons("Save hopes and fears"):
        try:
            updated = campaign.model_copy(deep=True)
            for persona in updated.personas:
                persona.hopes, persona.fears = edits[persona.key]
        except ValidationError as error:
            st.error(problem(error))
        else:
            page.save(updated, action)

next_step_link("hopes_fears")
