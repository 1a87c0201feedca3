"""AppTest smoke test of every page in the navigation, on the demo campaign and on an empty store."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from planner.demo import load_demo
from planner.storage import Store
from ui.navigation import page_paths

ROOT = Path(__file__).resolve().parents[1]




@pytest.fixture
def demo_store(sqlite_env):
    store = Store(sqlite_env)
    load_demo(store)
    return store


@pytest.mark.parametrize("page", page_paths(), ids=lambda p: Path(p).stem)
def test_every_page_renders_on_the_demo(demo_store, page):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30)
    at.run()
    at.switch_page(page)
    at.run()
    assert not at.exception, at.exception


def test_campaigns_page_on_an_empty_store_offers_the_demo(sqlite_env):
    at = AppTest.from_file(str(ROOT / "ui/views/campaigns.py"), default_timeout=30).run()
    assert not at.exception
    at.button[0].click().run()
    assert "Wellbeing Leader, Camden (demo) · neighbourhood-wellbeing" in at.selectbox[0].options


def test_create_a_campaign_confirms_it_and_points_to_the_next_step(demo_store):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30).run()  # the Campaigns page, with its links
    at.text_input[0].input("Spring <b>recruitment</b>")
    next(b for b in at.button if b.label == "Create campaign").click().run()
    assert not at.exception
    assert demo_store.campaign("spring-b-recruitment-b").campaign.name == "Spring <b>recruitment</b>"
    assert any("Created “Spring \\<b\\>recruitment\\</b\\>”" in s.value for s in at.success)
    assert "Next: Purpose and values" in [link.proto.label for link in at.get("page_link")]
    assert {"Campaign", "Organisation", "Last changed"} == set(at.dataframe[0].value.columns), "no id, slug, version"


def test_with_login_configured_only_the_sign_in_page_is_shown(demo_store):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30)
    at.secrets["auth"] = {"redirect_uri": "http://127.0.0.1:8501/oauth2callback", "cookie_secret": "x",
                          "client_id": "id", "client_secret": "secret",
                          "server_metadata_url": "http://127.0.0.1:9/.well-known/openid-configuration"}
    at.run()
    assert not at.exception
    assert at.title[0].value == "Persona Campaign Planner"
    assert at.button[0].label == "Sign in"
    assert not at.selectbox, "no campaign is shown before sign-in"
