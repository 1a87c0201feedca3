"""Recall and precision of the bundled rules over labelled adverts (tests/data/lint)."""

import tomllib
from pathlib import Path

import pytest

from adverts.lint import lint

DATA = tomllib.loads((Path(__file__).parent / "data/lint/labelled_adverts.toml").read_text("utf-8"))
ADVERTS = DATA["advert"]


def _locate(text: str, passage: str) -> tuple[int, int]:
    start = text.lower().find(passage.lower())
    assert start >= 0, f"labelled passage {passage!r} not in advert {text[:40]!r}"
    return start, start + len(passage)


def _overlaps(finding, span) -> bool:
    return finding.start < span[1] and span[0] < finding.end


def _score():
    expected = hits = findings_total = correct = 0
    misses, false_alarms = [], []
    for advert in ADVERTS:
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


def test_labelled_set_is_big_enough():
    assert len(ADVERTS) >= 40
    assert sum(len(a["expect"]) for a in ADVERTS) >= 100


def test_recall_and_precision_above_95_percent():
    recall, precision, misses, false_alarms = _score()
    print(f"\nlabelled adverts: {len(ADVERTS)}  recall {recall:.1%}  precision {precision:.1%}")
    print("missed:", misses)
    print("false alarms:", false_alarms)
    assert recall > 0.95, misses
    assert precision > 0.95, false_alarms


@pytest.mark.parametrize("advert", [a for a in ADVERTS if a.get("clean")], ids=lambda a: a["text"][:30])
def test_clean_passages_stay_unflagged(advert):
    findings = lint(advert["text"])
    for passage in advert["clean"]:
        span = _locate(advert["text"], passage)
        assert not [f for f in findings if _overlaps(f, span)], passage
