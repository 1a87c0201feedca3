"""Translation packs: a workbook a translator fills in, and its all-or-nothing import.

The pack has one row per text (key, English, a note for the translator, an empty column for the
translation), an About sheet saying which campaign and language it is for, and a Keys sheet listing
every key it was made with, so a deleted row is noticed. It is written by the shared workbook writer,
so every cell of user text is formula-safe.

The import refuses the whole pack, changing nothing, when any row is wrong: a pack for another
campaign, a row without a key or with a key the campaign does not have, a row deleted, a formula, or a
translation that does not keep the English's placeholders (spoken code, pay, phone, link) unchanged.
A row whose English has changed since the pack was made is imported and reported as stale.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from adverts.model import Variant
from planner.campaign import Campaign, TranslatedText, Translation
from planner.exports.cells import is_formula_like
from planner.exports.workbook import Column, Sheet, write_workbook
from planner.translations import ENGLISH, Language, language, placeholder_problem, sources

SHEET = "Translate"
ABOUT = "About"
KEYS = "Keys"
KEYS_HEADER = "Every key this pack was made with (do not edit)"
HEADERS = ("Key", "English", "Note for the translator")
MAX_PROBLEMS_SHOWN = 12
HOW_TO = (
    "Write the translation of each English text in the last column; leave a row empty to translate it later.",
    "Keep everything in {curly brackets}, web links, amounts such as £12.60, phone numbers and codes such as "
    "HMK-7R exactly as they are: the import refuses a row that changes them.",
    "Do not add, delete or reorder rows, or change the Key and English columns.",
    "Nothing in this pack is machine-translated. Before printing, the campaign's co-production partner signs off "
    "the adverts again, including this language version.",
)


class PackError(ValueError):
    """A pack that cannot be imported; `problems` lists every reason, and nothing was changed."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        shown = problems[:MAX_PROBLEMS_SHOWN]
        more = len(problems) - len(shown)
        super().__init__("the pack was not imported: " + "; ".join(shown) + (f"; and {more} more" if more else ""))


def write_pack(campaign: Campaign, code: str, path: Path, variants: Sequence[Variant] | None = None) -> int:
    """Write the pack for `campaign` in language `code` to `path` (every variant not rejected, or
    `variants`); the number of texts in it."""
    lang = language(code)
    if lang == ENGLISH:
        raise ValueError("English is the language the texts are written in: choose another language")
    rows = sources(campaign, variants)
    translate = Sheet(SHEET, [Column(HEADERS[0], 34), Column(HEADERS[1], 60, "long"), Column(HEADERS[2], 50, "long"),
                              Column(f"{lang.name} ({lang.code})", 60, "long")],
                      [(source.key, source.english, source.note, None) for source in rows])
    about = Sheet(ABOUT, [Column("About this pack", 20), Column("", 110, "long")], [
        ("Campaign", campaign.slug), ("Campaign name", campaign.name), ("Language", lang.code),
        ("Made", dt.datetime.now(dt.UTC).isoformat(timespec="seconds")), *(("How to", line) for line in HOW_TO)])
    keys = Sheet(KEYS, [Column(KEYS_HEADER, 60)], [(source.key,) for source in rows], freeze="A2")
    write_workbook([translate, about, keys], str(path))
    return len(rows)


@dataclass
class PackImport:
    """What an import found: the translations to store, and the rows whose English has changed since."""

    language: Language
    texts: dict[str, TranslatedText] = field(default_factory=dict)
    stale: list[str] = field(default_factory=list)
    empty: int = 0


def _about(book) -> dict[str, str]:
    if ABOUT not in book.sheetnames:
        return {}
    return {str(row[0]): str(row[1]) for row in book[ABOUT].iter_rows(values_only=True)
            if row and row[0] is not None and row[1] is not None and row[0] != "How to"}


def read_pack(campaign: Campaign, path: Path) -> PackImport:
    """Check a filled-in pack against the campaign as it is now; PackError lists every problem."""
    try:
        book = load_workbook(path)  # not read-only: formulas must be seen as formulas
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError) as error:
        raise PackError([f"{path.name} is not an Excel workbook ({error})"]) from None
    about = _about(book)
    if SHEET not in book.sheetnames or "Campaign" not in about or "Language" not in about:
        raise PackError([f"{path.name} is not a translation pack: make one with `planner translate export`"])
    if about["Campaign"] != campaign.slug:
        raise PackError([f"this pack is for campaign {about['Campaign']!r}, not {campaign.slug!r}"])
    try:
        lang = language(about["Language"])
    except ValueError as error:
        raise PackError([str(error)]) from None
    current = {source.key: source.english for source in sources(campaign)}
    result = PackImport(lang)
    problems: list[str] = []
    seen: set[str] = set()
    rows = book[SHEET].iter_rows(min_row=1)
    header = [cell.value for cell in next(rows, ())][:3]
    if tuple(header) != HEADERS:
        problems.append(f"the first row must be the headings {', '.join(HEADERS)} and the language")
    for row in rows:
        cells = list(row[:4]) + [None] * (4 - len(row[:4]))
        number = row[0].row
        formulas = [cell.column_letter for cell in cells if cell is not None and cell.data_type == "f"]
        if formulas:
            problems.append(f"row {number}: column {', '.join(formulas)} holds a formula; type plain text")
            continue
        key, english, _note, target = (None if c is None or c.value is None else str(c.value) for c in cells)
        if not key:
            if english or target:
                problems.append(f"row {number} has no key")
            continue
        if key in seen:
            problems.append(f"row {number}: key {key} appears twice")
            continue
        seen.add(key)
        if key not in current:
            problems.append(f"row {number}: key {key} is not in this campaign (was its advert deleted or renamed?)")
            continue
        if not target or not target.strip():
            result.empty += 1
            continue
        if is_formula_like(target):
            problems.append(f"row {number}: the translation starts with {target[0]!r}, which spreadsheets read as "
                            "a formula; remove it")
            continue
        source_english = english or ""
        problem = placeholder_problem(source_english, target)
        if problem:
            problems.append(f"row {number} ({key}): the translation {problem}")
            continue
        if source_english != current[key]:
            result.stale.append(key)
        result.texts[key] = TranslatedText(english=source_english, text=target.strip())
    if KEYS in book.sheetnames:
        made_with = [str(row[0]) for row in book[KEYS].iter_rows(min_row=2, values_only=True) if row and row[0]]
        deleted = [key for key in made_with if key not in seen]
        if deleted:
            problems.append(f"{len(deleted)} row(s) were deleted from the pack, missing keys: {', '.join(deleted)}")
    if problems:
        raise PackError(problems)
    return result


def merged(campaign: Campaign, found: PackImport) -> Campaign:
    """The campaign with the pack's translations added to (or replacing) those stored for its language."""
    previous = campaign.translations.get(found.language.code, Translation())
    translation = Translation(texts={**previous.texts, **found.texts}, imported_at=dt.datetime.now(dt.UTC))
    return campaign.model_copy(update={"translations": {**campaign.translations, found.language.code: translation}})
