"""The app in a real browser: Playwright driving Debian's Chromium against `streamlit run`."""

from __future__ import annotations

import pytest

from planner.demo import load_demo
from planner.storage import Store
from tests.browser import chromium, require_chromium, screenshot, streamlit_server, wait_for_app

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def app_url(tmp_path_factory):
    require_chromium()
    url = f"sqlite:///{tmp_path_factory.mktemp('browser') / 'planner.sqlite3'}"
    load_demo(Store(url))
    with streamlit_server(url) as base:
        yield base


@pytest.fixture(scope="module")
def browser(app_url):
    with chromium() as opened:
        yield opened


def test_the_campaigns_page_shows_the_demo(app_url, browser):
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    page.goto(app_url)
    wait_for_app(page)
    page.get_by_text("Open campaign", exact=True).wait_for()
    assert "Wellbeing Workers, Wigan (demo)" in page.content()
    screenshot(page, "00-campaigns")
    page.close()
