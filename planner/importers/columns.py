"""Finding columns by name (renamed, reordered, localised case) and parsing them whole-column at once.

Parsing is vectorised with pandas so a 100,000-row export is checked in about the time it takes to
read; every bad cell still becomes its own Rejection naming the row and the column.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from planner.funnel import MAX_COUNT, MAX_GBP, funnel_increases
from planner.importers.tabular import FORMULA, FileRejected, Rejection, Sheet

_EMPTY = {"", "-", "—", "–", "nan", "none"}


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    names: tuple[str, ...]
    required: bool = False


def normalise(header: str) -> str:
    return re.sub(r"\s+", " ", str(header).replace("\ufeff", "")).strip().lower()


def find(header: Sequence[str], columns: Sequence[Column]) -> dict[str, str]:
    """Map column keys to the file's own headers; a missing required column rejects the file."""
    by_name = {normalise(name): name for name in header}
    found = {}
    for column in columns:
        match = next((by_name[name] for name in column.names if name in by_name), None)
        if match is not None:
            found[column.key] = match
        elif column.required:
            raise FileRejected(f"The file has no '{column.label}' column (also accepted: "
                               f"{', '.join(repr(n) for n in column.names[1:]) or 'none'}). "
                               f"Columns found: {', '.join(repr(h) for h in header)}.")
    return found


def coded(frame: pd.DataFrame, header: str | None) -> tuple[np.ndarray, np.ndarray]:
    """A text column as (codes, distinct stripped values), empty cells as "". An export repeats each ad name
    and date on many rows, so work per distinct value (parsing, matching) is done once."""
    if header is None:
        return np.zeros(len(frame), dtype=np.intp), np.array([""], dtype=object)
    column = frame[header]
    if isinstance(column.dtype, pd.CategoricalDtype):  # as CSV text columns are read: coded while parsing
        codes, uniques = column.cat.codes.to_numpy(), column.cat.categories
    else:
        codes, uniques = pd.factorize(column)  # an empty cell gets code -1
    stripped = [str(value).strip() for value in np.asarray(uniques, dtype=object)]  # object: fast to iterate
    merged, values = pd.factorize(np.array([*stripped, ""], dtype=object))  # " a" and "a" become one value
    return merged[codes], np.asarray(values, dtype=object)


def text(frame: pd.DataFrame, header: str | None) -> pd.Series:
    codes, values = coded(frame, header)
    return pd.Series(values[codes], index=frame.index, dtype=object)


_INTEGER = r"-?\d+"
#: One group of three after one mark fits both readings: 1,234 (thousands, or a decimal comma) and 1.234.
_ONE_GROUP = r"-?[1-9]\d{0,2}[.,]\d{3}"
#: Otherwise the marks tell: 12.50, 1,234.50 and 1,234,567 use a point; 12,50, 1.234,50 and 1.234.567 a comma.
_POINT = r"-?(?:\d+|[1-9]\d{0,2}(?:,\d{3})+)(?:\.\d+)?"
_COMMA = r"-?(?:\d+|[1-9]\d{0,2}(?:\.\d{3})+)(?:,\d+)?"
_MARKS = {"point": ".", "comma": ","}


def numbers(sheet: Sheet, header: str | None, label: str, *, whole: bool, empty: float = 0.0) -> np.ndarray:
    """A column as floats; empty cells become `empty` (NaN for 'not known'). Bad cells are rejected: text,
    ambiguous decimal marks, infinities, negatives, fractions of a count and values over the limit."""
    frame = sheet.frame
    if header is None:
        return np.full(len(frame), empty)
    column = frame[header]
    reasons: dict[int, str] = {}
    if pd.api.types.is_numeric_dtype(column) and not pd.api.types.is_bool_dtype(column):
        values = column.to_numpy(dtype=float)
        blank = np.isnan(values)
        shown, formula = None, np.zeros(len(values), dtype=bool)
    else:
        shown = column.astype(object).where(column.notna(), "").astype(str).str.strip()
        formula = (shown == FORMULA).to_numpy()  # already rejected where it was read
        blank = shown.str.lower().isin(_EMPTY).to_numpy()
        values = _decimal(shown, blank | formula, sheet, reasons)
    limit = MAX_COUNT if whole else MAX_GBP
    for index in np.flatnonzero(~blank & ~formula & np.isnan(values)):
        reasons.setdefault(index, f"'{shown.iloc[index][:40]}' is not a number")
    checks = ((~np.isfinite(values) & ~np.isnan(values), "is infinite, or too large to be a number"),
              (values < 0, "is negative"),
              (values > limit, f"is more than the limit of {limit:,}"),
              ((values != np.floor(values)) if whole else np.zeros(len(values), dtype=bool), "is not a whole number"))
    with np.errstate(invalid="ignore"):
        for broken, why in checks:
            for index in np.flatnonzero(broken & ~blank & ~formula & ~np.isnan(values)):
                reasons.setdefault(index, f"{_shown(values[index], shown, index)} {why}")
    for index in sorted(reasons):
        sheet.rejections.append(Rejection(sheet.row(index), label, reasons[index], sheet.name))
    invalid = _mask(reasons, len(values)) | formula
    return np.where(invalid, np.nan, np.where(blank, empty, values))


def _shown(value: float, text: pd.Series | None, index: int) -> str:
    if text is not None and not np.isfinite(value):
        return f"'{text.iloc[index][:40]}'"
    return f"{value:g}" if abs(value) < 1e15 else f"{value:.3g}"


def _decimal(text: pd.Series, blank: np.ndarray, sheet: Sheet, reasons: dict[int, str]) -> np.ndarray:
    """Numbers written with a decimal point or a decimal comma, read exactly or refused, never guessed.

    A column's mark is that of its first value only one reading fits (12,50 or 1,234.50), else the one the
    file's delimiter implies; a value that fits both readings (1,234 or 1.234) with neither known is
    refused, and so is a value that contradicts the column's mark."""
    kinds = {name: text.str.fullmatch(pattern).to_numpy(dtype=bool, copy=True) for name, pattern in (
        ("integer", _INTEGER), ("ambiguous", _ONE_GROUP), ("point", _POINT), ("comma", _COMMA))}
    for name in _MARKS:
        kinds[name] &= ~kinds["integer"] & ~kinds["ambiguous"]
    clear = np.flatnonzero(kinds["point"] | kinds["comma"])
    comma = bool(kinds["comma"][clear[0]]) if len(clear) else sheet.decimal_comma
    cleaned = text
    if comma is None:
        for index in np.flatnonzero(kinds["ambiguous"]):
            value = text.iloc[index]
            whole, fraction = value.replace(",", "").replace(".", ""), value.replace(",", ".")
            reasons[index] = (f"'{value}' is ambiguous: {whole} with a thousands separator, or {fraction} with a "
                              f"decimal {'comma' if ',' in value else 'point'}. Write it as {whole} or {fraction}")
    else:
        mark, other = ("comma", "point") if comma else ("point", "comma")
        first = f"row {sheet.row(clear[0])} ('{text.iloc[clear[0]]}')" if len(clear) else ""
        for index in np.flatnonzero(kinds[other]):
            reasons[index] = (f"'{text.iloc[index]}' reads only with a decimal {other}, but {first} reads only with "
                              f"a decimal {mark}: which is meant is unclear. Use one decimal mark in the column")
        # Refused cells aside, every matched value now reads one way: drop the thousands mark, then make the
        # decimal mark a point. Other text (1e3, inf) goes to pandas as it is.
        matched = kinds["ambiguous"] | kinds["point"] | kinds["comma"]
        converted = (text.str.replace(".", "", regex=False).str.replace(",", ".", regex=False) if comma
                     else text.str.replace(",", "", regex=False))
        cleaned = text.where(~matched, converted)
    refused = _mask(reasons, len(text))
    return pd.to_numeric(cleaned.where(~blank & ~refused, None), errors="coerce").to_numpy(dtype=float)


def _mask(reasons: dict[int, str], size: int) -> np.ndarray:
    mask = np.zeros(size, dtype=bool)
    mask[list(reasons)] = True
    return mask


def dates(sheet: Sheet, header: str | None, label: str) -> pd.Series:
    """ISO dates (as Ads Manager writes them) or UK day/month/year, as datetime64; empty cells are NaT."""
    codes, values = coded_dates(sheet, header, label)
    return pd.Series(values[codes], index=sheet.frame.index)


def coded_dates(sheet: Sheet, header: str | None, label: str) -> tuple[np.ndarray, np.ndarray]:
    """`dates` as (codes, datetime64 values), each distinct text parsed once; bad cells are rejected."""
    codes, values = coded(sheet.frame, header)
    unique = pd.Series(values, dtype=object)
    blank = np.array([value.lower() in _EMPTY or value == FORMULA for value in values], dtype=bool)
    parsed = pd.to_datetime(unique, format="%Y-%m-%d", errors="coerce")
    retry = parsed.isna() & ~blank
    if retry.any():
        parsed[retry] = pd.to_datetime(unique[retry], format="%d/%m/%Y", errors="coerce")
    for index in np.flatnonzero((parsed.isna().to_numpy() & ~blank)[codes]):
        sheet.rejections.append(Rejection(sheet.row(index), label, f"'{values[codes[index]][:40]}' is not a date "
                                          "(use YYYY-MM-DD or DD/MM/YYYY)", sheet.name))
    return codes, parsed.to_numpy()


def group_key(*columns) -> np.ndarray:
    """One int64 per row that is equal exactly when the rows' values in all the columns are (missing values
    equal each other), so grouping and duplicate checks hash one int64 column. Non-negative int columns (codes)
    are used as they are."""
    key, size = np.zeros(len(columns[0]), dtype=np.int64), 1
    for column in columns:
        if isinstance(column, np.ndarray) and column.dtype.kind in "iu" and (len(column) == 0 or column.min() >= 0):
            codes, count = column.astype(np.int64, copy=False), int(column.max(initial=-1)) + 1
        else:
            codes, uniques = pd.factorize(column, use_na_sentinel=True)
            codes, count = codes + 1, len(uniques) + 1
        if size * count >= 2 ** 62:  # re-code so the key never overflows
            key, size = _recode(key)
        key, size = key * count + codes, size * count
    return key


def _recode(key: np.ndarray) -> tuple[np.ndarray, int]:
    codes, uniques = pd.factorize(key)
    return codes.astype(np.int64), len(uniques)


def duplicates(sheet: Sheet, key: np.ndarray, what: str) -> None:
    """Reject every row whose `group_key` repeats an earlier row's."""
    repeated = pd.Series(key).duplicated(keep="first").to_numpy()
    if not repeated.any():
        return
    first_of: dict[int, int] = {}
    for index, value in enumerate(key.tolist()):
        if not repeated[index]:
            first_of.setdefault(value, index)
        else:
            sheet.rejections.append(Rejection(sheet.row(index), None, f"duplicates row {sheet.row(first_of[value])} "
                                              f"(same {what})", sheet.name))


def funnel_order(sheet: Sheet, counts: dict[str, np.ndarray], labels: dict[str, str]) -> None:
    """Reject rows where a stage has more people than the stage before it, naming both."""
    for index, stage, count, earlier, earlier_count in funnel_increases(counts):
        sheet.rejections.append(Rejection(
            sheet.row(index), labels.get(stage, stage),
            f"{stage} ({count}) is more than {earlier} ({earlier_count}, from {labels.get(earlier, earlier)}): "
            "a funnel stage can never exceed the stage before it", sheet.name))
