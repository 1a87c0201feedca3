"""Which organisation values a theme or variant shows, with the words that show it (question 6).

The interim scorer: plain, lemma-free word matching against each value's name and `words`.
It is one function, `value_evidence`, so the values-fit scorer from the adverts work can replace it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from adverts.model import Theme, Variant
from planner.campaign import Value

_TOKEN = re.compile(r"\w+")


@dataclass(frozen=True)
class ValueEvidence:
    value: str
    words: tuple[str, ...]

    @property
    def shown(self) -> bool:
        return bool(self.words)


def _tokens(text: str) -> list[str]:
    return _TOKEN.findall(text.casefold())


def _contains(tokens: list[str], phrase: list[str]) -> bool:
    size = len(phrase)
    return size > 0 and any(tokens[i:i + size] == phrase for i in range(len(tokens) - size + 1))


def value_evidence(text: str, values: list[Value]) -> list[ValueEvidence]:
    """For each value, the value words (and its name) that appear in the text, as whole words."""
    tokens = _tokens(text)
    return [
        ValueEvidence(value.name, tuple(dict.fromkeys(
            word for word in (value.name, *value.words) if _contains(tokens, _tokens(word))
        )))
        for value in values
    ]


def theme_text(theme: Theme) -> str:
    """The words a reader sees for a theme: its headline and supporting questions."""
    return "\n".join([theme.headline, *theme.questions])


def variant_text(variant: Variant) -> str:
    return "\n".join([variant.headline, variant.primary_text, variant.description, variant.cta])
