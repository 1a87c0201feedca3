"""The Results page (AppTest): report with warnings, manual entry all-or-nothing, import with preview."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from planner import results_report
from planner.demo import load_demo
from planner.funnel import ResultRow
from planner.results_merge import Incoming
from planner.storage import Store
from planner.storage.results_store import commit_import
from ui import state

ROOT = Path(__file__).resolve().parents[1]
WIGAN = "wellbeing-workers-wigan"


@pytest.fixture
def demo_store(sqlite_env):
    store = Store(sqlite_env)
    load_demo(store)
    return store


def _page(tab: str = "Report") -> AppTest:
    """The page with `tab` open: only the open tab is drawn."""
    at = AppTest.from_file(str(ROOT / "ui/views/results.py"), default_timeout=60)
    at.session_state[state.REF] = WIGAN
    at.session_state["results-tab"] = tab
    return at.run()


def test_report_shows_the_honesty_warnings_and_charts(demo_store):
    at = _page()
    assert not at.exception, at.exception
    warnings = [w.value for w in at.warning]
    assert any("divergent delivery" in w for w in warnings)
    assert any("Channels were not randomised" in w for w in warnings)
    assert any("Too few to call a winner" in w for w in warnings)
    assert any("stopping as soon as" in w for w in warnings)
    assert any("No winner" in m.value for m in at.markdown)
    assert any("Skills for Care" in c.value for c in at.caption)
    # channel intervals, the first advert's funnel and cost per start; the channel funnels wait behind their tab
    assert len(at.get("vega_lite_chart")) == 3
    at.session_state["funnel-tab"] = "By channel"
    at.run()
    assert any(s.label == "Show the funnel of" and s.key == "funnel-channel" for s in at.selectbox)
    # The campaign-wide comparison pooled across channels is gone; experiments are judged on their own.
    assert not any("pooled across channels" in m.value for m in [*at.markdown, *at.header, *at.subheader])


def test_manual_entry_rejects_a_rising_funnel_and_saves_nothing(demo_store):
    at = _page("Enter results")
    before = demo_store.results(WIGAN)
    at.session_state["results-editor"] = {"edited_rows": {"1": {"starts": 40}}, "added_rows": [], "deleted_rows": []}
    save = next(b for b in at.button if b.label == "Save results")
    save.click().run()
    assert not at.exception
    errors = [e.value for e in at.error]
    assert any("Nothing was saved" in e and "Row 2" in e and "starts \\(40\\) is more than offers" in e
               for e in errors), errors
    assert demo_store.results(WIGAN) == before


def test_manual_entry_saves_a_valid_edit(demo_store):
    at = _page("Enter results")
    at.session_state["results-editor"] = {"edited_rows": {"0": {"retained": 2}}, "added_rows": [],
                                          "deleted_rows": []}
    next(b for b in at.button if b.label == "Save results").click().run()
    assert not at.exception and not at.error
    assert demo_store.results(WIGAN)[0].retained == 2


def test_sample_size_planner_states_its_formula(demo_store):
    at = _page("Sample size")
    assert any(m.label == "Enquiries needed per variant" and m.value == "435" for m in at.metric)
    assert any("Fleiss" in c.value for c in at.caption)


# Two tabs: a save sends only the edited rows, and a stale one is refused -------------------------------

def _import_in_other_tab(store: Store, first: ResultRow, enquiries: int, new_rows: int) -> None:
    rows = [first.model_copy(update={"enquiries": enquiries})]
    rows += [ResultRow(variant="read-a-room-facebook", channel="facebook", period_start=f"2027-01-0{i + 1}",
                       enquiries=i) for i in range(new_rows)]
    commit_import(store, WIGAN, [Incoming(r.model_dump(), ("enquiries",)) for r in rows], [], "other-tab")


def _edit_and_save(at: AppTest, position: int, changes: dict) -> AppTest:
    at.session_state["results-editor"] = {"edited_rows": {str(position): changes}, "added_rows": [],
                                          "deleted_rows": []}
    return next(b for b in at.button if b.label == "Save results").click().run()


def test_a_tab_opened_before_an_import_saves_only_its_edit(demo_store):
    tab_b = _page("Enter results")
    first, second = demo_store.results(WIGAN)[:2]
    _import_in_other_tab(demo_store, first, first.enquiries + 5, new_rows=6)
    after_import = demo_store.results(WIGAN)

    _edit_and_save(tab_b, 1, {"retained": second.starts})
    assert not tab_b.exception and not tab_b.error, [e.value for e in tab_b.error]
    saved = demo_store.results(WIGAN)
    assert saved == [*after_import[:1], second.model_copy(update={"retained": second.starts}), *after_import[2:]]


def test_a_stale_edit_is_refused_and_kept_until_reloaded(demo_store):
    tab_b = _page("Enter results")
    first = demo_store.results(WIGAN)[0]
    _import_in_other_tab(demo_store, first, first.enquiries + 5, new_rows=0)
    after_import = demo_store.results(WIGAN)

    _edit_and_save(tab_b, 0, {"enquiries": first.enquiries + 1})
    assert any("changed since you opened it" in e.value for e in tab_b.error)
    assert demo_store.results(WIGAN) == after_import
    assert tab_b.session_state["results-editor"]["edited_rows"] == {"0": {"enquiries": first.enquiries + 1}}

    next(b for b in tab_b.button if b.label.startswith("Reload the latest rows")).click().run()
    assert not tab_b.error
    frame = next(e for e in tab_b.data_editor if e.key == "results-editor").value
    assert frame.iloc[0]["enquiries"] == first.enquiries + 5


def _by_label(widgets, label):
    return next(w for w in widgets if w.label == label)


def test_the_results_form_adds_a_row_picked_by_headline_and_channel_name(demo_store):
    at = _page("Enter results")
    campaign = demo_store.campaign(WIGAN).campaign
    variant = campaign.variants[0]
    advert = _by_label(at.selectbox, "Advert (headline · spoken code)")
    assert advert.value is None and _by_label(at.selectbox, "Channel").value is None, "nothing is pre-chosen"
    labels = {n.label for n in at.number_input}
    assert {"Clicks or enquiries", "First conversations", "Starts", "Still in post after probation"} <= labels
    assert f"{variant.headline} · {variant.spoken_code}" in advert.options

    advert.set_value(variant.key)
    _by_label(at.selectbox, "Channel").set_value("mosque")
    _by_label(at.number_input, "Clicks or enquiries").set_value(12)
    _by_label(at.number_input, "First conversations").set_value(20)  # more than the enquiries
    next(b for b in at.button if b.label == "Save these results").click().run()
    assert any("Nothing was saved" in e.value and "more than enquiries" in e.value for e in at.error)
    before = demo_store.results(WIGAN)

    _by_label(at.number_input, "First conversations").set_value(5)
    next(b for b in at.button if b.label == "Save these results").click().run()
    assert not at.exception, at.exception
    added = [r for r in demo_store.results(WIGAN) if r not in before]
    assert [(r.variant, r.channel, r.enquiries, r.conversations) for r in added] == [
        (variant.key, "mosque", 12, 5)]
    # stored by key, as imports store it: the report counts the advert's rows from both as one advert
    names = [f.name for f in results_report.build(campaign, demo_store.results(WIGAN)).by_variant]
    assert names.count(variant.key) == 1 and variant.spoken_code not in names
    assert any("Saved 12 enquiries" in s.value and "Mosques" in s.value for s in at.success), "the confirmation stays"
