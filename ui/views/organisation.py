"""Organisation: purpose and values, shared by every campaign of the organisation.

One small form per value (name, what it means here, the words that show it) and "Add value". What is
typed is kept as a draft while the user moves around the app (ui.components.drafts) until saved.
"""

from __future__ import annotations

import streamlit as st
from pydantic import ValidationError

from ui import state
from ui.components import drafts
from ui.components.value_rows import RowError, ValueRow, values_from_rows
from ui.navigation import VALUES_PAGE, next_page
from ui.text import md_escape, problem

st.title("Our purpose and values")
organisation, version = state.held_organisation()
state.organisation_conflict_panel()
st.caption("Values are shown through the copy, the channel and the whole process, not just listed.")
banner = st.container()
saved: dict[str, object] = {}
ADDED = f"values-added:{organisation.slug}.{version}"


def field(name: str, value: object) -> dict[str, object]:
    """A widget's key (tied to the organisation version this tab loaded) and its draft or saved value."""
    key = f"{name}{drafts.DRAFT_MARK}org-{organisation.slug}.{version}"
    saved[key] = value
    return {"key": key, "value": drafts.value(key, value)}


name = st.text_input("Organisation name", **field("org-name", organisation.name))
purpose = st.text_area("Purpose", **field("org-purpose", organisation.purpose), height=100)
privacy = st.text_input("Privacy policy address", **field("org-privacy", organisation.privacy_policy_url),
                        placeholder="https://www.example.org/privacy",
                        help="Shown on the Facebook instant form (Lead Ads), which Meta requires.")

st.header("Values")
rows: list[ValueRow] = []
removed: list[bool] = []
count = len(organisation.values) + st.session_state.get(ADDED, 0)
for index in range(count):
    value = organisation.values[index] if index < len(organisation.values) else None
    with st.container(border=True):
        st.markdown(f"**Value {index + 1}**")
        left, right = st.columns([1, 2])
        value_name = left.text_input("Value", **field(f"v-name-{index}", value.name if value else ""))
        description = right.text_input("What it means here",
                                       **field(f"v-description-{index}", value.description if value else ""))
        words = st.text_input("Words that show it (comma-separated)",
                              **field(f"v-words-{index}", ", ".join(value.words) if value else ""))
        removed.append(st.checkbox("Remove this value", **field(f"v-remove-{index}", False)))
        rows.append(ValueRow(value_name, description, words))


def _add_value() -> None:
    st.session_state[ADDED] = st.session_state.get(ADDED, 0) + 1


st.button("Add value", icon=":material/add:", on_click=_add_value)

drafts.warn_unsaved(banner, saved, "discard-values", pending=bool(st.session_state.get(ADDED)),
                    on_discard=lambda: st.session_state.pop(ADDED, None))

following = next_page(VALUES_PAGE)
go, stay = st.columns(2)
action = "continue" if go.button(f"Save and continue to {following[1]}", type="primary",
                                 icon=":material/arrow_forward:") else None
if stay.button("Save", key="save-values"):
    action = "stay"
if action:
    try:
        values = values_from_rows([row for row, remove in zip(rows, removed, strict=True) if not remove])
        updated = organisation.model_copy(update={"name": name, "purpose": purpose, "values": values,
                                                  "privacy_policy_url": privacy})
        updated = updated.model_validate(updated.model_dump())
    except RowError as error:
        st.error(f"Nothing was saved. {md_escape(str(error))}", icon=":material/error:")
    except ValidationError as error:
        st.error("Nothing was saved. " + problem(error), icon=":material/error:")
    else:
        if state.save_organisation(updated):
            st.session_state.pop(ADDED, None)
            drafts.forget(f"org-{organisation.slug}.{version}")
            if action == "continue":
                st.switch_page(following[0])
        st.rerun()
