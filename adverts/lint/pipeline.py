"""The spaCy pipeline shared by the linter, readability and corpus learning.

No trained English model can be installed here, so we use `spacy.blank("en")` and the
lookup lemmatizer's table from spacy-lookups-data (as a plain dict: see lemma_table). Two facts
shape this module:

* The table has lower-case keys only, so "Making" would stay "Making". We look up the
  lower-cased form, so "Making" becomes "make".
* Running a lemmatizer component costs a Python call per token, which would halve throughput.
  NORM is a lexeme attribute computed once per distinct word and cached in the vocab, so we
  make the vocab's NORM getter return the lower-case lemma. Every token then carries its
  lemma in NORM for free, and PhraseMatcher/Matcher match on NORM at tokenizer speed.

A number, in digits or as a cardinal word, gets the NORM "#", so a rule's "2 years' experience"
matches "5 years' experience" and "two years' experience" without a Matcher pattern.

NORM holds odd lemmas (best -> well, first -> 1); never show it to users.
"""

from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.attrs import NORM
from spacy.language import Language
from spacy.util import load_language_data

MAX_CHARS = 5_000_000
"""Longest text we accept; the tokenizer alone handles this in well under a second."""
NUMBER = "#"
CARDINALS = frozenset("""zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen
fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred
thousand million""".split())


class LowerLemma:
    """Vocab NORM getter: the lookup lemma of the lower-cased word, or NUMBER (picklable, unlike a lambda)."""

    def __init__(self, table: dict[str, str]) -> None:
        self.table = table

    def __call__(self, string: str) -> str:
        lower = string.lower()
        if lower in CARDINALS or lower.replace(",", "").replace(".", "").isdigit():
            return NUMBER
        return self.table.get(lower, lower)


@lru_cache(maxsize=1)
def nlp() -> Language:
    """The cached pipeline: tokenizer with lemma-in-NORM, plus a sentencizer for readability.

    Matching uses `nlp().make_doc(text)` (tokenizer only); call `nlp()(text)` for sentences.
    """
    pipeline = spacy.blank("en")
    getter = LowerLemma(lemma_table())
    pipeline.vocab.lex_attr_getters[NORM] = getter
    for lexeme in pipeline.vocab:  # lexemes created before the getter was swapped in
        lexeme.norm_ = getter(lexeme.orth_)
    pipeline.add_pipe("sentencizer")
    pipeline.max_length = MAX_CHARS
    return pipeline


def lemma_table() -> dict[str, str]:
    """spacy-lookups-data's English lemma table as a plain dict (word -> lemma).

    `spacy.lookups.load_lookups` gives the same data as a Table, which hashes each of its 41,000
    keys in Python on load and each word on lookup: a third of a second at start-up, and slower
    lookups. spaCy's own loader reads the same file here (it finds the gzipped copy).
    """
    from spacy_lookups_data import en  # the registry entry spaCy uses for "en" lookups

    return load_language_data(en["lemma_lookup"])


def lemma(word: str) -> str:
    """The NORM (lower-case lemma) a single word gets in our pipeline."""
    return nlp().vocab[word].norm_


def known_word(word: str) -> bool:
    """Whether a lower-case word is in the lemma table (so it is a word, not a typo of one)."""
    return word in nlp().vocab.lex_attr_getters[NORM].table
