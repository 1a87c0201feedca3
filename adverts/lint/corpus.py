"""Learn wallpaper from a corpus: phrases that many different employers use.

Document frequency is counted over distinct employers, not adverts, so one agency posting
the same template fifty times counts once. Each employer's adverts become one "document"
(the set of its 2-5-word lemma phrases) and CountVectorizer(binary=True) counts employers.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from sklearn.feature_extraction.text import CountVectorizer

from adverts.lint.linter import lint
from adverts.lint.pipeline import MAX_CHARS, nlp

MAX_BYTES = 20 * 1024 * 1024
NGRAMS = (2, 5)
UNKNOWN_EMPLOYER = "(no employer given)"
Progress = Callable[[int, int], None]
EDGE_WORDS = frozenset(
    "a an the and or but nor of to in on at for with by from as into about is are be was were "
    "it its this that these those our your their we you they i he she us them my his her so if "
    "than then there here not no will can would could should may might".split())
"""Function words a learned phrase may not start or end with ("make a difference" may)."""


class CorpusError(ValueError):
    """The upload cannot be read; the message tells the user what to fix."""


@dataclass(frozen=True)
class AdvertRow:
    text: str
    employer: str


@dataclass(frozen=True)
class CandidatePhrase:
    """A phrase used by `employers` distinct employers; `known` if a rule already flags it."""

    phrase: str
    employers: int
    known: bool


def read_corpus(data: bytes, filename: str) -> list[AdvertRow]:
    """Rows from a CSV (UTF-8) or .xlsx upload with 'text' and 'employer' columns."""
    if len(data) > MAX_BYTES:
        raise CorpusError(f"{filename} is {len(data) / 2**20:.1f} MB; the limit is {MAX_BYTES // 2**20} MB")
    if not data.strip():
        raise CorpusError(f"{filename} is empty")
    if filename.lower().endswith(".xlsx") or data.startswith(b"PK\x03\x04"):
        header, rows = _xlsx_rows(data, filename)
    else:
        header, rows = _csv_rows(data, filename)
    columns = {str(h or "").strip().lower(): i for i, h in enumerate(header)}
    missing = [c for c in ("text", "employer") if c not in columns]
    if missing:
        found = ", ".join(repr(str(h)) for h in header) or "none"
        raise CorpusError(f"{filename}: missing column(s) {', '.join(missing)}; found {found}. "
                          "The first row must name the columns 'text' and 'employer'.")
    out = []
    for row in rows:
        cells = list(row) + [None] * len(columns)
        text = str(cells[columns["text"]] or "").strip()
        employer = str(cells[columns["employer"]] or "").strip() or UNKNOWN_EMPLOYER
        if text:
            out.append(AdvertRow(text[:MAX_CHARS], employer))
    if not out:
        raise CorpusError(f"{filename}: no rows with advert text")
    return out


def _csv_rows(data: bytes, filename: str) -> tuple[list[str], Iterable[list[str]]]:
    if b"\x00" in data:
        raise CorpusError(f"{filename} looks like a binary file, not CSV; upload CSV or .xlsx")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CorpusError(f"{filename} is not UTF-8 (byte {exc.start}); in Excel use "
                          "'Save As > CSV UTF-8', or upload the .xlsx") from None
    try:
        rows = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as exc:
        raise CorpusError(f"{filename}: malformed CSV: {exc}") from None
    return (rows[0], rows[1:]) if rows else ([], [])


def _xlsx_rows(data: bytes, filename: str) -> tuple[list[str], Iterable[tuple]]:
    from openpyxl import load_workbook  # only needed for spreadsheets
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        sheet = load_workbook(io.BytesIO(data), read_only=True, data_only=True).worksheets[0]
        rows = list(sheet.iter_rows(values_only=True))
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError, IndexError) as exc:
        raise CorpusError(f"{filename} is not a readable .xlsx workbook ({exc})") from None
    return (list(rows[0]), rows[1:]) if rows else ([], [])


def learn_phrases(rows: Iterable[AdvertRow], *, min_employers: int = 3, limit: int = 200,
                  progress: Progress | None = None) -> list[CandidatePhrase]:
    """Phrases of 2-5 words used by at least min_employers employers, most widespread first.

    progress(done, total) is called as adverts are processed, for a progress bar."""
    rows = list(rows)
    per_employer: dict[str, set[str]] = {}
    examples: dict[str, str] = {}
    for done, row in enumerate(rows, 1):
        per_employer.setdefault(row.employer, set()).update(_phrases(row.text, examples))
        if progress:
            progress(done, len(rows))
    documents = [sorted(p) for p in per_employer.values() if p]
    if not documents:
        return []
    vectorizer = CountVectorizer(analyzer=lambda phrases: phrases, binary=True)
    counts = vectorizer.fit_transform(documents).sum(axis=0).A1
    ranked = sorted(((int(n), key) for key, n in zip(vectorizer.get_feature_names_out(), counts, strict=True)
                     if n >= min_employers), key=lambda item: (-item[0], -len(item[1]), item[1]))
    kept = _drop_contained(ranked)[:limit]
    return [CandidatePhrase(examples[key], n, bool(lint(examples[key]))) for n, key in kept]


def _phrases(text: str, examples: dict[str, str]) -> set[str]:
    """2-5-word lemma phrases within runs of words, not starting or ending on a function word."""
    found = set()
    for run in _word_runs(text):
        for size in range(NGRAMS[0], NGRAMS[1] + 1):
            for i in range(len(run) - size + 1):
                gram = run[i:i + size]
                if gram[0].lower_ in EDGE_WORDS or gram[-1].lower_ in EDGE_WORDS:
                    continue
                key = " ".join(t.norm_ for t in gram)
                found.add(key)
                examples.setdefault(key, " ".join(t.lower_ for t in gram))
    return found


def _word_runs(text: str) -> list[list]:
    runs, current = [], []
    for token in nlp().make_doc(text):
        if token.is_alpha or (token.text in {"'", "’", "'s", "’s"} and current):
            current.append(token)
        else:
            if len(current) >= NGRAMS[0]:
                runs.append(current)
            current = []
    if len(current) >= NGRAMS[0]:
        runs.append(current)
    return runs


def _drop_contained(ranked: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """Drop a phrase inside a longer kept phrase used by as many employers (deduplication)."""
    kept: list[tuple[int, str]] = []
    for n, key in sorted(ranked, key=lambda item: -len(item[1].split())):
        if not any(m >= n and f" {key} " in f" {longer} " for m, longer in kept):
            kept.append((n, key))
    return sorted(kept, key=lambda item: (-item[0], -len(item[1]), item[1]))
