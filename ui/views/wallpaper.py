"""Wallpaper rules: the organisation's own linter rules and allow-list, phrases learned from collected
adverts, and a box to try the linter on any text."""

from __future__ import annotations

import json

import pandas as pd
import streamlit as st

from adverts.lint import RuleError, default_rules
from adverts.lint.corpus import MAX_BYTES, CorpusError, learn_phrases, read_corpus
from adverts.lint.rules import CATEGORIES
from adverts.org_rules import allow_list_from_lines, custom_rules_from_rows, flagged, learned_rule, with_rules
from planner.campaign import Organisation
from ui import state
from ui.components.findings import check_text
from ui.text import md_escape

LEARNED = "learned_phrases"
NOTICE = "wallpaper_notice"
RULE_COLUMNS = ["phrase", "category", "why", "suggestion"]

st.title("Wallpaper rules")
st.caption("Wallpaper is the copy every care advert uses, so readers skip it. The linter flags it with the "
           "bundled rules plus your organisation's own; what you add here applies to every campaign and page.")
state.require_record()
organisation, version = state.held_organisation()
state.organisation_conflict_panel()


def key(name: str) -> str:
    """A widget key tied to the organisation version this tab holds: a save shows the saved state, while a
    refused (conflicting) save keeps what the user typed."""
    return f"{name}@{version}"


def save(updated: Organisation, notice: str | None = None) -> None:
    """Save and show the saved state (or, on a conflict, the conflict panel with the edits kept)."""
    if state.save_organisation(updated) and notice:
        st.session_state[NOTICE] = notice
    st.rerun()


# Your rules -----------------------------------------------------------------------------------
st.header("Your organisation's rules")
with st.form("org-rules"):
    rows = st.data_editor(
        pd.DataFrame([rule.model_dump() for rule in organisation.custom_rules], columns=RULE_COLUMNS),
        num_rows="dynamic", width="stretch", hide_index=True, key=key("rules-editor"),
        column_config={
            "phrase": st.column_config.TextColumn("Phrase to flag", help="Any inflection matches."),
            "category": st.column_config.SelectboxColumn("Category", options=list(CATEGORIES), default="wallpaper"),
            "why": st.column_config.TextColumn("Why it does not work", width="large"),
            "suggestion": st.column_config.TextColumn("What to write instead", width="large"),
        },
    )
    if st.form_submit_button("Save rules", type="primary"):
        try:
            rules = custom_rules_from_rows(rows.to_dict("records"))
        except RuleError as error:
            st.error(f"Nothing was saved. {md_escape(str(error))}")
        else:
            save(organisation.model_copy(update={"custom_rules": rules}))

# Allow-list -----------------------------------------------------------------------------------
st.header("Allow-list")
with st.form("allow-list"):
    allowed = st.text_area(
        "Phrases and rule ids the linter must not flag", "\n".join(organisation.allow_list), key=key("allow-list"),
        help="One per line. A phrase (any inflection) is never flagged; a rule id turns that rule off.")
    if st.form_submit_button("Save the allow-list"):
        save(organisation.model_copy(update={"allow_list": allow_list_from_lines(allowed.splitlines())}))
with st.expander("The bundled rules and their ids"):
    st.dataframe([{"id": r.id, "category": r.category, "phrases": "; ".join(r.phrases), "why": r.why}
                  for r in default_rules()], hide_index=True, width="stretch")

# Learn from a corpus --------------------------------------------------------------------------
st.header("Learn from adverts you collected")
st.caption("Upload adverts from other employers (CSV in UTF-8, or Excel .xlsx) with a 'text' and an 'employer' "
           "column. Phrases used by many different employers are wallpaper: one employer posting the same "
           "advert many times counts once.")
upload = st.file_uploader("Collected adverts", type=["csv", "xlsx"], max_upload_size=MAX_BYTES // 2**20,
                          key="corpus-upload")
min_employers = st.number_input("Used by at least this many employers", 2, 1000, 3)
if st.button("Find shared phrases", disabled=upload is None):
    try:
        adverts = read_corpus(upload.getvalue(), upload.name)
    except CorpusError as error:
        st.error(md_escape(str(error)), icon=":material/error:")
    else:
        bar = st.progress(0.0, text="Reading the adverts")
        shown = [-1]

        def progress(done: int, total: int) -> None:
            percent = done * 100 // total  # a websocket message per percent, not per advert
            if percent != shown[0]:
                shown[0] = percent
                bar.progress(percent / 100, text=f"Read {done:,} of {total:,} adverts")

        phrases = learn_phrases(adverts, min_employers=int(min_employers), progress=progress)
        employers = len({a.employer for a in adverts})
        st.session_state[LEARNED] = (upload.name, len(adverts), employers, int(min_employers), phrases)

learned = st.session_state.get(LEARNED)
if learned:
    name, count, employers, least, phrases = learned
    st.write(f"{len(phrases)} phrase(s) used by at least {least} of the {employers} employers in "
             f"{md_escape(name)} ({count:,} adverts). Tick the ones to flag from now on.")
    if phrases:
        table = st.data_editor(
            pd.DataFrame([{"add": False, "phrase": p.phrase, "employers": p.employers,
                           "already a rule": flagged(p.phrase, organisation)} for p in phrases]),
            disabled=["phrase", "employers", "already a rule"], hide_index=True, width="stretch",
            key=key("learned"), column_config={"add": st.column_config.CheckboxColumn("Add as a rule")})
        if st.button("Add the ticked phrases as rules", type="primary"):
            chosen = table[table["add"]]
            new = [learned_rule(p, int(n)) for p, n in zip(chosen["phrase"], chosen["employers"], strict=True)]
            updated, added = with_rules(organisation, new)
            if chosen.empty:
                st.warning("Tick the phrases to add first.")
            elif not added:
                st.info("Those phrases are already your rules.")
            else:
                save(updated, f"Added {len(added)} rule(s). Edit their why and suggestion in your rules above.")
if notice := st.session_state.pop(NOTICE, None):
    st.success(notice)

# Try it ---------------------------------------------------------------------------------------
st.header("Try it")
text = st.text_area("Paste advert text to check it with your rules", key="try-it", height=160)
findings = check_text(text, organisation, with_readability=True,
                      clean_note="No wallpaper, stereotypes, barriers or jargon found.")
if text.strip() and findings is not None:
    st.download_button("Download the findings (JSON)", json.dumps([f.to_dict() for f in findings], indent=2),
                       file_name="findings.json", mime="application/json", on_click="ignore")
