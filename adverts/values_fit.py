"""Question 6: does this advert still show our values? A guide for the reviewer, never a verdict.

For each variant and each organisation value we give:
- evidence: the variant's own words whose lemma is one of the value's words, or a content word
  of the value's description ("respects" shows "respect");
- a similarity score: the cosine between TF-IDF vectors of the variant's lemmas and the value's
  lemmas (description, name and words), fitted on the values and the variants scored together,
  so words every advert uses count for little.
A value "shows" only on evidence the reviewer can see: at least one of those words. It is "clear"
with CLEAR_WORDS different evidence words, one of them the value's own. Stop words ("first", "own",
"with") are never evidence. The similarity only orders values; it is never shown as a number. The
reviewer records the yes or no (ValuesReview); nothing here decides it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from spacy.lang.en.stop_words import STOP_WORDS

from adverts.lint.pipeline import nlp
from adverts.model import Variant
from planner.campaign import Value

#: Different evidence words (one of them the value's own) at which the guide calls the value "clear".
CLEAR_WORDS = 3
TEXT_FIELDS = ("headline", "primary_text", "description", "cta")
#: Words in value descriptions that every advert uses, so they are no evidence of any value.
GENERIC = frozenset({"work", "people", "job", "role", "way", "thing", "day", "pay", "instead", "self"})


@dataclass(frozen=True)
class ValueScore:
    value: str
    score: float
    #: The variant's words (as written) that show the value, most telling first.
    evidence: tuple[str, ...]
    own_words: int
    wanted: bool

    @property
    def shows(self) -> bool:
        return bool(self.evidence)

    @property
    def level(self) -> str:
        if len(self.evidence) >= CLEAR_WORDS and self.own_words:
            return "clear"
        return "some" if self.shows else "not shown"


@dataclass(frozen=True)
class VariantFit:
    variant: str
    scores: tuple[ValueScore, ...]

    @property
    def missed(self) -> list[str]:
        """The wanted values this variant does not show (all values if none are marked wanted)."""
        wanted = [s for s in self.scores if s.wanted] or list(self.scores)
        return [s.value for s in wanted if not s.shows]


@dataclass(frozen=True)
class ThemeFit:
    """One value across a theme's variants."""

    theme: str
    value: str
    variants: int
    showing: int
    mean_score: float
    evidence: tuple[str, ...]
    wanted: bool

    @property
    def missed(self) -> bool:
        return self.showing == 0


#: Words too small to show a value on their own, even when listed as one of its words ("with").
FUNCTION_WORDS = frozenset({"a", "an", "the", "and", "or", "of", "to", "in", "on", "at", "by", "for", "with"})


@dataclass
class _Lemmas:
    """A text's words in order: their lemmas, and the words as written."""

    lemmas: tuple[str, ...]
    words: tuple[str, ...]

    @cached_property
    def positions(self) -> dict[str, list[int]]:
        found: dict[str, list[int]] = {}
        for index, lemma in enumerate(self.lemmas):
            found.setdefault(lemma, []).append(index)
        return found

    @property
    def content(self) -> str:
        """The lemmas that carry meaning, for TF-IDF: neither the word nor its lemma is a stop word."""
        return " ".join(lemma for lemma, word in zip(self.lemmas, self.words, strict=True)
                        if not _stop(lemma, word))


def _stop(lemma: str, word: str) -> bool:
    """A stop word, as written or as normalised ("first" normalises to "1", so both are checked)."""
    return lemma in STOP_WORDS or word.lower() in STOP_WORDS


def _words(texts: Iterable[str]) -> list[_Lemmas]:
    result = []
    for doc in nlp().pipe(texts):
        tokens = [t for t in doc if t.is_alpha]
        result.append(_Lemmas(tuple(t.norm_ for t in tokens), tuple(t.text for t in tokens)))
    return result


@dataclass(frozen=True)
class _ValueTerms:
    value: Value
    own: frozenset[tuple[str, ...]]
    described: frozenset[str]
    document: str


def _value_terms(values: Sequence[Value]) -> list[_ValueTerms]:
    terms = []
    for value in values:
        own = frozenset(phrase for item in _words(value.words)
                        if (phrase := tuple(lemma for lemma in item.lemmas if lemma not in FUNCTION_WORDS))
                        and not all(_stop(lemma, word) for lemma, word in zip(item.lemmas, item.words, strict=True)))
        described = _words([f"{value.name} {value.description}"])[0].content.split()
        document = " ".join([*described, *(lemma for phrase in own for lemma in phrase)])
        terms.append(_ValueTerms(value, own, frozenset(described), document))
    return terms


def values_fit(variants: Sequence[Variant], values: Sequence[Value], wanted: Iterable[str] = ()
               ) -> dict[str, VariantFit]:
    """Each variant's fit with each value, keyed by variant key."""
    if not variants or not values:
        return {v.key: VariantFit(v.key, ()) for v in variants}
    wanted_names = {name.casefold() for name in wanted}
    terms = _value_terms(values)
    content = _words(" \n".join(getattr(v, f) for f in TEXT_FIELDS) for v in variants)
    documents = [c.content for c in content]
    vectorizer = TfidfVectorizer(analyzer=str.split, sublinear_tf=True)
    matrix = vectorizer.fit_transform([t.document for t in terms] + documents)
    similarity = (matrix[len(terms):] @ matrix[:len(terms)].T).toarray()
    fits = {}
    for row, (variant, words) in enumerate(zip(variants, content, strict=True)):
        scores = tuple(_score(t, words, float(similarity[row, col]), t.value.name.casefold() in wanted_names)
                       for col, t in enumerate(terms))
        fits[variant.key] = VariantFit(variant.key, scores)
    return fits


def _score(terms: _ValueTerms, words: _Lemmas, score: float, wanted: bool) -> ValueScore:
    own, described = [], []
    for phrase in terms.own:
        for i in words.positions.get(phrase[0], ()):
            if words.lemmas[i:i + len(phrase)] == phrase:
                own.append(" ".join(words.words[i:i + len(phrase)]))
    for lemma, word in zip(words.lemmas, words.words, strict=True):
        if (lemma in terms.described and lemma not in GENERIC and not _stop(lemma, word)
                and not any(word in phrase for phrase in own)):
            described.append(word)
    evidence = tuple(dict.fromkeys(w.lower() for w in own + described))
    return ValueScore(terms.value.name, round(score, 3), evidence, len(own), wanted)


def theme_rollup(variants: Sequence[Variant], fits: dict[str, VariantFit]) -> list[ThemeFit]:
    """Per theme and value: how many of the theme's variants show it, and with which words."""
    rollup = []
    for theme in dict.fromkeys(v.theme for v in variants):
        theme_fits = [fits[v.key] for v in variants if v.theme == theme and v.key in fits]
        if not theme_fits or not theme_fits[0].scores:
            continue
        for column, first in enumerate(theme_fits[0].scores):
            column_scores = [fit.scores[column] for fit in theme_fits]
            evidence = tuple(dict.fromkeys(w for s in column_scores for w in s.evidence))
            rollup.append(ThemeFit(
                theme=theme, value=first.value, variants=len(column_scores),
                showing=sum(s.shows for s in column_scores),
                mean_score=round(float(np.mean([s.score for s in column_scores])), 3),
                evidence=evidence[:8], wanted=first.wanted))
    return rollup
