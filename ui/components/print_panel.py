"""The print button for one variant: a print-ready PDF leaflet in a chosen size and language.

The PDF is made only when asked for (a few seconds each), kept for the session and offered as a
download. The campaign's contact details, which every leaflet carries, can be set here too.
"""

from __future__ import annotations

import streamlit as st

from adverts.model import Variant
from planner.campaign import Campaign, Contact, Organisation
from planner.printing.fonts import FontsMissingError
from planner.printing.leaflet import PAPERS, LeafletError, leaflet_pdf
from planner.translations import ENGLISH, LANGUAGES
from ui import state
from ui.text import md_escape

_MADE = "printed_leaflets"


def contact_form(campaign: Campaign, key: str) -> None:
    """Edit who candidates call or write to, and where the job is based."""
    contact = campaign.contact
    with st.form(f"contact-{key}"):
        left, right = st.columns(2)
        values = {
            "name": left.text_input("Ask for", contact.name, placeholder="Amina in the recruitment team"),
            "phone": right.text_input("Phone", contact.phone),
            "email": left.text_input("Email", contact.email),
            "street_address": right.text_input("Street address of the workplace", contact.street_address),
            "postcode": left.text_input("Postcode", contact.postcode),
            "region": right.text_input("Region", contact.region, placeholder="West Yorkshire"),
        }
        if st.form_submit_button("Save contact details"):
            try:
                updated = Contact(**{name: value.strip() for name, value in values.items()})
            except ValueError as error:
                st.error(md_escape(str(error)))
            else:
                if state.save(campaign.model_copy(update={"contact": updated})):
                    st.rerun()


def print_panel(campaign: Campaign, organisation: Organisation, variant: Variant) -> None:
    """Size and language choices, a button that makes the PDF, and its download."""
    st.markdown("**Print-ready leaflet**")
    reach = campaign.contact.phone or campaign.contact.email
    with st.expander("Contact details on the leaflet" + ("" if reach else " (needed)"), expanded=not reach):
        contact_form(campaign, variant.key)
    languages = [ENGLISH.code, *(code for code in LANGUAGES if code in campaign.translations)]
    left, right = st.columns(2)
    size = left.selectbox("Paper", list(PAPERS), key=f"print-size-{variant.key}",
                          help="A4 and A5 posters have tear-off strips; A6 is a handout. Page 2 is pocket cards.")
    lang = right.selectbox("Language", languages, key=f"print-lang-{variant.key}",
                           format_func=lambda code: f"{LANGUAGES[code].name} ({LANGUAGES[code].native})",
                           help="Other languages appear once a translator's pack is imported "
                           "(planner translate export / import).")
    made = st.session_state.setdefault(_MADE, {})
    wanted = (variant.key, size, lang)
    if st.button("Make the leaflet (PDF)", key=f"print-{variant.key}", icon=":material/print:"):
        try:
            leaflet = leaflet_pdf(campaign, organisation, variant, size=size, lang=lang)
        except (LeafletError, FontsMissingError) as error:
            st.error(md_escape(str(error)))
        else:
            texts = leaflet.texts
            if texts.missing:
                st.error(f"The {texts.language.name} translation lacks {len(texts.missing)} text(s) this leaflet "
                         "needs: import a pack that covers this advert.")
            else:
                made[wanted] = leaflet.pdf
                if leaflet.smaller:
                    st.info(f"On {size}: {leaflet.smaller}.")
                for key in texts.stale:
                    st.warning(f"The {texts.language.name} text for {md_escape(key)} was translated from English "
                               "that has changed since: ask the translator to check it.")
    if wanted in made:
        st.download_button(f"Download the leaflet ({size}, {LANGUAGES[lang].name}, PDF)", made[wanted],
                           file_name=f"{variant.key}-{size}-{lang}.pdf", mime="application/pdf",
                           key=f"print-download-{variant.key}", on_click="ignore")
