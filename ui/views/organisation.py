"""Organisation: purpose and values, shared by every campaign of the organisation."""

from __future__ import annotations

import pandas as pd
import streamlit as st
from pydantic import ValidationError

from planner.campaign import Value
from ui import state
from ui.text import problem

st.title("Our purpose and values")
organisation, _ = state.held_organisation()
state.organisation_conflict_panel()
st.caption("Values are shown through the copy, the channel and the whole process, not just listed.")

with st.form("organisation"):
    name = st.text_input("Organisation name", organisation.name)
    purpose = st.text_area("Purpose", organisation.purpose, height=100)
    privacy = st.text_input("Privacy policy address", organisation.privacy_policy_url,
                            placeholder="https://www.example.org/privacy",
                            help="Shown on the Facebook instant form (Lead Ads), which Meta requires.")
    # A frame with named columns, so an organisation with no values yet still gets columns to fill in.
    edited = st.data_editor(
        pd.DataFrame([{"name": v.name, "description": v.description, "words": ", ".join(v.words)}
                      for v in organisation.values], columns=["name", "description", "words"], dtype=object),
        num_rows="dynamic", width="stretch", key="values-editor",
        column_config={
            "name": st.column_config.TextColumn("Value", required=True),
            "description": st.column_config.TextColumn("What it means here", width="large"),
            "words": st.column_config.TextColumn("Words that show it (comma-separated)", width="large"),
        },
    )
    if st.form_submit_button("Save", type="primary"):
        try:
            rows = edited.astype(object).where(edited.notna(), None).to_dict("records")
            values = [
                Value(name=row["name"].strip(), description=row.get("description") or "",
                      words=[w.strip() for w in (row.get("words") or "").split(",") if w.strip()])
                for row in rows if (row.get("name") or "").strip()
            ]
            updated = organisation.model_copy(update={"name": name, "purpose": purpose, "values": values,
                                                          "privacy_policy_url": privacy})
            updated = updated.model_validate(updated.model_dump())
        except ValidationError as error:
            st.error(problem(error))
        else:
            state.save_organisation(updated)
            st.rerun()
