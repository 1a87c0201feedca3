"""Advert templates (templates.toml): slots filled from the campaign, so copy is data users edit.

A template names slots such as {question} or {pay}. A slot with several values (each question,
each hope) makes one text per value; a template whose slot has no value (pay not filled in yet)
makes none, so a half-finished campaign never produces "Pay: ." adverts.
"""

from __future__ import annotations

import itertools
import re
import string
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from adverts.formats import FORMATS
from adverts.model import Theme
from personas.model import Persona
from planner.campaign import Campaign, Organisation

TEMPLATES_FILE = Path(__file__).with_name("templates.toml")
KINDS = ("headline", "body", "description", "image_note")
SLOTS = frozenset({
    "role", "role_description", "pay", "pay_short", "hours", "place", "place_short",
    "personal_care", "org", "headline", "theme", "question", "questions", "hope", "persona_line", "support",
    "support_list", "cta",
})


class TemplateError(ValueError):
    """A templates file that cannot be used; the message names the entry and the problem."""


@dataclass(frozen=True)
class Template:
    text: str
    formats: frozenset[str] | None = None

    @property
    def slots(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(name for _, name, _, _ in string.Formatter().parse(self.text) if name))

    def suits(self, fmt: str) -> bool:
        return self.formats is None or fmt in self.formats

    def fill(self, values: dict[str, list[str]]) -> list[str]:
        """One text per combination of slot values; none if any slot is empty."""
        choices = [values.get(slot, []) for slot in self.slots]
        return [self.text.format_map(dict(zip(self.slots, combo, strict=True)))
                for combo in itertools.product(*choices)]


@dataclass(frozen=True)
class CallToAction:
    text: str
    note: str = ""
    facebook_button: str | None = None


@dataclass(frozen=True)
class Templates:
    headline: tuple[Template, ...]
    body: tuple[Template, ...]
    description: tuple[Template, ...]
    image_note: tuple[Template, ...]
    ctas: tuple[CallToAction, ...]
    persona_lines: dict[str, tuple[str, ...]]

    def fill(self, kind: str, fmt: str, values: dict[str, list[str]]) -> list[str]:
        """Every distinct text the templates of one kind give for a format, in template order."""
        return list(dict.fromkeys(text for t in getattr(self, kind) if t.suits(fmt) for text in t.fill(values)))

    def cta(self, text: str) -> CallToAction:
        """The named call to action, or a plain one for text the user typed."""
        return next((c for c in self.ctas if c.text.casefold() == text.casefold()), CallToAction(text))


def parse(text: str) -> Templates:
    """Parse and check a templates file, so a typo is reported before anything is generated."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise TemplateError(f"not valid TOML: {error}") from None
    kinds = {kind: tuple(_template(kind, i, entry) for i, entry in enumerate(data.get(kind, [])))
             for kind in KINDS}
    for kind in ("headline", "body"):
        if not kinds[kind]:
            raise TemplateError(f"at least one [[{kind}]] template is needed")
    ctas = tuple(CallToAction(text=c["text"], note=c.get("note", ""), facebook_button=c.get("facebook_button"))
                 for c in data.get("cta", []))
    lines = data.get("persona_lines", {})
    if not all(isinstance(v, list) and all(isinstance(s, str) for s in v) for v in lines.values()):
        raise TemplateError("[persona_lines]: each persona needs a list of lines")
    return Templates(**kinds, ctas=ctas, persona_lines={k: tuple(v) for k, v in lines.items()})


def _template(kind: str, index: int, entry: dict) -> Template:
    where = f"[[{kind}]] number {index + 1}"
    if not isinstance(entry.get("text"), str) or not entry["text"].strip():
        raise TemplateError(f"{where}: needs a text")
    formats = entry.get("formats")
    if formats is not None:
        unknown = sorted(set(formats) - set(FORMATS))
        if unknown:
            raise TemplateError(f"{where}: unknown format(s) {', '.join(unknown)}; formats are {', '.join(FORMATS)}")
        formats = frozenset(formats)
    try:
        template = Template(entry["text"], formats)
        unknown_slots = sorted(set(template.slots) - SLOTS)
    except ValueError as error:
        raise TemplateError(f"{where}: {error} (write {{{{ and }}}} for literal braces)") from None
    if unknown_slots:
        raise TemplateError(
            f"{where}: unknown slot(s) {', '.join(unknown_slots)}; slots are {', '.join(sorted(SLOTS))}")
    return template


@lru_cache(maxsize=1)
def default() -> Templates:
    return parse(TEMPLATES_FILE.read_text(encoding="utf-8"))


def _first_clause(text: str) -> str:
    return text.split(", ", 1)[0].strip()


def _lower_first(text: str) -> str:
    """Lower-case the first letter to continue a sentence, leaving acronyms ("CV", "CQC") alone."""
    first = text.split(maxsplit=1)[0] if text.strip() else ""
    return text if len(first) > 1 and first.isupper() else text[:1].lower() + text[1:]


_SECOND_PERSON = {"they": "you", "them": "you", "their": "your", "theirs": "yours", "themselves": "yourself"}


def hope_question(hope: str) -> str:
    """'A fair wage for their time' -> 'Looking for a fair wage for your time?', spoken to the reader."""
    hope = re.sub(r"\b(they|them|their|theirs|themselves)\b", lambda m: _SECOND_PERSON[m.group(1)],
                  hope.strip().rstrip("."))
    if hope.lower().startswith("to "):
        return f"Do you want {_lower_first(hope)}?"
    return f"Looking for {_lower_first(hope)}?"


def _one(text: str) -> list[str]:
    return [text.strip()] if text.strip() else []


def slot_values(campaign: Campaign, organisation: Organisation, theme: Theme, persona: Persona,
                templates: Templates, cta: str) -> dict[str, list[str]]:
    """Every slot's values for one theme spoken to one persona."""
    role = campaign.role
    names = (persona.key, persona.library_key)
    addressed = [a.text for a in theme.addresses if a.kind == "hope" and a.persona in names]
    hopes = list(dict.fromkeys([h for h in addressed if h in persona.hopes] + persona.hopes))
    lines = templates.persona_lines.get(persona.key) or templates.persona_lines.get(persona.library_key or "", ())
    support = [s.strip().rstrip(".") for s in campaign.looking_for.profile.support if s.strip()]
    questions = [q.strip() for q in theme.questions if q.strip()]
    return {
        "role": _one(role.title), "role_description": _one(role.description), "pay": _one(role.pay),
        "pay_short": _one(_first_clause(role.pay)), "hours": _one(role.hours),
        "place": _one(role.location),
        "place_short": _one(_first_clause(role.location)), "personal_care": _one(role.personal_care),
        "org": _one(organisation.name), "headline": _one(theme.headline), "theme": _one(theme.name),
        "question": [q for q in questions if q.endswith("?")] or questions,
        "questions": _one(" ".join(questions)),
        "hope": [hope_question(h) for h in hopes],
        "persona_line": list(lines) or [hope_question(h) for h in hopes[:2]],
        "support": [_lower_first(s) for s in support],
        "support_list": _one("\n".join(f"- {s}" for s in support)),
        "cta": _one(cta),
    }
