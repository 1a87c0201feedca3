"""Advert variants: generation from templates, format limits, diversity, checks and the CLI."""

from __future__ import annotations

import json
import re

import pytest
from click.testing import CliRunner
from sklearn.feature_extraction.text import TfidfVectorizer

from adverts import templates as templates_module
from adverts.formats import FORMATS, formats_for_channel, length_warnings
from adverts.generate import Group, Options, generate, plan_groups, select_distinct
from adverts.model import Address, Dismissal, Theme, Variant
from adverts.templates import TemplateError, hope_question, personal_care_sentence
from adverts.variants import check_variants, facebook_blockers, lint_variant, near_duplicates
from personas.model import Persona
from planner.campaign import Campaign, ChannelPlanEntry, CustomRule, LookingFor, Organisation, Profile, Role
from planner.cli import main
from planner.demo import load_demo
from planner.storage import Store

ORG = Organisation(slug="acme", name="Acme Care")


def _campaign(**changes) -> Campaign:
    campaign = Campaign(
        slug="spring", name="Spring",
        role=Role(title="Care Worker", pay="£12.90 an hour, paid weekly", hours="16 to 37 hours a week",
                  location="Leeds, West Yorkshire", personal_care="Yes: washing and dressing."),
        looking_for=LookingFor(profile=Profile(support=["A buddy from day one", "Paid training"])),
        personas=[Persona(key="parents", name="Parents", hopes=["Hours that fit around school", "A fair wage"]),
                  Persona(key="students", name="Students", hopes=["Flexible hours around lectures"])],
        themes=[Theme(key="school-run", name="School run", headline="Could work fit the school run?",
                      questions=["Do you plan like a pro?", "Would you like paid training?"],
                      addresses=[Address(persona="parents", kind="hope", text="Hours that fit around school")])],
        channel_plan=[ChannelPlanEntry(persona="parents", channel="facebook"),
                      ChannelPlanEntry(persona="parents", channel="community_centre")],
    )
    return campaign.model_copy(update=changes)


TEMPLATES = """
[[headline]]
text = "{headline}"
[[body]]
needs = ["questions"]
paragraphs = [["{questions}"], ["{pay_sentence}", "{hours_sentence}"], ["{personal_care_sentence}"],
              ["{role_description}"]]
[[body]]
text = "Team: {role_description}"
[[description]]
text = "{pay_short}"
[[cta]]
text = "Chat to us first"
facebook_button = "CONTACT_US"
"""


def test_templates_fill_every_slot_from_the_campaign_and_skip_missing_facts():
    templates = templates_module.parse(TEMPLATES)
    campaign = _campaign()
    groups = [Group("school-run", "parents", "facebook", "facebook_feed")]
    variants = generate(campaign, ORG, groups, Options(max_variants=50, ctas=("Chat to us first",)), templates)
    assert [v.primary_text for v in variants] == [
        "Do you plan like a pro?\nWould you like paid training?\n\n"
        "The pay is £12.90 an hour, paid weekly. You work 16 to 37 hours a week.\n\n"
        "The role includes washing and dressing."], "no role description: its part and its template are left out"
    assert [(v.headline, v.description, v.cta) for v in variants] == [
        ("Could work fit the school run?", "£12.90 an hour", "Chat to us first")]


def test_the_bundled_templates_give_every_format_copy():
    campaign = _campaign()
    campaign.role.description = "Support people at home."
    for fmt in FORMATS:
        variants = generate(campaign, ORG, [Group("school-run", "parents", "facebook", fmt)], Options(max_variants=3))
        assert variants, fmt
        assert all(v.headline and v.primary_text and v.cta for v in variants)
    assert templates_module.default().cta("chat to us first").facebook_button == "CONTACT_US"


@pytest.mark.parametrize(("text", "message"), [
    ("[[headline]]\ntext='{colour}'\n[[body]]\ntext='x'", "unknown slot(s) colour"),
    ("[[headline]]\ntext='{pay}'\nformats=['tiktok']\n[[body]]\ntext='x'", "unknown format(s) tiktok"),
    ("[[body]]\ntext='x'", "at least one [[headline]]"),
    ("[[headline]]\ntext='{pay'\n[[body]]\ntext='x'", "[[headline]] number 1"),
    ("headline = [", "not valid TOML"),
])
def test_bad_templates_are_reported_with_the_entry_named(text, message):
    with pytest.raises(TemplateError, match=re.escape(message)):
        templates_module.parse(text)


def test_an_older_templates_file_still_works_with_shaped_values():
    older = templates_module.parse('[[headline]]\ntext = "{headline}"\n[[body]]\ntext = "{hope} {personal_care}"\n')
    variants = generate(_campaign(), ORG, [Group("school-run", "parents", "facebook", "facebook_feed")],
                        Options(max_variants=1), older)
    assert [v.primary_text for v in variants] == [
        "Are you looking for hours that fit around school? The role includes washing and dressing."]


def test_personal_care_is_said_plainly_never_as_a_label():
    assert personal_care_sentence("Yes: washing and dressing") == "The role includes washing and dressing."
    assert personal_care_sentence("No.") == "The role does not include helping people wash, dress or use the toilet."
    assert personal_care_sentence("No. You will support the teams who do.") == "You will support the teams who do."
    assert personal_care_sentence("Sometimes, at night") == "Sometimes, at night."


def test_hopes_become_questions_to_the_reader():
    assert hope_question("A fair wage for their time") == "Are you looking for a fair wage for your time?"
    assert hope_question("To keep contributing") == "Do you want to keep contributing?"
    assert hope_question("Being trusted to decide") == "Would you enjoy being trusted to decide?"


def test_groups_follow_the_themes_hopes_and_the_channel_plan():
    campaign = _campaign()
    groups = plan_groups(campaign)
    assert {g.persona for g in groups} == {"parents"}, "the theme answers only the parents' hopes"
    assert {(g.channel, g.format) for g in groups} == {
        ("facebook", "facebook_feed"), *(("community_centre", f.key) for f in formats_for_channel("community_centre"))}
    everyone = plan_groups(campaign, addressed_only=False, channels=["linkedin"])
    assert {(g.persona, g.format) for g in everyone} == {("parents", "linkedin"), ("students", "linkedin")}


def _variant(**fields) -> Variant:
    return Variant(**{"key": "v", "theme": "t", "persona": "p", "channel": "facebook", "format": "facebook_feed",
                      "headline": "Hello", **fields})


def test_limits_warn_only_past_the_format_limit():
    assert length_warnings(_variant(headline="x" * 40, primary_text="y" * 125, description="z" * 30)) == []
    hooked = "Are you seen as a rebel at work?\n" + "More to read below the fold. " * 20
    assert length_warnings(_variant(primary_text=hooked)) == [], "a long text with its hook first is fine"
    warnings = length_warnings(_variant(headline="x" * 41, primary_text="y" * 126 + ". Then more."))
    assert [(w.field, w.length, w.limit.maximum) for w in warnings] == [("primary_text", 127, 125),  # with its "."
                                                                         ("headline", 41, 40)]
    assert "See more" in warnings[0].message and "opening sentence" in warnings[0].message
    talk = _variant(format="talk", primary_text="word " * 301)
    assert [(w.field, w.limit.unit) for w in length_warnings(talk)] == [("primary_text", "words")]
    assert length_warnings(_variant(format="talk", primary_text="word " * 300)) == []


def test_a_long_theme_headline_opens_the_text_and_the_field_keeps_its_short_form():
    long_theme = Theme(key="school-run", name="School run", questions=["Do you plan like a pro?"],
                       headline="Could your next job fit around the school run and the holidays?",
                       addresses=[Address(persona="parents", kind="hope", text="Hours that fit around school")])
    variants = generate(_campaign(themes=[long_theme]), ORG, [Group("school-run", "parents", "facebook",
                                                                    "facebook_feed")], Options(max_variants=2))
    assert variants and all(v.headline == "School run" for v in variants)
    assert all(v.primary_text.startswith(long_theme.headline + "\n\nDo you plan like a pro?") for v in variants)
    assert all(length_warnings(v) == [] for v in variants)


def test_select_distinct_picks_the_different_text_second():
    texts = ["kind caring team support people at home", "kind caring team support people at home today",
             "flexible shifts around lectures and exams"]
    vectors = TfidfVectorizer().fit_transform(texts)
    assert select_distinct(vectors, 2, diversity=0.9)[1] == 2
    assert sorted(select_distinct(vectors, 5)) == [0, 1, 2]
    relevance = [0.0, 1.0, 0.0]
    assert select_distinct(vectors, 1, diversity=0.5, relevance=relevance) == [1]


def test_the_cap_is_spread_over_groups_and_keys_are_unique_and_stable():
    campaign = _campaign()
    groups = plan_groups(campaign, addressed_only=False, channels=["facebook"])
    variants = generate(campaign, ORG, groups, Options(max_variants=4, landing_page="https://acme.example/jobs"))
    assert len(variants) == 4
    assert sorted(sum(v.persona == p for v in variants) for p in ("parents", "students")) == [2, 2]
    assert len({v.key for v in variants}) == 4 and variants[0].key == "school-run-facebook"
    assert all(len(v.key) <= 64 and f"utm_content={v.key}" in v.link for v in variants)
    again = generate(campaign.model_copy(update={"variants": variants}), ORG, groups,
                     Options(max_variants=6, ctas=("Chat to us first", "Learn more", "Apply now")))
    assert len(again) == 2, "only the call to action not yet used is new"
    assert not {v.key for v in again} & {v.key for v in variants}
    assert not {(v.headline, v.primary_text, v.cta) for v in again} & {(v.headline, v.primary_text, v.cta)
                                                                       for v in variants}


def test_long_keys_are_shortened_but_stay_unique():
    theme_key, persona_key = "t" * 60, "p" * 60
    campaign = _campaign(themes=[Theme(key=theme_key, name="T", headline="Could this be you?", questions=["Why?"])],
                         personas=[Persona(key=persona_key, name="P", hopes=["Steady pay"])])
    variants = generate(campaign, ORG, [Group(theme_key, persona_key, "community_centre", "leaflet")],
                        Options(max_variants=3, ctas=("Chat to us first", "Learn more", "Apply now")))
    assert len({v.key for v in variants}) == 3 and all(len(v.key) <= 64 for v in variants)


def test_options_reject_nonsense():
    with pytest.raises(ValueError, match="landing page"):
        Options(landing_page="acme.example/jobs")
    with pytest.raises(ValueError, match="at least one"):
        Options(max_variants=0)


def test_near_duplicates_are_flagged_within_a_channel():
    a = _variant(key="a", primary_text="Kind people wanted for a friendly team in Leeds")
    b = _variant(key="b", primary_text="Kind people wanted for a friendly team in Leeds!")
    c = _variant(key="c", headline="Studying?", primary_text="Shifts around your lectures and exams")
    d = _variant(key="d", channel="leaflets", primary_text=a.primary_text)
    assert near_duplicates([a, b, c, d]) == {"a": ["b"], "b": ["a"], "c": [], "d": []}


def test_checks_lint_block_facebook_until_dismissed_and_flag_past_headlines():
    rule = CustomRule(phrase="night owl", category="personal-attribute", why="Implies a sleep pattern.",
                      suggestion="Say the hours.")
    org = ORG.model_copy(update={"custom_rules": [rule]})
    risky = _variant(key="risky", headline="Are you a night owl?", primary_text="Night shifts in Leeds.")
    campaign = _campaign(variants=[risky, _variant(key="plain", headline="Could work fit the school run?")])
    past = _campaign(slug="autumn", name="Autumn", variants=[_variant(headline="Could work fit the SCHOOL run")])
    checks = check_variants(campaign, org, [past])
    assert [(f.field, f.text) for f in checks["risky"].facebook_blockers] == [("headline", "night owl")]
    assert checks["plain"].facebook_blockers == () and checks["plain"].past_headline == "Autumn"
    assert checks["risky"].past_headline is None
    dismissed = risky.model_copy(update={"dismissals": [Dismissal(rule=checks["risky"].findings[0].rule,
                                                                  text="Night Owl", reason="A shift name")]})
    findings = lint_variant(dismissed, org)
    assert facebook_blockers(dismissed, findings) == [] and findings[0].dismissed


def test_demo_variants_are_generated_and_match_the_results(tmp_path):
    store = Store(f"sqlite:///{tmp_path / 'demo.sqlite3'}")
    load_demo(store)
    for summary in store.campaigns():
        keys = {v.key for v in store.campaign(summary.slug).campaign.variants}
        assert {row.variant for row in store.results(summary.slug)} <= keys


def test_cli_generates_and_lists(sqlite_env):
    runner = CliRunner()
    assert runner.invoke(main, ["demo"]).exit_code == 0
    before = len(Store(sqlite_env).campaign("wellbeing-workers-wigan").campaign.variants)
    result = runner.invoke(main, ["variants", "generate", "wellbeing-workers-wigan", "--max", "12"])
    assert result.exit_code == 0, result.output
    assert "Added 12 variant(s)" in result.output
    listed = json.loads(runner.invoke(main, ["variants", "list", "wellbeing-workers-wigan", "--format", "json"]).output)
    assert len(listed) == before + 12
    assert all(row["spoken_code"] and "utm_campaign=wellbeing-workers-wigan" in row["link"] for row in listed)
    assert len({row["spoken_code"] for row in listed}) == len(listed)
    bad = runner.invoke(main, ["variants", "generate", "wellbeing-workers-wigan", "--theme", "nope"])
    assert bad.exit_code == 2 and "no theme nope" in bad.output


def test_missing_facts_explain_a_group_with_no_copy():
    from adverts.generate import missing_facts

    templates = templates_module.parse('[[headline]]\ntext = "{headline}"\n[[body]]\ntext = "{role_description}"\n')
    campaign = _campaign()  # no role description: no body can be written
    group = Group(theme="school-run", persona="parents", channel="facebook", format="facebook_feed")
    assert generate(campaign, ORG, [group], Options(), templates) == []
    assert missing_facts(campaign, ORG, group, templates) == ["the role description (question 1)"]
    written = _campaign(role=campaign.role.model_copy(update={"description": "Support older people at home."}))
    assert missing_facts(written, ORG, group, templates) == []
    assert generate(written, ORG, [group], Options(), templates)
