"""Behaviour of the linter: categories, exact vs near-miss, overlaps, offsets, org rules, bad input."""

from types import SimpleNamespace

import pytest

from adverts.lint import LintInputError, apply_dismissals, lint, rules_from_custom
from adverts.model import Dismissal
from planner.campaign import CustomRule


def rules_of(text):
    return [(f.rule, f.text) for f in lint(text)]


@pytest.mark.parametrize("text, category, flagged", [
    ("You will make a difference.", "wallpaper", "make a difference"),
    ("Be patient and kind.", "stereotype", "patient"),
    ("Previous care experience required.", "barrier", "Previous care experience required"),
    ("Support service users at home.", "jargon", "service users"),
    ("Struggling with debt? Apply today.", "personal-attribute", "Struggling with debt"),
])
def test_each_category(text, category, flagged):
    assert [(f.category, f.text) for f in lint(text)] == [(category, flagged)]


def test_every_finding_carries_id_why_and_suggestion():
    finding = lint("Team player wanted")[0]
    assert finding.rule == "team-player" and finding.why.endswith(".") and finding.suggestion


@pytest.mark.parametrize("text, match", [
    ("We make a real difference.", "exact"),
    ("Making a difference", "exact"),  # inflection and case are still exact
    ("We make such a huge difference.", "near-miss"),  # words in the gap
    ("a good sense of humor", "near-miss"),  # American spelling
    ("wheelchair bound", "exact"),
    ("passion for dementia care", "near-miss"),
    ("competitive hourly salary", "near-miss"),
    ("domicilary care", "exact"),  # listed common misspelling
    ("a rewarding carreer", "near-miss"),  # one-letter typo in a long word
])
def test_exact_and_near_miss_marking(text, match):
    findings = lint(text)
    assert len(findings) == 1 and findings[0].match == match, findings


def test_gaps_never_cross_negation_or_sentence_end():
    assert lint("Experience is not required.") == []
    assert lint("We make sure. Difference matters.") == []


def test_patient_adjective_versus_noun():
    assert rules_of("You are kind and patient.") == [("patient-adjective", "patient")]
    assert rules_of("You'll support patients and a patient's family.") == []
    assert rules_of("We will be patient with you while you learn.") == []
    assert rules_of("a patient person") == [("patient-adjective", "a patient person")]


def test_older_people_is_the_recommended_term_not_old_people():
    """The lemma of "older" is "old", so a phrase "old people" would flag the rule's own suggestion."""
    assert rules_of("Our team supports older people and older folks in Kendal.") == []
    assert rules_of("A busy old people's home.") == [("the-elderly", "old people")]
    assert rules_of("Many OLD FOLK live alone.") == [("the-elderly", "OLD FOLK")]


@pytest.mark.parametrize("text", [
    "Some of the people we visit feel lonely and isolated.",
    "We support adults living with depression and anxiety.",
    "Many people we support are in debt or out of work.",
])
def test_describing_the_people_supported_is_not_a_personal_attribute(text):
    assert lint(text) == []


@pytest.mark.parametrize("text, rule", [
    ("Feeling lonely? Join us.", "asks-health"),
    ("Out of work? Apply today.", "asks-finances"),
    ("Are you over 55 and looking for something new?", "asks-age"),
])
def test_asking_the_reader_is_a_personal_attribute(text, rule):
    assert [f.rule for f in lint(text)] == [rule]


@pytest.mark.parametrize("text, flagged", [
    ("A full UK driving licence.", True),
    ("Full UK driving licence desirable.", False),
    ("Don't have a full UK driving licence? Walking rounds too.", False),
    ("We'll pay for lessons towards your full UK driving licence.", False),
])
def test_driving_licence_only_as_a_requirement(text, flagged):
    assert ("driver-only" in {f.rule for f in lint(text)}) is flagged


@pytest.mark.parametrize("text, flagged", [
    ("2 years' experience", "2 years' experience"),
    ("at least six months experience in care", "at least six months experience"),
    ("3+ yrs experience", "3+ yrs experience"),
    ("Experience of at least 2 years", "Experience of at least 2 years"),
])
def test_number_patterns(text, flagged):
    assert [(f.rule, f.text) for f in lint(text)] == [("years-experience", flagged)]


def test_employer_experience_is_not_a_barrier():
    assert lint("We have over 20 years' experience.") == []


def test_overlaps_resolve_to_longest():
    assert rules_of("Join our friendly team today") == [("join-our-team", "Join our friendly team")]
    assert rules_of("We offer excellent benefits package") == [("competitive-salary", "excellent benefits package")]


def test_near_misses_are_not_sought_inside_an_exact_match():
    """An exact match already explains its words; a gapped near-miss around them would only compete."""
    text = "Join our friendly and supportive team today"
    assert rules_of(text) == [("friendly-supportive-team", "friendly and supportive team")]


def test_offsets_map_back_to_text_exactly():
    text = "Intro 😀 line.\r\nAre you retired?  Make a REAL difference — wheelchair-bound\tDBS"
    findings = lint(text)
    assert len(findings) == 4
    for f in findings:
        assert text[f.start:f.end] == f.text


def test_custom_rules_and_allow_list():
    custom = [CustomRule(phrase="care heroes wanted", category="wallpaper", why="Ours.", suggestion="Say it.")]
    extra = rules_from_custom(custom)
    found = lint("Care Heroes Wanted now", extra_rules=extra)
    assert [(f.rule, f.why, f.match) for f in found] == [("org-care-heroes-wanted", "Ours.", "exact")]
    assert lint("Support service users", allow_list=["service user"]) == []
    assert lint("Support service users", allow_list=["service-users"]) == []  # a rule id
    assert len(lint("Support service users", allow_list=["something else"])) == 1


def test_dismissals_filter_by_rule_and_text():
    findings = lint("Team player. Make a difference.")
    kept = apply_dismissals(findings, [Dismissal(rule="team-player", text="team PLAYER", reason="quote")])
    assert [f.rule for f in kept] == ["make-a-difference"]
    other = SimpleNamespace(rule="make-a-difference", text="something else", reason="x")
    assert len(apply_dismissals(findings, [other])) == 2


def test_empty_and_whitespace_input():
    assert lint("") == [] and lint(" \n\t ") == []


def test_one_megabyte_of_text():
    text = ("Make a difference with us. Plain words here about the job and pay. " * 16000)[:1_048_576]
    findings = lint(text)
    assert len(findings) > 10_000 and all(text[f.start:f.end] == f.text for f in findings[:50])


def test_text_over_the_limit_is_a_clear_error():
    with pytest.raises(LintInputError, match="limit"):
        lint("a" * 5_000_001)


def test_non_latin_scripts_and_emoji():
    assert lint("براہ کرم درخواست دیں 😀 مرحبا بكم Zapraszamy do pracy, żółw") == []
    findings = lint("Zapraszamy! 🙌 Make a difference, شکریہ")
    assert [f.text for f in findings] == ["Make a difference"]


def test_rejects_bytes():
    with pytest.raises(TypeError):
        lint(b"Make a difference")
