"""Words that only share a lemma (NORM) or a spelling with a rule's word must not fire it.

The lookup lemmatizer maps "does" to "doe", so the `competitive-salary` rule's "DOE" flagged "Does the job
include...?". Acronyms now match only when written as acronyms; these tests hunt such collisions
systematically (every word the lemma table files under an acronym's lemma) and over clean prose.
"""

from pathlib import Path

import pytest
import srsly
from spacy_lookups_data import get_file

from adverts.lint import default_rules, lint
from adverts.lint.pipeline import lemma

PROSE = (Path(__file__).parent / "data/lint/clean_prose.txt").read_text("utf-8")
TABLE: dict[str, str] = srsly.read_gzip_json(get_file("en_lemma_lookup.json.gz"))
ACRONYMS = sorted({(rule.id, phrase) for rule in default_rules() for phrase in rule.phrases
                   if " " not in phrase and sum(c.isupper() for c in phrase) >= 2})


def rule_ids(text):
    return {f.rule for f in lint(text)}


def test_does_is_not_doe():
    assert "competitive-salary" not in rule_ids("Does the job include travel? It does, and nobody does it alone.")
    assert "competitive-salary" in rule_ids("Salary DOE.")


@pytest.mark.parametrize("text, rule", [
    ("Call Abi on 0113 496 0000.", "care-sector-acronyms"),
    ("Hang the washing with a peg.", "care-sector-acronyms"),
    ("A doe crossed the field.", "competitive-salary"),
    ("Peg runs the office.", "care-sector-acronyms"),
    ("Starts 3 Mar 2025.", "mar-chart"),
])
def test_names_and_words_spelled_like_acronyms_are_clean(text, rule):
    assert rule not in rule_ids(text)


def test_the_acronyms_themselves_still_match():
    assert {"care-sector-acronyms", "dbs"} <= rule_ids("Experience with PEG feeding, ABI and an enhanced DBS.")


def test_acronym_list_is_found():
    assert ("competitive-salary", "DOE") in ACRONYMS and len(ACRONYMS) >= 20


@pytest.mark.parametrize("rule, acronym", ACRONYMS, ids=[a for _, a in ACRONYMS])
def test_words_sharing_an_acronyms_lemma_do_not_fire_it(rule, acronym):
    norm = lemma(acronym)
    others = {word for word, base in TABLE.items()  # "OAP's" is the acronym itself, so not a collision
              if base.lower() == norm and word.lower() != acronym.lower() and not word.startswith(acronym)}
    others |= {acronym.lower(), acronym.title()} - {acronym}
    fired = {word for word in others if rule in rule_ids(f"Then {word} came up.")}
    assert not fired
    assert rule in rule_ids(f"Then {acronym} came up.")


def test_clean_prose_fires_nothing():
    """A few thousand words of ordinary prose (written for this test, avoiding the rules' own phrases)."""
    assert len(PROSE.split()) >= 2500
    assert [(f.rule, f.text) for f in lint(PROSE)] == []
