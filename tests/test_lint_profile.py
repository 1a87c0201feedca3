"""The "Could this be you?" profile is linted: every piece of copy its printable page shows, on question 2."""

from __future__ import annotations

from personas.profile import printed_texts, profile_findings, profile_html
from planner.campaign import Campaign, CustomRule, LookingFor, Organisation, Profile, Role, Value
from tests.test_question_pages import WIGAN, edit, open_page, store, texts  # noqa: F401  (store: fixture)
from ui.navigation import STEP_PAGES

ORGANISATION = Organisation(slug="o", name="Brookfield Care", values=[
    Value(name="Kindness", description="We want to make a real difference every day."),
    Value(name="Honesty", description="We say what we will do and do it."),
])


def _campaign(**profile: list[str]) -> Campaign:
    return Campaign(slug="c", name="Campaign", role=Role(title="Home carer, Ripon"),
                    looking_for=LookingFor(values=["Kindness", "Honesty"], profile=Profile(**profile)))


def test_every_piece_of_printed_copy_is_checked_and_named_where_it_prints():
    campaign = _campaign(appreciate=["Retired? You'd love this", "You notice when someone is quiet"],
                         support=["Competitive salary", " "])
    html = profile_html(campaign, ORGANISATION)
    for _, text in printed_texts(campaign, ORGANISATION):  # what is checked is what is printed
        assert text.replace("'", "&#x27;") in html

    found = {(item.where, f.category) for item in profile_findings(campaign, ORGANISATION) for f in item.findings}
    assert found == {("What people appreciate about you", "personal-attribute"),
                     ("How we will support you", "wallpaper"),
                     ("Our values: Kindness", "wallpaper")}


def test_a_clean_profile_has_no_findings_and_the_organisations_own_rules_apply():
    campaign = _campaign(appreciate=["You notice when someone is quiet"], matters=["Time for a proper chat"])
    assert profile_findings(campaign, ORGANISATION.model_copy(update={"values": []})) == []

    own = ORGANISATION.model_copy(update={"values": [], "custom_rules": [
        CustomRule(phrase="proper chat", category="wallpaper", why="Ours.", suggestion="Say how long.")]})
    [item] = profile_findings(campaign, own)
    assert (item.where, item.findings[0].rule) == ("What matters to you", "org-proper-chat")


def test_question_2_shows_the_profile_findings_before_the_download(store):  # noqa: F811
    def write(campaign: Campaign) -> None:
        campaign.looking_for.profile = Profile(appreciate=["Pensioner? Join us", "You notice small things"])
        campaign.looking_for.values = []

    edit(store, WIGAN, write)
    page = texts(open_page(STEP_PAGES["looking_for"]))
    assert "The printable profile has 1 finding to look at before you print it" in page
    assert "**Pensioner?** (personal-attribute): Meta rejects" in page
    assert "What people appreciate about you" in page

    edit(store, WIGAN, lambda c: setattr(c.looking_for, "profile", Profile(appreciate=["You notice small things"])))
    page = texts(open_page(STEP_PAGES["looking_for"]))
    assert "Checked: no wallpaper, stereotypes, barriers, jargon or personal-attribute wording" in page
    assert "finding to look at" not in page
