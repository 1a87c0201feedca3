"""Matcher set predicates (`{"LOWER": {"IN": [...]}}`) compiled to lexeme flags.

spaCy's Matcher evaluates IN and NOT_IN in Python for every token a pattern state reaches, so one
ten-token window of the years-of-experience pattern cost about 25 µs. A lexeme flag is worked out
once per distinct word (spaCy's `Vocab.add_flag`) and checked in C, so the same pattern written
with flags runs at plain-equality speed. Identical sets share a flag, and when spaCy's 45 free flag
bits run out a predicate stays as written (slower, same result).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import Any

from spacy.attrs import NORM, ORTH
from spacy.language import Language

from adverts.lint.pipeline import nlp

FLAG_BITS = range(19, 64)
"""spaCy's free lexeme flag bits, FLAG19 to FLAG63 (lower bits are IS_ALPHA, LIKE_NUM and so on)."""
_OPS = {"IN": True, "NOT_IN": False}


class InSet:
    """Flag getter: whether a word's ORTH, LOWER or NORM is one of `values` (picklable, like the vocab)."""

    def __init__(self, attr: str, values: frozenset[str], norm: Callable[[str], str],
                 special_norms: dict[str, str]) -> None:
        self.attr, self.values, self.norm, self.special_norms = attr, values, norm, special_norms

    def __call__(self, string: str) -> bool:
        if self.attr in ("ORTH", "TEXT"):
            return string in self.values
        if self.attr == "LOWER":
            return string.lower() in self.values
        # A tokenizer special case can give a token its own NORM ("wo" in "won't" -> "will"); a flag
        # belongs to the word, so it holds for either NORM.
        return self.norm(string) in self.values or self.special_norms.get(string) in self.values


class Flags:
    """The flags added to one pipeline's vocab, shared by every linter built on it."""

    def __init__(self, nlp: Language) -> None:
        self.vocab = nlp.vocab
        self.special_norms = {token[ORTH]: token[NORM] for tokens in nlp.tokenizer.rules.values()
                              for token in tokens if NORM in token}
        self.by_set: dict[tuple[str, frozenset[str]], int] = {}

    def compile(self, pattern: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """The pattern with each IN/NOT_IN on ORTH, TEXT, LOWER or NORM replaced by a flag test."""
        compiled = []
        for token in pattern:
            out: dict[str, Any] = {}
            for key, spec in token.items():
                flag = self._flag(key.upper(), spec)
                if flag is None or f"FLAG{flag[0]}" in out:
                    out[key] = spec
                else:
                    out[f"FLAG{flag[0]}"] = flag[1]
            compiled.append(out)
        return compiled

    def _flag(self, attr: str, spec: Any) -> tuple[int, bool] | None:
        if attr not in ("ORTH", "TEXT", "LOWER", "NORM") or not isinstance(spec, dict) or len(spec) != 1:
            return None
        op, values = next(iter(spec.items()))
        if op not in _OPS or not isinstance(values, list) or not all(isinstance(v, str) for v in values):
            return None
        key = ("ORTH" if attr == "TEXT" else attr, frozenset(values))
        bit = self.by_set.get(key)
        if bit is None:
            free = [b for b in FLAG_BITS if b not in self.vocab.lex_attr_getters]
            if not free:
                return None
            getter = InSet(key[0], key[1], self.vocab.lex_attr_getters[NORM], self.special_norms)
            bit = self.by_set[key] = self.vocab.add_flag(getter, flag_id=free[0])
        return bit, _OPS[op]


@lru_cache(maxsize=1)
def _flags() -> Flags:
    return Flags(nlp())


def compile_pattern(pattern: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """`pattern` for the shared pipeline, with its set predicates as lexeme flags."""
    return _flags().compile(pattern)
