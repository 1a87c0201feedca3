"""The whole journey in a real browser, from an empty database to results, then a reload.

One ordered test on one page, as a recruiter would use the app: `streamlit run` on 127.0.0.1 with a
fresh database, driven through Debian's Chromium. Each step saves a screenshot to test-artifacts/.
"""

from __future__ import annotations

import datetime as dt
import re

import openpyxl
import pytest
from playwright.sync_api import expect

from planner.storage import Store
from tests.browser import (
    choose,
    choose_in_grid,
    chromium,
    click,
    edit_grid_row,
    fill,
    open_app,
    open_page,
    open_tab,
    pick,
    reload,
    require_chromium,
    rerun,
    screenshot,
    scroll_to,
    streamlit_server,
    type_into,
)

pytestmark = pytest.mark.browser

CAMPAIGN = "Wellbeing Workers, Leeds spring"
ORGANISATION = "Leeds Wellbeing Team"
WALLPAPER = "Could a few hours a week make a difference to someone in your neighbourhood?"
FIXED = "Could a few hours a week help Mary get to her Tuesday choir again?"
LANDING = "https://leeds-wellbeing.example.org/jobs/wellbeing-worker"
TODAY = dt.date.today()


@pytest.fixture
def app(tmp_path):
    """The app on a fresh, empty database, and one page on it."""
    require_chromium()
    url = f"sqlite:///{tmp_path / 'journey.sqlite3'}"
    store = Store(url)
    with streamlit_server(url) as base, chromium() as browser:
        context = browser.new_context(viewport={"width": 1280, "height": 800}, accept_downloads=True)
        expect.set_options(timeout=60_000)
        yield open_app(context, base), store, tmp_path
        context.close()
    store.close()


def step_complete(page) -> None:
    expect(page.get_by_text("This step is complete.", exact=True)).to_be_visible()


def to_top(page) -> None:
    page.get_by_role("heading", level=1).scroll_into_view_if_needed()


def variant_card(page):
    """The first variant's tabs (Preview, Edit, Checks, Values fit, Tracking); the newest campaign lists it first."""
    return page.get_by_test_id("stTabs").first


# Step 1 -----------------------------------------------------------------------------------------
def create_campaign(page) -> None:
    expect(page.get_by_text("No campaigns yet.", exact=True)).to_be_visible()
    fill(page, {"Campaign name": CAMPAIGN, "New organisation's name (if new)": ORGANISATION})
    click(page, page.get_by_role("button", name="Create campaign"))
    expect(page.get_by_label("Open campaign", exact=True)).to_be_visible()


def add_a_value(page) -> None:
    open_page(page, "Purpose and values")
    fill(page, {"Purpose": "Small neighbourhood teams that help older people live well at home."})
    click(page, page.get_by_role("button", name="Add value"))
    fill(page, {"Value": "Compassion",
                "What it means here": "Kindness and respect, to the people we support and to yourself",
                "Words that show it (comma-separated)": "kind, kindness, respect"})
    click(page, page.get_by_role("button", name="Save", exact=True))
    expect(page.get_by_text("Unsaved changes.", exact=False)).to_have_count(0)


def answer_the_role(page) -> None:
    open_page(page, "1. The role")
    fill(page, {
        "Role title": "Wellbeing worker",
        "Role description": "You will support older people at home in Leeds, including help with washing and "
                            "dressing. You work in a small self-managed team with a coach, not a manager. Pay is "
                            "£12.90 an hour, 16 to 37 hours a week on a permanent contract, based in Headingley; "
                            "travel time between visits is paid, and most visits are a short walk apart. We pay "
                            "for your criminal record check (DBS) and your training.",
        "Personal care: does the role involve washing, dressing, medication?":
            "Yes: washing, dressing and help with medication",
        "How the team is managed": "A self-managed team with a coach",
        "Pay": "£12.90 an hour",
        "Hours": "16 to 37 hours a week",
        "Location": "Headingley, Leeds",
    })
    click(page, page.get_by_role("button", name="Save the role"))
    step_complete(page)


def answer_who_we_are_looking_for(page) -> None:
    open_page(page, "2. Who we are looking for")
    choose(page, "The values we are looking for in this role", "Compassion")
    fill(page, {
        "Characteristics we are looking for": "Warm\nReliable",
        "What people appreciate about you": "You listen before you speak",
        "What matters to you": "Being useful to your neighbours",
        "How we will support you": "Paid training and a coach",
    })
    click(page, page.get_by_role("button", name="Save who we are looking for"))
    step_complete(page)


def answer_where_they_are_now(page) -> None:
    open_page(page, "3. Where might they be now")
    choose(page, "From the library", "Active retired people")
    click(page, page.get_by_role("button", name="Save personas"))
    step_complete(page)


def answer_hopes_and_fears(page) -> None:
    open_page(page, "4. Hopes and fears")
    hopes = page.get_by_label("Hopes", exact=True)
    type_into(hopes, hopes.input_value() + "\nA reason to get up in the morning")
    click(page, page.get_by_role("button", name="Save hopes and fears"))
    step_complete(page)


def answer_the_message(page) -> None:
    open_page(page, "5. The message")
    choose(page, "From the library", "Keep contributing: Still got plenty to give?")
    click(page, page.get_by_role("button", name="Save themes"))
    step_complete(page)
    # Wallpaper in the supporting question: it keeps the theme out of every advert until it is fixed.
    fill(page, {"Supporting questions": WALLPAPER})
    click(page, page.get_by_role("button", name="Save themes"))
    expect(page.get_by_label("Supporting questions", exact=True)).to_have_value(WALLPAPER)


def answer_values_fit(page) -> None:
    open_page(page, "6. Does it still fit our values")
    fill(page, {"Your name (the reviewer)": "Aisha"})
    choose_in_grid(page, page.get_by_test_id("stDataFrame").first, 0, 5, "Yes")  # the theme: fits our values?
    click(page, page.get_by_role("button", name="Record reviews"))
    step_complete(page)


def answer_channels(page) -> None:
    open_page(page, "7. Where and how to advertise")
    choose(page, "Add channels", "Paid social (Facebook and Instagram)")
    fill(page, {"Find the centre: a town or city in the UK": "Leeds"})
    with rerun(page):
        pick(page, page, "Centre of the area", "Leeds, England")
    expect(page.get_by_text("of 1,000 people or more within 25 km of Leeds", exact=False)).to_be_visible()
    click(page, page.get_by_role("button", name="Save the channel plan"))
    fill(page, {"Why it reaches them": "Retired people in Leeds use Facebook for local groups", "Budget (£)": "250"})
    for label, day in (("Start", TODAY + dt.timedelta(days=1)), ("End", TODAY + dt.timedelta(days=29))):
        # A date field of day, month and year segments: typing digits fills them in turn.
        page.get_by_label(label, exact=True).get_by_role("spinbutton").first.click()
        page.keyboard.type(day.strftime("%d%m%Y"))
        page.keyboard.press("Tab")
    click(page, page.get_by_role("button", name="Save the channel plan"))
    step_complete(page)


def step_1_walk_the_seven_questions(page) -> None:
    create_campaign(page)
    add_a_value(page)
    answer_the_role(page)
    answer_who_we_are_looking_for(page)
    answer_where_they_are_now(page)
    answer_hopes_and_fears(page)
    answer_the_message(page)
    answer_values_fit(page)
    answer_channels(page)
    expect(page.get_by_text("7 of 7 steps complete")).to_be_visible()
    to_top(page)
    screenshot(page, "journey-1-questions")


# Steps 2 to 4 ------------------------------------------------------------------------------------
def generate_three(page) -> None:
    open_page(page, "Advert variants")
    fill(page, {"At most this many new variants": "3", "Landing page the adverts link to": LANDING})
    click(page, page.get_by_role("button", name="Generate", exact=True))


def step_2_generate_variants_and_see_the_wallpaper(page) -> None:
    generate_three(page)
    holding = page.get_by_text(re.compile(r"^Text holding adverts back \(1\)"))
    expect(holding).to_be_visible()
    holding.click()
    expect(page.get_by_text(re.compile(r"make a difference.*stays out of the adverts")).first).to_be_visible()
    screenshot(page, "journey-2-wallpaper")


def step_3_fix_the_phrase(page) -> None:
    open_page(page, "5. The message")
    fill(page, {"Supporting questions": FIXED})
    click(page, page.get_by_role("button", name="Save themes"))
    expect(page.get_by_label("Supporting questions", exact=True)).to_have_value(FIXED)
    generate_three(page)
    card = variant_card(page)
    open_tab(card, "Checks")
    expect(card.get_by_text("The linter found no wallpaper phrases.", exact=True)).to_be_visible()
    open_tab(card, "Edit")
    expect(card.get_by_label("Primary text", exact=True)).to_have_value(re.compile(re.escape(FIXED)))
    scroll_to(page.get_by_role("heading", name="Still got plenty to give?").first)
    screenshot(page, "journey-3-fixed")
    # Drafts keep the campaign from "ready": pin the three to run.
    for index in range(3):  # each card's Pin, in the order of the cards
        click(page, page.get_by_role("button", name="Pin", exact=True).nth(index))
        expect(page.get_by_role("button", name="Pin", exact=True).nth(index)).to_be_disabled()


def step_4_record_sign_off(page) -> None:
    """Helen, our co-production partner, must approve the profile and the adverts; she approves both."""
    open_page(page, "Sign-off and readiness")
    for scope in ("the role and 'Could this be you?' profile", "the adverts"):
        fill(page, {"Who": "Helen", "Their role": "Expert by experience"})
        choose(page, "Signs off", scope)
        click(page, page.get_by_role("button", name="Save who must sign off"))
    for decision in ("Helen: the role and 'Could this be you?' profile", "Helen: the adverts"):
        pick(page, page, "Who is deciding", decision)
        page.get_by_text("Approve", exact=True).click()
        expect(page.get_by_role("radio", name="Approve", exact=True)).to_be_checked()
        fill(page, {"Comment": "It reads like us, and it is honest about personal care."})
        click(page, page.get_by_role("button", name="Record the decision"))
    expect(page.get_by_text(re.compile(r"^Ready to advertise: all seven questions are answered"))).to_be_visible()
    to_top(page)
    screenshot(page, "journey-4-signoff")


# Steps 5 and 6 -----------------------------------------------------------------------------------
def download(page, button: str, folder):
    with page.expect_download() as started:
        page.get_by_role("button", name=button).click()
    path = folder / started.value.suggested_filename
    started.value.save_as(path)
    return path


def step_5_export_excel(page, folder) -> None:
    open_page(page, "Export")
    path = download(page, "Download the plan (Excel)", folder)
    workbook = openpyxl.load_workbook(path, read_only=True)
    assert {"Seven questions", "Personas", "Themes", "Variants", "Channel plan", "Results"} <= set(
        workbook.sheetnames)
    cells = {str(value) for sheet in workbook for row in sheet.iter_rows(values_only=True) for value in row}
    assert any(CAMPAIGN in cell for cell in cells)
    assert any(FIXED in cell for cell in cells), "the fixed copy is in the workbook"
    screenshot(page, "journey-5-excel")


def step_6_dry_run_facebook(page) -> None:
    summary = page.get_by_text(re.compile(r"^Dry run: the \d+ Graph API requests"))
    summary.click()
    document = page.get_by_test_id("stJson")
    # Open the first request (the campaign), its params, then its special ad categories.
    for _ in range(3):
        document.locator(".node-ellipsis").first.click()
    expect(document.get_by_text('"act_DRY_RUN/campaigns"')).to_be_visible()
    expect(document.get_by_text("special_ad_categories")).to_be_visible()
    expect(document.get_by_text('"EMPLOYMENT"')).to_be_visible()
    expect(document.get_by_text('"PAUSED"').first).to_be_visible()
    scroll_to(summary)
    screenshot(page, "journey-6-facebook")


# Step 7 ------------------------------------------------------------------------------------------
def step_7_import_and_enter_results(page, store, folder) -> None:
    open_page(page, "Results")
    open_tab(page, "Import")
    template = download(page, "Download the results template (xlsx)", folder)
    workbook = openpyxl.load_workbook(template)
    funnel = workbook["Funnel"]
    header = [cell.value for cell in funnel[1]]
    counts = [  # reach, enquiries, conversations, invited, attended, offers, starts, retained, cost
        [4000, 60, 30, 20, 15, 8, 6, 5, 120],
        [3800, 55, 20, 10, 6, 3, 2, 1, 110],
        [3900, 58, 22, 12, 8, 4, 3, 2, 115],
    ]
    variants = [row[0].value for row in funnel.iter_rows(min_row=2) if row[0].value]
    assert len(variants) == 3
    for row, numbers in zip(funnel.iter_rows(min_row=2, max_row=4), counts, strict=True):
        values = dict(zip(["reach", *header[header.index("enquiries"):]], numbers, strict=True))
        values |= {"period_start": TODAY.isoformat(), "period_end": (TODAY + dt.timedelta(days=6)).isoformat()}
        for cell in row:
            if header[cell.column - 1] in values:
                cell.value = values[header[cell.column - 1]]
    filled = folder / "results-filled.xlsx"
    workbook.save(filled)
    with rerun(page):
        page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(filled)
    click(page, page.get_by_role("button", name="Preview the import"))
    click(page, page.get_by_role("button", name="Import", exact=True))
    assert sorted(r.enquiries for r in store.results(campaign_slug(store))) == [55, 58, 60]

    # One value by hand: the first row's cost, in the results grid.
    open_tab(page, "Enter results")
    grid = page.get_by_test_id("stDataFrame").filter(visible=True).first
    with rerun(page):  # outside a form, an edit reruns the script by itself
        edit_grid_row(page, grid, 0, ["150"], first_column=13, rows=3)
    click(page, page.get_by_role("button", name="Save results"))
    assert 150 in {r.cost_gbp for r in store.results(campaign_slug(store))}

    open_tab(page, "Report")
    expect(page.get_by_text(re.compile(r"P\(best\) \d+"))).to_be_visible()
    expect(page.get_by_role("heading", name="Funnels")).to_be_visible()
    assert page.get_by_test_id("stVegaLiteChart").count() >= 2  # channel intervals, a funnel, cost per start
    scroll_to(page.get_by_role("heading", name="Across the campaign"))
    screenshot(page, "journey-7-results")


def campaign_slug(store) -> str:
    return store.campaigns()[0].slug


# Step 8 ------------------------------------------------------------------------------------------
def step_8_reload_and_find_everything(page) -> None:
    reload(page)
    expect(page.get_by_text(re.compile(r"P\(best\) \d+"))).to_be_visible()
    open_page(page, "Campaigns")
    expect(page.get_by_label("Open campaign", exact=True)).to_have_value(re.compile("^" + re.escape(CAMPAIGN)))
    open_page(page, "Advert variants")
    card = variant_card(page)
    open_tab(card, "Edit")
    expect(card.get_by_label("Primary text", exact=True)).to_have_value(re.compile(re.escape(FIXED)))
    open_page(page, "Sign-off and readiness")
    expect(page.get_by_text(re.compile(r"^Ready to advertise"))).to_be_visible()
    expect(page.get_by_text(re.compile(r"Helen .*approved|approved .*Helen", re.IGNORECASE)).first).to_be_visible()
    to_top(page)
    screenshot(page, "journey-8-reload")


def test_the_journey_from_an_empty_database_to_results_and_a_reload(app):
    page, store, folder = app
    try:
        step_1_walk_the_seven_questions(page)
        step_2_generate_variants_and_see_the_wallpaper(page)
        step_3_fix_the_phrase(page)
        step_4_record_sign_off(page)
        step_5_export_excel(page, folder)
        step_6_dry_run_facebook(page)
        step_7_import_and_enter_results(page, store, folder)
        step_8_reload_and_find_everything(page)
    except Exception:
        screenshot(page, "journey-failure")
        (screenshot(page, "journey-failure").with_suffix(".txt")).write_text(page.locator("#stMain").inner_text())
        raise
