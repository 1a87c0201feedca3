"""Drafts: what was typed on a page survives leaving it without saving.

Streamlit forgets a widget's value once a run does not draw it (another page opened). So before every
run, app.py copies the value of each draft-kept widget (its key holds DRAFT_MARK, see StepPage.key)
into the session's drafts; a page draws each field from its draft when there is one, and says that
the step has unsaved changes until the user saves or discards them.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

DRAFTS = "step_drafts"
DRAFT_MARK = "@draft:"


def _drafts() -> dict[str, Any]:
    return st.session_state.setdefault(DRAFTS, {})


def capture() -> None:
    """Copy every draft-kept widget's current value into the drafts (app.py, before each page runs)."""
    drafts = _drafts()
    for key in list(st.session_state.keys()):
        if isinstance(key, str) and DRAFT_MARK in key:
            drafts[key] = st.session_state[key]


def value(key: str, saved: Any) -> Any:
    """The draft for this widget key, or the saved value."""
    return _drafts().get(key, saved)


def changed(saved: dict[str, Any]) -> list[str]:
    """The widget keys (of `saved`: key -> saved value) whose draft differs from what is saved."""
    drafts = _drafts()
    return [key for key, value in saved.items() if key in drafts and drafts[key] != value]


def discard(keys: list[str]) -> None:
    """Forget the drafts and widget values of these keys (a button callback, before the rerun)."""
    drafts = _drafts()
    for key in keys:
        drafts.pop(key, None)
        st.session_state.pop(key, None)


def forget(suffix: str) -> None:
    """Drop every draft whose key ends with `suffix` (a campaign version that was saved over)."""
    drafts = _drafts()
    for key in [k for k in drafts if k.endswith(suffix)]:
        del drafts[key]


def warn_unsaved(banner: Any, saved: dict[str, Any], key: str, *, pending: bool = False,
                 on_discard: Any = None) -> None:
    """In `banner` (a container at the top of the page): say that fields differ from what is saved (or that
    something else is `pending`), with a button to discard the changes."""
    if not (pending or changed(saved)):
        return

    def _discard() -> None:
        discard(list(saved))
        if on_discard is not None:
            on_discard()

    with banner:
        st.warning("**Unsaved changes.** What you typed here is kept while you move around the app, but it is not "
                   "saved until you save it.", icon=":material/edit_note:")
        st.button("Discard my changes", key=key, on_click=_discard, icon=":material/undo:")
