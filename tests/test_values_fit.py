"""Values fit: known texts show the values they should, with the words as evidence."""

from __future__ import annotations

from adverts.model import Variant
from adverts.values_fit import theme_rollup, values_fit
from planner.campaign import Value

VALUES = [
    Value(name="Compassion", description="Great relationships built on respect and kindness.",
          words=["kind", "respect", "warm"]),
    Value(name="Curiosity", description="Learning continuously and asking questions.",
          words=["learn", "question", "curious"]),
    Value(name="Collaboration", description="Working closely with the person and their family.",
          words=["together", "with", "family", "whole team"]),
]


def _variant(key: str, theme: str, text: str) -> Variant:
    return Variant(key=key, theme=theme, persona="p", channel="facebook", format="facebook_feed",
                   headline=text.split(".")[0], primary_text=text)


KIND = _variant("kind", "warmth", "Kind, warm people wanted. Everyone here respects your choices.")
CURIOUS = _variant("curious", "learning", "Keep learning. Ask questions and stay curious every day.")
TEAM = _variant("team", "warmth", "Plan the week together with the whole team and the family.")
PLAIN = _variant("plain", "learning", "Shifts from 9 to 3. Pay is 12 pounds an hour.")


def test_each_text_shows_the_value_it_is_about_with_evidence_as_written():
    fits = values_fit([KIND, CURIOUS, TEAM, PLAIN], VALUES, wanted=["Compassion", "Curiosity"])
    top = {key: max(fit.scores, key=lambda s: s.score).value for key, fit in fits.items() if key != "plain"}
    assert top == {"kind": "Compassion", "curious": "Curiosity", "team": "Collaboration"}
    compassion = fits["kind"].scores[0]
    assert compassion.shows and compassion.level == "clear"
    assert {"kind", "warm", "respects"} <= set(compassion.evidence)
    curiosity = fits["curious"].scores[1]
    assert {"learning", "questions", "curious"} <= set(curiosity.evidence)
    assert "whole team" in fits["team"].scores[2].evidence
    assert "with" not in fits["team"].scores[2].evidence, "stop words are no evidence"


def test_missed_values_are_named_and_wanted_values_come_first():
    fits = values_fit([KIND, PLAIN], VALUES, wanted=["Compassion", "Curiosity"])
    assert fits["kind"].missed == ["Curiosity"]
    assert fits["plain"].missed == ["Compassion", "Curiosity"]
    assert all(not s.shows for s in fits["plain"].scores)
    everyone = values_fit([PLAIN], VALUES)
    assert everyone["plain"].missed == ["Compassion", "Curiosity", "Collaboration"]


def test_rollup_per_theme_counts_variants_showing_each_value():
    variants = [KIND, CURIOUS, TEAM, PLAIN]
    rollup = {(r.theme, r.value): r for r in theme_rollup(variants, values_fit(variants, VALUES))}
    assert (rollup[("warmth", "Compassion")].showing, rollup[("warmth", "Compassion")].variants) == (1, 2)
    assert rollup[("warmth", "Collaboration")].showing == 1
    assert rollup[("learning", "Compassion")].missed
    assert not rollup[("learning", "Curiosity")].missed
    assert "curious" in rollup[("learning", "Curiosity")].evidence


def test_no_values_gives_an_empty_guide():
    fits = values_fit([KIND], [])
    assert fits["kind"].scores == () and fits["kind"].missed == []
    assert theme_rollup([KIND], fits) == []


def test_stop_words_are_never_evidence_even_when_listed_as_a_value_word():
    learning = Value(name="Learning", description="Learning first, then growing in the role.",
                     words=["learn", "first"])
    trust = Value(name="Trust", description="Trusting people to decide.", words=["own", "plan", "support"])
    chat = _variant("chat", "t", "Chat to us first. You own your rota, plan your week and support each other.")
    fits = values_fit([chat], [learning, trust])
    learning_score, trust_score = fits["chat"].scores
    assert "first" not in learning_score.evidence and not learning_score.shows
    assert learning_score.level == "not shown"
    assert "own" not in trust_score.evidence and set(trust_score.evidence) == {"plan", "support"}
    assert trust_score.level == "some", "two everyday words are a prompt, not a clear showing"


def test_shown_only_on_evidence_the_reviewer_can_see():
    fits = values_fit([KIND, CURIOUS, TEAM, PLAIN], VALUES)
    for fit in fits.values():
        for score in fit.scores:
            assert score.shows == bool(score.evidence)
            assert (score.level == "not shown") == (not score.evidence)
