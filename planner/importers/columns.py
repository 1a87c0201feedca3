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

from planner.funnel import funnel_increases
from planner.importers.tabular import FORMULA, FileRejected, Rejection, Sheet

_EMPTY = {"", "-", "—", "–", "nan", "none"}
_THOUSANDS = re.compile(r"^-?\d{1,3}(,\d{3})+(\.\d+)?$")


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


def numbers(sheet: Sheet, header: str | None, label: str, *, whole: bool, empty: float = 0.0) -> np.ndarray:
    """A column as floats; empty cells become `empty` (NaN for 'not known'). Bad cells are rejected."""
    frame = sheet.frame
    if header is None:
        return np.full(len(frame), empty)
    column = frame[header]
    if pd.api.types.is_numeric_dtype(column) and not pd.api.types.is_bool_dtype(column):
        values = column.to_numpy(dtype=float)
        blank = np.isnan(values)
        bad = np.zeros(len(values), dtype=bool)
    else:
        raw = column.astype(object).where(column.notna(), "").astype(str).str.strip()
        blank = raw.str.lower().isin(_EMPTY).to_numpy()
        cleaned = raw.where(~raw.str.match(_THOUSANDS), raw.str.replace(",", "", regex=False))
        values = pd.to_numeric(cleaned.where(~blank, None), errors="coerce").to_numpy(dtype=float)
        formula = (raw == FORMULA).to_numpy()
        bad = np.isnan(values) & ~blank & ~formula
        for index in np.flatnonzero(bad):
            sheet.rejections.append(Rejection(sheet.row(index), label, f"'{raw.iloc[index][:40]}' is not a number",
                                              sheet.name))
    known = ~blank & ~bad
    invalid = bad | (known & (values < 0)) | (np.isnan(values) & ~blank)
    for index in np.flatnonzero(known & (values < 0)):
        sheet.rejections.append(Rejection(sheet.row(index), label, f"{values[index]:g} is negative", sheet.name))
    if whole:
        fraction = known & (values >= 0) & (values != np.floor(values))
        invalid |= fraction
        for index in np.flatnonzero(fraction):
            sheet.rejections.append(Rejection(sheet.row(index), label, f"{values[index]:g} is not a whole number",
                                              sheet.name))
    return np.where(invalid, np.nan, np.where(blank, empty, values))


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
