"""The top of every step page: where the campaign stands on the seven questions.

Widget keys carry the loaded version: after a save or a reload the widgets show what is saved,
while after a failed (conflicting) save they keep what the user typed. Fields drawn with
StepPage.field keep a draft (ui.components.drafts), so leaving the page unsaved loses nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import streamlit as st

from personas.questions import StepStatus, step, step_statuses
from planner.campaign import Campaign, Organisation
from planner.storage import CampaignRecord
from ui import state
from ui.components import drafts
from ui.navigation import STEP_PAGES, next_page
from ui.text import md_escape


@dataclass(frozen=True)
class StepPage:
    record: CampaignRecord
    organisation: Organisation
    statuses: list[StepStatus]
    path: str = ""
    banner: Any = None
    saved: dict[str, Any] = field(default_factory=dict)

    @property
    def campaign(self) -> Campaign:
        return self.record.campaign

    def key(self, name: str) -> str:
        """A widget key tied to the campaign version this tab loaded."""
        return f"{name}{self._version}"

    @property
    def _version(self) -> str:
        return f"{drafts.DRAFT_MARK}{self.record.id}.{self.record.version}"

    def field(self, name: str, saved: Any, arg: str = "value") -> dict[str, Any]:
        """A widget's key and starting value (its draft, else `saved`), as keyword arguments: `arg` is the
        widget's name for its value (multiselect: "default")."""
        key = self.key(name)
        self.saved[key] = saved
        return {"key": key, arg: drafts.value(key, saved)}

    def choice(self, name: str, saved: Any, options: list[Any]) -> dict[str, Any]:
        """field() for a selectbox: its key and the index of its draft (or `saved`) among `options`."""
        key = self.key(name)
        self.saved[key] = saved
        current = drafts.value(key, saved)
        return {"key": key, "index": options.index(current) if current in options else None}

    def list_field(self, name: str, items: list[str]) -> dict[str, Any]:
        """field() for a list edited as lines of text (ui.components.list_field)."""
        return self.field(name, "\n".join(items))

    def save_buttons(self, label: str) -> str | None:
        """"Save and continue" (the main button) and `label` (save and stay); says at the top of the page when
        fields differ from what is saved. Returns "continue", "stay" or None."""
        if self.banner is not None:
            drafts.warn_unsaved(self.banner, self.saved, self.key("discard"))
        following = next_page(self.path)
        go, stay = st.columns([1, 1]) if following else (None, st.container())
        if go is not None and go.button(f"Save and continue to {following[1]}", type="primary",
                                        key=self.key("save-continue"), icon=":material/arrow_forward:"):
            return "continue"
        if stay.button(label, key=self.key("save-stay"), type="secondary" if following else "primary"):
            return "stay"
        return None

    def save(self, campaign: Campaign, then: str | None = None) -> None:
        """Save and show the saved state, or go on to the next page (then="continue"). On a conflict, rerun:
        the page opens with the unsaved-edits panel (download or reload), and the typed edits stay in their
        widgets, which keep their keys."""
        saved = state.save(campaign)
        if saved:
            drafts.forget(self._version)
            following = next_page(self.path)
            if then == "continue" and following:
                st.switch_page(following[0])
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
    banner = st.container()
    _show_needs(statuses[current.number - 1])
    return StepPage(held, organisation, statuses, STEP_PAGES[key], banner)


def next_step_link(where: str) -> None:
    """A link on to the next page in the method's order (ui.navigation.JOURNEY); `where` is a step key or a
    page script."""
    following = next_page(STEP_PAGES.get(where, where))
    if following:
        st.page_link(following[0], label=f"Next: {following[1]}", icon=":material/arrow_forward:")
