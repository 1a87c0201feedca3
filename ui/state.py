"""Per-tab state: the store, and the campaign this tab has open with the version it loaded.

Saving passes that version back, so a save from a stale tab gets a clear conflict message and
the user's edits are kept (to retry or download), never silently dropped.
"""

from __future__ import annotations

import streamlit as st
from pydantic import ValidationError

from planner.campaign import Campaign, Organisation
from planner.campaign_file import dumps
from planner.storage import CampaignRecord, CampaignSummary, ConflictError, NotFoundError, Store, database_url
from planner.storage.config import masked, scrub
from ui import auth
from ui.text import md_escape, problem

RECORD = "record"
REF = "campaign_ref"
UNSAVED = "unsaved_edits"
CONFLICT = "conflict_message"
ORGANISATION = "organisation_record"
ORGANISATION_CONFLICT = "organisation_conflict"


@st.cache_resource(show_spinner=False)
def _store(url: str) -> Store:
    return Store(url)


def store() -> Store:
    """The store, or the page stopped with why it cannot open (the database password masked)."""
    url = database_url()
    try:
        return _store(url)
    except Exception as error:  # a bad DATABASE_URL or an unreachable server is the user's to fix
        st.error(md_escape(f"Cannot open the database {masked(url)}: {scrub(str(error), url)}"),
                 icon=":material/database:")
        st.stop()


def campaigns() -> list[CampaignSummary]:
    """The campaigns this user may open (all of them when sign-in is not configured)."""
    visible = auth.visible_organisations()
    return [s for s in store().campaigns() if visible is None or s.organisation in visible]


def organisations() -> list[Organisation]:
    visible = auth.visible_organisations()
    return [o for o in store().organisations() if visible is None or o.slug in visible]


def select(ref: str | int) -> None:
    """Open another campaign in this tab."""
    st.session_state[REF] = ref
    for key in (RECORD, UNSAVED, CONFLICT):
        st.session_state.pop(key, None)


def record() -> CampaignRecord | None:
    """The open campaign as this tab loaded it, or the most recently changed one."""
    held = st.session_state.get(RECORD)
    if held is not None:
        return held
    summaries = campaigns()
    ref = st.session_state.get(REF)
    if ref is None:
        if not summaries:
            return None
        ref = summaries[0].slug
    try:
        loaded = store().campaign(ref)
    except NotFoundError:
        st.session_state.pop(REF, None)
        return None
    if loaded.id not in {s.id for s in summaries}:  # another organisation's campaign
        st.session_state.pop(REF, None)
        return None
    st.session_state[RECORD] = loaded
    st.session_state[REF] = loaded.campaign.slug
    return loaded


def require_record() -> CampaignRecord:
    """The open campaign, or stop the page with a pointer to create one."""
    held = record()
    if held is None:
        st.info("No campaign yet. Create one, or load the demo, on the Campaigns page.")
        st.stop()
    return held


def reload() -> None:
    """Drop this tab's copy so the next read loads the latest saved version."""
    for key in (RECORD, UNSAVED, CONFLICT):
        st.session_state.pop(key, None)


def save(campaign: Campaign, *, in_callback: bool = False) -> bool:
    """Save the open campaign; on a conflict show why, keep the edits, and return False.

    `in_callback`: a widget's callback, where an element would be drawn in the wrong place; a conflict is then
    shown by `unsaved_edits_panel` when the page reruns, and any other refusal as a toast."""
    held = require_record()
    try:
        st.session_state[RECORD] = store().save_campaign(held.id, campaign, held.version)
    except ConflictError as error:
        st.session_state[UNSAVED] = campaign
        st.session_state[CONFLICT] = str(error)
        if not in_callback:
            st.error(str(error), icon=":material/sync_problem:")
        return False
    except ValidationError as error:  # e.g. a NUL character pasted into a field: nothing is saved
        (st.toast if in_callback else st.error)("Not saved: " + problem(error), icon=":material/error:")
        return False
    st.session_state.pop(UNSAVED, None)
    st.session_state.pop(CONFLICT, None)
    st.toast("Saved", icon=":material/check:")
    return True


def unsaved_edits_panel() -> None:
    """After a conflict: offer to download the edits that were not saved, or reload."""
    unsaved = st.session_state.get(UNSAVED)
    if unsaved is None:
        return
    st.error(st.session_state.get(CONFLICT, "This campaign was changed since you opened it."),
             icon=":material/sync_problem:")
    st.warning("Your last edits were not saved because the campaign changed in another tab. "
               "Download them to keep a copy, then reload the latest version.")
    left, right = st.columns(2)
    left.download_button("Download my unsaved edits (JSON)", dumps(unsaved.model_dump(mode="json")),
                         file_name=f"{unsaved.slug}-unsaved.json", mime="application/json", on_click="ignore")
    if right.button("Reload the latest version", key="reload-after-conflict"):
        reload()
        st.rerun()


def organisation() -> tuple[Organisation, int]:
    """The organisation of the open campaign."""
    return store().organisation(require_record().organisation)


def held_organisation() -> tuple[Organisation, int]:
    """The open campaign's organisation as this tab loaded it, with that version, for editing it.

    Pages that only read the organisation use organisation(); an editor holds its copy so a save
    from a stale tab is refused instead of overwriting what someone else saved in between."""
    slug = require_record().organisation
    held = st.session_state.get(ORGANISATION)
    if held is None or held[0].slug != slug:
        held = store().organisation(slug)
        st.session_state[ORGANISATION] = held
    return held


def save_organisation(updated: Organisation) -> bool:
    """Save the held organisation; on a conflict remember why (see organisation_conflict_panel) and return False."""
    _, version = held_organisation()
    try:
        st.session_state[ORGANISATION] = (updated, store().save_organisation(updated, version))
    except ConflictError as error:
        st.session_state[ORGANISATION_CONFLICT] = str(error)
        return False
    st.session_state.pop(ORGANISATION_CONFLICT, None)
    st.toast("Saved", icon=":material/check:")
    return True


def organisation_conflict_panel() -> None:
    """After a refused organisation save: say why, keep the typed edits, and offer to reload."""
    message = st.session_state.get(ORGANISATION_CONFLICT)
    if message is None:
        return
    st.error(f"{message} Your edits are still shown below, so you can copy them before reloading.",
             icon=":material/sync_problem:")
    if st.button("Reload the latest version", key="reload-organisation"):
        st.session_state.pop(ORGANISATION, None)
        st.session_state.pop(ORGANISATION_CONFLICT, None)
        st.rerun()
