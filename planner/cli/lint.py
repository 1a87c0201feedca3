"""`planner lint`: flag wallpaper, stereotypes, barriers, jargon and personal-attribute copy.

Exit status: 0 no findings, 1 findings, 2 error (unreadable or binary input, bad rules file).
Register on the planner group with `group.add_command(lint)`.
"""

from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING, NoReturn

import click

from adverts.lint import Finding, LintInputError, RuleError, rules_from_custom
from adverts.lint import lint as lint_text
from adverts.lint.pipeline import MAX_CHARS
from adverts.lint.rules import parse_rules
from planner.cli import common

if TYPE_CHECKING:  # the campaign model is imported only for --organisation, to keep start-up short
    from planner.campaign import Organisation

#: The bundled rules file is about 40 KB; an organisation's own is smaller.
MAX_RULES_BYTES = 1024 * 1024


class InputError(Exception):
    """One input cannot be linted; the message is shown as-is."""


def read_input(path: str) -> str:
    """Text of a file, or stdin for '-', refusing binary, non-UTF-8 and oversized input."""
    try:  # UTF-8 takes at most 4 bytes a character
        data = common.read_input(path, 4 * MAX_CHARS, lambda size: f"too long: {size:,} bytes; the limit is "
                                 f"{MAX_CHARS:,} characters")
    except common.UnreadableInput as exc:
        raise InputError(str(exc)) from None
    if b"\x00" in data:
        raise InputError("looks like a binary file, not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"not UTF-8 text (invalid byte at offset {exc.start}); save it as UTF-8") from None
    if len(text) > MAX_CHARS:
        raise InputError(f"too long: {len(text):,} characters; the limit is {MAX_CHARS:,}")
    return text


def _rules_text(path: str) -> str:
    """A rules file is read like an input: never a FIFO or device, never without a size limit."""
    try:
        data = common.read_input(path, MAX_RULES_BYTES, lambda size: f"{path}: the rules file is {size:,} bytes; "
                                 f"the limit is {MAX_RULES_BYTES:,}")
        return data.decode("utf-8-sig")
    except common.UnreadableInput as exc:
        raise InputError(f"--rules: {exc}") from None
    except UnicodeDecodeError as exc:
        raise InputError(f"--rules: {path} is not UTF-8 (invalid byte at offset {exc.start})") from None


def text_line(path: str, text: str, finding: Finding) -> str:
    """`path:line:col: category rule — text — why — suggestion` (line and column from 1)."""
    line = text.count("\n", 0, finding.start) + 1
    column = finding.start - (text.rfind("\n", 0, finding.start) + 1) + 1
    shown = " ".join(finding.text.split())
    return (f"{path}:{line}:{column}: {finding.category} {finding.rule} — {shown} — "
            f"{finding.why} — {finding.suggestion}")


@click.command("lint")
@click.argument("paths", nargs=-1, metavar="[PATH ...]")
@click.option("--format", "output", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="Human-readable lines or a JSON array.")
@click.option("--rules", "rules_file", metavar="FILE", default=None,
              help="Extra rules from a TOML file (same format as adverts/rules/wallpaper.toml).")
@click.option("--organisation", "org_slug", metavar="SLUG", default=None,
              help="Also apply this organisation's own rules and allow-list (from DATABASE_URL).")
def lint(paths: tuple[str, ...], output: str, rules_file: str | None, org_slug: str | None) -> None:
    """Lint advert text in files, or stdin when PATH is '-'."""
    if not paths:
        _fail("give one or more files, or - to read stdin")
    try:
        extra = parse_rules(_rules_text(rules_file), rules_file) if rules_file else ()
    except (RuleError, InputError) as exc:
        _fail(str(exc))
    allow: tuple[str, ...] = ()
    if org_slug:
        organisation = _organisation(org_slug)
        extra = (*extra, *rules_from_custom(organisation.custom_rules))
        allow = tuple(organisation.allow_list)
    results, errors, found = [], 0, False
    for path in paths:
        try:
            text = read_input(path)
            findings = lint_text(text, extra_rules=extra, allow_list=allow)
        except (InputError, LintInputError) as exc:
            click.echo(f"planner lint: {path}: {exc}", err=True)
            errors += 1
            continue
        found = found or bool(findings)
        results.append({"path": path, "findings": [f.to_dict() for f in findings]})
        if output == "text":
            for finding in findings:
                click.echo(text_line(path, text, finding))
    if output == "json":  # a JSON array with one file per line: json's C encoder does not indent
        lines = ",\n".join(json.dumps(r, ensure_ascii=False) for r in results)
        click.echo(f"[\n{lines}\n]" if lines else "[]")
    sys.exit(2 if errors else 1 if found else 0)


def _organisation(slug: str) -> Organisation:
    from planner.storage import NotFoundError, Store
    from planner.storage.config import database_url, scrub

    try:
        return Store().organisation(slug)[0]
    except NotFoundError as exc:
        _fail(str(exc))
    except Exception as exc:  # an unreachable or bad DATABASE_URL is the user's to fix
        _fail(common.one_line(RuntimeError(scrub(f"cannot open the database: {getattr(exc, 'orig', None) or exc}",
                                                 database_url()))))


def _fail(message: str) -> NoReturn:
    click.echo(f"planner lint: {message}", err=True)
    sys.exit(2)
