"""Recall and precision of the bundled rules over labelled adverts (tests/data/lint).

Two sets: labelled_adverts.toml, which the rules were tuned on, and heldout_adverts.toml, written
before reading the rules, to show how they hold on adverts they have never seen.
"""

import tomllib
from pathlib import Path

import pytest

from adverts.lint import lint

DATA_DIR = Path(__file__).parent / "data/lint"
SETS = {name: tomllib.loads((DATA_DIR / f"{name}_adverts.toml").read_text("utf-8"))["advert"]
        for name in ("labelled", "heldout")}
ALL_ADVERTS = [(name, advert) for name, adverts in SETS.items() for advert in adverts]


def _locate(text: str, passage: str) -> tuple[int, int]:
    start = text.lower().find(passage.lower())
    assert start >= 0, f"labelled passage {passage!r} not in advert {text[:40]!r}"
    return start, start + len(passage)


def _overlaps(finding, span) -> bool:
    return finding.start < span[1] and span[0] < finding.end


def _score(adverts):
    expected = hits = findings_total = correct = 0
    misses, false_alarms = [], []
    for advert in adverts:
        text = advert["text"]
        findings = lint(text)
        labels = [(label, _locate(text, passage)) for label, passage in advert["expect"]]
        for label, span in labels:
            expected += 1
            if any(_overlaps(f, span) and label in (f.category, f.rule) for f in findings):
                hits += 1
            else:
                misses.append((label, text[span[0]:span[1]]))
        for f in findings:
            findings_total += 1
            if any(_overlaps(f, span) and label in (f.category, f.rule) for label, span in labels):
                correct += 1
            else:
                false_alarms.append((f.rule, f.text))
    return hits / expected, correct / findings_total, misses, false_alarms


@pytest.mark.parametrize("name", SETS)
def test_labelled_set_is_big_enough(name):
    assert len(SETS[name]) >= 40
    assert sum(len(a["expect"]) for a in SETS[name]) >= 100


@pytest.mark.parametrize("name", SETS)
def test_recall_and_precision_above_95_percent(name):
    recall, precision, misses, false_alarms = _score(SETS[name])
    print(f"\n{name} adverts: {len(SETS[name])}  recall {recall:.1%}  precision {precision:.1%}")
    print("missed:", misses)
    print("false alarms:", false_alarms)
    assert recall > 0.95, misses
    assert precision > 0.95, false_alarms


@pytest.mark.parametrize("advert", [a for _, a in ALL_ADVERTS if a.get("clean")], ids=lambda a: a["text"][:30])
def test_clean_passages_stay_unflagged(advert):
    findings = lint(advert["text"])
    for passage in advert["clean"]:
        span = _locate(advert["text"], passage)
        assert not [f for f in findings if _overlaps(f, span)], passage
