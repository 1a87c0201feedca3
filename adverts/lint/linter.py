"""Find wallpaper, stereotype, barrier, jargon and personal-attribute phrases in advert text.

Speed comes from doing almost everything in one PhraseMatcher pass on NORM (our lemma):
exact phrases, cheap near-miss variants (dropped determiners, hyphens, British/American
spelling) and single "trigger" words. Two slower checks run only where triggers occur:

* gapped near-misses ("make a huge difference"): when a phrase's first and last words both
  occur close together, we check the words between in Python (gaps of up to two words, not
  across a sentence end or a negation; one-letter typos in long words);
* hand-written Matcher patterns (numbers, context such as "patient" the adjective) run on a
  window of tokens around their rule's trigger words.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from functools import lru_cache
from typing import Any, Literal, Protocol

from spacy.lang.en.stop_words import STOP_WORDS
from spacy.matcher import Matcher, PhraseMatcher
from spacy.matcher.levenshtein import levenshtein
from spacy.tokens import Doc

from adverts.lint.pipeline import MAX_CHARS, lemma, nlp
from adverts.lint.rules import Rule, default_rules

MatchKind = Literal["exact", "near-miss"]
Candidate = tuple[int, int, str, MatchKind]  # token start, token end, rule id, kind

DETERMINERS = frozenset({"a", "an", "the"})
GAP_STOPS = frozenset({".", "!", "?", ";", ":", "•", "|", "not", "no", "never", "without", "nor"})
"""Tokens (by NORM) a gapped near-miss may not skip: sentence ends and negations."""
MAX_GAP = 2
FUZZY_MIN_LENGTH = 6
WINDOW = 12
"""Tokens either side of a trigger word that a rule's Matcher sees; patterns must fit in it."""
COMMON = frozenset(STOP_WORDS) | {
    "care", "work", "support", "team", "people", "person", "job", "role", "good", "great",
    "help", "day", "time", "make", "new", "home", "life", "want", "need", "look", "come",
    "pay", "train", "experience", "join", "carer", "family", "matter", "hour", "get", "week",
    "provide", "offer", "service", "staff", "start", "learn", "live", "visit",
}
"""Words too frequent in care adverts to anchor slower checks on (a phrase's other words do)."""
_SPELLING_PAIRS = {
    "humour": "humor", "organisation": "organization", "colour": "color", "behaviour": "behavior",
    "centre": "center", "favourite": "favorite", "neighbour": "neighbor", "labour": "labor",
    "programme": "program", "specialise": "specialize", "recognise": "recognize",
    "organise": "organize", "prioritise": "prioritize", "fulfil": "fulfill",
    "licence": "license", "enrol": "enroll", "travelling": "traveling", "paediatric": "pediatric",
}
SPELLINGS = {**_SPELLING_PAIRS, **{us: uk for uk, us in _SPELLING_PAIRS.items()}}


@dataclass(frozen=True)
class _Gapped:
    """A phrase's content words, for gapped near-miss checks keyed by anchor and first word."""

    rule: str
    words: tuple[int, ...]  # NORM hashes of the content words
    fuzzy: tuple[bool, ...]  # which words tolerate a one-letter typo
    anchor: int  # index in words of the distinctive word that triggers the check


class LintInputError(ValueError):
    """The text cannot be linted (too long); the message says why."""


class DismissalLike(Protocol):
    """What a dismissal provides (adverts.model.Dismissal)."""

    rule: str
    text: str


@dataclass(frozen=True)
class Finding:
    """One flagged phrase; `text == source[start:end]` (character offsets)."""

    start: int
    end: int
    text: str
    category: str
    rule: str
    why: str
    suggestion: str
    match: MatchKind

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


class Linter:
    """Built once per rule set (about 0.2 s for 1,000 phrases); call it on each text."""

    def __init__(self, rules: Iterable[Rule]) -> None:
        self.rules: dict[str, Rule] = {}
        for rule in rules:  # a later rule with the same id replaces the earlier one
            self.rules[rule.id] = rule
        self._vocab = nlp().vocab
        self._phrases = PhraseMatcher(self._vocab, attr="NORM")
        self._labels: dict[int, tuple[str, str]] = {}
        self._gapped: dict[int, dict[int, list[_Gapped]]] = defaultdict(lambda: defaultdict(list))
        self._reach: dict[int, int] = defaultdict(int)  # tokens before an anchor its phrases start
        self._rule_triggers: dict[int, set[str]] = defaultdict(set)
        self._matchers: dict[str, Matcher] = {}
        self._always: list[str] = []
        self._stops = frozenset(self._vocab.strings.add(w) for w in GAP_STOPS)
        self._unless: dict[str, tuple[list[tuple[str, ...]], list[tuple[str, ...]]]] = {}
        triggers: set[str] = set()
        for rule in self.rules.values():
            triggers |= self._add(rule)
        for word in triggers:  # labelled by the word itself, so a hit's match_id is its NORM
            self._phrases.add(word, [self._doc((word,))])

    def __call__(self, text: str, allow_list: Iterable[str] = ()) -> list[Finding]:
        if not isinstance(text, str):
            raise TypeError(f"lint expects str, got {type(text).__name__}")
        if len(text) > MAX_CHARS:
            raise LintInputError(f"text is {len(text):,} characters; the limit is {MAX_CHARS:,}")
        doc = nlp().make_doc(text)
        allow = tuple(allow_list)
        disabled = {a for a in allow if a in self.rules}
        candidates = {c for c in self._candidates(doc) if c[2] not in disabled}
        allowed = _allowed_spans(doc, tuple(a for a in allow if a not in disabled))
        kept = [c for c in candidates if self._in_context(doc, c) and not _overlaps(c, allowed)]
        return [self._finding(text, doc, c) for c in _longest(kept)]

    def _candidates(self, doc: Doc) -> list[Candidate]:
        found: list[Candidate] = []
        hits: dict[int, list[int]] = defaultdict(list)  # trigger word NORM -> token positions
        labels = self._labels
        for match_id, start, end in self._phrases(doc):
            if match_id in labels:
                rule_id, kind = labels[match_id]
                found.append((start, end, rule_id, kind))  # type: ignore[arg-type]
            else:
                hits[match_id].append(start)
        if hits:
            found += self._gapped_matches(doc, hits, {(c[0], c[2]) for c in found})
            found += self._pattern_matches(doc, hits)
        return found

    def _gapped_matches(self, doc: Doc, hits: dict[int, list[int]], done: set[tuple[int, str]]
                        ) -> list[Candidate]:
        """Near-misses with gaps around each anchor hit; `done` holds (start, rule) already found."""
        found: list[Candidate] = []
        anchors = hits.keys() & self._gapped.keys()
        if not anchors:
            return found
        tokens = _Tokens(doc, self._stops)
        for anchor in anchors:
            by_first = self._gapped[anchor]
            for position in hits[anchor]:
                for i in range(max(0, position - self._reach[anchor]), position + 1):
                    for gapped in by_first.get(tokens.norm(i), ()):
                        if (i, gapped.rule) in done or position - i > gapped.anchor * (MAX_GAP + 1):
                            continue
                        end = tokens.align(i, gapped)
                        if end > position:
                            found.append((i, end, gapped.rule, "near-miss"))
                            done.add((i, gapped.rule))
        return found

    def _pattern_matches(self, doc: Doc, hits: dict[int, list[int]]) -> list[Candidate]:
        starts: dict[str, list[int]] = {rule_id: [] for rule_id in self._always}
        for norm in hits.keys() & self._rule_triggers.keys():
            for rule_id in self._rule_triggers[norm]:
                starts.setdefault(rule_id, []).extend(hits[norm])
        found: list[Candidate] = []
        for rule_id, positions in starts.items():
            for a, b in _windows(positions, len(doc)):
                found += [(a + start, a + end, rule_id, "exact")
                          for _, start, end in self._matchers[rule_id](doc[a:b])]
        return found

    def _add(self, rule: Rule) -> set[str]:
        """Register a rule; returns the trigger words it needs in the PhraseMatcher."""
        exact = {_norms(p) for p in rule.phrases}
        near = set().union(*(_variants(seq) for seq in exact)) - exact if rule.loose else set()
        for kind, seqs in (("exact", exact), ("near-miss", near)):
            if seqs:
                self._phrases.add(self._label(rule.id, kind), [self._doc(s) for s in seqs])
        triggers: set[str] = set()
        for seq in exact if rule.loose else ():
            words = _content(seq)
            anchor = _anchor(words)
            if len(words) > 1 and anchor is not None:
                hashes = tuple(self._vocab.strings.add(w) for w in words)
                fuzzy = tuple(len(w) >= FUZZY_MIN_LENGTH and w.isalpha() for w in words)
                entries = self._gapped[hashes[anchor]][hashes[0]]
                if all(e.words != hashes or e.rule != rule.id for e in entries):
                    entries.append(_Gapped(rule.id, hashes, fuzzy, anchor))
                self._reach[hashes[anchor]] = max(self._reach[hashes[anchor]], anchor * (MAX_GAP + 1))
                triggers.add(words[anchor])
        if rule.patterns:
            matcher = Matcher(self._vocab)
            matcher.add(rule.id, rule.token_patterns(), greedy="LONGEST")
            self._matchers[rule.id] = matcher
            for pattern in rule.token_patterns():
                words = _pattern_triggers(pattern)
                if not words:
                    self._always.append(rule.id)
                for word in words:
                    self._rule_triggers[self._vocab.strings.add(word)].add(rule.id)
                triggers |= words
        self._unless[rule.id] = ([_lowers(nlp().make_doc(u)) for u in rule.unless_before],
                                 [_lowers(nlp().make_doc(u)) for u in rule.unless_after])
        return triggers

    def _label(self, rule_id: str, kind: str) -> str:
        key = f"{rule_id}|{kind}"
        self._labels[self._vocab.strings.add(key)] = (rule_id, kind)
        return key

    def _doc(self, norms: tuple[str, ...]) -> Doc:
        doc = Doc(self._vocab, words=list(norms))
        for token, norm in zip(doc, norms):
            token.norm_ = norm
        return doc

    def _in_context(self, doc: Doc, candidate: Candidate) -> bool:
        """False when an unless_before/unless_after phrase sits right next to the match."""
        start, end, rule_id, _ = candidate
        before, after = self._unless[rule_id]
        if before:
            context = _lowers(doc[max(0, start - max(map(len, before))):start])
            if any(context[-len(u):] == u for u in before):
                return False
        if after:
            context = _lowers(doc[end:end + max(map(len, after))])
            return not any(context[:len(u)] == u for u in after)
        return True

    def _finding(self, text: str, doc: Doc, candidate: Candidate) -> Finding:
        start, end, rule_id, kind = candidate
        rule = self.rules[rule_id]
        last = doc[end - 1]
        first_char, end_char = doc[start].idx, last.idx + len(last)
        return Finding(first_char, end_char, text[first_char:end_char], rule.category, rule.id,
                       rule.why, rule.suggestions[0], kind)


@lru_cache(maxsize=16)
def linter(extra_rules: tuple[Rule, ...] = ()) -> Linter:
    """The cached linter for the bundled rules plus extra (organisation or user-file) rules."""
    return Linter(default_rules() + extra_rules)


def lint(text: str, *, extra_rules: Sequence[Rule] = (), allow_list: Iterable[str] = ()
         ) -> list[Finding]:
    """Findings in text, in order. Allow-list entries are phrases (any inflection) or rule ids."""
    return linter(tuple(extra_rules))(text, allow_list)


def apply_dismissals(findings: Iterable[Finding], dismissals: Iterable[DismissalLike]
                     ) -> list[Finding]:
    """Drop findings the user dismissed for this advert (same rule, same text ignoring case)."""
    dismissed = {(d.rule, d.text.casefold()) for d in dismissals}
    return [f for f in findings if (f.rule, f.text.casefold()) not in dismissed]


def _norms(phrase: str) -> tuple[str, ...]:
    return tuple(t.norm_ for t in nlp().make_doc(phrase) if not t.is_space)


def _lowers(tokens: Iterable[Any]) -> tuple[str, ...]:
    return tuple(t.lower_ for t in tokens if not t.is_space)


def _anchor(words: tuple[str, ...]) -> int | None:
    """Index of the first distinctive word (so little scanning back to the phrase start);
    phrases made only of common words get no gapped check."""
    return next((i for i, w in enumerate(words) if w not in COMMON and len(w) > 2), None)


def _content(seq: tuple[str, ...]) -> list[str]:
    return [w for w in seq if w not in DETERMINERS and w != "-"]


def _variants(seq: tuple[str, ...]) -> set[tuple[str, ...]]:
    """Cheap near-misses matched in the PhraseMatcher: no determiners, hyphens, spellings."""
    out = set()
    without_dets = tuple(w for w in seq if w not in DETERMINERS)
    if len(without_dets) > 1:
        out.add(without_dets)
    if "-" in seq:
        out.add(tuple(w for w in seq if w != "-"))
    for i in range(len(seq) - 1):
        if seq[i].isalpha() and seq[i + 1].isalpha():
            out.add(seq[: i + 1] + ("-",) + seq[i + 1:])
    for i, word in enumerate(seq):
        if word in SPELLINGS:
            out.add(seq[:i] + (SPELLINGS[word],) + seq[i + 1:])
    return out


class _Tokens:
    """Lazy, cached NORM lookups: only the few tokens near an anchor are ever read."""

    def __init__(self, doc: Doc, stops: frozenset[int]) -> None:
        self.doc, self.stops, self.length = doc, stops, len(doc)
        self._norms: dict[int, int] = {}
        self._blocked: dict[int, bool] = {}

    def norm(self, i: int) -> int:
        norm = self._norms.get(i)
        if norm is None:
            token = self.doc[i]
            norm = self._norms[i] = token.norm
            self._blocked[i] = token.is_space or norm in self.stops
        return norm

    def align(self, start: int, gapped: _Gapped) -> int:
        """Token end if the phrase's words follow `start` with small gaps and typos, else 0."""
        position = start
        for word, fuzzy in zip(gapped.words[1:], gapped.fuzzy[1:]):
            for k in range(position + 1, min(position + MAX_GAP + 2, self.length)):
                norm = self.norm(k)
                if norm == word or (fuzzy and self._typo(norm, word)):
                    position = k
                    break
                if self._blocked[k]:
                    return 0
            else:
                return 0
        return position + 1

    def _typo(self, norm: int, word: int) -> bool:
        """One edit apart (e.g. 'domicilary'); only asked for long words."""
        strings = self.doc.vocab.strings
        a, b = strings[norm], strings[word]
        return abs(len(a) - len(b)) <= 1 and levenshtein(a, b, 1) <= 1


def _pattern_triggers(pattern: list[dict[str, Any]]) -> set[str]:
    """Words of a required literal token in a hand-written pattern: the last distinctive one."""
    options = []
    for token in pattern:
        if token.get("OP") not in (None, "+"):
            continue
        for attr in ("NORM", "LOWER", "ORTH", "TEXT"):
            spec = token.get(attr)
            values = [spec] if isinstance(spec, str) else (
                spec.get("IN") if isinstance(spec, dict) else None)
            if isinstance(values, list) and values:
                options.append({lemma(v) for v in values})
                break
    distinctive = [w for w in options if not w & COMMON and all(v.isalpha() for v in w)]
    return (distinctive[-1:] or options[:1] or [set()])[0]


def _windows(starts: list[int], length: int) -> list[tuple[int, int]]:
    if not starts:
        return [(0, length)]
    merged: list[tuple[int, int]] = []
    for i in sorted(starts):
        a, b = max(0, i - WINDOW), min(length, i + WINDOW + 1)
        if merged and a <= merged[-1][1]:
            merged[-1] = (merged[-1][0], b)
        else:
            merged.append((a, b))
    return merged


@lru_cache(maxsize=32)
def _allow_matcher(allow: tuple[str, ...]) -> PhraseMatcher:
    matcher = PhraseMatcher(nlp().vocab, attr="NORM")
    patterns = [nlp().make_doc(a) for a in allow if a.strip()]
    if patterns:
        matcher.add("allow", patterns)
    return matcher


def _allowed_spans(doc: Doc, allow: tuple[str, ...]) -> list[tuple[int, int]]:
    if not allow:
        return []
    return [(start, end) for _, start, end in _allow_matcher(allow)(doc)]


def _overlaps(candidate: Candidate, spans: list[tuple[int, int]]) -> bool:
    return any(candidate[0] < end and start < candidate[1] for start, end in spans)


def _longest(candidates: Iterable[Candidate]) -> list[Candidate]:
    """Resolve overlaps: longest first, exact before near-miss on ties; result in text order."""
    taken: set[int] = set()
    chosen = []
    for c in sorted(candidates, key=lambda c: (c[0] - c[1], c[3] != "exact", c[0], c[2])):
        tokens = range(c[0], c[1])
        if not taken.intersection(tokens):
            taken.update(tokens)
            chosen.append(c)
    return sorted(chosen)
