"""The top of every step page: where the campaign stands on the seven questions.

Widget keys carry the loaded version: after a save or a reload the widgets show what is saved,
while after a failed (conflicting) save they keep what the user typed.
"""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from personas.questions import StepStatus, step, step_statuses
from planner.campaign import Campaign, Organisation
from planner.storage import CampaignRecord
from ui import state
from ui.navigation import SIGNOFF_PAGE, STEP_PAGES
from ui.text import md_escape


@dataclass(frozen=True)
class StepPage:
    record: CampaignRecord
    organisation: Organisation
    statuses: list[StepStatus]

    @property
    def campaign(self) -> Campaign:
        return self.record.campaign

    def key(self, name: str) -> str:
        """A widget key tied to the campaign version this tab loaded."""
        return f"{name}@{self.record.id}.{self.record.version}"

    def save(self, campaign: Campaign) -> None:
        """Save and show the saved state. On a conflict, rerun too: the page opens with the unsaved-edits
        panel (download or reload), and the typed edits stay in their widgets, which keep their keys."""
        state.save(campaign)
        st.rerun()


def show_progress(statuses: list[StepStatus], current: str | None = None) -> None:
    """A bar and one line of the seven steps, each ticked when complete; the current one in bold."""
    done = sum(status.complete for status in statuses)
    st.progress(done / len(statuses), text=f"{done} of {len(statuses)} steps complete")
    parts = []
    for status in statuses:
        icon = ":material/check_circle:" if status.complete else ":material/radio_button_unchecked:"
        label = f"{status.step.number}. {status.step.title}"
        parts.append(f"{icon} **{label}**" if status.step.key == current else f"{icon} {label}")
    st.markdown(" &nbsp; ".join(parts))


def _show_needs(status: StepStatus) -> None:
    if status.complete:
        st.success("This step is complete.", icon=":material/check_circle:")
    else:
        st.warning("Still needed for this step:\n\n" + "\n".join(f"- {md_escape(m)}" for m in status.missing),
                   icon=":material/pending:")
    if status.notes:
        st.info("Worth a look:\n\n" + "\n".join(f"- {md_escape(n)}" for n in status.notes), icon=":material/info:")


def open_step(key: str) -> StepPage:
    """Title, progress and what this step still needs; stops the page if no campaign is open."""
    current = step(key)
    st.title(f"{current.number}. {current.title}")
    st.caption(current.question)
    held = state.require_record()
    organisation, _ = state.organisation()
    statuses = step_statuses(held.campaign, organisation)
    st.caption(f"Campaign: {md_escape(held.campaign.name)}")
    show_progress(statuses, key)
    state.unsaved_edits_panel()
    _show_needs(statuses[current.number - 1])
    return StepPage(held, organisation, statuses)


def next_step_link(key: str) -> None:
    """A link on to the next step (or to sign-off after the last one)."""
    index = list(STEP_PAGES).index(key)
    keys = list(STEP_PAGES)
    if index + 1 < len(keys):
        following = step(keys[index + 1])
        st.page_link(STEP_PAGES[following.key], label=f"Next: {following.number}. {following.title}",
                     icon=":material/arrow_forward:")
    else:
        st.page_link(SIGNOFF_PAGE, label="Next: sign-off and readiness", icon=":material/arrow_forward:")
