"""Linter rules: loaded from a TOML data file that users can read and extend.

A rule has an id, a category, a one-sentence why, at least one suggestion, and something to
match: `phrases` (any inflection matches, e.g. "makes a difference") and/or `patterns` (spaCy
Matcher token patterns for numbers and context-dependent words). `unless_before` and
`unless_after` list words that, right before or after a match, mean it is not this problem
(e.g. "patient" followed by "transport" is the noun). `loose = false` turns off the automatic
near-misses (dropped determiners, hyphens, spelling variants, small gaps and typos), and
`inflect = false` makes phrases match only as written, in any letter case ("patient" but not
"patients"; "old people" but not "older people"), with no gaps either.

`reader` lists groups of people ("retired", "a single mum", "a criminal record") that are flagged
only where the copy says the READER belongs to one, in one of the forms in READER_BEFORE and
READER_AFTER: a bare question ("Retired?"), "you are", a condition ("if you're retired"), an
invitation ("Calling all pensioners", "Any mums on here") or a job said to suit the group ("Perfect
for retirees"). "Many of our team are retired" or "We support older people" are left alone.
"""

from __future__ import annotations

import json
import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal, Protocol, get_args

from spacy.matcher import Matcher

from adverts.lint.pipeline import lemma, nlp
from planner.campaign import MAX_PHRASE

Category = Literal["wallpaper", "stereotype", "barrier", "jargon", "personal-attribute"]
CATEGORIES: tuple[str, ...] = get_args(Category)
DEFAULT_RULES = Path(__file__).resolve().parent.parent / "rules" / "wallpaper.toml"

_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_KEYS = {"id", "category", "why", "suggestions", "phrases", "patterns", "unless_before",
         "unless_after", "loose", "inflect", "reader"}
_NORMALISED_ATTRS = {"NORM", "LEMMA"}  # values we lemmatise so users can write any word form

READER_BEFORE: tuple[str, ...] = (
    "are you", "are you a", "are you an", "r u", "you're", "you are", "you're a", "you are a", "you're an",
    "you are an", "if you", "if you're", "if you are", "you have", "you've", "you have got", "you've got",
    "do you have", "have you got", "have you", "got", "got a", "you've experienced", "you have experienced",
    "anyone", "anyone who is", "any", "any other", "calling all", "attention all",
    "those of you", "those of you who are", "of you are", "perfect for", "ideal for", "great for",
    "perfect role for", "ideal role for", "perfect job for", "ideal job for", "would suit", "suits",
    "would suit a", "would suit an", "suit someone who is", "would suit someone who is", "recently", "newly",
    "you grew up in a", "grew up in a", "fellow",
)
"""Words right before a `reader` group (up to two words, such as "practising", may come between)
that address the reader as one of the group."""
READER_AFTER: tuple[str, ...] = (
    "?", "!", ", you", "wanted", "welcome", "encouraged to apply", "are encouraged", "and looking",
    "on here", "out there", "looking for",
)
"""Words right after a `reader` group that ask, invite or address the reader as one of the group."""


class RuleError(ValueError):
    """A rules file is unreadable or a rule is invalid; the message names the rule and line."""


@dataclass(frozen=True)
class Rule:
    """One linter rule. `patterns` holds canonical JSON so rules stay hashable."""

    id: str
    category: Category
    why: str
    suggestions: tuple[str, ...]
    phrases: tuple[str, ...] = ()
    patterns: tuple[str, ...] = ()
    unless_before: tuple[str, ...] = ()
    unless_after: tuple[str, ...] = ()
    loose: bool = True
    inflect: bool = True
    reader: tuple[str, ...] = ()

    def token_patterns(self) -> list[list[dict[str, Any]]]:
        return [json.loads(p) for p in self.patterns]


class CustomRuleLike(Protocol):
    """What an organisation's custom rule provides (planner.campaign.CustomRule)."""

    phrase: str
    category: str
    why: str
    suggestion: str


def load_rules(path: str | Path | None = None) -> tuple[Rule, ...]:
    """Rules from a TOML file, or the bundled rules when path is None."""
    if path is None:
        return default_rules()
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise RuleError(f"{path}: cannot read rules file: {exc}") from None
    return parse_rules(text, str(path))


@lru_cache(maxsize=1)
def default_rules() -> tuple[Rule, ...]:
    return parse_rules(DEFAULT_RULES.read_text(encoding="utf-8"), str(DEFAULT_RULES))


def parse_rules(text: str, source: str = "<rules>") -> tuple[Rule, ...]:
    """Parse and validate a rules document; errors name the source, rule and line."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise RuleError(f"{source}: not valid TOML: {exc}") from None
    unknown = set(data) - {"rule"}
    if unknown:
        raise RuleError(f"{source}: unknown top-level key(s) {sorted(unknown)}; use [[rule]] tables")
    tables = data.get("rule", [])
    if not isinstance(tables, list):
        raise RuleError(f"{source}: 'rule' must be an array of tables written as [[rule]]")
    lines = [n for n, line in enumerate(text.splitlines(), 1) if line.strip() == "[[rule]]"]
    rules: list[Rule] = []
    seen: set[str] = set()
    for index, table in enumerate(tables):
        where = f"{source}:{lines[index] if index < len(lines) else '?'}"
        rule = _rule(table, where)
        if rule.id in seen:
            raise RuleError(f"{where}: rule '{rule.id}': duplicate id")
        seen.add(rule.id)
        rules.append(rule)
    return tuple(rules)


def rules_from_custom(custom: Iterable[CustomRuleLike]) -> tuple[Rule, ...]:
    """Turn an organisation's custom rules into linter rules with stable ids."""
    rules = []
    for item in custom:
        slug = re.sub(r"[^a-z0-9]+", "-", item.phrase.lower()).strip("-") or "phrase"
        rules.append(Rule(
            id=f"org-{slug}",
            category=item.category,  # type: ignore[arg-type]  # validated by the org model
            why=item.why or "Your organisation asked to avoid this phrase.",
            suggestions=(item.suggestion or "Say it in your own words.",),
            phrases=(item.phrase,),
        ))
    return tuple(rules)


def _rule(table: Any, where: str) -> Rule:
    if not isinstance(table, dict):
        raise RuleError(f"{where}: each rule must be a table")
    rid = table.get("id")
    name = f"rule '{rid}'" if isinstance(rid, str) else "rule"
    def fail(message: str) -> RuleError:
        return RuleError(f"{where}: {name}: {message}")

    if not isinstance(rid, str) or not _ID.match(rid):
        raise fail("'id' must be lower-case letters, digits and hyphens, e.g. 'team-player'")
    extra = set(table) - _KEYS
    if extra:
        raise fail(f"unknown key(s) {sorted(extra)}; allowed: {sorted(_KEYS)}")
    if table.get("category") not in CATEGORIES:
        raise fail(f"'category' must be one of {list(CATEGORIES)}")
    why = table.get("why")
    if not isinstance(why, str) or not why.strip():
        raise fail("'why' must be a one-sentence explanation")
    suggestions = _strings(table, "suggestions", fail)
    if not suggestions:
        raise fail("needs at least one suggestion in 'suggestions'")
    phrases = _strings(table, "phrases", fail)
    long = next((p for p in phrases if len(p) > MAX_PHRASE), None)
    if long:  # the matcher's work grows with a phrase's length: an 8 KB phrase once took gigabytes
        raise fail(f"the phrase '{long[:40]}...' is {len(long):,} characters; keep each under {MAX_PHRASE}, as "
                   "the app does")
    patterns = _patterns(table.get("patterns", []), fail)
    reader = _strings(table, "reader", fail)
    if not phrases and not patterns and not reader:
        raise fail("needs 'phrases', 'patterns' or 'reader' to match")
    loose, inflect = table.get("loose", True), table.get("inflect", True)
    if not isinstance(loose, bool) or not isinstance(inflect, bool):
        raise fail("'loose' and 'inflect' must be true or false")
    return Rule(
        id=rid, category=table["category"], why=why.strip(), suggestions=suggestions,
        phrases=phrases, patterns=patterns, loose=loose, inflect=inflect, reader=reader,
        unless_before=_strings(table, "unless_before", fail),
        unless_after=_strings(table, "unless_after", fail),
    )


def _strings(table: Mapping[str, Any], key: str, fail) -> tuple[str, ...]:
    value = table.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise fail(f"'{key}' must be a list of non-empty strings")
    return tuple(v.strip() for v in value)


def _patterns(value: Any, fail) -> tuple[str, ...]:
    """Validate Matcher patterns with spaCy and lemmatise NORM/LEMMA values (LEMMA -> NORM)."""
    if not isinstance(value, list) or not all(
        isinstance(p, list) and p and all(isinstance(t, dict) for t in p) for p in value
    ):
        raise fail("'patterns' must be a list of token patterns like [[{NORM = \"make\"}]]")
    patterns = [[_normalise(token) for token in pattern] for pattern in value]
    try:
        Matcher(nlp().vocab, validate=True).add("check", patterns)
    except Exception as exc:  # spaCy raises ValueError/MatchPatternError with a long report
        raise fail(f"invalid token pattern: {exc}") from None
    return tuple(json.dumps(p, sort_keys=True) for p in patterns)


def _normalise(token: dict[str, Any]) -> dict[str, Any]:
    out = {}
    for key, spec in token.items():
        if key.upper() in _NORMALISED_ATTRS:
            key, spec = "NORM", _lemmatise(spec)
        out[key] = spec
    return out


def _lemmatise(spec: Any) -> Any:
    if isinstance(spec, str):
        return lemma(spec)
    if isinstance(spec, list):
        return [_lemmatise(s) for s in spec]
    if isinstance(spec, dict):
        return {op: _lemmatise(v) if op in ("IN", "NOT_IN") or op.startswith("FUZZY") else v
                for op, v in spec.items()}
    return spec
