"""Flesch reading ease and the longest sentences, computed offline from spaCy tokens and pyphen.

textstat fetches a dictionary at first use and fails offline, so we count syllables with
pyphen's hyphenation patterns (hyphenation points + 1). Hyphenation never splits some short
words ("caring", "people"), so we take the larger of that and a vowel-group count.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import pyphen

from adverts.lint.pipeline import MAX_CHARS, nlp


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str
    words: int


@dataclass(frozen=True)
class Readability:
    """Flesch reading ease (higher is easier; 60-70 is plain English) and its inputs."""

    flesch: float | None  # None when the text has no words
    sentences: int
    words: int
    syllables: int
    longest: tuple[Sentence, ...]


@lru_cache(maxsize=1)
def _hyphenator() -> pyphen.Pyphen:
    return pyphen.Pyphen(lang="en_GB")


_VOWEL_GROUPS = re.compile(r"[aeiouy]+")


def syllables(word: str) -> int:
    """Syllables in one word: pyphen's count, or the vowel groups if that is more."""
    word = word.lower()
    groups = len(_VOWEL_GROUPS.findall(word))
    if word.endswith("e") and not word.endswith(("le", "ee")) and groups > 1:
        groups -= 1  # silent final e: "care", "make"
    return max(len(_hyphenator().positions(word)) + 1, groups, 1)


def readability(text: str, longest: int = 3) -> Readability:
    """Flesch = 206.835 - 1.015 * words/sentences - 84.6 * syllables/words.

    Words are tokens containing a letter (numbers and punctuation are skipped)."""
    if len(text) > MAX_CHARS:
        raise ValueError(f"text is {len(text):,} characters; the limit is {MAX_CHARS:,}")
    doc = nlp()(text)
    sentences, total_words, total_syllables = [], 0, 0
    for sent in doc.sents:
        words = [t.text for t in sent if any(c.isalpha() for c in t.text)]
        if not words:
            continue
        total_words += len(words)
        total_syllables += sum(syllables(w) for w in words)
        stripped = sent.text.strip()
        offset = sent.start_char + len(sent.text) - len(sent.text.lstrip())
        sentences.append(Sentence(offset, offset + len(stripped), stripped, len(words)))
    if not total_words:
        return Readability(None, 0, 0, 0, ())
    score = (206.835 - 1.015 * total_words / len(sentences)
             - 84.6 * total_syllables / total_words)
    top = sorted(sentences, key=lambda s: (-s.words, s.start))[:longest]
    return Readability(round(score, 1), len(sentences), total_words, total_syllables, tuple(top))


#: Flesch reading ease bands, from the easiest; 60 and above is plain English most adults read easily.
BANDS = ((90.0, "very easy"), (80.0, "easy"), (70.0, "fairly easy"), (60.0, "plain English"),
         (50.0, "fairly hard"), (30.0, "hard"))
PLAIN_ENGLISH = 60.0


def band(flesch: float) -> str:
    """The plain-words name of a Flesch reading-ease score, e.g. 65 -> 'plain English'."""
    return next((name for floor, name in BANDS if flesch >= floor), "very hard")
