"""An organisation's own wallpaper rules and allow-list: checked edits, linting with them, learned rules.

The bundled rules say what the whole sector over-uses; an organisation adds the phrases it has
learned to avoid (or found in its own corpus) and allows the ones that are true for it. Both are
stored with the organisation, so every campaign and every page lints the same way.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from pydantic import ValidationError

from adverts.lint import Finding, RuleError, lint, rules_from_custom
from adverts.lint.rules import CATEGORIES
from planner.campaign import MAX_PHRASE, CustomRule, Organisation

_WORD = re.compile(r"[^\W_]")  # a letter or digit: something the linter can match
LEARNED_WHY = ("{employers} different employers in your collected adverts use it: readers have seen it so often "
               "that they skip it.")
LEARNED_SUGGESTION = "Say what is true of this job and this team, in your own words."


def lint_for(text: str, organisation: Organisation) -> list[Finding]:
    """Findings in text with the bundled rules plus the organisation's rules, minus its allow-list."""
    return lint(text, extra_rules=rules_from_custom(organisation.custom_rules), allow_list=organisation.allow_list)


def flagged(phrase: str, organisation: Organisation) -> bool:
    """Whether a rule (bundled or the organisation's) already flags the phrase, allow-list aside."""
    return bool(lint(phrase, extra_rules=rules_from_custom(organisation.custom_rules)))


def custom_rule(phrase: str, category: str = "wallpaper", why: str = "", suggestion: str = "") -> CustomRule:
    """One checked rule; RuleError says what to fix (empty phrase, no words, unknown category)."""
    phrase = " ".join(phrase.split())
    if not phrase:
        raise RuleError("the phrase is empty: write the words to flag, e.g. 'team player'")
    if len(phrase) > MAX_PHRASE:
        raise RuleError(f"the phrase is {len(phrase)} characters; keep it under {MAX_PHRASE}")
    if not _WORD.search(phrase):
        raise RuleError(f"'{phrase}' has no words for the linter to match; write it as words, e.g. 'team player'")
    if category not in CATEGORIES:
        raise RuleError(f"unknown category '{category}'; use one of: {', '.join(CATEGORIES)}")
    try:
        return CustomRule(phrase=phrase, category=category, why=" ".join(why.split()),  # type: ignore[arg-type]
                          suggestion=" ".join(suggestion.split()))
    except ValidationError as error:  # pragma: no cover - every field is checked above
        raise RuleError(str(error)) from None


def custom_rules_from_rows(rows: Iterable[Mapping[str, Any]]) -> list[CustomRule]:
    """Rules from an edited table (phrase, category, why, suggestion); wholly blank rows are skipped.

    Errors name the row, and two rows that would be the same rule (same words) are refused."""
    rules: list[CustomRule] = []
    seen: dict[str, int] = {}
    for number, row in enumerate(rows, 1):
        cells = {key: value if isinstance(value := row.get(key), str) else ""  # blank cells may be None or NaN
                 for key in ("phrase", "category", "why", "suggestion")}
        if not any(cells[key].strip() for key in ("phrase", "why", "suggestion")):
            continue
        try:
            rule = custom_rule(cells["phrase"], cells["category"] or "wallpaper", cells["why"], cells["suggestion"])
        except RuleError as error:
            raise RuleError(f"Row {number}: {error}") from None
        rule_id = rules_from_custom([rule])[0].id
        if rule_id in seen:
            raise RuleError(f"Row {number}: '{rule.phrase}' is the same rule as row {seen[rule_id]}")
        seen[rule_id] = number
        rules.append(rule)
    return rules


def allow_list_from_lines(lines: Iterable[str]) -> list[str]:
    """Allow-list entries (phrases or rule ids), trimmed, without blanks or repeats."""
    entries: dict[str, str] = {}
    for line in lines:
        entry = " ".join(line.split())
        if entry:
            entries.setdefault(entry.casefold(), entry)
    return list(entries.values())


def learned_rule(phrase: str, employers: int) -> CustomRule:
    """A wallpaper rule for a phrase many employers use, with a default why and suggestion to edit."""
    return custom_rule(phrase, "wallpaper", LEARNED_WHY.format(employers=employers), LEARNED_SUGGESTION)


def with_rules(organisation: Organisation, new: Iterable[CustomRule]) -> tuple[Organisation, list[CustomRule]]:
    """The organisation with the new rules added, skipping any it already has; also returns the added ones."""
    have = {rule.id for rule in rules_from_custom(organisation.custom_rules)}
    added = []
    for rule in new:
        rule_id = rules_from_custom([rule])[0].id
        if rule_id not in have:
            have.add(rule_id)
            added.append(rule)
    return organisation.model_copy(update={"custom_rules": [*organisation.custom_rules, *added]}), added
