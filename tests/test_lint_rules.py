"""The rules data file: size, completeness, and clear validation errors."""

import pytest

from adverts.lint import Linter, RuleError, default_rules, load_rules, parse_rules
from adverts.lint.rules import CATEGORIES

GOOD = '''
[[rule]]
id = "ok"
category = "wallpaper"
why = "Because."
suggestions = ["Better."]
phrases = ["fine phrase"]
'''


def test_bundled_rules_cover_every_category_with_several_hundred_phrases():
    rules = default_rules()
    assert {r.category for r in rules} == set(CATEGORIES)
    assert sum(len(r.phrases) for r in rules) >= 300
    assert all(r.id and r.why and r.suggestions and (r.phrases or r.patterns or r.reader) for r in rules)
    assert len({r.id for r in rules}) == len(rules)


@pytest.mark.parametrize("change, message", [
    (('category = "wallpaper"', 'category = "fluff"'), "category"),
    (('why = "Because."', 'why = ""'), "why"),
    (('suggestions = ["Better."]', 'suggestions = []'), "suggestion"),
    (('phrases = ["fine phrase"]', 'phrases = "fine phrase"'), "phrases"),
    (('id = "ok"', 'id = "Not OK"'), "id"),
    (('phrases = ["fine phrase"]', 'phrases = ["x"]\nwhy_not = 1'), "unknown key"),
    (('phrases = ["fine phrase"]', 'patterns = [[{NOPE = "x"}]]'), "invalid token pattern"),
    (('phrases = ["fine phrase"]', 'phrases = ["x"]\ninflect = "no"'), "inflect"),
    (('[[rule]]', '[[rule'), "not valid TOML"),
])
def test_invalid_rules_name_the_rule_and_line(change, message):
    with pytest.raises(RuleError, match=message) as info:
        parse_rules(GOOD.replace(*change), "mine.toml")
    assert "mine.toml" in str(info.value)
    if message != "not valid TOML":
        assert "mine.toml:2" in str(info.value)


def test_duplicate_ids_are_rejected():
    with pytest.raises(RuleError, match="duplicate"):
        parse_rules(GOOD + GOOD)


def test_pattern_values_are_lemmatised_and_lemma_means_norm():
    rule = parse_rules(GOOD.replace('phrases = ["fine phrase"]', 'patterns = [[{LEMMA = "Making"}]]'))[0]
    assert rule.token_patterns() == [[{"NORM": "make"}]]


def test_load_rules_reports_unreadable_files(tmp_path):
    with pytest.raises(RuleError, match="cannot read"):
        load_rules(tmp_path / "missing.toml")
    bad = tmp_path / "bad.toml"
    bad.write_bytes(b"\xff\xfe\x00")
    with pytest.raises(RuleError, match="cannot read"):
        load_rules(bad)


def _flagged(rules_toml: str, text: str) -> list[tuple[str, str]]:
    return [(f.text, f.match) for f in Linter(parse_rules(rules_toml))(text)]


def test_a_number_in_a_phrase_matches_any_number_written_either_way():
    rules = GOOD.replace('"fine phrase"', '"level 2 diploma essential"')
    assert _flagged(rules, "Level 3 Diploma essential.") == [("Level 3 Diploma essential", "exact")]
    assert _flagged(rules, "A level three diploma is essential.") == [("level three diploma is essential", "near-miss")]
    assert _flagged(rules, "Level diploma essential.") == []


def test_inflect_false_matches_only_the_written_forms_with_no_near_misses():
    rules = GOOD.replace('phrases = ["fine phrase"]', 'phrases = ["old people", "patient"]\ninflect = false')
    assert _flagged(rules, "Old People and a Patient.") == [("Old People", "exact"), ("Patient", "exact")]
    assert _flagged(rules, "Older people, patients, old kind people.") == []
    loose = GOOD.replace('"fine phrase"', '"old people"')
    assert _flagged(loose, "Older people.") == [("Older people", "exact")]  # the lemma of "older" is "old"
