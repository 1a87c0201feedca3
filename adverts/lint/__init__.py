"""The wallpaper linter: care-sector phrase rules, readability, corpus learning, safe highlighting."""

from adverts.lint.linter import Finding, Linter, LintInputError, apply_dismissals, lint, linter
from adverts.lint.rules import Rule, RuleError, default_rules, load_rules, parse_rules, rules_from_custom

__all__ = [
    "Finding", "Linter", "LintInputError", "Rule", "RuleError", "apply_dismissals", "default_rules",
    "lint", "linter", "load_rules", "parse_rules", "rules_from_custom",
]
