"""Find wallpaper, stereotype, barrier, jargon and personal-attribute phrases in advert text.

Speed comes from doing almost everything in one PhraseMatcher pass on NORM (our lemma, with
every number as "#"): exact phrases, cheap near-miss variants (dropped determiners, hyphens,
British/American spelling) and single "trigger" words. Two slower checks run only where
triggers occur:

* gapped near-misses ("make a huge difference"): around a phrase's distinctive "anchor" word,
  when no match covers that word already, we check the other words in Python (gaps of up to two
  words, not across a sentence end or a negation; one-letter typos in long words). An exact
  match explains its words, so a near-miss is not sought inside one;
* hand-written Matcher patterns (context such as "a patient, kind person") run on a window
  around their rule's trigger words, only when the text has the words some pattern needs, and
  cut at the last word a match can end on.

The checks read the NORMs of the few tokens around a hit, never the whole doc.
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Literal, NamedTuple, Protocol

from spacy.lang.en.stop_words import STOP_WORDS
from spacy.matcher import Matcher, PhraseMatcher
from spacy.matcher.levenshtein import levenshtein
from spacy.tokens import Doc

from adverts.lint.flags import compile_pattern
from adverts.lint.pipeline import MAX_CHARS, known_word, lemma, nlp
from adverts.lint.rules import READER_AFTER, READER_BEFORE, Rule, default_rules

MatchKind = Literal["exact", "near-miss"]
Candidate = tuple[int, int, str, MatchKind]  # token start, token end, rule id, kind

DETERMINERS = frozenset({"a", "an", "the"})
GAP_STOPS = frozenset({".", "!", "?", ";", ":", "•", "|", "not", "no", "never", "without", "nor"})
"""Tokens (by NORM) a gapped near-miss may not skip: sentence ends and negations."""
MAX_GAP = 2
FUZZY_MIN_LENGTH = 6
ANCHOR_TYPO_LENGTH = 7
"""Anchor words this long also wake their phrases up when a letter is dropped or swapped
("diffrence", "diference"): a typo in the anchor would otherwise hide the whole phrase."""
OPEN_QUOTES = frozenset({"'", "‘", "“", '"', "«"})
REJECTIONS = frozenset({"not", "n't", "n’t", "never", "no", "nor", "without", "avoid", "ban", "banned"})
"""Words that, earlier in the sentence, mean a quoted phrase is being rejected ("we never say 'X'")."""
DASHES = frozenset({"-", "–", "—"})
SOFT_BREAKS = frozenset(f"{end}{indent * n}" for end in ("\n", "\r\n") for indent in (" ", "\t") for n in range(13))
"""Whitespace tokens that are a single line break with its indent: a phrase may run across one."""
EXPLANATIONS = ("which means", "that means", "that's", "that is", "meaning", "i.e.", "ie", "in other words")
"""Words right after a jargon phrase (or after its comma) that explain it at once."""
READER_MODIFIERS = frozenset({"a", "an", "the", "practising", "practicing", "devout", "proud", "committed",
                              "young", "older", "working", "lone", "fellow", "strict", "observant"})
"""Words that may come between a reader form and its group ("would suit a practising Jewish carer")."""
TYPO_CACHE = 200_000
"""Distinct words whose typo neighbours we remember (a few MB), so a typo check costs a dict lookup."""
WINDOW = 12
"""Most tokens either side of a trigger word that a rule's Matcher sees ("*" and "+" reach this far)."""
COMMON = frozenset(STOP_WORDS) | {
    "care", "work", "support", "team", "people", "person", "job", "role", "good", "great",
    "help", "day", "time", "make", "new", "home", "life", "want", "need", "look", "come",
    "pay", "train", "experience", "join", "carer", "family", "matter", "hour", "get", "week",
    "provide", "offer", "service", "staff", "start", "learn", "live", "visit", "like", "love", "run",
    "drive", "car", "apply", "bring", "shift", "high", "lead", "chat", "call", "rota", "little",
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
    """A loose phrase's content words either side of its anchor, for gapped near-miss checks. Each
    word is a NORM hash with whether it tolerates a typo."""

    before: tuple[tuple[int, bool], ...]  # nearest the anchor first
    after: tuple[tuple[int, bool], ...]
    acronyms: bool  # a word must be written as an acronym (see Linter._written_as_ruled)
    exact: frozenset[int]  # the other words, which must all be near the anchor: a quick first test
    fuzzy: frozenset[int]  # the other words that may be near as a typo instead


class _Group:
    """One rule's gapped phrases on one anchor, with the words every one of them needs exactly, so one
    quick test usually rules them all out together."""

    def __init__(self) -> None:
        self.phrases: list[_Gapped] = []
        self.exact: frozenset[int] = frozenset()

    def add(self, gapped: _Gapped) -> bool:
        if gapped in self.phrases:
            return False
        self.exact = self.exact & gapped.exact if self.phrases else gapped.exact
        self.phrases.append(gapped)
        return True


@dataclass(frozen=True)
class _Patterns:
    """A rule's Matcher, with the hit words each pattern needs and the words every match ends on."""

    matcher: Matcher
    needs: tuple[tuple[frozenset[int], ...], ...]  # per pattern: the word sets it needs one word from
    hit_needs: tuple[tuple[frozenset[int], ...], ...]  # those made of words reported as hits
    last_words: frozenset[int] | None

    def needs_met(self, present: Collection[int], needs: tuple[tuple[frozenset[int], ...], ...]) -> bool:
        """Whether some pattern finds a word from every word set it needs among the words present."""
        for need in needs:
            for words in need:
                if words.isdisjoint(present):
                    break
            else:
                return True
        return False


class _Context(dict[int, frozenset[tuple[int, ...]]]):
    """Context phrases by length in tokens, as LOWER (or NORM) hash tuples, with the longest length
    worked out once (it was a max() on every check)."""

    longest = 0


class LintInputError(ValueError):
    """The text cannot be linted (too long); the message says why."""


class DismissalLike(Protocol):
    """What a dismissal provides (adverts.model.Dismissal)."""

    rule: str
    text: str


class Finding(NamedTuple):
    """One flagged phrase; `text == source[start:end]` (character offsets). A named tuple: one takes
    0.3 µs to build here, a frozen dataclass 0.9 µs, and a typical advert has three."""

    start: int
    end: int
    text: str
    category: str
    rule: str
    why: str
    suggestion: str
    match: MatchKind

    def to_dict(self) -> dict[str, Any]:
        return self._asdict()


class Linter:
    """Built once per rule set (about 0.2 s for 1,000 phrases); call it on each text."""

    def __init__(self, rules: Iterable[Rule]) -> None:
        self.rules: dict[str, Rule] = {}
        for rule in rules:  # a later rule with the same id replaces the earlier one
            self.rules[rule.id] = rule
        self._vocab = nlp().vocab
        self._tokenizer = nlp().tokenizer
        self._phrases = PhraseMatcher(self._vocab, attr="NORM")
        self._labels: dict[int, tuple[str, MatchKind]] = {}
        self._static = {r.id: (r.category, r.id, r.why, r.suggestions[0]) for r in self.rules.values()}
        self._jargon = frozenset(r.id for r in self.rules.values() if r.category == "jargon")
        self._gapped: dict[int, dict[str, _Group]] = defaultdict(dict)  # anchor NORM -> rule -> phrases
        self._reach: dict[int, tuple[int, int]] = {}  # anchor NORM -> most tokens its phrases reach before, after
        self._checked: set[int] = set()  # labels whose matches _written_as_ruled checks
        self._forms: dict[str, frozenset[str]] = {}  # rule (inflect = false) -> the words of its phrases, lower-case
        self._rule_triggers: dict[int, dict[str, tuple[int, int]]] = defaultdict(dict)  # -> tokens before, after
        self._patterns: dict[str, _Patterns] = {}
        self._hit_words: set[int] = set()  # words whose positions the pattern rules need
        self._always: list[str] = []
        self._acronyms: dict[str, dict[int, frozenset[str]]] = {}  # rule -> acronym NORM -> spellings
        self._fuzzy_by_length: dict[int, list[tuple[int, str]]] = defaultdict(list)
        self._typos: dict[int, frozenset[int]] = {}  # word NORM -> typo-tolerant words one edit away
        self._typo_free: set[int] = set()  # words that are no such typo (most), to skip them in one set operation
        self._blocks = lru_cache(maxsize=1 << 16)(self._blocks_gap)
        self._stops = frozenset(self._vocab.strings.add(w) for w in GAP_STOPS)
        self._unless: dict[str, tuple[_Context, _Context]] = {}
        self._reader_labels: set[int] = set()  # labels of `reader` groups, kept only in a reader form
        self._reader_forms = (_context(READER_BEFORE, norm=True), _context(READER_AFTER, norm=True))
        self._reader_edges = (  # the words next to a group that can begin a form, for a quick first test
            frozenset(words[-1] for phrases in self._reader_forms[0].values() for words in phrases),
            frozenset(words[0] for phrases in self._reader_forms[1].values() for words in phrases))
        self._soft_breaks = frozenset(self._vocab.strings.add(w) for w in SOFT_BREAKS)
        self._explanations = _context(EXPLANATIONS)
        self._quote_key = self._vocab.strings.add("|quote")  # opening quotation marks, found by the matcher
        self._phrases.add("|quote", [[nlp().make_doc(q)[0].norm] for q in OPEN_QUOTES])
        self._explanation_starts = frozenset(  # the words an explanation can begin with, for a quick test
            [self._vocab.strings.add(w) for w in ("(", ",", *DASHES)]
            + [words[0] for phrases in self._explanations.values() for words in phrases])
        self._anchor_typos: dict[str, set[str]] = defaultdict(set)
        triggers: set[str] = set()
        for rule in self.rules.values():
            triggers |= self._add(rule)
        for word in triggers:  # labelled by the word itself, so a hit's match_id is its NORM
            typos = sorted(self._anchor_typos.get(word, ()))
            self._phrases.add(word, [self._doc((w,)) for w in (word, *typos)])

    def __call__(self, text: str, allow_list: Iterable[str] = ()) -> list[Finding]:
        if not isinstance(text, str):
            raise TypeError(f"lint expects str, got {type(text).__name__}")
        if len(text) > MAX_CHARS:
            raise LintInputError(f"text is {len(text):,} characters; the limit is {MAX_CHARS:,}")
        doc = self._tokenizer(text)  # Language.make_doc without its length check, done above
        candidates, quotes = self._candidates(doc)
        if not candidates:
            return []
        if allow_list:
            candidates = self._allowed(doc, candidates, tuple(allow_list))
        unless = self._unless
        if any(c[2] in unless for c in candidates):
            candidates = [c for c in candidates if c[2] not in unless or self._in_context(doc, c)]
        jargon = self._jargon
        if quotes or not jargon.isdisjoint([c[2] for c in candidates]):
            candidates = [c for c in candidates if not (c[0] - 1 in quotes and _rejected(doc, c[0] - 2)
                                                        or c[2] in jargon and self._explained(doc, c[1]))]
        static = self._static
        findings = []
        for start, end, rule_id, kind in _longest(candidates):
            last = doc[end - 1]
            first_char, end_char = doc[start].idx, last.idx + len(last)
            findings.append(Finding(first_char, end_char, text[first_char:end_char], *static[rule_id], kind))
        return findings

    def _candidates(self, doc: Doc) -> tuple[list[Candidate], set[int]]:
        """Every rule's candidate matches, and the positions of opening quotation marks."""
        found: list[Candidate] = []
        quotes: set[int] = set()
        quote_key = self._quote_key
        hits: dict[int, list[int]] = {}  # trigger word NORM -> token positions
        anchors: list[tuple[int, int]] = []  # (position, NORM) of anchor words no match covers
        labels, checked, gapped, hit_words = self._labels, self._checked, self._gapped, self._hit_words
        latest: dict[str, int] = {}  # rule -> index in found of its latest match
        covered_to = 0  # matches arrive in order of start, then end: tokens before this are covered
        reader = self._reader_labels
        for match_id, start, end in self._phrases(doc):
            label = labels.get(match_id)
            if label is not None:
                if match_id in checked and not self._written_as_ruled(doc, start, end, label[0]):
                    continue
                if anchors and anchors[-1][0] == start:
                    anchors.pop()  # an anchor word arrives before the matches that start on it
                if match_id in reader:
                    span = self._reader_span(doc, start, end)
                    if span is not None:
                        found.append(span + label)
                    continue
                covered_to = max(covered_to, end)
                index = latest.get(label[0])
                if index is not None and found[index][0] <= start and end <= found[index][1]:
                    continue  # inside a longer match of the same rule ("sense of humour" in "good sense of humour")
                if index is not None and found[index][0] == start:
                    found[index] = (start, end) + label  # a longer match of the same rule from the same word
                else:
                    latest[label[0]] = len(found)
                    found.append((start, end) + label)
                continue
            if match_id == quote_key:
                quotes.add(start)
                continue
            if match_id in hit_words:
                if match_id in hits:
                    hits[match_id].append(start)
                else:
                    hits[match_id] = [start]
            if start >= covered_to and match_id in gapped:
                anchors.append((start, match_id))
        if anchors:
            found += self._gapped_matches(doc, anchors)
        if hits and (self._always or not hits.keys().isdisjoint(self._rule_triggers)):
            found += self._pattern_matches(doc, hits)
        return found, quotes

    def _gapped_matches(self, doc: Doc, anchors: list[tuple[int, int]]) -> list[Candidate]:
        """Near-misses with gaps around anchor words that no match covers. (A match already explains its
        words, and a near-miss there would only compete with it.)"""
        found: list[Candidate] = []
        for position, anchor in anchors:
            if found and found[-1][0] <= position < found[-1][1]:
                continue  # inside the near-miss just found
            candidate = self._near_miss(doc, position, anchor)
            if candidate is not None:
                found.append(candidate)
        return found

    def _near_miss(self, doc: Doc, position: int, anchor: int) -> Candidate | None:
        """The first of the anchor's phrases whose words are around this hit, with small gaps or typos."""
        before, after = self._reach[anchor]
        first = max(0, position - before)
        positions = range(first, min(len(doc), position + after + 1))
        norms = [doc[k].norm for k in positions]
        if not self._soft_breaks.isdisjoint(norms):  # leave out single line breaks (rare)
            kept = [(k, norm) for k, norm in zip(positions, norms, strict=True) if norm not in self._soft_breaks]
            positions, norms = [k for k, _ in kept], [norm for _, norm in kept]
        near, at = set(norms), positions.index(position)
        typos: set[int] | None = None
        for rule_id, group in self._gapped[anchor].items():
            for gapped in group.phrases if group.exact <= near else ():
                if not gapped.exact <= near:
                    continue
                missing = gapped.fuzzy - near  # then they must be there as typos
                if missing:
                    typos = self._typos_in(near) if typos is None else typos
                    if not typos.issuperset(missing):
                        continue
                start = self._walk(norms, at, gapped.before, -1)
                end = self._walk(norms, at, gapped.after, 1) if start >= 0 else -1
                if end >= 0 and (not gapped.acronyms or self._written_as_ruled(
                        doc, positions[start], positions[end] + 1, rule_id)):
                    return positions[start], positions[end] + 1, rule_id, "near-miss"
        return None

    def _typos_in(self, norms: set[int]) -> set[int]:
        """The typo-tolerant phrase words that any of these words is a one-edit typo of."""
        typos: set[int] = set()
        for norm in norms - self._typo_free:
            typos.update(self._typos_of(norm))
        return typos

    def _walk(self, norms: list[int], position: int, words: tuple[tuple[int, bool], ...], direction: int) -> int:
        """Position of the last of `words` found stepping from `position` in `direction` (1 or -1), each
        within MAX_GAP tokens of the one before and tolerating a typo where allowed; -1 if one is missing
        or a sentence end or negation comes between."""
        for word, fuzzy in words:
            if direction > 0:
                window = norms[position + 1:position + MAX_GAP + 2]
            else:
                window = norms[max(0, position - MAX_GAP - 1):position][::-1]
            step = window.index(word) if word in window else -1
            if fuzzy and step != 0:
                typos, typos_of = self._typos, self._typos_of
                for j, norm in enumerate(window[:step] if step > 0 else window):
                    near = typos.get(norm)
                    if word in (typos_of(norm) if near is None else near):
                        step = j
                        break
            if step < 0 or (step and any(map(self._blocks, window[:step]))):
                return -1
            position += direction * (1 + step)
        return position

    def _pattern_matches(self, doc: Doc, hits: dict[int, list[int]]) -> list[Candidate]:
        """Hand-written patterns, run on windows around trigger words, and only where every word some
        pattern of the rule needs has a hit: first anywhere in the doc, then in the window."""
        length = len(doc)
        ranges: dict[str, list[tuple[int, int]]] = {rule_id: [(0, length)] for rule_id in self._always}
        for norm in hits.keys() & self._rule_triggers.keys():
            for rule_id, (before, after) in self._rule_triggers[norm].items():
                rule = self._patterns[rule_id]
                if rule_id not in ranges and not rule.needs_met(hits.keys(), rule.hit_needs):
                    continue
                spans = ranges.setdefault(rule_id, [])
                for p in hits[norm]:
                    spans.append((p - before if p > before else 0, min(length, p + after + 1)))
        found: list[Candidate] = []
        for rule_id, spans in ranges.items():
            rule = self._patterns[rule_id]
            for a, b in _merged(spans) if len(spans) > 1 else spans:
                norms = [doc[k].norm for k in range(a, b)]
                if rule.needs_met(set(norms), rule.needs):
                    if rule.last_words is not None:  # no match runs past the last word a match can end on
                        b = next(k for k in range(b, a, -1) if norms[k - a - 1] in rule.last_words)
                    found += [(a + start, a + end, rule_id, "exact") for _, start, end in rule.matcher(doc[a:b])]
        return found

    def _reader_span(self, doc: Doc, start: int, end: int) -> tuple[int, int] | None:
        """A `reader` group's match widened to the form that addresses the reader as one of the group
        ("Are you retired", "Retired?"), or None when no such form is next to it."""
        before, after = self._reader_forms
        last_words, first_words = self._reader_edges
        index = start - 1
        for _ in range(MAX_GAP + 1):
            if index < 0:
                break
            token = doc[index]
            if token.norm in last_words:
                begin = _next_to(doc, index, -1, before, norm=True)
                if begin >= 0:
                    return begin, end
            if token.lower_ not in READER_MODIFIERS:
                break
            index -= 1
        if end < len(doc) and doc[end].norm in first_words:
            stop = _next_to(doc, end, 1, after, norm=True)
            if stop >= 0:
                return start, stop
        return None

    def _explained(self, doc: Doc, end: int) -> bool:
        """Whether jargon ending before token `end` is explained at once: brackets (not "(or ..."), a
        spaced dash, or words such as "which means" and "that's", with or without a comma first."""
        if end >= len(doc) or doc[end].lower not in self._explanation_starts:
            return False
        k = end + 1 if doc[end].text == "," else end
        if k >= len(doc):
            return False
        token = doc[k]
        if token.text == "(":
            return k + 1 < len(doc) and doc[k + 1].lower_ not in ("or", "and", "e.g.", "eg")
        if token.text in DASHES and doc[k - 1].whitespace_:
            return True
        return _next_to(doc, k, 1, self._explanations) >= 0

    def _written_as_ruled(self, doc: Doc, start: int, end: int, rule_id: str) -> bool:
        """False when a word matched as one of the rule's acronyms is not written as that acronym (with
        two or more capitals: "does" shares DOE's lemma, "peg" and "doe" are words, "Abi" is a name), or
        when a rule with inflect = false matched another form of a word ("patients")."""
        spellings = self._acronyms.get(rule_id, {})
        forms = self._forms.get(rule_id)
        for token in doc[start:end]:
            if forms is not None and token.lower_ not in forms:
                return False
            allowed = spellings.get(token.norm)
            if allowed is not None and (token.lower_ not in allowed or _capitals(token.text) < 2):
                return False
        return True

    def _allowed(self, doc: Doc, candidates: list[Candidate], allow: tuple[str, ...]) -> list[Candidate]:
        """Candidates left after the allow-list: entries naming a rule id turn the rule off, other
        entries are phrases (any inflection) that may not be flagged."""
        disabled = {a for a in allow if a in self.rules}
        allowed = _allowed_spans(doc, tuple(a for a in allow if a not in disabled))
        return [c for c in candidates if c[2] not in disabled and not _overlaps(c, allowed)]

    def _add(self, rule: Rule) -> set[str]:
        """Register a rule; returns the trigger words it needs in the PhraseMatcher."""
        acronyms = _acronyms(rule.phrases)
        if acronyms:
            self._acronyms[rule.id] = {self._vocab.strings.add(n): s for n, s in acronyms.items()}
        exact = {_norms(p) for p in rule.phrases}
        near = set().union(*(_variants(seq) for seq in exact)) - exact if rule.loose and rule.inflect else set()
        if rule.loose and rule.inflect:  # typos of single long words ("domiciliry")
            near |= {(typo,) for seq in exact if len(seq) == 1 and len(seq[0]) >= ANCHOR_TYPO_LENGTH
                     for typo in _typos(seq[0])} - exact
        if not rule.inflect:
            self._forms[rule.id] = frozenset(t.lower for p in rule.phrases for t in _tokens(p))
        for kind, seqs in (("exact", exact), ("near-miss", near)):
            for checked in (False, True):  # phrases checked on a match (acronyms, as written) get their own label
                docs = [self._doc(seq) for seq in seqs
                        if checked == (not rule.inflect or not acronyms.keys().isdisjoint(seq))]
                if docs:
                    self._phrases.add(self._label(rule.id, kind, checked), docs)
        triggers: set[str] = set()
        for seq in exact if rule.loose and rule.inflect else ():
            words = _content(seq)
            anchor = _anchor(words)
            if len(words) > 1 and anchor is not None:
                triggers.add(words[anchor])
                self._add_gapped(rule.id, words, anchor, not acronyms.keys().isdisjoint(words))
        if rule.patterns:
            triggers |= self._add_patterns(rule)
        if rule.reader:
            key = f"{rule.id}|exact|reader"
            match_id = self._vocab.strings.add(key)
            self._labels[match_id] = (rule.id, "exact")
            self._reader_labels.add(match_id)
            groups = {seq[1:] if seq[0] in DETERMINERS else seq for seq in map(_norms, rule.reader)}
            groups |= {seq[:-1] + (plural,) for seq in groups if seq and seq[-1].isalpha()
                       and (plural := lemma(seq[-1] + "s")) != seq[-1]}  # "Muslims": not in the lemma table
            self._phrases.add(key, [self._doc(seq) for seq in groups if seq])
        if rule.unless_before or rule.unless_after:
            self._unless[rule.id] = (_context(rule.unless_before), _context(rule.unless_after))
        return triggers

    def _add_patterns(self, rule: Rule) -> set[str]:
        """Register a rule's hand-written patterns. Returns the words to report as hits: each pattern's
        trigger and the distinctive words patterns need, so the checks run on hit positions alone."""
        patterns = rule.token_patterns()
        options = [_pattern_words(pattern) for pattern in patterns]
        words: set[str] = set()
        for pattern, required in zip(patterns, options, strict=True):
            trigger, reach = _trigger(pattern, required)
            if not trigger and rule.id not in self._always:
                self._always.append(rule.id)
            for word in trigger:
                known = self._rule_triggers[self._vocab.strings.add(word)]
                old = known.get(rule.id, (0, 0))
                known[rule.id] = (max(old[0], reach[0]), max(old[1], reach[1]))
            words |= trigger
        words |= {w for required in options for _, o in required if _distinctive(o) for w in o}

        def hashes(strings: Iterable[str]) -> frozenset[int]:
            return frozenset(map(self._vocab.strings.add, strings))

        needs = tuple(tuple(hashes(o) for _, o in required) for required in options)
        hit_needs = tuple(tuple(hashes(o) for _, o in required if o <= words) for required in options)
        ends = [required[-1][1] if required and required[-1][0] == len(pattern) - 1 else None
                for pattern, required in zip(patterns, options, strict=True)]
        last = hashes(set().union(*ends)) if all(e is not None for e in ends) else None
        matcher = Matcher(self._vocab, validate=False)  # validated as written, in rules.py
        matcher.add(rule.id, [compile_pattern(p) for p in patterns], greedy="LONGEST")
        self._patterns[rule.id] = _Patterns(matcher, needs, hit_needs, last)
        self._hit_words |= hashes(words)
        return words

    def _add_gapped(self, rule_id: str, words: list[str], anchor: int, acronyms: bool) -> None:
        """Register a loose phrase's gapped near-miss check on its anchor word."""
        entry = []
        for word in words:
            norm = self._vocab.strings.add(word)
            fuzzy = len(word) >= FUZZY_MIN_LENGTH and word.isalpha()
            entry.append((norm, fuzzy))
            known = self._fuzzy_by_length[len(word)]
            if fuzzy and (norm, word) not in known:
                known.append((norm, word))
        before, after = tuple(reversed(entry[:anchor])), tuple(entry[anchor + 1:])
        others = before + after
        gapped = _Gapped(before, after, acronyms, frozenset(w for w, tolerant in others if not tolerant),
                         frozenset(w for w, tolerant in others if tolerant))
        norm = entry[anchor][0]
        if len(words[anchor]) >= ANCHOR_TYPO_LENGTH and words[anchor].isalpha():
            self._anchor_typos[words[anchor]] |= _typos(words[anchor])
        if self._gapped[norm].setdefault(rule_id, _Group()).add(gapped):
            old = self._reach.get(norm, (0, 0))
            self._reach[norm] = (max(old[0], len(before) * (MAX_GAP + 1)), max(old[1], len(after) * (MAX_GAP + 1)))

    def _label(self, rule_id: str, kind: MatchKind, checked: bool) -> str:
        key = f"{rule_id}|{kind}|{'acronym' if checked else ''}"
        match_id = self._vocab.strings.add(key)
        self._labels[match_id] = (rule_id, kind)
        if checked:
            self._checked.add(match_id)
        return key

    def _doc(self, norms: tuple[str, ...]) -> list[int]:
        """A PhraseMatcher pattern: the NORM hashes themselves. PhraseMatcher.add takes these as well as
        a Doc, and building a Doc per pattern was most of the linter's start-up (about 9,000 of them)."""
        return [self._vocab.strings.add(norm) for norm in norms]

    def _in_context(self, doc: Doc, candidate: Candidate) -> bool:
        """False when an unless_before/unless_after phrase sits right next to the match (rules that have them)."""
        before, after = self._unless[candidate[2]]
        return not (before and _next_to(doc, candidate[0] - 1, -1, before) >= 0
                    or after and _next_to(doc, candidate[1], 1, after) >= 0)

    def _typos_of(self, norm: int) -> frozenset[int]:
        """The typo-tolerant phrase words one edit from this word (e.g. 'domicilary'), worked out
        once per distinct word."""
        typos = self._typos.get(norm)
        if typos is None:
            if len(self._typos) > TYPO_CACHE:
                self._typos.clear()
                self._typo_free.clear()
            text = self._vocab.strings[norm]
            typos = self._typos[norm] = frozenset(
                word for length in (len(text) - 1, len(text), len(text) + 1)
                for word, spelling in self._fuzzy_by_length.get(length, ())
                if word != norm and levenshtein(text, spelling, 1) <= 1)
            if not typos:
                self._typo_free.add(norm)
        return typos

    def _blocks_gap(self, norm: int) -> bool:
        """A gap may not skip a sentence end, a negation, a blank line or an emoji bullet ("✅")."""
        text = self._vocab.strings[norm]
        return norm in self._stops or text.isspace() or unicodedata.category(text[0]) == "So"



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
    return tuple(t.norm for t in _tokens(phrase) if not t.space)


class _Token(NamedTuple):
    text: str
    lower: str
    norm: str
    space: bool


@lru_cache(maxsize=8192)
def _tokens(phrase: str) -> tuple[_Token, ...]:
    """A rule phrase's tokens, tokenized once: each phrase is read for its NORMs, acronyms and forms."""
    return tuple(_Token(t.text, t.lower_, t.norm_, t.is_space) for t in nlp().make_doc(phrase))


def _lowers(doc: Doc, start: int, stop: int) -> tuple[int, ...]:
    """The LOWER hashes of the tokens in [start, stop), leaving out whitespace tokens."""
    return tuple(token.lower for k in range(max(0, start), min(len(doc), stop)) if not (token := doc[k]).is_space)


def _next_to(doc: Doc, index: int, step: int, context: _Context, norm: bool = False) -> int:
    """Where one of the context phrases ends at token `index` (step -1, reading back) or starts there
    (step 1), whitespace tokens aside: the index of its first token (step -1) or just past its last
    (step 1), or -1 if none does. Reads one token at a time, as the nearest usually decides."""
    words: list[int] = []
    longest = context.longest
    while 0 <= index < len(doc) and len(words) < longest:
        token = doc[index]
        if not token.is_space:
            words.append(token.norm if norm else token.lower)
            phrases = context.get(len(words))
            if phrases and tuple(words[::step]) in phrases:
                return index + 1 if step > 0 else index
        index += step
    return -1


def _rejected(doc: Doc, index: int) -> bool:
    """Whether the sentence before token `index` (reading back to its start) rejects what follows:
    "We won't tell you this job will 'make a difference'"."""
    for k in range(index, max(-1, index - 20), -1):
        token = doc[k]
        if token.text in (".", "!", "?") or token.is_space and "\n" in token.text:
            return False
        if token.lower_ in REJECTIONS:
            return True
    return False


def _context(phrases: Iterable[str], norm: bool = False) -> _Context:
    """Context phrases as LOWER (or NORM) hash tuples grouped by length, so a check is one set lookup
    per length."""
    grouped: dict[int, set[tuple[int, ...]]] = defaultdict(set)
    for phrase in phrases:
        doc = nlp().make_doc(phrase)
        words = tuple(t.norm for t in doc if not t.is_space) if norm else _lowers(doc, 0, len(doc))
        grouped[len(words)].add(words)
    context = _Context({n: frozenset(words) for n, words in grouped.items() if n})
    context.longest = max(context, default=0)
    return context


def _anchor(words: list[str]) -> int | None:
    """Index of the first distinctive word; phrases made only of common words get no gapped check."""
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
    if len(seq) > 2 and all(w.isalpha() for w in seq):  # hyphenated throughout: "make-a-difference"
        out.add(tuple(part for w in seq for part in ("-", w))[1:])
    for i, word in enumerate(seq):
        if word in SPELLINGS:
            out.add(seq[:i] + (SPELLINGS[word],) + seq[i + 1:])
    return out


def _typos(word: str) -> set[str]:
    """The commonest one-letter slips in a word that are not words themselves: a letter dropped or
    swapped with the next ("diffrence", "diffreence"). (Doubled letters would add a third as many
    patterns to build at start-up.)"""
    slips = {word[:i] + word[i + 1:] for i in range(len(word))}
    slips |= {word[:i] + word[i + 1] + word[i] + word[i + 2:] for i in range(len(word) - 1)}
    return {slip for slip in slips if slip != word and not known_word(slip)}


def _pattern_words(pattern: list[dict[str, Any]]) -> list[tuple[int, set[str]]]:
    """For each literal token a hand-written pattern requires: its index and the words (as NORM) it accepts."""
    options = []
    for index, token in enumerate(pattern):
        if token.get("OP") not in (None, "+"):
            continue
        for attr in ("NORM", "LOWER", "ORTH", "TEXT"):
            spec = token.get(attr)
            values = [spec] if isinstance(spec, str) else (
                spec.get("IN") if isinstance(spec, dict) else None)
            if isinstance(values, list) and values:
                options.append((index, {lemma(v) for v in values}))
                break
    return options


def _trigger(pattern: list[dict[str, Any]], options: list[tuple[int, set[str]]]
             ) -> tuple[set[str], tuple[int, int]]:
    """The words that wake a pattern up (its last distinctive required token), and how many tokens
    before and after such a word a match can reach."""
    distinctive = [o for o in options if _distinctive(o[1])]
    chosen = distinctive[-1:] or options[:1]
    if not chosen:
        return set(), (WINDOW, WINDOW)
    index, words = chosen[0]
    before = min(WINDOW, sum(_longest_run(token) for token in pattern[:index]))
    after = min(WINDOW, sum(_longest_run(token) for token in pattern[index:]) - 1)
    return words, (before, after)


def _distinctive(words: set[str]) -> bool:
    return not words & COMMON and all(w.isalpha() for w in words)


def _longest_run(token: dict[str, Any]) -> int:
    """The most tokens one pattern token can match ("*", "+" and "{n,}" count as WINDOW)."""
    op = token.get("OP")
    if op in (None, "!", "?"):
        return 1
    bounds = op.strip("{}").split(",") if op.startswith("{") else []
    return int(bounds[-1]) if bounds and bounds[-1] else WINDOW


def _acronyms(phrases: Iterable[str]) -> dict[str, frozenset[str]]:
    """NORM -> lower-case spellings of the acronyms (two or more capitals) in a rule's phrases,
    leaving out any NORM the rule also uses for an ordinary word."""
    acronyms: dict[str, set[str]] = defaultdict(set)
    ordinary: set[str] = set()
    for phrase in phrases:
        for token in _tokens(phrase):
            if _capitals(token.text) >= 2:
                acronyms[token.norm].add(token.lower)
            else:
                ordinary.add(token.norm)
    return {norm: frozenset(spellings) for norm, spellings in acronyms.items() if norm not in ordinary}


def _capitals(word: str) -> int:
    return sum(c.isupper() for c in word)


def _merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Token ranges with overlapping ones joined, so no Matcher sees a token twice."""
    merged: list[tuple[int, int]] = []
    for a, b in sorted(spans):
        if merged and a <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(b, merged[-1][1]))
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
    """Resolve overlaps: longest first, exact before near-miss on ties; result in text order. Only
    clusters of overlapping candidates need choosing, and most candidates overlap nothing."""
    ordered = sorted(candidates)
    end = 0
    for c in ordered:
        if c[0] < end:
            break
        end = c[1]
    else:  # the usual case: nothing overlaps
        return ordered
    chosen: list[Candidate] = []
    first = end = 0
    for i, c in enumerate(ordered):
        if c[0] >= end and i > first:
            chosen += ordered[first:i] if i - first == 1 else _choose(ordered[first:i])
            first = i
        if c[1] > end:
            end = c[1]
    chosen += ordered[first:] if len(ordered) - first <= 1 else _choose(ordered[first:])
    return chosen


def _priority(candidate: Candidate) -> tuple[int, bool, int, str]:
    return candidate[0] - candidate[1], candidate[3] != "exact", candidate[0], candidate[2]


def _choose(cluster: list[Candidate]) -> list[Candidate]:
    chosen: list[Candidate] = []
    for c in sorted(cluster, key=_priority):
        if all(c[1] <= d[0] or d[1] <= c[0] for d in chosen):
            chosen.append(c)
    chosen.sort()
    return chosen
