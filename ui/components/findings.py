"""Lint findings shown inline under a text: the text with each phrase marked, then why and what to try.

The marked text is built by highlight_html, which escapes every piece of user text, and shown with
st.html so markdown in the text is not interpreted either. Everything else goes through md_escape.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import streamlit as st

from adverts.lint import Finding, LintInputError, apply_dismissals
from adverts.lint.highlight import highlight_html
from adverts.lint.readability import PLAIN_ENGLISH, band, readability
from adverts.model import Dismissal
from adverts.org_rules import lint_for
from planner.campaign import Organisation
from ui.text import md_escape

LONG_SENTENCE_SHOWN = 140
#: Our own markup (no user text): a colour per category for the <mark> tags highlight_html adds.
MARK_STYLE = ("<style>.lint-text mark{padding:0 .15em;border-radius:.2em;background:#fff3bf}"
              ".lint-text mark.lint-stereotype{background:#ffd8d8}.lint-text mark.lint-barrier{background:#ffe3c2}"
              ".lint-text mark.lint-jargon{background:#dbe9ff}"
              ".lint-text mark.lint-personal-attribute{background:#f3d9fa}</style>")


def show_findings(text: str, findings: Sequence[Finding], dismissals: Sequence[Dismissal] = ()) -> None:
    """The text with its open findings marked, a line per finding, and the dismissed ones with their reasons."""
    open_findings = apply_dismissals(findings, dismissals)
    if open_findings:
        marked = highlight_html(text, open_findings).replace("\n", "<br>")
        # every piece of user text is escaped by highlight_html
        st.html(f'{MARK_STYLE}<div class="lint-text">{marked}</div>')
        st.markdown("\n".join(
            f"- **{md_escape(f.text)}** ({md_escape(f.category)}): {md_escape(f.why)} "
            f"*Try:* {md_escape(f.suggestion)}" for f in open_findings))
    for finding in findings:
        reason = dismissal_reason(finding, dismissals)
        if reason is not None:
            st.caption(f"Dismissed: “{md_escape(finding.text)}”, because {md_escape(reason)}")


def dismissal_reason(finding: Finding, dismissals: Sequence[Dismissal]) -> str | None:
    """Why the user dismissed this finding for the advert (apply_dismissals' match), or None if still open."""
    key = (finding.rule, finding.text.casefold())
    return next((d.reason for d in dismissals if (d.rule, d.text.casefold()) == key), None)


def show_readability(text: str) -> None:
    """One line: Flesch reading ease with its band, and the longest sentence."""
    try:
        result = readability(text)
    except ValueError as error:
        st.caption(md_escape(str(error)))
        return
    if result.flesch is None:
        return
    aim = "" if result.flesch >= PLAIN_ENGLISH else f"; aim for {PLAIN_ENGLISH:.0f} or more"
    line = f"Reading ease {result.flesch:.0f} ({band(result.flesch)}{aim})"
    if result.longest:
        longest = result.longest[0]
        shown = longest.text if len(longest.text) <= LONG_SENTENCE_SHOWN else longest.text[:LONG_SENTENCE_SHOWN] + "…"
        line += f" · longest sentence {longest.words} words: “{md_escape(' '.join(shown.split()))}”"
    st.caption(line, help="Plain words and short sentences remove a barrier for people whose first language "
               "is not English. Flesch reading ease: higher is easier; 60 and above is plain English.")


def check_text(text: str, organisation: Organisation, *, with_readability: bool = False,
               clean_note: str | None = None) -> list[Finding] | None:
    """Lint text with the organisation's rules and show the findings (and readability) under it.

    `clean_note` is shown when there is text and nothing to flag (a long text deserves the reassurance).
    Returns the findings, or None when the text could not be checked (too long)."""
    if not text.strip():
        return []
    try:
        findings = lint_for(text, organisation)
    except LintInputError as error:
        st.warning(f"Not checked: {md_escape(str(error))}")
        return None
    show_findings(text, findings)
    if clean_note and not findings:
        st.caption(clean_note)
    if with_readability:
        show_readability(text)
    return findings


def dismiss_form(key: str, findings: Sequence[Finding], on_dismiss: Callable[[Dismissal], None]) -> None:
    """Dismiss one open finding of an advert, with the reason reviewers will see. `on_dismiss` is called from the
    button's callback, before the rerun, so it must not draw anything."""
    if not findings:
        return
    refused = f"{key}-no-reason"

    def submit() -> None:
        reason = st.session_state[f"{key}-reason"].strip()
        if not reason:
            st.session_state[refused] = True
            return
        chosen = findings[st.session_state[f"{key}-finding"]]
        on_dismiss(Dismissal(rule=chosen.rule, text=chosen.text, reason=reason))

    with st.form(key, clear_on_submit=True):
        st.selectbox("Dismiss a finding", range(len(findings)), key=f"{key}-finding",
                     format_func=lambda i: f"{findings[i].text} ({findings[i].category})")
        st.text_input("Why it is fine here", key=f"{key}-reason")
        st.form_submit_button("Dismiss", on_click=submit)
    if st.session_state.pop(refused, False):
        st.error("Give a reason, so reviewers can see why it was dismissed.")
