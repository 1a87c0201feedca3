"""The app in a real browser: Playwright driving Debian's Chromium against `streamlit run`."""

from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import expect

from planner.demo import load_demo
from planner.storage import Store
from tests.browser import (
    axe_violations,
    chromium,
    click,
    fill,
    heading_skips,
    open_app,
    open_page,
    open_tab,
    pick,
    require_axe,
    require_chromium,
    screenshot,
    scroll_to,
    streamlit_server,
    type_into,
    wait_for_app,
)
from ui.navigation import PAGES

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def database(tmp_path_factory) -> str:
    require_chromium()
    url = f"sqlite:///{tmp_path_factory.mktemp('browser') / 'planner.sqlite3'}"
    load_demo(Store(url))
    return url


@pytest.fixture(scope="module")
def app_url(database):
    with streamlit_server(database) as base:
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


def test_two_tabs_editing_one_campaign_lose_nothing(app_url, browser, database, tmp_path):
    """The second save gets the conflict message; its text stays on screen and downloads; the first is saved."""
    expect.set_options(timeout=60_000)
    first_context = browser.new_context(viewport={"width": 1280, "height": 800})
    second_context = browser.new_context(viewport={"width": 1280, "height": 800}, accept_downloads=True)
    first, second = open_app(first_context, app_url), open_app(second_context, app_url)
    for page in (first, second):
        open_page(page, "1. The role")
    store = Store(database)
    slug = store.campaigns()[0].slug
    expect(first.get_by_text(f"Campaign: {store.campaign(slug).campaign.name}")).to_be_visible()
    expect(second.get_by_text(f"Campaign: {store.campaign(slug).campaign.name}")).to_be_visible()

    fill(first, {"Role title": "Wellbeing worker (first tab)"})
    click(first, first.get_by_role("button", name="Save the role"))
    expect(first.get_by_label("Role title", exact=True)).to_have_value("Wellbeing worker (first tab)")

    fill(second, {"Role title": "Wellbeing worker (second tab)"})
    click(second, second.get_by_role("button", name="Save the role"))
    expect(second.get_by_text("Your last edits were not saved because the campaign changed in another tab. "
                              "Download them to keep a copy, then reload the latest version.")).to_be_visible()
    expect(second.get_by_text("was changed since you opened it", exact=False).first).to_be_visible()
    expect(second.get_by_label("Role title", exact=True)).to_have_value("Wellbeing worker (second tab)")
    scroll_to(second.get_by_test_id("stAlert").first)
    screenshot(second, "conflict")

    with second.expect_download() as started:
        second.get_by_role("button", name="Download my unsaved edits (JSON)").click()
    path = tmp_path / "unsaved.json"
    started.value.save_as(path)
    assert json.loads(path.read_text())["role"]["title"] == "Wellbeing worker (second tab)"
    assert store.campaign(slug).campaign.role.title == "Wellbeing worker (first tab)"

    click(second, second.get_by_role("button", name="Reload the latest version"))
    expect(second.get_by_label("Role title", exact=True)).to_have_value("Wellbeing worker (first tab)")
    store.close()
    first_context.close()
    second_context.close()


def test_an_unsaved_edit_survives_leaving_the_step_and_is_saved_by_save_and_continue(app_url, browser, database):
    """Type a new role title, go to question 2 without saving, come back: the edit is there, flagged unsaved,
    and nothing was saved; "Save and continue" saves it and opens question 2."""
    expect.set_options(timeout=60_000)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = open_app(context, app_url)
    store = Store(database)
    slug = store.campaigns()[0].slug
    before = store.campaign(slug).campaign.role.title
    open_page(page, "1. The role")
    unsaved = page.get_by_text("Unsaved changes.", exact=False)
    expect(unsaved).to_have_count(0)
    fill(page, {"Role title": "Wellbeing worker (typed, not saved)"})
    expect(unsaved).to_be_visible()

    open_page(page, "2. Who we are looking for")
    expect(page.get_by_role("heading", name="2. Who we are looking for")).to_be_visible()
    open_page(page, "1. The role")
    expect(page.get_by_label("Role title", exact=True)).to_have_value("Wellbeing worker (typed, not saved)")
    expect(unsaved).to_be_visible()
    assert store.campaign(slug).campaign.role.title == before, "leaving the page saves nothing by itself"
    scroll_to(unsaved)
    screenshot(page, "unsaved-edit")

    click(page, page.get_by_role("button", name="Save and continue to 2. Who we are looking for"))
    expect(page.get_by_role("heading", name="2. Who we are looking for")).to_be_visible()
    assert store.campaign(slug).campaign.role.title == "Wellbeing worker (typed, not saved)"
    open_page(page, "1. The role")
    expect(page.get_by_label("Role title", exact=True)).to_have_value("Wellbeing worker (typed, not saved)")
    expect(unsaved).to_have_count(0)
    store.close()
    context.close()


def test_a_value_with_words_but_no_name_is_refused_naming_it(app_url, browser, database):
    expect.set_options(timeout=60_000)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = open_app(context, app_url)
    store = Store(database)
    organisation = store.campaign(store.campaigns()[0].slug).organisation
    values_before = store.organisation(organisation)[0].values
    open_page(page, "Purpose and values")
    click(page, page.get_by_role("button", name="Add value"))
    number = len(values_before) + 1
    type_into(page.get_by_label("What it means here", exact=True).last, "We tell people how things really are")
    click(page, page.get_by_role("button", name="Save", exact=True))
    refusal = page.get_by_text(f"Nothing was saved. Value {number} has a description or words but no name")
    expect(refusal).to_be_visible()
    assert store.organisation(organisation)[0].values == values_before
    expect(page.get_by_label("What it means here", exact=True).last).to_have_value(
        "We tell people how things really are")
    scroll_to(refusal)
    screenshot(page, "refused-value-row")

    type_into(page.get_by_label("Value", exact=True).last, "Honesty")
    click(page, page.get_by_role("button", name="Save", exact=True))
    saved = store.organisation(organisation)[0].values
    assert [v.name for v in saved] == [*(v.name for v in values_before), "Honesty"]
    assert saved[-1].description == "We tell people how things really are"
    store.close()
    context.close()


def test_sign_off_gate_holds_back_draft_adverts_and_the_export_until_an_override_is_recorded(
        app_url, browser, database):
    expect.set_options(timeout=60_000)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = open_app(context, app_url)
    store = Store(database)
    slug = store.campaigns()[0].slug
    open_page(page, "Sign-off and readiness")
    expect(page.get_by_text("Not ready to advertise yet", exact=False)).to_be_visible()
    expect(page.get_by_text(re.compile(r"\d+ of \d+ adverts are still drafts"))).to_be_visible()
    for decision in ("Approve", "Do not approve yet"):
        expect(page.get_by_role("radio", name=decision, exact=True)).not_to_be_checked()

    open_page(page, "Export")
    held = page.get_by_text("Nothing can be sent to Meta yet: the campaign is not ready to advertise", exact=False)
    expect(held).to_be_visible()
    scroll_to(held)
    screenshot(page, "signoff-gate-export")

    open_page(page, "Sign-off and readiness")
    page.get_by_text("Advertise anyway: record an override").click()
    fill(page, {"Your name": "Aisha", "Why it is right to advertise now": "A pilot week agreed with Helen by phone"})
    click(page, page.get_by_role("button", name="Record the override"))
    expect(page.get_by_text("Ready to advertise under an override recorded by Aisha", exact=False)).to_be_visible()
    recorded = store.campaign(slug).campaign.overrides[-1]
    assert (recorded.who, recorded.reason) == ("Aisha", "A pilot week agreed with Helen by phone")
    assert any("still drafts" in item for item in recorded.outstanding)
    to_top(page)
    screenshot(page, "signoff-gate-override")

    open_page(page, "Export")
    expect(page.get_by_role("heading", name="Facebook and Instagram ads")).to_be_visible()
    expect(held).to_have_count(0)
    store.close()
    context.close()


def to_top(page) -> None:
    page.get_by_role("heading", level=1).scroll_into_view_if_needed()


def test_the_results_form_saves_a_row_by_headline_and_channel(app_url, browser, database):
    expect.set_options(timeout=60_000)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = open_app(context, app_url)
    store = Store(database)
    slug = store.campaigns()[0].slug
    variant = next(v for v in store.campaign(slug).campaign.variants if v.status != "rejected")
    before = store.results(slug)
    open_page(page, "Results")
    open_tab(page, "Enter results")
    form = page.get_by_role("tabpanel", name="Enter results").get_by_test_id("stForm")
    pick(page, form, "Advert (headline · spoken code)", f"{variant.headline} · {variant.spoken_code}")
    pick(page, form, "Channel", "Mosques")
    fill(form, {"Clicks or enquiries": "9", "First conversations": "4"})
    click(page, form.get_by_role("button", name="Save these results"))
    expect(page.get_by_text("Saved 9 enquiries", exact=False)).to_be_visible()
    added = [r for r in store.results(slug) if r not in before]
    assert [(r.variant, r.channel, r.enquiries, r.conversations, r.retained) for r in added] == [
        (variant.key, "mosque", 9, 4, None)]  # left empty: not known yet, never 0
    scroll_to(form)
    screenshot(page, "results-form")
    store.close()
    context.close()


def test_text_typed_but_not_saved_survives_switching_tabs(app_url, browser):
    """Tabs are drawn only when open, but one with a form stays drawn once opened: nothing typed is lost."""
    expect.set_options(timeout=60_000)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = open_app(context, app_url)
    open_page(page, "Advert variants")
    card = page.get_by_test_id("stTabs").first
    open_tab(card, "Edit")
    saved = card.get_by_label("Headline", exact=True).input_value()
    card.get_by_label("Headline", exact=True).fill("Typed, not saved yet")
    open_tab(card, "Checks")
    open_tab(card, "Edit")
    expect(card.get_by_label("Headline", exact=True)).to_have_value("Typed, not saved yet")
    open_page(page, "Results")
    open_tab(page, "Enter results")
    page.get_by_label("Cost (£)", exact=True).fill("123.45")
    open_tab(page, "Report")
    open_tab(page, "Enter results")
    expect(page.get_by_label("Cost (£)", exact=True)).to_have_value("123.45")
    page.get_by_label("Spoken code", exact=True).fill("HMK-7R")
    open_tab(page, "Leads from Meta")
    open_tab(page, "Log a call")
    expect(page.get_by_label("Spoken code", exact=True)).to_have_value("HMK-7R")
    assert saved != "Typed, not saved yet"
    context.close()


def test_results_at_phone_width_show_numbers_not_only_labels(app_url, browser):
    expect.set_options(timeout=60_000)
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = open_app(context, app_url + "/results")  # on a phone the sidebar starts closed
    main = page.get_by_test_id("stMain")
    expect(page.get_by_role("heading", name="Results", exact=True)).to_be_visible()
    overflow = page.evaluate("() => document.documentElement.scrollWidth")
    assert overflow <= 390, f"the page scrolls sideways: {overflow} px wide"
    for chart in main.get_by_test_id("stVegaLiteChart").all():
        box = chart.bounding_box()
        if box is not None:
            assert box["width"] <= 390 and box["width"] >= 250, f"a chart is {box['width']} px wide"
    screenshot(page, "results-phone")
    funnels = page.get_by_role("heading", name="Funnels")
    scroll_to(funnels)
    first = main.get_by_test_id("stVegaLiteChart").filter(visible=True).first
    box = first.bounding_box()
    assert box is not None and box["width"] >= 250, "the funnel has room for its bars beside the labels"
    screenshot(page, "results-phone-funnel")
    scroll_to(page.get_by_role("heading", name="Cost per start"))
    expect(page.get_by_text("For comparison, the sector's cost per hire is about")).to_be_visible()
    screenshot(page, "results-phone-cost")
    context.close()



def test_every_page_passes_axe_core_with_no_serious_or_critical_violation(app_url, browser):
    """axe-core (WCAG 2.2 A and AA rules) on every page of the navigation, with the demo campaign open."""
    require_axe()
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = open_app(context, app_url)
    found = {}
    for section in PAGES.values():
        for _, title, _ in section:
            open_page(page, title)
            if violations := axe_violations(page):
                found[title] = violations
            if skips := heading_skips(page):
                found.setdefault(title, []).append({"id": "heading levels", "impact": "skipped", "help": "Heading "
                                                    "levels in order, from h1", "nodes": skips})
    assert not found, "\n".join(f"{title}: {v['id']} ({v['impact']}): {v['help']}: {v['nodes']}"
                                for title, violations in found.items() for v in violations)
    context.close()
