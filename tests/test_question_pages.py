"""AppTest for every step of the seven questions: edits are saved, survive leaving and coming back (a new
session reloading from the database), bad input is stored as typed and shown escaped, and two sessions
editing the same campaign get a conflict instead of overwriting each other."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from personas.library import library_persona
from planner.campaign import Campaign, Role, ValuesReview
from planner.demo import load_demo
from planner.storage import Store
from ui.navigation import SIGNOFF_PAGE, STEP_PAGES
from ui.text import md_escape

ROOT = Path(__file__).resolve().parents[1]
WIGAN = "wellbeing-workers-wigan"
CAMDEN = "wellbeing-leader-camden"
URDU = "ہم آپ کی تربیت کریں گے"
POLISH = "Zażółć gęślą jaźń"
ARABIC = "نحن نبحث عنك"
HOSTILE = "<script>alert('x')</script> **bold** <b>&amp;</b> [link](javascript:alert(1))"
LONG = "Kindness matters. " * 5_700  # about 100 KB


@pytest.fixture
def store(sqlite_env):
    opened = Store(sqlite_env)
    load_demo(opened)
    yield opened
    opened.close()


def open_page(page: str, ref: str = WIGAN) -> AppTest:
    """A new browser session (nothing carried over) opening one page of one campaign."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30)
    at.session_state["campaign_ref"] = ref
    at.run()
    at.switch_page(page).run()
    assert not at.exception, at.exception
    return at


def widget(elements, name: str):
    """The widget whose key is `name` (keys carry '@<id>.<version>' after the name)."""
    found = [e for e in elements if e.key and e.key.split("@")[0] == name]
    assert len(found) == 1, (name, [e.key for e in elements])
    return found[0]


def labelled(elements, label: str):
    found = [e for e in elements if e.label == label]
    assert len(found) == 1, (label, [e.label for e in elements])
    return found[0]


def click(at: AppTest, label: str) -> AppTest:
    labelled(at.button, label).click()
    at.run()
    assert not at.exception, at.exception
    return at


def raw(at: AppTest) -> str:
    """Everything the page shows as text, markdown or messages, as sent (markdown escapes included)."""
    parts = [e.value for kind in ("markdown", "caption", "success", "warning", "error", "info", "text")
             for e in getattr(at, kind)]
    return "\n".join(str(p) for p in parts)


def texts(at: AppTest) -> str:
    """What a reader sees: the markdown escapes removed."""
    return re.sub(r"\\(.)", r"\1", raw(at))


def assert_no_user_html(at: AppTest) -> None:
    """User text is never rendered as HTML: no markdown element on the page allows HTML."""
    for element in at.markdown:
        assert not element.proto.allow_html, element.value


# Step 1 -------------------------------------------------------------------------------------------


def test_role_edits_are_saved_checked_and_there_when_you_come_back(store):
    at = open_page(STEP_PAGES["role"])
    description = f"{URDU}\n{HOSTILE}\nYou help with washing and dressing, in a self-managed team. {LONG}"
    labelled(at.text_area, "Role description").input(description)
    labelled(at.text_input, "Pay").input("   ")
    labelled(at.text_input, "Role title").input(POLISH)
    click(at, "Save the role")

    saved = store.campaign(WIGAN).campaign.role
    assert saved.description == description and saved.pay == "   " and saved.title == POLISH
    shown = texts(at)
    assert "Say plainly: the pay." in shown and "an advert without pay loses" in shown
    assert "Whether the role involves personal care: stated." in shown

    back = open_page(STEP_PAGES["role"])
    assert labelled(back.text_area, "Role description").value == description
    assert labelled(back.text_input, "Pay").value == "   "
    assert labelled(back.text_input, "Role title").value == POLISH
    assert_no_user_html(back)


def edit(store: Store, ref: str, change) -> None:
    """Change a campaign directly in the database, as another user would."""
    held = store.campaign(ref)
    campaign = held.campaign.model_copy(deep=True)
    change(campaign)
    store.save_campaign(held.id, campaign, held.version)


def test_a_role_with_nothing_said_shows_every_honest_role_warning(store):
    edit(store, WIGAN, lambda c: setattr(c, "role", Role()))
    at = open_page(STEP_PAGES["role"])
    warnings = texts(at)
    for fact in ("whether the role involves personal care", "how the team is managed", "the pay", "the hours",
                 "where the work is"):
        assert f"Say plainly: {fact}." in warnings
    assert "The role needs a description." in warnings
    assert "Whether the role involves personal care: stated." not in warnings


# Step 2 -------------------------------------------------------------------------------------------


def test_looking_for_values_characteristics_and_profile_are_saved(store):
    at = open_page(STEP_PAGES["looking_for"])
    widget(at.multiselect, "lf-values").set_value(["Curiosity", "Creativity"])
    widget(at.text_area, "lf-characteristics").input(f"Organised\n  \n{ARABIC}")
    widget(at.text_area, "lf-appreciate").input(HOSTILE)
    widget(at.text_area, "lf-support").input(f"Paid training\n{URDU}")
    click(at, "Save who we are looking for")

    wanted = store.campaign(WIGAN).campaign.looking_for
    assert wanted.values == ["Curiosity", "Creativity"]
    assert wanted.characteristics == ["Organised", "  ", ARABIC]
    assert wanted.profile.appreciate == [HOSTILE] and wanted.profile.support == ["Paid training", URDU]

    back = open_page(STEP_PAGES["looking_for"])
    assert widget(back.multiselect, "lf-values").value == ["Curiosity", "Creativity"]
    assert widget(back.text_area, "lf-characteristics").value == f"Organised\n  \n{ARABIC}"
    assert "Characteristics: 1 blank entry (kept, but not counted)." in texts(back)
    assert "\\<script\\>alert" in raw(back)  # shown escaped in the preview
    assert_no_user_html(back)


# Step 3 -------------------------------------------------------------------------------------------


def test_personas_from_the_library_and_of_your_own_and_removal(store):
    at = open_page(STEP_PAGES["personas"], CAMDEN)
    widget(at.multiselect, "p-add-library").set_value(["faith-community"])
    widget(at.text_input, "p-add-own").input(HOSTILE)
    click(at, "Save personas")
    personas = store.campaign(CAMDEN).campaign.personas
    assert [p.name for p in personas] == ["People in leadership roles elsewhere", "Faith and community groups",
                                          HOSTILE]
    own = personas[2]
    assert own.library_key is None and own.roles == []

    at = open_page(STEP_PAGES["personas"], CAMDEN)
    assert f"Persona {HOSTILE!r}: say what roles they hold in life, work and community." in texts(at)
    widget(at.text_area, f"p-roles-{own.key}").input(f"Bus driver\n{POLISH}")
    widget(at.checkbox, "p-remove-faith-community").check()
    click(at, "Save personas")
    personas = store.campaign(CAMDEN).campaign.personas
    assert [p.key for p in personas] == ["leaders-elsewhere", own.key]
    assert personas[1].roles == ["Bus driver", POLISH]

    back = open_page(STEP_PAGES["personas"], CAMDEN)
    assert widget(back.text_input, f"p-name-{own.key}").value == HOSTILE
    assert widget(back.text_area, f"p-roles-{own.key}").value == f"Bus driver\n{POLISH}"
    assert_no_user_html(back)


def test_a_new_persona_is_added_whole_in_one_save(store):
    at = open_page(STEP_PAGES["personas"], CAMDEN)
    widget(at.text_input, "p-add-own").input("Bus drivers")
    widget(at.text_area, "p-add-where").input("On early shifts, used to people and timetables")
    widget(at.text_area, "p-add-roles").input(f"Bus driver\n{POLISH}")
    click(at, "Save personas")
    record = store.campaign(CAMDEN)
    own = record.campaign.personas[-1]
    assert (own.name, own.where_now, own.roles) == (
        "Bus drivers", "On early shifts, used to people and timetables", ["Bus driver", POLISH])
    assert record.version == 2, "one save"
    assert widget(at.text_input, "p-add-own").value == "", "the add fields are empty again for the next one"


def test_a_new_persona_with_details_but_no_name_is_refused_and_nothing_saved(store):
    at = open_page(STEP_PAGES["personas"], CAMDEN)
    widget(at.text_area, "p-add-where").input("On early shifts")
    click(at, "Save personas")
    assert "the new persona needs a name" in texts(at)
    assert store.campaign(CAMDEN).version == 1
    assert widget(at.text_area, "p-add-where").value == "On early shifts", "what was typed stays"


def test_a_persona_used_by_variants_cannot_be_removed_and_nothing_is_lost(store):
    at = open_page(STEP_PAGES["personas"], CAMDEN)
    widget(at.text_area, "p-where-leaders-elsewhere").input("Edited where")
    widget(at.checkbox, "p-remove-leaders-elsewhere").check()
    click(at, "Save personas")
    assert "Nothing was saved" in texts(at) and "rebel-at-work-facebook" in texts(at)
    assert widget(at.text_area, "p-where-leaders-elsewhere").value == "Edited where"  # the edit is still there
    assert store.campaign(CAMDEN).version == 1


# Step 4 -------------------------------------------------------------------------------------------


def test_hopes_and_fears_with_starter_suggestions(store):
    at = open_page(STEP_PAGES["hopes_fears"], CAMDEN)
    hopes = widget(at.text_area, "h-hopes-leaders-elsewhere")
    hopes.input(f"{hopes.value}\n {URDU} \n\n{HOSTILE}")
    assert not [m for m in at.multiselect if m.key.startswith("h-sf-leaders-elsewhere")], \
        "every starter fear is on the persona already: no empty dropdown"
    click(at, "Save hopes and fears")
    persona = store.campaign(CAMDEN).campaign.personas[0]
    assert persona.hopes == [*library_persona("leaders-elsewhere").hopes, f" {URDU} ", "", HOSTILE]

    # Starter suggestions are the library's entries not yet on the persona.
    edit(store, CAMDEN, lambda c: setattr(c.personas[0], "fears", c.personas[0].fears[:1]))
    at = open_page(STEP_PAGES["hopes_fears"], CAMDEN)
    suggested = widget(at.multiselect, "h-sf-leaders-elsewhere")
    assert "Regulators won't be on board" in suggested.options
    suggested.set_value(["Regulators won't be on board"])
    click(at, "Save hopes and fears")
    assert store.campaign(CAMDEN).campaign.personas[0].fears == [
        "Self-management is chaos with no structure", "Regulators won't be on board"]

    back = open_page(STEP_PAGES["hopes_fears"], CAMDEN)
    assert widget(back.text_area, "h-hopes-leaders-elsewhere").value.endswith(f"\n {URDU} \n\n{HOSTILE}")
    assert_no_user_html(back)


# Step 5 -------------------------------------------------------------------------------------------


def test_themes_link_hopes_and_fears_and_show_what_is_unanswered(store):
    at = open_page(STEP_PAGES["message"])
    assert "- **Students**, fear: Being out of their depth" in raw(at)  # unanswered hopes and fears are listed
    widget(at.multiselect, "t-add-library").set_value(["all-year-round"])
    widget(at.text_input, "t-add-name").input(ARABIC)
    widget(at.text_input, "t-add-headline").input(HOSTILE)
    click(at, "Save themes")
    campaign = store.campaign(WIGAN).campaign
    added = campaign.theme("all-year-round")
    assert added is not None and {a.persona for a in added.addresses} == {"education-childcare"}
    own = campaign.themes[-1]
    assert own.name == ARABIC and own.headline == HOSTILE and own.addresses == []

    at = open_page(STEP_PAGES["message"])
    assert "No theme speaks to persona" not in texts(at)
    links = widget(at.multiselect, f"t-addr-{own.key}")
    links.set_value(["students|fear|Being out of their depth"])
    widget(at.text_area, f"t-questions-{own.key}").input(f"{POLISH}?\n{URDU}?")
    click(at, "Save themes")
    own = store.campaign(WIGAN).campaign.themes[-1]
    assert [(a.persona, a.kind, a.text) for a in own.addresses] == [("students", "fear", "Being out of their depth")]
    assert own.questions == [f"{POLISH}?", f"{URDU}?"]

    back = open_page(STEP_PAGES["message"])
    assert "- **Students**, fear: Being out of their depth" not in raw(back)
    assert widget(back.multiselect, f"t-addr-{own.key}").value == ["students|fear|Being out of their depth"]
    assert widget(back.text_input, f"t-head-{own.key}").value == HOSTILE
    assert_no_user_html(back)


def test_whitespace_only_new_theme_name_is_refused_with_a_message(store):
    at = open_page(STEP_PAGES["message"])
    widget(at.text_input, "t-add-name").input("   ")
    click(at, "Save themes")
    assert "the new theme needs a name" in texts(at)
    assert store.campaign(WIGAN).version == 1


def test_a_new_theme_is_added_with_its_questions_and_links_in_one_save(store):
    at = open_page(STEP_PAGES["message"])
    widget(at.text_input, "t-add-name").input("Rebels welcome")
    widget(at.text_input, "t-add-headline").input("Are you seen as a rebel at work?")
    widget(at.text_area, "t-add-questions").input("Do you ask why?\nDo you fix what others put up with?")
    widget(at.multiselect, "t-add-addr").set_value(["students|fear|Being out of their depth"])
    click(at, "Save themes")
    own = store.campaign(WIGAN).campaign.themes[-1]
    assert (own.name, own.headline) == ("Rebels welcome", "Are you seen as a rebel at work?")
    assert own.questions == ["Do you ask why?", "Do you fix what others put up with?"]
    assert [(a.persona, a.kind, a.text) for a in own.addresses] == [("students", "fear", "Being out of their depth")]
    assert store.campaign(WIGAN).version == 2, "one save"


def test_a_new_theme_with_details_but_no_name_is_refused_and_nothing_saved(store):
    at = open_page(STEP_PAGES["message"])
    widget(at.text_input, "t-add-headline").input("Are you seen as a rebel at work?")
    click(at, "Save themes")
    assert "the new theme needs a name" in texts(at)
    assert store.campaign(WIGAN).version == 1
    assert widget(at.text_input, "t-add-headline").value == "Are you seen as a rebel at work?", "what was typed stays"


# Step 6 -------------------------------------------------------------------------------------------


def _review_table(at: AppTest, store: Store, rows: dict[int, dict]) -> None:
    """Edit rows of question 6's review table (row number -> column -> value), as the grid hands edits over."""
    record = store.campaign(CAMDEN)
    at.session_state[f"vf-table@draft:{record.id}.{record.version}"] = {
        "edited_rows": {str(row): cells for row, cells in rows.items()}, "added_rows": [], "deleted_rows": []}


def test_values_fit_is_one_table_with_one_save_and_a_comment_without_an_answer_is_refused(store):
    at = open_page(STEP_PAGES["values_fit"], CAMDEN)
    table = at.dataframe[0].value
    campaign = store.campaign(CAMDEN).campaign
    assert len(table) == len(campaign.themes) + len(campaign.variants), "one row per theme and advert"
    assert table["Shows"].iloc[0] == "Creativity" and table["Fits our values?"].isna().all()
    _review_table(at, store, {0: {"Fits our values?": "Yes"}})
    click(at, "Record reviews")
    assert "give the reviewer's name" in texts(at) and store.campaign(CAMDEN).campaign.reviews == []

    widget(at.text_input, "vf-reviewer").input(URDU)
    _review_table(at, store, {0: {"Fits our values?": "Yes"}, 1: {"Fits our values?": "No", "Comment": HOSTILE},
                              2: {"Comment": "Lovely"}})
    click(at, "Record reviews")
    assert "row 3 (Theme: The most meaningful work of your life) has a comment but no yes or no" in texts(at)
    assert store.campaign(CAMDEN).campaign.reviews == []

    _review_table(at, store, {0: {"Fits our values?": "Yes"}, 1: {"Fits our values?": "No", "Comment": HOSTILE}})
    click(at, "Record reviews")
    reviews = store.campaign(CAMDEN).campaign.reviews
    assert [(r.target, r.reviewer, r.fits, r.comment) for r in reviews] == [
        ("theme:rebel-at-work", URDU, True, ""), ("theme:coach-not-command", URDU, False, HOSTILE)]

    back = open_page(STEP_PAGES["values_fit"], CAMDEN)
    assert "said it does not fit our values" in texts(back)
    assert "Theme 'Coach instead of command and control':" in texts(back)  # in what the step still needs
    assert back.dataframe[0].value["Last review"].iloc[1] == f"{URDU}: does not fit ({HOSTILE})"
    assert_no_user_html(back)


# Step 7 -------------------------------------------------------------------------------------------


def test_channel_plan_per_persona_with_why_budget_effort_and_dates(store):
    at = open_page(STEP_PAGES["channels"], CAMDEN)
    widget(at.multiselect, "c-add-leaders-elsewhere").set_value(["mosque"])
    click(at, "Save the channel plan")
    plan = store.campaign(CAMDEN).campaign.channel_plan
    assert [e.channel for e in plan] == ["facebook", "linkedin", "council_site", "mosque"]

    at = open_page(STEP_PAGES["channels"], CAMDEN)
    widget(at.text_area, "c-why-3").input(f"Friday talks {ARABIC}")
    widget(at.text_input, "c-effort-3").input("Two visits")
    widget(at.date_input, "c-start-3").set_value(dt.date(2026, 3, 2))
    widget(at.date_input, "c-end-3").set_value(dt.date(2026, 3, 1))
    click(at, "Save the channel plan")
    assert "the end date is before the start date for Mosques" in texts(at)
    assert store.campaign(CAMDEN).version == 2
    assert widget(at.text_area, "c-why-3").value == f"Friday talks {ARABIC}"  # kept to fix

    widget(at.date_input, "c-end-3").set_value(dt.date(2026, 3, 30))
    widget(at.number_input, "c-budget-3").set_value(25.0)
    widget(at.checkbox, "c-remove-2").check()
    click(at, "Save the channel plan")
    plan = store.campaign(CAMDEN).campaign.channel_plan
    assert [e.channel for e in plan] == ["facebook", "linkedin", "mosque"]
    mosque = plan[-1]
    assert (mosque.why, mosque.effort, mosque.budget_gbp, mosque.start, mosque.end) == (
        f"Friday talks {ARABIC}", "Two visits", 25.0, dt.date(2026, 3, 2), dt.date(2026, 3, 30))

    back = open_page(STEP_PAGES["channels"], CAMDEN)
    assert widget(back.date_input, "c-end-2").value == dt.date(2026, 3, 30)
    assert widget(back.number_input, "c-budget-2").value == 25.0


# Sign-off and readiness ---------------------------------------------------------------------------


def _finish_camden(store: Store) -> None:
    """Fill Camden's last gaps (dates, a yes for each theme, adverts pinned) so only the sign-offs are missing."""
    def finish(campaign):
        for entry in campaign.channel_plan:
            entry.start, entry.end = dt.date(2026, 1, 12), dt.date(2026, 2, 8)
        for variant in campaign.variants:
            variant.status = "pinned"
        campaign.reviews = [ValuesReview(target=f"theme:{t.key}", reviewer="Helen", fits=True)
                            for t in campaign.themes]
    edit(store, CAMDEN, finish)


def test_sign_off_marks_ready_to_advertise_only_when_every_sign_off_is_in(store):
    _finish_camden(store)
    at = open_page(SIGNOFF_PAGE, CAMDEN)
    assert "Not ready to advertise yet: 2 things are missing." in texts(at)
    assert "7 of 7 steps complete" in at.get("progress")[0].proto.text

    widget(at.text_input, "s-who").input(URDU)
    widget(at.text_input, "s-role").input("The person being supported")
    widget(at.selectbox, "s-scope").set_value("adverts")
    click(at, "Save who must sign off")
    requirements = store.campaign(CAMDEN).campaign.signoff_requirements
    assert requirements[-1].who == URDU and requirements[-1].scope == "adverts"

    at = open_page(SIGNOFF_PAGE, CAMDEN)
    assert widget(at.radio, "d-decision").value is None, "no decision is pre-selected"
    widget(at.selectbox, "d-who").set_value(0)
    click(at, "Record the decision")
    assert "Nothing was recorded: choose who is deciding and their decision." in texts(at)
    assert store.campaign(CAMDEN).campaign.signoffs == []

    for index in range(3):
        at = open_page(SIGNOFF_PAGE, CAMDEN)
        assert "Not ready to advertise yet" in texts(at)
        widget(at.selectbox, "d-who").set_value(index)
        widget(at.radio, "d-decision").set_value("Approve")
        click(at, "Record the decision")

    back = open_page(SIGNOFF_PAGE, CAMDEN)
    assert "Ready to advertise" in texts(back)
    assert f"{URDU} approved the adverts." in texts(back)

    # A later refusal, with a comment, withdraws readiness and says why.
    widget(back.selectbox, "d-who").set_value(2)
    widget(back.radio, "d-decision").set_value("Do not approve yet")
    widget(back.text_area, "d-comment").input(HOSTILE)
    click(back, "Record the decision")
    again = open_page(SIGNOFF_PAGE, CAMDEN)
    assert "Not ready to advertise yet: 1 thing is missing." in texts(again)
    assert f"{URDU} did not approve the adverts: <script>alert" in texts(again)
    assert "\\<script\\>" in raw(again) and "<script>" not in raw(again)
    assert_no_user_html(again)


def test_changing_the_profile_after_sign_off_asks_for_it_again(store):
    _finish_camden(store)
    for index in range(2):
        at = open_page(SIGNOFF_PAGE, CAMDEN)
        widget(at.selectbox, "d-who").set_value(index)
        widget(at.radio, "d-decision").set_value("Approve")
        click(at, "Record the decision")
    assert "Ready to advertise" in texts(open_page(SIGNOFF_PAGE, CAMDEN))
    at = open_page(STEP_PAGES["role"], CAMDEN)
    labelled(at.text_input, "Hours").input("30 hours a week")
    click(at, "Save the role")
    after = texts(open_page(SIGNOFF_PAGE, CAMDEN))
    assert "changed since Head of Provider Services approved" in after and "Not ready" in after


# Two sessions on one campaign -------------------------------------------------------------------------


def test_a_conflicting_save_keeps_the_edits_and_can_reload_the_latest(store):
    first = open_page(STEP_PAGES["role"])
    second = open_page(STEP_PAGES["role"])
    labelled(first.text_input, "Pay").input("£13 an hour")
    click(first, "Save the role")
    labelled(second.text_input, "Pay").input(f"£14 an hour {URDU}")
    click(second, "Save the role")

    assert store.campaign(WIGAN).campaign.role.pay == "£13 an hour"
    assert labelled(second.text_input, "Pay").value == f"£14 an hour {URDU}"  # the edit is still on screen
    assert "Your last edits were not saved" in texts(second)
    assert second.session_state["unsaved_edits"].role.pay == f"£14 an hour {URDU}"

    click(second, "Reload the latest version")
    assert labelled(second.text_input, "Pay").value == "£13 an hour"
    labelled(second.text_input, "Pay").input("£14 an hour")
    click(second, "Save the role")
    assert store.campaign(WIGAN).campaign.role.pay == "£14 an hour"


@pytest.mark.parametrize("page", [*STEP_PAGES.values(), SIGNOFF_PAGE], ids=lambda p: Path(p).stem)
def test_every_step_page_renders_for_a_new_empty_campaign(store, page):
    store.create_campaign("neighbourhood-wellbeing", Campaign(slug="empty", name=HOSTILE))
    at = open_page(page, "empty")
    assert "Campaign: \\<script\\>" in raw(at)
    assert "0 of 7 steps complete" in at.get("progress")[0].proto.text
    assert_no_user_html(at)


def test_markdown_escaping_keeps_html_entities_as_typed():
    # Without escaping '&', markdown would show "&amp;" as "&": not what the user typed.
    assert md_escape("<b>&amp;</b>") == "\\<b\\>\\&amp;\\</b\\>"


def test_the_ad_location_is_found_by_town_name_in_the_gazetteer_and_saved_with_its_coordinates(store):
    at = open_page(STEP_PAGES["channels"], CAMDEN)
    widget(at.text_input, "g-search").input("Bradf").run()
    centre = widget(at.selectbox, "g-place")
    assert "Bradford, England" in centre.options
    centre.set_value("Bradford, England").run()
    assert not at.exception, at.exception
    towns = at.dataframe[-1].value
    assert "Keighley" in set(towns["Town"]), "Keighley is 14 km from Bradford, inside 25 km"
    assert "Wigan" not in set(towns["Town"]), "Wigan is about 60 km away"
    click(at, "Save the channel plan")
    geo = store.campaign(CAMDEN).campaign.geo
    # Bradford's coordinates from GeoNames (geonames.org/2654993): 53.79391 N, 1.75206 W.
    assert (geo.label, round(geo.latitude, 2), round(geo.longitude, 2)) == ("Bradford, England", 53.79, -1.75)

    widget(at.text_input, "g-search").input("Nowhereville").run()
    assert any("No UK town or city of 1,000 people or more is called" in w.value for w in at.warning)
