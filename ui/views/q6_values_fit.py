"""Question 6: does it still fit our values? One compact table of the themes and adverts, one save.

Each row shows which values the copy shows and leaves out (a guide for the reviewer, never a
verdict); the reviewer answers yes or no and may comment. A row with a comment but no answer is
refused with its name, so nothing typed is dropped.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st
from pydantic import ValidationError

from adverts.values_review import review_targets
from personas.questions import latest_review
from planner.campaign import ValuesReview
from ui.components.progress import next_step_link, open_step
from ui.text import md_escape, problem

ANSWERS = ["Yes", "No"]

page = open_step("values_fit")
campaign = page.campaign
st.caption("Would these questions attract people who share our values too? The evidence is a prompt for the "
           "reviewer, never a verdict: the words in the copy that show each value (its own words, set on Purpose "
           "and values, or words from its description). A value is shown only where you can see such a word.")
if not page.organisation.values:
    st.warning("The organisation has no values yet: add them, with the words that show them, on Purpose and values.")


@st.cache_data(max_entries=8, show_spinner="Weighing the copy against your values…")
def _targets(campaign_id: int, version: int, organisation_slug: str, organisation_values: str, _campaign, _values):
    """The similarity scores take seconds for hundreds of adverts: once per campaign and values version."""
    return review_targets(_campaign, _values)


targets = _targets(page.record.id, page.record.version, page.organisation.slug,
                   repr(page.organisation.values), campaign, page.organisation.values)
if not targets:
    st.info("Add themes on question 5 first; adverts come after question 7.")
    st.stop()
if not campaign.variants:
    st.info("No adverts yet: review the themes now, and the adverts once they are written (Advert variants).",
            icon=":material/info:")


def _label(item) -> str:
    """Adverts by headline and spoken code, as everywhere else in the app."""
    kind, _, key = item.target.partition(":")
    variant = campaign.variant(key) if kind == "variant" else None
    if variant is None:
        return item.label
    return "Advert: " + " · ".join(part for part in (variant.headline, variant.spoken_code) if part)


def _last(target: str) -> str:
    review = latest_review(campaign, target)
    if review is None:
        return ""
    return f"{review.reviewer}: {'fits' if review.fits else 'does not fit'}" + (
        f" ({review.comment})" if review.comment.strip() else "")


reviewer = st.text_input("Your name (the reviewer)", **page.field("vf-reviewer", ""))
table = pd.DataFrame([{"What": _label(item), "The copy": item.text, "Shows": ", ".join(item.shown) or "none",
                       "Leaves out": ", ".join(item.left_out) or "nothing", "Last review": _last(item.target),
                       "Fits our values?": None, "Comment": ""} for item in targets])
edited = st.data_editor(
    table, hide_index=True, width="stretch", key=page.key("vf-table"),
    disabled=["What", "The copy", "Shows", "Leaves out", "Last review"],
    column_config={"Fits our values?": st.column_config.SelectboxColumn(options=ANSWERS),
                   "The copy": st.column_config.TextColumn(width="large"),
                   "Comment": st.column_config.TextColumn(width="medium")})
with st.expander("The evidence, value by value"):
    st.dataframe(pd.DataFrame([{"What": _label(item), "Value": s.value, "Wanted for this role": s.wanted,
                                "Shown": s.level, "Evidence words": ", ".join(s.evidence)}
                               for item in targets for s in item.scores]), hide_index=True, width="stretch")

if st.button("Record reviews", type="primary"):
    answers = edited.astype(object).where(edited.notna(), None).to_dict("records")
    given = [(item, row) for item, row in zip(targets, answers, strict=True) if row["Fits our values?"] in ANSWERS]
    unanswered = [f"row {number} ({_label(item)})" for number, (item, row) in enumerate(zip(targets, answers,
                                                                                           strict=True), 1)
                  if (row["Comment"] or "").strip() and row["Fits our values?"] not in ANSWERS]
    if unanswered:
        st.error("Nothing was saved: " + "; ".join(md_escape(u) for u in unanswered)
                 + " has a comment but no yes or no.", icon=":material/error:")
    elif not given:
        st.error("Choose yes or no for at least one theme or advert.")
    elif not reviewer.strip():
        st.error("Nothing was saved: give the reviewer's name.")
    else:
        try:
            updated = campaign.model_copy(deep=True)
            now = dt.datetime.now(dt.UTC)
            updated.reviews = [*updated.reviews, *(
                ValuesReview(target=item.target, reviewer=reviewer.strip(), fits=row["Fits our values?"] == "Yes",
                             comment=(row["Comment"] or "").strip(), at=now) for item, row in given)]
        except ValidationError as error:
            st.error(problem(error))
        else:
            page.save(updated)

if campaign.reviews:
    with st.expander(f"Every review ({len(campaign.reviews)})"):
        st.dataframe([{"What": r.target, "Reviewer": r.reviewer, "Fits": r.fits, "Comment": r.comment, "At": r.at}
                      for r in reversed(campaign.reviews)], hide_index=True)

next_step_link("values_fit")
