"""Matcher set predicates compiled to lexeme flags: same matches as spaCy's own IN/NOT_IN."""

import pytest
from spacy.matcher import Matcher

from adverts.lint.flags import compile_pattern
from adverts.lint.pipeline import nlp

PATTERNS = [
    [{"LOWER": {"IN": ["at", "a"]}, "OP": "?"}, {"LIKE_NUM": True}, {"NORM": {"IN": ["year", "month"]}},
     {"IS_SPACE": False, "ORTH": {"NOT_IN": [".", "!"]}, "NORM": {"NOT_IN": ["not", "will"]}, "OP": "{0,2}"},
     {"NORM": "experience"}],
    [{"TEXT": {"IN": ["NVQ", "QCF"]}}, {"LOWER": {"NOT_IN": ["not", "no"]}, "OP": "*"}, {"LOWER": "essential"}],
    [{"NORM": {"IN": ["will", "shall"]}}, {"NORM": "not"}, {"LOWER": "apply"}],
]
TEXTS = [
    "You need at least 2 years' experience.",
    "A 3 month paid experience.",
    "Five years won't experience it.",
    "Please won't apply, shall not apply.",  # "wo" in "won't" has the token NORM "will"
    "2 years. Experience",
    "NVQ not essential, QCF really essential, nvq essential",
    "",
]


def _matches(patterns, text):
    matcher = Matcher(nlp().vocab, validate=False)
    matcher.add("rule", patterns)
    return sorted((start, end) for _, start, end in matcher(nlp().make_doc(text)))


@pytest.mark.parametrize("text", TEXTS)
def test_compiled_patterns_match_exactly_what_the_originals_match(text):
    compiled = [compile_pattern(p) for p in PATTERNS]
    assert _matches(compiled, text) == _matches(PATTERNS, text)


def test_set_predicates_become_flags_and_identical_sets_share_one():
    first, second = compile_pattern(PATTERNS[0]), compile_pattern(PATTERNS[0])
    assert first == second
    assert not any(isinstance(value, dict) for token in first for value in token.values())
    assert {key for token in first for key in token if key.startswith("FLAG")}
    assert first[1] == {"LIKE_NUM": True} and first[-1] == {"NORM": "experience"}


def test_what_a_flag_cannot_express_stays_as_written():
    pattern = [{"LOWER": {"REGEX": "^nv"}}, {"LENGTH": {">=": 3}}, {"NORM": {"IN": ["a", 1]}}]
    assert compile_pattern(pattern) == pattern
