"""An organisation's own linter rules and allow-list: validation, learned rules, linting with them."""

from __future__ import annotations

import math

import pytest

from adverts.lint import RuleError, lint
from adverts.lint.readability import band
from adverts.org_rules import (
    allow_list_from_lines,
    custom_rule,
    custom_rules_from_rows,
    flagged,
    learned_rule,
    lint_for,
    with_rules,
)
from planner.campaign import CustomRule, Organisation

ORG = Organisation(slug="acme", name="Acme Care")


def test_rows_become_trimmed_rules_and_blank_rows_are_skipped():
    rules = custom_rules_from_rows([
        {"phrase": "  biscuit   tin ", "category": "wallpaper", "why": " Nobody knows ", "suggestion": None},
        {"phrase": math.nan, "category": None, "why": math.nan, "suggestion": ""},  # a row added and left empty
    ])
    assert rules == [CustomRule(phrase="biscuit tin", category="wallpaper", why="Nobody knows", suggestion="")]


@pytest.mark.parametrize(("rows", "message"), [
    ([{"phrase": "", "why": "x"}], "Row 1: the phrase is empty"),
    ([{"phrase": "?!", "category": "wallpaper"}], "Row 1: '?!' has no words"),
    ([{"phrase": "ok"}, {"phrase": "cake rota", "category": "gossip"}], "Row 2: unknown category 'gossip'"),
    ([{"phrase": "Team player"}, {"phrase": "team-player"}], "Row 2: 'team-player' is the same rule as row 1"),
    ([{"phrase": "word " * 40}], "Row 1: the phrase is 199 characters"),
])
def test_bad_rows_are_refused_naming_the_row(rows, message):
    with pytest.raises(RuleError, match="^" + message.replace("?", r"\?")):
        custom_rules_from_rows(rows)


def test_allow_list_entries_are_trimmed_without_repeats():
    assert allow_list_from_lines(["Make a difference", "", "  make  a difference ", "team-player"]) == [
        "Make a difference", "team-player"]


def test_organisation_rules_and_allow_list_apply():
    text = "Join our biscuit tin club and make a difference."
    assert [f.rule for f in lint(text)] == ["make-a-difference"]
    organisation = ORG.model_copy(update={"custom_rules": [custom_rule("biscuit tin", "jargon", "Why", "Try")],
                                          "allow_list": ["make-a-difference"]})
    assert [(f.rule, f.text, f.category) for f in lint_for(text, organisation)] == [
        ("org-biscuit-tin", "biscuit tin", "jargon")]
    assert flagged("make a difference", organisation), "allowed, but still a rule"
    assert not flagged("cake rota", organisation)


def test_learned_rules_are_added_once():
    organisation, added = with_rules(ORG, [learned_rule("biscuit tin", 4), learned_rule("Biscuit-tin", 3)])
    assert [r.phrase for r in added] == ["biscuit tin"] and "4 different employers" in added[0].why
    again, added = with_rules(organisation, [learned_rule("biscuit tin", 5)])
    assert not added and again.custom_rules == organisation.custom_rules


@pytest.mark.parametrize(("score", "name"), [(95, "very easy"), (65, "plain English"), (60, "plain English"),
                                             (59.9, "fairly hard"), (10, "very hard"), (-20, "very hard")])
def test_reading_ease_bands(score, name):
    assert band(score) == name
