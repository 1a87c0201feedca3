"""Community languages: which texts of a campaign a translator gets, and how a translation is checked.

Nothing here translates: no machine translation runs offline, and a recruitment advert read by a
community needs a person who knows it (a translator or a community volunteer) and a co-production
sign-off of that language version. This module names the texts (one key each), the placeholders a
translation must keep exactly (the spoken code, the pay, the phone number, the link), and which stored
translations are missing or stale because their English has changed since.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from adverts.model import Variant
from adverts.tracking import DIGITS, LETTERS
from planner.campaign import Campaign

Direction = Literal["ltr", "rtl"]
Script = Literal["latin", "arabic", "nastaliq", "gurmukhi"]


@dataclass(frozen=True)
class Language:
    code: str
    name: str
    native: str
    script: Script
    direction: Direction = "ltr"


#: The commonest main languages other than English in West Yorkshire and Bradford (2011 and 2021 Censuses).
#: Punjabi is offered in both of its scripts: Gurmukhi, and Shahmukhi (the Urdu script, right to left).
LANGUAGES: dict[str, Language] = {
    lang.code: lang
    for lang in [
        Language("en", "English", "English", "latin"),
        Language("pl", "Polish", "Polski", "latin"),
        Language("ro", "Romanian", "Română", "latin"),
        Language("sk", "Slovak", "Slovenčina", "latin"),
        Language("ur", "Urdu", "اردو", "nastaliq", "rtl"),
        Language("ar", "Arabic", "العربية", "arabic", "rtl"),
        Language("pa", "Punjabi (Gurmukhi)", "ਪੰਜਾਬੀ", "gurmukhi"),
        Language("pa-arab", "Punjabi (Shahmukhi)", "پنجابی", "nastaliq", "rtl"),
    ]
}
ENGLISH = LANGUAGES["en"]


class UnknownLanguageError(ValueError):
    pass


def language(code: str) -> Language:
    """The language for a code such as 'ur'; a clear error naming the codes on offer otherwise."""
    found = LANGUAGES.get(code.strip().lower())
    if found is None:
        offered = ", ".join(f"{lang.code} ({lang.name})" for lang in LANGUAGES.values())
        raise UnknownLanguageError(f"unknown language code {code!r}; the codes are {offered}")
    return found


@dataclass(frozen=True)
class Source:
    """One English text to translate, with what the translator needs to know about it."""

    key: str
    english: str
    note: str


#: Words printed around the campaign's own text. {placeholders} are filled in when printing.
LABELS: dict[str, tuple[str, str]] = {
    "pay": ("Pay", "Heading before the pay."),
    "hours": ("Hours", "Heading before the working hours."),
    "personal_care": ("What the job involves", "Heading before a plain statement of personal care."),
    "call_and_say": ("Call {phone} and say {code}", "Tells readers to phone and say the code. Keep {phone} and "
                     "{code} exactly as they are: they are replaced with the number and the code."),
    "say_code": ("Say this code when you call", "Above the code in large type."),
    "scan": ("Scan to find out more", "Under the QR code."),
    "contact": ("Contact", "Heading before the name, phone and email."),
    "tear_off": ("Take one", "On each tear-off strip, above the code and phone number."),
}

_FIELD_NOTES = {
    "title": "The job title.",
    "pay": "The pay, exactly as the employer states it. Keep the amounts unchanged.",
    "hours": "The working hours.",
    "personal_care": "An honest statement of the personal care involved (washing, dressing, medication). "
                     "Keep it plain: it must not soften what the job involves.",
    "headline": "The advert's headline, large at the top of a leaflet: short enough to read from across a room.",
    "primary_text": "The main text of the advert.",
    "description": "A short line of facts under the main text.",
    "cta": "The call to action, e.g. 'Chat to us first'.",
}
ROLE_FIELDS = ("title", "pay", "hours", "personal_care")
VARIANT_FIELDS = ("headline", "primary_text", "description", "cta")

#: Text a translation must carry exactly as in the English: {placeholders}, web links, amounts of money,
#: spoken codes and phone numbers.
PROTECTED = re.compile(
    r"\{[a-z_]+\}"
    r"|https?://\S+"
    r"|£\s?\d[\d,]*(?:\.\d+)?"
    rf"|\b[{LETTERS}]{{3}}-[{DIGITS}][{LETTERS}]+\b"
    r"|(?:\+44\s?|\b0)\d{2,4}[ \d]{6,9}\d\b"
)


def protected(text: str) -> Counter[str]:
    return Counter(match.group().strip() for match in PROTECTED.finditer(text))


def placeholder_problem(english: str, translation: str) -> str | None:
    """Why a translation does not keep the English's placeholders, or None when it does."""
    wanted, found = protected(english), protected(translation)
    missing, extra = sorted((wanted - found).elements()), sorted((found - wanted).elements())
    if not missing and not extra:
        return None
    parts = []
    if missing:
        parts.append("must keep " + ", ".join(missing) + " unchanged")
    if extra:
        parts.append("has " + ", ".join(extra) + " that the English does not")
    return " and ".join(parts)


def label_key(name: str) -> str:
    return f"label.{name}"


def variant_key(variant: str, field: str) -> str:
    return f"variant.{variant}.{field}"


def sources(campaign: Campaign, variants: Iterable[Variant] | None = None) -> list[Source]:
    """Every non-empty text a leaflet in another language needs: the labels, the role's facts, and each
    variant's copy (all variants not rejected, unless `variants` names some)."""
    chosen = [v for v in campaign.variants if v.status != "rejected"] if variants is None else list(variants)
    found = [Source(label_key(name), english, note) for name, (english, note) in LABELS.items()]
    found += [Source(f"role.{field}", getattr(campaign.role, field), _FIELD_NOTES[field]) for field in ROLE_FIELDS]
    for variant in chosen:
        context = f" (advert {variant.key}, for {variant.persona} in {variant.channel})"
        found += [Source(variant_key(variant.key, field), getattr(variant, field), _FIELD_NOTES[field] + context)
                  for field in VARIANT_FIELDS]
    return [source for source in found if source.english.strip()]


@dataclass(frozen=True)
class Texts:
    """The texts to print in one language: each key's text, and which keys are stale or untranslated."""

    language: Language
    texts: dict[str, str]
    stale: tuple[str, ...] = ()
    missing: tuple[str, ...] = ()

    def __getitem__(self, key: str) -> str:
        return self.texts[key]


def texts_for(campaign: Campaign, code: str, variant: Variant) -> Texts:
    """The texts a leaflet for `variant` needs, in language `code`: English ones as written, translated ones
    from the campaign's stored translation, listing any missing or stale (their English changed since)."""
    lang = language(code)
    needed = sources(campaign, [variant])
    english = {source.key: source.english for source in needed}
    if lang == ENGLISH:
        return Texts(lang, english)
    stored = campaign.translations.get(lang.code)
    stored_texts = stored.texts if stored else {}
    missing = tuple(key for key in english if key not in stored_texts)
    stale = tuple(key for key in english if key in stored_texts and stored_texts[key].english != english[key])
    texts = {key: stored_texts[key].text if key in stored_texts else text for key, text in english.items()}
    return Texts(lang, texts, stale, missing)
