"""The Results page's enquiries panel (AppTest): log a call by its spoken code, fetch Lead Ads leads."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from click.testing import CliRunner
from streamlit.testing.v1 import AppTest

from planner.campaign import ChannelPlanEntry, Organisation
from planner.cli import main
from planner.storage import Store
from planner.storage.enquiry_log import logged_enquiries
from tests.test_export_facebook import SLUG, TOKEN, _campaign
from tests.test_leads import _ads, _lead
from ui import state

PAGE = str(Path(__file__).resolve().parents[1] / "ui/views/results.py")


@pytest.fixture
def store(sqlite_env, graph, monkeypatch):
    for name, value in (("FB_ACCESS_TOKEN", TOKEN), ("FB_AD_ACCOUNT_ID", "42"), ("FB_PAGE_ID", "777"),
                        ("FB_GRAPH_URL", graph.url)):
        monkeypatch.setenv(name, value)
    opened = Store(sqlite_env)
    start = dt.date.today() + dt.timedelta(days=2)
    opened.import_campaign(Organisation(slug="org", name="Oak Care", privacy_policy_url="https://org.example/p"),
                           _campaign(channel_plan=[ChannelPlanEntry(persona="hospitality", channel="facebook",
                                                                    budget_gbp=90, start=start,
                                                                    end=start + dt.timedelta(days=20))]))
    return opened


def _page(tab: str = "Log a call") -> AppTest:
    """The Results page with the enquiries panel's `tab` open (only the open tab is drawn)."""
    at = AppTest.from_file(PAGE, default_timeout=60)
    at.session_state[state.REF] = SLUG
    at.session_state["enquiries-tab"] = tab
    return at.run()


def _button(at: AppTest, label: str):
    return next(b for b in at.button if b.label == label)


def test_a_call_logged_by_its_spoken_code(store):
    code = next(v.spoken_code for v in store.campaign(SLUG).campaign.variants if v.key == "room-leaflet")
    at = _page()
    assert not at.exception, at.exception
    _button(at, "Log the call").click().run()
    assert any("No code given" in e.value for e in at.error)
    next(t for t in at.text_input if t.label == "Spoken code").input("zz 9")
    _button(at, "Log the call").click().run()
    assert any("No spoken code" in e.value and "ZZ" in e.value for e in at.error), [e.value for e in at.error]
    assert logged_enquiries(store, SLUG) == []

    next(t for t in at.text_input if t.label == "Spoken code").input(" ".join(code.replace("-", "").lower()))
    next(t for t in at.text_input if t.label.startswith("How did they hear")).input("a poster in the library")
    _button(at, "Log the call").click().run()
    assert not at.exception, at.exception
    assert any("room\\-leaflet" in s.value for s in at.success), [s.value for s in at.success]
    [logged] = logged_enquiries(store, SLUG)
    assert (logged.source, logged.enquiry.tracked_variant, logged.enquiry.tracked_code,
            logged.enquiry.self_reported_source) == ("call", "room-leaflet", code, "a poster in the library")


def test_leads_fetched_from_the_page_once(store, graph):
    at = _page("Leads from Meta")
    assert any("No instant form yet" in c.value for c in at.caption)
    assert not [b for b in at.button if b.label == "Fetch leads from Meta"]
    result = CliRunner().invoke(main, ["export", "facebook", SLUG, "--live", "--objective", "leads"])
    assert result.exit_code == 0, result.output
    graph.add_leads(graph.created("leadgen_forms")[0]["id"], [_lead(1, _ads(store)["room-b"]), _lead(2, "404")])

    at = _page("Leads from Meta")
    _button(at, "Fetch leads from Meta").click().run()
    assert not at.exception, at.exception
    assert any("Read 2 lead(s): 2 added, 0 already stored" in s.value for s in at.success)
    assert any("1 lead(s) came from an ad" in w.value for w in at.warning)
    table = at.dataframe[-1].value
    assert list(table["phone"]) == ["+447700900002", "+447700900001"]
    assert list(table["variant"]) == ["unknown ad", "room-b"]
    _button(at, "Fetch leads from Meta").click().run()
    assert any("0 added, 2 already stored" in s.value for s in at.success)
    assert len(logged_enquiries(store, SLUG)) == 2


def test_the_privacy_policy_address_is_set_on_the_organisation_page(store):
    at = AppTest.from_file(str(Path(PAGE).parents[2] / "app.py"), default_timeout=60)
    at.session_state[state.REF] = SLUG
    at.run()
    at.switch_page("ui/views/organisation.py").run()
    field = next(t for t in at.text_input if t.label == "Privacy policy address")
    assert field.value == "https://org.example/p"
    field.input("privacy page")
    _button(at, "Save").click().run()
    assert any("privacy policy must be a full web address" in e.value for e in at.error)
    assert store.organisation("org")[0].privacy_policy_url == "https://org.example/p"
    next(t for t in at.text_input if t.label == "Privacy policy address").input(" https://oak.example/privacy ")
    _button(at, "Save").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert store.organisation("org")[0].privacy_policy_url == "https://oak.example/privacy"
