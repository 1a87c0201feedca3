"""Question 3: where might they be now? Personas from the library or of your own, with the roles they hold."""

from __future__ import annotations

import streamlit as st
from pydantic import ValidationError

from personas import editing
from personas.library import library
from ui.components.list_field import list_area
from ui.components.progress import next_step_link, open_step
from ui.text import md_escape

page = open_step("personas")
campaign = page.campaign
LIBRARY = {persona.key: persona for persona in library()}
in_use = {p.library_key for p in campaign.personas}

with st.expander("The persona library"):
    for persona in LIBRARY.values():
        st.markdown(f"**{md_escape(persona.name)}**: {md_escape(persona.where_now)}  \n"
                    f"*Roles:* {md_escape(', '.join(persona.roles))}")

with st.container():
    edits = {}
    for persona in campaign.personas:
        with st.container(border=True):
            name = st.text_input("Persona", **page.field(f"p-name-{persona.key}", persona.name))
            where_now = st.text_area("Where they are now", **page.field(f"p-where-{persona.key}", persona.where_now),
                                     height=80)
            roles = list_area("Roles they hold in life, work and community",
                              page.list_field(f"p-roles-{persona.key}", persona.roles))
            remove = st.checkbox("Remove this persona (and its theme links and channel plan)",
                                 **page.field(f"p-remove-{persona.key}", False))
            edits[persona.key] = (name, where_now, roles, remove)
    st.markdown("**Add personas**")
    add_keys = st.multiselect("From the library", [k for k in LIBRARY if k not in in_use],
                              format_func=lambda k: LIBRARY[k].name, **page.field("p-add-library", [], "default"))
    new_name = st.text_input("Or write your own: its name", **page.field("p-add-own", ""),
                             placeholder="For example: bus drivers, hairdressers")
    new_where = st.text_area("where they are now", **page.field("p-add-where", ""), height=80)
    new_roles = list_area("and the roles they hold in life, work and community", page.list_field("p-add-roles", []))
    if action := page.save_buttons("Save personas"):
        if not new_name.strip() and (new_name or new_where.strip() or "".join(new_roles).strip()):
            st.error("Nothing was saved: the new persona needs a name, not only spaces or details.")
            st.stop()
        try:
            updated = campaign.model_copy(deep=True)
            for persona in updated.personas:
                persona.name, persona.where_now, persona.roles, _ = edits[persona.key]
            for key, (*_, remove) in edits.items():
                if remove:
                    updated = editing.remove_persona(updated, key)
            updated = editing.add_library_personas(updated, add_keys)
            if new_name.strip():
                updated = editing.new_persona(updated, new_name, new_where, new_roles)
        except (ValidationError, editing.InUseError) as error:
            st.error(f"Nothing was saved: {md_escape(str(error))}")
        else:
            page.save(updated, action)

next_step_link("personas")
