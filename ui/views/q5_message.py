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

with st.container():
    edits = {}
    for theme in campaign.themes:
        with st.container(border=True):
            name = st.text_input("Theme", **page.field(f"t-name-{theme.key}", theme.name))
            headline = st.text_input("Headline question", **page.field(f"t-head-{theme.key}", theme.headline))
            check_text(theme.headline, page.organisation)
            questions = list_area("Supporting questions", page.list_field(f"t-questions-{theme.key}", theme.questions))
            check_text("\n".join(theme.questions), page.organisation)
            options = editing.address_options(campaign, theme)
            addresses = st.multiselect("The hopes and fears it answers", list(options), format_func=options.__getitem__,
                                       **page.field(f"t-addr-{theme.key}", [address_spec(a) for a in theme.addresses],
                                                    "default"))
            remove = st.checkbox("Remove this theme", **page.field(f"t-remove-{theme.key}", False))
            edits[theme.key] = (name, headline, questions, addresses, remove)
    st.markdown("**Add themes**")
    in_use = {t.library_key for t in campaign.themes}
    add_keys = st.multiselect("From the library", [k for k in LIBRARY if k not in in_use],
                              format_func=lambda k: f"{LIBRARY[k].name}: {LIBRARY[k].headline}",
                              **page.field("t-add-library", [], "default"))
    new_name = st.text_input("Or write your own: its name", **page.field("t-add-name", ""))
    new_headline = st.text_input("and its headline question", **page.field("t-add-headline", ""))
    new_questions = list_area("its supporting questions", page.list_field("t-add-questions", []))
    new_options = editing.address_options(campaign)
    new_addresses = st.multiselect("and the hopes and fears it answers", list(new_options),
                                   format_func=new_options.__getitem__, **page.field("t-add-addr", [], "default"))
    if action := page.save_buttons("Save themes"):
        if not new_name.strip() and (new_name or new_headline.strip() or "".join(new_questions).strip()
                                     or new_addresses):
            st.error("Nothing was saved: the new theme needs a name, not only spaces or details.")
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
                updated = editing.new_theme(updated, new_name, new_headline, new_questions,
                                            [address_from_spec(spec) for spec in new_addresses])
        except (ValidationError, editing.InUseError) as error:
            st.error(f"Nothing was saved: {md_escape(str(error))}")
        else:
            page.save(updated, action)

next_step_link("message")
