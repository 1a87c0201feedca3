"""The list of pages. Pages are scripts in ui/views; add one here when its feature lands."""

from __future__ import annotations

import streamlit as st

from ui import auth

#: Step key (personas.questions.STEPS) -> its page script, for the progress indicator's links.
STEP_PAGES: dict[str, str] = {
    "role": "ui/views/q1_role.py",
    "looking_for": "ui/views/q2_looking_for.py",
    "personas": "ui/views/q3_personas.py",
    "hopes_fears": "ui/views/q4_hopes_fears.py",
    "message": "ui/views/q5_message.py",
    "values_fit": "ui/views/q6_values_fit.py",
    "channels": "ui/views/q7_channels.py",
}
SIGNOFF_PAGE = "ui/views/signoff.py"
VARIANTS_PAGE = "ui/views/variants.py"
EXPORT_PAGE = "ui/views/export.py"
RESULTS_PAGE = "ui/views/results.py"
CAMPAIGNS_PAGE = "ui/views/campaigns.py"
VALUES_PAGE = "ui/views/organisation.py"

#: The method's order, which every "next" button follows: values first, then the questions, with the
#: adverts written after question 7 and reviewed against the values (question 6) before sign-off.
JOURNEY: list[tuple[str, str]] = [
    (VALUES_PAGE, "Purpose and values"),
    (STEP_PAGES["role"], "1. The role"),
    (STEP_PAGES["looking_for"], "2. Who we are looking for"),
    (STEP_PAGES["personas"], "3. Where might they be now"),
    (STEP_PAGES["hopes_fears"], "4. Hopes and fears"),
    (STEP_PAGES["message"], "5. The message"),
    (STEP_PAGES["channels"], "7. Where and how to advertise"),
    (VARIANTS_PAGE, "Advert variants"),
    (STEP_PAGES["values_fit"], "6. Does it still fit our values"),
    (SIGNOFF_PAGE, "Sign-off and readiness"),
    (EXPORT_PAGE, "Export"),
    (RESULTS_PAGE, "Results"),
]

#: Section -> (script, title, icon). The first page is the default.
PAGES: dict[str, list[tuple[str, str, str]]] = {
    "Plan": [
        ("ui/views/campaigns.py", "Campaigns", ":material/campaign:"),
        ("ui/views/organisation.py", "Purpose and values", ":material/favorite:"),
        ("ui/views/wallpaper.py", "Wallpaper rules", ":material/format_paint:"),
    ],
    "The seven questions": [
        (STEP_PAGES["role"], "1. The role", ":material/work:"),
        (STEP_PAGES["looking_for"], "2. Who we are looking for", ":material/person_search:"),
        (STEP_PAGES["personas"], "3. Where might they be now", ":material/groups:"),
        (STEP_PAGES["hopes_fears"], "4. Hopes and fears", ":material/psychology:"),
        (STEP_PAGES["message"], "5. The message", ":material/chat:"),
        (STEP_PAGES["values_fit"], "6. Does it still fit our values", ":material/balance:"),
        (STEP_PAGES["channels"], "7. Where and how to advertise", ":material/campaign:"),
        (SIGNOFF_PAGE, "Sign-off and readiness", ":material/task_alt:"),
    ],
    "Adverts": [
        ("ui/views/variants.py", "Advert variants", ":material/view_carousel:"),
        ("ui/views/experiments.py", "Experiments", ":material/science:"),
    ],
    "Results": [
        ("ui/views/results.py", "Results", ":material/monitoring:"),
    ],
    "Export": [
        ("ui/views/export.py", "Export", ":material/ios_share:"),
    ],
}


def next_page(path: str) -> tuple[str, str] | None:
    """(script, title) of the page after `path` in the method's order, or None after the last."""
    paths = [script for script, _ in JOURNEY]
    if path not in paths or paths.index(path) + 1 == len(paths):
        return None
    return JOURNEY[paths.index(path) + 1]


def page_paths() -> list[str]:
    return [path for section in PAGES.values() for path, _, _ in section]


def navigation() -> dict[str, list[st.Page]] | list[st.Page]:
    """All pages, or only the sign-in page when login is configured and nobody is signed in."""
    if auth.login_required() and not auth.signed_in():
        return [st.Page("ui/views/sign_in.py", title="Sign in", icon=":material/login:", default=True)]
    if auth.login_required():
        st.sidebar.button("Sign out", on_click=st.logout)
    default = page_paths()[0]
    return {
        section: [st.Page(path, title=title, icon=icon, default=path == default) for path, title, icon in pages]
        for section, pages in PAGES.items()
    }


def sidebar_links() -> None:
    """The pages as links in the sidebar, a heading per section. Streamlit's own sidebar menu puts headings
    inside its lists (invalid list markup for screen readers), so app.py hides it and draws this one."""
    with st.sidebar:
        for section, pages in PAGES.items():
            st.markdown(f"**{section}**")
            for path, title, icon in pages:
                st.page_link(path, label=title, icon=icon)
