"""The Results page (AppTest): report with warnings, manual entry all-or-nothing, import with preview."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from planner.demo import load_demo
from planner.storage import Store
from ui import state

ROOT = Path(__file__).resolve().parents[1]
WIGAN = "wellbeing-workers-wigan"


@pytest.fixture
def demo_store(sqlite_env):
    store = Store(sqlite_env)
    load_demo(store)
    return store


def _page() -> AppTest:
    at = AppTest.from_file(str(ROOT / "ui/views/results.py"), default_timeout=60)
    at.session_state[state.REF] = WIGAN
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
    assert len(at.get("vega_lite_chart")) >= 5


def test_manual_entry_rejects_a_rising_funnel_and_saves_nothing(demo_store):
    at = _page()
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
    at = _page()
    at.session_state["results-editor"] = {"edited_rows": {"0": {"retained": 2}}, "added_rows": [],
                                          "deleted_rows": []}
    next(b for b in at.button if b.label == "Save results").click().run()
    assert not at.exception and not at.error
    assert demo_store.results(WIGAN)[0].retained == 2


def test_sample_size_planner_states_its_formula(demo_store):
    at = _page()
    assert any(m.label == "Enquiries needed per variant" and m.value == "435" for m in at.metric)
    assert any("Fleiss" in c.value for c in at.caption)


def _by_label(widgets, label):
    return next(w for w in widgets if w.label == label)


def test_the_results_form_adds_a_row_picked_by_headline_and_channel_name(demo_store):
    at = _page()
    campaign = demo_store.campaign(WIGAN).campaign
    variant = campaign.variants[0]
    advert = _by_label(at.selectbox, "Advert (headline · spoken code)")
    assert advert.value is None and _by_label(at.selectbox, "Channel").value is None, "nothing is pre-chosen"
    labels = {n.label for n in at.number_input}
    assert {"Clicks or enquiries", "First conversations", "Starts", "Still in post after probation"} <= labels
    assert f"{variant.headline} · {variant.spoken_code}" in advert.options

    advert.set_value(variant.spoken_code)
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
        (variant.spoken_code, "mosque", 12, 5)]
    assert any("Saved 12 enquiries" in s.value and "Mosques" in s.value for s in at.success), "the confirmation stays"
