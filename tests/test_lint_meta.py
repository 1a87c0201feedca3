"""The Meta gate (issue 15): every personal attribute in Meta's policy, in every form copy uses to say
the reader has it; what is not a finding; near-misses, context and coded wording.

The examples follow the forms of Meta's own policy examples (Meta Business Help Centre, "About
Meta's personal attributes advertising policy": a question about the attribute, an ad that "implies
knowledge" of it, "people like you who ..."), written for care adverts; none is copied from the
labelled sets.
"""

from __future__ import annotations

import pytest

from adverts.lint import default_rules, lint

META_RULES = {
    "age": "asks-age", "religion or belief": "asks-religion", "race, ethnicity or national origin":
    "asks-ethnicity-origin", "disability or health": "asks-health", "financial status": "asks-finances",
    "criminal record": "asks-criminal-record", "sexual orientation or gender identity": "asks-sexuality-gender",
    "trade union membership": "asks-union", "marital or family status": "asks-family-status",
}
"""Meta's attributes as the issue lists them -> the rule that covers each."""

FORMS = [  # (attribute, text, the phrase a finding must cover)
    # a bare question
    ("age", "Over 65? Our Thursday lunch club needs drivers.", "Over 65?"),
    ("religion or belief", "Sikh? Come and cook for our langar-style lunch club.", "Sikh?"),
    ("race, ethnicity or national origin", "Nigerian? Ghanaian? We're hiring in Croydon.", "Nigerian?"),
    ("disability or health", "Epileptic? You can still be a great carer.", "Epileptic?"),
    ("financial status", "Unemployed? Start on Monday.", "Unemployed?"),
    ("criminal record", "Got a conviction? Talk to us.", "Got a conviction?"),
    ("sexual orientation or gender identity", "Lesbian? Our Pride network wants you.", "Lesbian?"),
    ("trade union membership", "GMB member? Our rates beat the county's.", "GMB member?"),
    ("marital or family status", "Divorced? A live-in role could be your next chapter.", "Divorced?"),
    # a direct "you are"
    ("age", "You're a pensioner with time on your hands.", "You're a pensioner"),
    ("religion or belief", "You are a Catholic who wants to serve.", "You are a Catholic"),
    ("disability or health", "You're autistic and you notice what others miss.", "You're autistic"),
    ("financial status", "You are on Universal Credit and want more hours.", "You are on Universal Credit"),
    ("marital or family status", "You're a lone parent and need hours that fit.", "You're a lone parent"),
    # a condition
    ("criminal record", "If you've got a criminal record, we still want to hear from you.", "a criminal record"),
    ("sexual orientation or gender identity", "If you're bisexual, you'll be welcome here.", "bisexual"),
    ("trade union membership", "If you're in a union, bring your rep to interview.", "in a union"),
    ("race, ethnicity or national origin", "If you are a refugee, we help with paperwork.", "a refugee"),
    # an invitation to a group
    ("age", "Calling all retirees: flexible shifts in Selby.", "Calling all retirees"),
    ("religion or belief", "Calling all Hindus: Diwali shifts are paid double.", "Calling all Hindus"),
    ("disability or health", "Wheelchair users welcome to apply for the office role.", "Wheelchair users welcome"),
    ("financial status", "Anyone in debt, this could help.", "Anyone in debt"),
    # a job said to suit a group
    ("age", "Ideal for pensioners wanting a few hours.", "Ideal for pensioners"),
    ("marital or family status", "Perfect for a single mother.", "Perfect for a single mother"),
    ("sexual orientation or gender identity", "Ideal job for a trans man.", "Ideal job for a trans man"),
]


def _covering(text: str, phrase: str):
    start = text.index(phrase)
    return [f for f in lint(text) if f.start < start + len(phrase) and start < f.end]


@pytest.mark.parametrize("attribute, text, phrase", FORMS, ids=[f"{a}: {t[:25]}" for a, t, _ in FORMS])
def test_every_form_of_every_attribute_is_flagged_by_its_rule(attribute, text, phrase):
    assert [f.rule for f in _covering(text, phrase)] == [META_RULES[attribute]]


def test_every_meta_attribute_has_a_rule_that_names_it_says_why_and_suggests_an_open_form():
    rules = {rule.id: rule for rule in default_rules()}
    for attribute, rule_id in META_RULES.items():
        rule = rules[rule_id]
        assert rule.category == "personal-attribute"
        assert "Meta rejects" in rule.why
        first = attribute.split(",")[0].split(" or ")[0]
        assert first in rule.why.lower() or first.split()[0] in rule.why.lower(), (rule_id, rule.why)
    assert len(set(META_RULES.values())) == len(META_RULES) == 9
    assert rules["asks-age"].suggestions[0].startswith("Whatever your age")
    assert "People from every faith" in rules["asks-religion"].suggestions[0]


@pytest.mark.parametrize("text", [
    "Many of our team are retired, and some have grandchildren at the school next door.",  # the organisation
    "We support older people, Muslim and Christian families, and adults on benefits.",  # people supported
    "Whether you are 18 or 80, there's a place for you.",  # an open invitation
    "We welcome applicants of all ages, faiths and backgrounds.",
    "We are a Disability Confident employer and a Stonewall Diversity Champion.",  # employer schemes
    "We recognise UNISON, and a criminal record does not automatically rule anyone out.",
    "A retired miner, Stan loves his allotment.",
])
def test_statements_about_the_organisation_its_people_and_open_invitations_are_not_findings(text):
    assert [f for f in lint(text) if f.category == "personal-attribute"] == []


@pytest.mark.parametrize("text, rule", [
    ("make-a-difference", "make-a-difference"),
    ("Make-A-Real-Difference", "make-a-difference"),
    ("You could make a diffrence.", "make-a-difference"),  # a letter dropped in the anchor word
    ("You could make a diference.", "make-a-difference"),
    ("You could make a differnece.", "make-a-difference"),  # two letters swapped in the anchor word
    ("Passionte about people?", "passion-for-care"),  # a typo in another word, as before
    ("Domicilairy carers wanted", "domiciliary"),  # a one-word phrase
])
def test_near_misses_as_the_readme_promises(text, rule):
    assert [f.match for f in lint(text) if f.rule == rule] == ["near-miss"]


def test_a_real_word_one_letter_from_an_anchor_is_not_a_typo():
    """'experience' is a letter from 'experienced'; only non-words count as typos."""
    assert "make-a-difference" not in {f.rule for f in lint("You could make a different choice.")}


def test_a_phrase_broken_across_a_line_is_found_but_not_across_a_blank_line_or_a_bullet():
    assert [f.rule for f in lint("Come and make a\ndifference in Ripon")] == ["make-a-difference"]
    assert lint("Come and make a\n\ndifference in Ripon") == []
    assert "make-a-difference" not in {f.rule for f in lint("✅ make a\n✅ difference")}


@pytest.mark.parametrize("text, flagged", [
    ("We won't tell you this job will 'make a difference'.", False),
    ("We never say “like a family” here.", False),
    ("Our carers say the job lets them ‘make a difference’.", True),  # quoted, not rejected
    ("We won't stop there. You'll 'make a difference' too.", True),  # the rejection is another sentence
])
def test_a_phrase_quoted_in_order_to_reject_it_is_not_flagged(text, flagged):
    assert bool([f for f in lint(text) if f.category == "wallpaper"]) is flagged


@pytest.mark.parametrize("text, flagged", [
    ("Domiciliary care (helping people in their own homes) in Leeds.", False),
    ("Reablement - short-term help after hospital - is what we do.", False),
    ("Some shifts are waking nights, which means you stay awake and are paid for every hour.", False),
    ("You'll give personal care, that's helping someone wash and dress.", False),
    ("Domiciliary care in Leeds.", True),
    ("Enhanced DBS (or willingness to obtain) required.", True),  # brackets that are no explanation
    ("CQC-registered and rated Good.", False),  # the organisation's registration and rating
    ("Rated Outstanding by the CQC.", False),
    ("You must understand CQC standards.", True),
])
def test_explained_jargon_and_organisation_facts_are_not_jargon(text, flagged):
    assert bool([f for f in lint(text) if f.category == "jargon"]) is flagged


@pytest.mark.parametrize("text, rule", [
    ("We want someone full of energy.", "age-coded"),
    ("Join a young and dynamic team.", "age-coded"),
    ("Digital natives will love our app.", "age-coded"),
    ("A motherly presence for our residents.", "gender-coded"),
    ("We need strong men for lifting.", "gender-coded"),
    ("A dominant personality who leads from the front.", "gender-coded"),
])
def test_age_and_gender_coded_wording_is_a_stereotype_finding_that_cites_its_source(text, rule):
    [finding] = [f for f in lint(text) if f.rule == rule]
    assert finding.category == "stereotype"
    assert "Burn" in finding.why or "Gaucher" in finding.why


@pytest.mark.parametrize("text", [
    "Some residents can be aggressive when they are frightened.",  # describing behaviour, not the reader
    "Our older residents love the energy of the new garden.",
])
def test_coded_words_describing_others_are_not_findings(text):
    assert [f for f in lint(text) if f.rule in ("age-coded", "gender-coded")] == []
