"""Question 6: does it still fit our values? Evidence per theme and variant, and a reviewer's yes or no."""

from __future__ import annotations

import datetime as dt

import streamlit as st
from pydantic import ValidationError

from adverts.values_review import review_targets
from personas.questions import latest_review
from planner.campaign import ValuesReview
from ui.components.progress import next_step_link, open_step
from ui.text import md_escape, problem

page = open_step("values_fit")
campaign = page.campaign
st.caption("Would these questions attract people who share our values too? The evidence is a prompt for the "
           "reviewer, never a verdict: the words in the copy that show each value (its own words, set on Purpose "
           "and values, or words from its description). A value is shown only where you can see such a word.")
if not page.organisation.values:
    st.warning("The organisation has no values yet: add them, with the words that show them, on Purpose and values.")

targets = review_targets(campaign, page.organisation.values)
if not targets:
    st.stop()

with st.form("values-fit"):
    reviewer = st.text_input("Your name (the reviewer)", key=page.key("vf-reviewer"))
    answers = {}
    for item in targets:
        target = item.target
        with st.container(border=True):
            st.markdown(f"**{md_escape(item.label)}**")
            st.text(item.text)
            st.markdown(f"Shows: {md_escape(', '.join(item.shown)) or 'none of our values'}  \n"
                        f"Leaves out: {md_escape(', '.join(item.left_out)) or 'nothing'}")
            st.dataframe([{"Value": s.value, "Wanted for this role": s.wanted, "Shown": s.level,
                           "Evidence words": ", ".join(s.evidence)} for s in item.scores], hide_index=True)
            review = latest_review(campaign, target)
            if review is not None:
                verdict = "fits our values" if review.fits else "does not fit our values"
                st.markdown(f"Last review: **{md_escape(review.reviewer)}** said it {verdict}"
                            + (f": {md_escape(review.comment)}" if review.comment.strip() else "."))
            fits = st.radio("Does it still fit our values?", ["Yes", "No"], index=None, horizontal=True,
                            key=page.key(f"vf-fits-{target}"))
            comment = st.text_area("Comment", key=page.key(f"vf-comment-{target}"), height=68)
            answers[target] = (fits, comment)
    if st.form_submit_button("Record reviews", type="primary"):
        given = {target: answer for target, answer in answers.items() if answer[0] is not None}
        if not given:
            st.error("Choose yes or no for at least one theme or variant.")
        elif not reviewer.strip():
            st.error("Nothing was saved: give the reviewer's name.")
        else:
            try:
                updated = campaign.model_copy(deep=True)
                now = dt.datetime.now(dt.UTC)
                updated.reviews = [*updated.reviews, *(
                    ValuesReview(target=target, reviewer=reviewer, fits=fits == "Yes", comment=comment, at=now)
                    for target, (fits, comment) in given.items()
                )]
            except ValidationError as error:
                st.error(problem(error))
            else:
                page.save(updated)

if campaign.reviews:
    with st.expander(f"Every review ({len(campaign.reviews)})"):
        st.dataframe([{"Target": r.target, "Reviewer": r.reviewer, "Fits": r.fits, "Comment": r.comment, "At": r.at}
                      for r in reversed(campaign.reviews)], hide_index=True)

next_step_link("values_fit")
