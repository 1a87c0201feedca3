"""Advert templates (templates.toml): slots filled from the campaign, so copy is data users edit.

A template names slots such as {questions} or {pay_sentence}. Slot values are already shaped for
their place in a sentence (a hope as a question, pay as a whole sentence), so templates only place
them. A body is paragraphs of parts: a part whose slot has no value (pay not filled in yet) is left
out, and a part may hold a slot with several values (each question) that makes one text per value.
A one-line `text` template is all or nothing: it makes no text while any of its slots is empty.
"""

from __future__ import annotations

import itertools
import re
import string
import tomllib
from collections.abc import Collection
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from adverts.formats import FORMATS, get_format
from adverts.model import Theme
from personas.model import Persona
from planner.campaign import Campaign, Organisation

TEMPLATES_FILE = Path(__file__).with_name("templates.toml")
KINDS = ("headline", "body", "description", "image_note")
SLOTS = frozenset({
    "role", "a_role", "role_description", "pay", "pay_short", "pay_sentence", "hours", "hours_sentence", "place",
    "place_short", "place_sentence", "personal_care_sentence", "org", "who_we_are", "headline", "theme_headline",
    "headline_opening", "theme", "question", "questions", "hope_question", "hope_statement", "support",
    "support_list", "support_sentence", "cta", "next_step", "hope", "persona_line", "personal_care",
})
#: Slot names older template files use, filled with the shaped values that replaced them.
OLDER_SLOTS = {"hope": "hope_question", "persona_line": "hope_statement", "personal_care": "personal_care_sentence"}


class TemplateError(ValueError):
    """A templates file that cannot be used; the message names the entry and the problem."""


def _slots(text: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(name for _, name, _, _ in string.Formatter().parse(text) if name))


def _fill(text: str, values: dict[str, list[str]]) -> list[str]:
    """One text per combination of slot values; none if any slot is empty."""
    slots = _slots(text)
    return [text.format_map(dict(zip(slots, combo, strict=True)))
            for combo in itertools.product(*(values.get(slot, []) for slot in slots))]


@dataclass(frozen=True)
class Template:
    """One template: a line, or paragraphs of parts (each left out when its slots are empty)."""

    paragraphs: tuple[tuple[str, ...], ...]
    formats: frozenset[str] | None = None
    #: Slots without which the template makes nothing at all.
    needs: tuple[str, ...] = ()

    @classmethod
    def line(cls, text: str, formats: frozenset[str] | None = None) -> Template:
        return cls(((text,),), formats, _slots(text))

    @property
    def slots(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(s for paragraph in self.paragraphs for part in paragraph for s in _slots(part)))

    def suits(self, fmt: str) -> bool:
        return self.formats is None or fmt in self.formats

    def fill(self, values: dict[str, list[str]]) -> list[str]:
        """Every text the template makes; a part with several values makes one text per value."""
        if any(not values.get(slot) for slot in self.needs):
            return []
        options = [[_fill(part, values) for part in paragraph] for paragraph in self.paragraphs]
        choices = [filled for paragraph in options for filled in paragraph if filled]
        texts = []
        for combo in itertools.product(*choices):
            chosen = iter(combo)
            paragraphs = [" ".join(next(chosen) for filled in paragraph if filled) for paragraph in options]
            texts.append("\n\n".join(p.strip() for p in paragraphs if p.strip()))
        return [t for t in texts if t]


@dataclass(frozen=True)
class CallToAction:
    text: str
    note: str = ""
    facebook_button: str | None = None
    #: What to do next, said in a sentence, online and where the advert points offline (leaflet, talk).
    next_step: str = ""
    next_step_offline: str = ""
    #: True when this call to action asks for an application (never offered where there is no form).
    applies: bool = False


@dataclass(frozen=True)
class Templates:
    headline: tuple[Template, ...]
    body: tuple[Template, ...]
    description: tuple[Template, ...]
    image_note: tuple[Template, ...]
    ctas: tuple[CallToAction, ...]

    def fill(self, kind: str, fmt: str, values: dict[str, list[str]]) -> list[str]:
        """Every distinct text the templates of one kind give for a format, in template order."""
        return list(dict.fromkeys(text for t in getattr(self, kind) if t.suits(fmt) for text in t.fill(values)))

    def cta(self, text: str) -> CallToAction:
        """The named call to action, or a plain one for text the user typed."""
        known = next((c for c in self.ctas if c.text.casefold() == text.casefold()), None)
        return known or CallToAction(text, applies=bool(re.search(r"\bapply\b", text, re.IGNORECASE)))


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
    ctas = tuple(CallToAction(text=c["text"], note=c.get("note", ""), facebook_button=c.get("facebook_button"),
                              next_step=c.get("next_step", ""), next_step_offline=c.get("next_step_offline", ""),
                              applies=bool(c.get("applies", False)))
                 for c in data.get("cta", []))
    return Templates(**kinds, ctas=ctas)


def _template(kind: str, index: int, entry: dict) -> Template:
    where = f"[[{kind}]] number {index + 1}"
    formats = entry.get("formats")
    if formats is not None:
        unknown = sorted(set(formats) - set(FORMATS))
        if unknown:
            raise TemplateError(f"{where}: unknown format(s) {', '.join(unknown)}; formats are {', '.join(FORMATS)}")
        formats = frozenset(formats)
    try:
        if isinstance(entry.get("text"), str) and entry["text"].strip():
            template = Template.line(entry["text"], formats)
        elif _is_paragraphs(entry.get("paragraphs")):
            paragraphs = tuple(tuple(p) for p in entry["paragraphs"])
            template = Template(paragraphs, formats, tuple(entry.get("needs", ())))
        else:
            raise TemplateError(f"{where}: needs a text, or paragraphs (lists of parts)")
        unknown_slots = sorted((set(template.slots) | set(template.needs)) - SLOTS)
    except ValueError as error:
        if isinstance(error, TemplateError):
            raise
        raise TemplateError(f"{where}: {error} (write {{{{ and }}}} for literal braces)") from None
    if unknown_slots:
        raise TemplateError(
            f"{where}: unknown slot(s) {', '.join(unknown_slots)}; slots are {', '.join(sorted(SLOTS))}")
    return template


def _is_paragraphs(value: object) -> bool:
    return (isinstance(value, list) and bool(value)
            and all(isinstance(p, list) and all(isinstance(s, str) for s in p) for p in value))


@lru_cache(maxsize=1)
def default() -> Templates:
    return parse(TEMPLATES_FILE.read_text(encoding="utf-8"))


# Shaping values for their sentence.

def _first_clause(text: str) -> str:
    return text.split(", ", 1)[0].strip()


def lower_first(text: str) -> str:
    """Lower-case the first letter to continue a sentence, leaving acronyms ("CV", "CQC") alone."""
    first = text.split(maxsplit=1)[0] if text.strip() else ""
    return text if len(first) > 1 and first.isupper() else text[:1].lower() + text[1:]


def sentence(text: str) -> str:
    """A whole sentence: a capital first letter and closing punctuation, without doubling either."""
    text = " ".join(text.split()).rstrip(" ,;:")
    if not text:
        return ""
    text = text[:1].upper() + text[1:]
    return text if text[-1] in ".?!" else f"{text}."


def article(noun: str) -> str:
    """"a Wellbeing Leader", "an Outreach Worker": the article by the sound of the first word."""
    word = noun.strip().split(maxsplit=1)[0].lower() if noun.strip() else ""
    vowel = word[:1] in set("aeiou") and not word.startswith(("uni", "use", "eu", "one"))
    return f"{'an' if vowel or word.startswith(('hour', 'honest')) else 'a'} {noun.strip()}"


def join_list(items: list[str]) -> str:
    """"a, b and c"; "a, with x; b; and c" when an item has a comma of its own."""
    items = [i for i in items if i]
    if len(items) < 2:
        return "".join(items)
    if any(", " in i for i in items):
        return f"{'; '.join(items[:-1])}; and {items[-1]}"
    return f"{', '.join(items[:-1])} and {items[-1]}"


_SECOND_PERSON = {"they": "you", "them": "you", "their": "your", "theirs": "yours", "themselves": "yourself"}


def hope_question(hope: str) -> str:
    """A hope with no phrasing from the persona, asked of the reader in a form that reads well.

    'A fair wage for their time' -> 'Are you looking for a fair wage for your time?';
    'To keep contributing' -> 'Do you want to keep contributing?';
    'Being trusted to decide' -> 'Would you like being trusted to decide?' is wrong, so a hope that starts
    with a verb in -ing becomes 'Would you enjoy being trusted to decide?'.
    """
    hope = re.sub(r"\b(they|them|their|theirs|themselves)\b", lambda m: _SECOND_PERSON[m.group(1)],
                  hope.strip().rstrip("."))
    first = hope.split(maxsplit=1)[0].lower() if hope else ""
    if first == "to":
        return f"Do you want {lower_first(hope)}?"
    if first.endswith("ing") and len(first) > 4:
        return f"Would you enjoy {lower_first(hope)}?"
    return f"Are you looking for {lower_first(hope)}?"


def _one(text: str) -> list[str]:
    return [text.strip()] if text.strip() else []


def pay_sentence(pay: str) -> str:
    return sentence(f"The pay is {lower_first(pay.strip())}") if pay.strip() else ""


def hours_sentence(hours: str) -> str:
    """'37 hours a week' -> 'You work 37 hours a week.'; 'Choose 16 to 37 hours' stays a sentence of its own."""
    hours = hours.strip()
    if not hours:
        return ""
    return sentence(f"You work {hours}" if hours[:1].isdigit() else hours)


def personal_care_sentence(text: str) -> str:
    """'Yes: washing and dressing' -> 'The role includes washing and dressing.': said plainly, never a label."""
    text = text.strip()
    answer = re.match(r"^(yes|no)\b[\s:,.;-]*", text, re.IGNORECASE)
    if not answer:
        return sentence(text)
    rest = text[answer.end():]
    if re.match(r"(you|we|they|the|this|it|there)\b", rest, re.IGNORECASE):
        return sentence(rest)  # the answer goes on to say it in a sentence of its own
    if answer.group(1).lower() == "yes":
        return sentence(f"The role includes {lower_first(rest)}" if rest
                        else "The role includes helping people wash, dress and use the toilet")
    return " ".join(s for s in ("The role does not include helping people wash, dress or use the toilet.",
                                sentence(rest)) if s)


def role_sentences(description: str) -> list[str]:
    """The role description as sentences, for adverts to take the ones that are clean."""
    return [s for s in re.split(r"(?<=[.!?])\s+", " ".join(description.split())) if s]


def hope_forms(theme: Theme, persona: Persona) -> tuple[list[str], list[str]]:
    """The hopes this theme answers for this persona, as questions and as statements.

    Only the hopes the theme is linked to (question 5): offering every hope of the persona would
    put one theme's copy under another. The persona's phrasings say them as written; a hope
    without one is asked in a general form and has no statement.
    """
    names = (persona.key, persona.library_key)
    hopes = [a.text for a in theme.addresses if a.kind == "hope" and a.persona in names]
    phrased = {p.hope: p for p in persona.phrasings}
    questions = [phrased[h].question if h in phrased and phrased[h].question else hope_question(h) for h in hopes]
    statements = [phrased[h].statement for h in hopes if h in phrased and phrased[h].statement]
    return list(dict.fromkeys(questions)), list(dict.fromkeys(statements))


def headline_limit(fmt: str) -> int | None:
    return next((lim.maximum for lim in get_format(fmt).limits if lim.field == "headline"), None)


def short_headline(theme: Theme, limit: int) -> str:
    """The theme's headline in at most `limit` characters, in the theme's own words.

    Its name when that fits, else its last clause (a question keeps its question mark), else the
    headline cut at a word with an ellipsis. Never persona copy or another theme's words.
    """
    headline = theme.headline.strip()
    if len(headline) <= limit:
        return headline
    name = theme.name.strip()
    if name and len(name) <= limit:
        return name
    clause = re.split(r"[,;:]\s+", headline)[-1].strip()
    if clause and len(clause) <= limit:
        return clause[:1].upper() + clause[1:]
    cut = headline[:limit - 1].rsplit(" ", 1)[0].rstrip(" ,;:")
    return f"{cut}…"


def slot_values(campaign: Campaign, organisation: Organisation, theme: Theme, persona: Persona,
                templates: Templates, cta: str, fmt: str = "facebook_feed",
                blocked: Collection[str] = ()) -> dict[str, list[str]]:
    """Every slot's values for one theme spoken to one persona in one format, each shaped for its sentence.

    `blocked` are the user's texts (a question, a sentence of the role description) that carry open
    linter findings: they stay out of adverts until fixed or allowed.
    """
    blocked = set(blocked)
    role = campaign.role.model_copy(update={
        field: "" for field in ("title", "pay", "hours", "location", "personal_care")
        if getattr(campaign.role, field).strip() in blocked})
    if theme.headline.strip() in blocked:
        theme = theme.model_copy(update={"headline": ""})
    title = role.title.title() if role.title.isupper() else role.title.strip()  # no ALL CAPS titles
    hope_questions, hope_statements = (
        [h for h in forms if h not in blocked] for forms in hope_forms(theme, persona))
    support = [s.strip().rstrip(".") for s in campaign.looking_for.profile.support
               if s.strip() and s.strip() not in blocked]
    questions = [sentence(q) for q in theme.questions if q.strip() and q.strip() not in blocked]
    limit = headline_limit(fmt)
    too_long = limit is not None and len(theme.headline.strip()) > limit
    action = templates.cta(cta)
    offline = get_format(fmt).key in ("leaflet", "talk", "whatsapp")
    next_step = (action.next_step_offline if offline else action.next_step) or action.next_step or sentence(cta)
    who = f"Join {organisation.name.strip()} as {article(title)} in {role.location.strip()}" \
        if title and role.location.strip() and organisation.name.strip() else ""
    values = {
        "role": _one(title), "a_role": _one(article(title)) if title else [],
        "role_description": _one(" ".join(s for s in role_sentences(role.description) if s not in blocked)),
        "pay": _one(role.pay), "pay_short": _one(_first_clause(role.pay)), "pay_sentence": _one(pay_sentence(role.pay)),
        "hours": _one(role.hours), "hours_sentence": _one(hours_sentence(role.hours)),
        "place": _one(role.location), "place_short": _one(_first_clause(role.location)),
        "place_sentence": _one(sentence(f"The work is in {role.location.strip()}")) if role.location.strip() else [],
        "personal_care_sentence": _one(personal_care_sentence(role.personal_care)),
        "org": _one(organisation.name), "who_we_are": _one(sentence(who)) if who else [],
        "headline": _one(short_headline(theme, limit) if limit and theme.headline.strip() else theme.headline),
        "theme_headline": _one(theme.headline),
        "headline_opening": _one(theme.headline) if too_long else [],
        "theme": _one(theme.name),
        "question": [q for q in questions if q.endswith("?")] or questions,
        "questions": _one("\n".join(questions)),
        "hope_question": hope_questions, "hope_statement": hope_statements,
        "support": [lower_first(s) for s in support],
        "support_list": _one("\n".join(f"- {s}" for s in support)),
        "support_sentence": _one(sentence(f"We offer {join_list([lower_first(s) for s in support])}"))
        if support else [],
        "cta": _one(cta), "next_step": _one(next_step),
    }
    return values | {old: values[new] for old, new in OLDER_SLOTS.items()}
