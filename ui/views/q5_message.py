"""Question 5: the message. Themes with a headline question, linked to the hopes and fears they answer."""

from __future__ import annotations

import streamlit as st
from pydantic import ValidationError

from adverts.themes import address_from_spec, address_spec, library, unanswered
from personas import editing
from ui.components.findings import check_text
from ui.components.list_field import list_area
from ui.components.progress import next_step_link, open_step
from ui.text import md_escape

page = open_step("message")
campaign = page.campaign
LIBRARY = {theme.key: theme for theme in library()}
names = {p.key: p.name for p in campaign.personas}

open_items = unanswered(campaign.personas, campaign.themes)
if open_items:
    with st.expander(f"Hopes and fears no theme answers yet ({len(open_items)})", expanded=len(open_items) <= 12):
        st.markdown("\n".join(f"- **{md_escape(names[a.persona])}**, {a.kind}: {md_escape(a.text)}"
                               for a in open_items))
elif campaign.personas:
    st.success("Every hope and fear is answered by at least one theme.")

with st.form("themes"):
    edits = {}
    for theme in campaign.themes:
        with st.container(border=True):
            name = st.text_input("Theme", theme.name, key=page.key(f"t-name-{theme.key}"))
            headline = st.text_input("Headline question", theme.headline, key=page.key(f"t-head-{theme.key}"))
            check_text(theme.headline, page.organisation)
            questions = list_area("Supporting questions", theme.questions, page.key(f"t-questions-{theme.key}"))
            check_text("\n".join(theme.questions), page.organisation)
            options = editing.address_options(campaign, theme)
            addresses = st.multiselect("The hopes and fears it answers", list(options),
                                       default=[address_spec(a) for a in theme.addresses],
                                       format_func=options.__getitem__, key=page.key(f"t-addr-{theme.key}"))
            remove = st.checkbox("Remove this theme", key=page.key(f"t-remove-{theme.key}"))
            edits[theme.key] = (name, headline, questions, addresses, remove)
    st.markdown("**Add themes**")
    in_use = {t.library_key for t in campaign.themes}
    add_keys = st.multiselect("From the library", [k for k in LIBRARY if k not in in_use],
                              format_func=lambda k: f"{LIBRARY[k].name}: {LIBRARY[k].headline}",
                              key=page.key("t-add-library"))
    new_name = st.text_input("Or write your own: its name", key=page.key("t-add-name"))
    new_headline = st.text_input("and its headline question", key=page.key("t-add-headline"))
    if st.form_submit_button("Save themes", type="primary"):
        if new_name and not new_name.strip():
            st.error("Nothing was saved: a new theme needs a name, not only spaces.")
            st.stop()
        try:
            updated = campaign.model_copy(deep=True)
            for theme in updated.themes:
                name, headline, questions, addresses, _ = edits[theme.key]
                theme.name, theme.headline, theme.questions = name, headline, questions
                theme.addresses = [address_from_spec(spec) for spec in addresses]
            for key, (*_, remove) in edits.items():
                if remove:
                    updated = editing.remove_theme(updated, key)
            updated = editing.add_library_themes(updated, add_keys)
            if new_name.strip():
                updated = editing.new_theme(updated, new_name, new_headline)
        except (ValidationError, editing.InUseError) as error:
            st.error(f"Nothing was saved: {md_escape(str(error))}")
        else:
            page.save(updated)

next_step_link("message")
