"""Reading an uploaded CSV or xlsx into sheets of cells, refusing what cannot be read safely.

Only the container is handled here (size, encoding, formulas, merged cells); what the columns
mean is up to each importer.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import warnings
import zipfile
import zlib
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import openpyxl
import pandas as pd
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException

#: Stands in for a formula cell's value: the cell is already rejected, so nothing else about it is.
FORMULA = "\x00formula"
#: Larger uploads are refused before parsing: a year of daily rows for hundreds of ads is a few MB.
MAX_BYTES = 25 * 1024 * 1024
#: A year of daily rows for 500 ads fits; a sheet with a value further down or right is refused unread.
MAX_ROWS = 200_000
MAX_COLUMNS = 500
#: Filled cells in a whole workbook, and cell slots openpyxl may lay out (empty ones included) while reading.
MAX_CELLS = 1_000_000
MAX_SLOTS = 20_000_000
#: What the parts of an xlsx may unpack to, read from the zip directory before anything is decompressed
#: (zipfile never inflates a part past the size its directory declares).
MAX_UNPACKED = 256 * 1024 * 1024
MAX_PARTS = 10_000
MB = 1024 * 1024


class FileRejected(ValueError):
    """The whole file cannot be imported; the message says why and what to do."""


@dataclass(frozen=True)
class Rejection:
    """One rejected row: the row number as the user sees it (header = row 1), the column and why."""

    row: int | None
    column: str | None
    reason: str
    sheet: str | None = None

    def __str__(self) -> str:
        where = [part for part in (self.sheet and f"sheet {self.sheet}", self.row and f"row {self.row}",
                                   self.column) if part]
        return f"{', '.join(where)}: {self.reason}" if where else self.reason


@dataclass
class Sheet:
    """A table of cells: `frame` has the file's own headers; `row_numbers` maps each row to the file."""

    name: str
    frame: pd.DataFrame
    row_numbers: np.ndarray
    rejections: list[Rejection] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    #: The decimal mark the file's delimiter implies (a CSV separated by ';' is from a decimal-comma locale,
    #: one separated by ',' is not); None when only the values themselves can tell.
    decimal_comma: bool | None = None

    def row(self, index: int) -> int:
        return int(self.row_numbers[index])


#: Given a CSV's header: the columns worth reading (None: all) and those to keep as text (read as categoricals,
#: since an export repeats the same names and dates on many rows).
ColumnPlan = Callable[[list[str]], tuple[list[str] | None, list[str]]]


def read_sheets(data: bytes, filename: str, plan: ColumnPlan) -> list[Sheet]:
    """Read every sheet (a CSV is one sheet); for a CSV, `plan` picks the columns to read and keep as text."""
    if len(data) > MAX_BYTES:
        raise FileRejected(too_large(filename, len(data)))
    if not data.strip():
        raise FileRejected(f"{filename} is empty.")
    if data[:4] == b"PK\x03\x04" or filename.lower().endswith((".xlsx", ".xlsm")):
        return _read_xlsx(data, filename)
    return [_read_csv(data, filename, plan)]


def too_large(filename: str, size: int) -> str:
    return (f"{filename} is {size / MB:.0f} MB; the limit is {MAX_BYTES // MB} MB. Export a shorter date range or "
            "fewer columns.")


_NOT_UTF8 = ("The file is not UTF-8, so it was read as Windows-1252 (Latin-1), the encoding Excel uses on Windows. "
             "Check that names with accents or £ signs look right in the preview.")
_DELIMITERS = {",": "commas", ";": "semicolons", "\t": "tabs"}


def _read_csv(data: bytes, filename: str, plan: ColumnPlan) -> Sheet:
    """Parse the bytes with pandas' C reader: UTF-8 (its reader drops a BOM), UTF-16 with its BOM (Excel's
    "Unicode text"), else Windows-1252; separated by commas, semicolons or tabs, whichever the header uses."""
    data = _plain_bytes(data, filename)
    lines = data.count(b"\n")
    if lines > MAX_ROWS + 1:
        raise FileRejected(f"{filename} has {lines:,} lines; the limit is {MAX_ROWS:,} rows. Export a shorter date "
                           "range, or split the file.")
    for encoding in ("utf-8", "cp1252", "latin-1"):
        try:
            first_line = data[: data.find(b"\n") + 1 or None].decode(encoding).removeprefix("\ufeff")
            delimiter = _delimiter(first_line)
            header = next(csv.reader(io.StringIO(first_line), delimiter=delimiter), [])
            _refuse_repeated(header, filename)
            columns, textual = plan(header)
            # With ',' as separator a number can only hold a comma inside quotes, so pandas may parse plain
            # numbers itself; otherwise every number is read as text and its decimal mark decided by `numbers`.
            dtype = dict.fromkeys(textual, "category")
            if delimiter != ",":
                dtype = defaultdict(lambda: str, dtype)
            with warnings.catch_warnings():
                warnings.simplefilter("error", pd.errors.ParserWarning)
                frame = pd.read_csv(io.BytesIO(data), encoding=encoding, sep=delimiter, usecols=columns,
                                    index_col=False, dtype=dtype, skip_blank_lines=False)
        except UnicodeDecodeError:
            continue
        except pd.errors.ParserWarning:
            raise FileRejected(f"{filename}: row 2 has more values than the header row has columns. Check for a "
                               f"{_DELIMITERS[delimiter][:-1]} inside a value that is not in double quotes."
                               ) from None
        except (pd.errors.ParserError, pd.errors.EmptyDataError, csv.Error, ValueError) as error:
            if isinstance(error, FileRejected):
                raise
            raise FileRejected(f"{filename} is not a well-formed CSV file ({_DELIMITERS[delimiter]} as "
                               f"separators): {error}") from None
        frame.columns = [str(column).replace("\ufeff", "") for column in frame.columns]
        filled = frame.notna().any(axis=1).to_numpy()  # blank lines and ",,," rows are skipped, as in xlsx
        numbers = np.arange(2, len(frame) + 2)[filled]
        if not filled.all():
            frame = frame[filled].reset_index(drop=True)
        notices = [_NOT_UTF8] if encoding in ("cp1252", "latin-1") else []
        return Sheet("", frame, numbers, notices=notices, decimal_comma=None if delimiter == "\t" else
                     delimiter == ";")
    raise FileRejected(f"{filename} is neither UTF-8 nor Windows-1252 text: save it again as CSV UTF-8.")


def _plain_bytes(data: bytes, filename: str) -> bytes:
    """UTF-16 (with its BOM) re-encoded as UTF-8, classic Mac line ends as newlines; NUL bytes refused."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            data = data.decode("utf-16").encode("utf-8")
        except UnicodeDecodeError as error:
            raise FileRejected(f"{filename} starts like UTF-16 text but byte {error.start} is not UTF-16. Save it "
                               "again as CSV UTF-8.") from None
    elif b"\x00" in data:
        line = data.count(b"\n", 0, data.index(b"\x00")) + 1
        raise FileRejected(f"{filename} has a NUL byte (\\x00) on line {line}: it is not a text CSV file (perhaps a "
                           "binary file, or UTF-16 without its byte-order mark). Save it again as CSV UTF-8.")
    if b"\r" in data and b"\n" not in data:
        data = data.replace(b"\r", b"\n")
    return data


def _delimiter(header_line: str) -> str:
    """The separator that splits the header into the most columns (a comma when none splits it)."""
    widths = {d: len(next(csv.reader(io.StringIO(header_line), delimiter=d), [])) for d in _DELIMITERS}
    return max(_DELIMITERS, key=lambda d: (widths[d], d == ","))


def _refuse_repeated(header: list, filename: str) -> None:
    """Two columns with the same name: which one holds the numbers would be a guess."""
    seen: dict[str, int] = {}
    for position, name in enumerate(header, 1):
        key = " ".join(str(name).replace("\ufeff", "").split()).lower()
        if key and key in seen:
            raise FileRejected(f"{filename}: the column '{str(name).strip()[:60]}' appears twice (columns "
                               f"{seen[key]} and {position}). Rename or delete one, then import again.")
        seen.setdefault(key, position)


def _read_xlsx(data: bytes, filename: str) -> list[Sheet]:
    """Read-only, streaming: every part's unpacked size is checked first, and each sheet is read up to its
    last filled row and column (never the bounding box it claims), within MAX_ROWS, MAX_COLUMNS and MAX_CELLS."""
    unreadable = (f"{filename} is not a readable .xlsx workbook ({{}}). Save it again from Excel as 'Excel "
                  "Workbook (.xlsx)', or export CSV.")
    workbook = None
    try:
        _check_unpacked(zipfile.ZipFile(io.BytesIO(data)).infolist(), filename)
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
        merged = [f"{ws.title}!{cells}" for ws in workbook.worksheets for cells in _scan(workbook, ws)]
        if merged:
            raise FileRejected("The workbook has merged cells (" + ", ".join(merged) + "). Unmerge them so every "
                               "row has its own values, then import again.")
        budget = _Budget(filename)
        sheets = [_sheet(ws, budget) for ws in workbook.worksheets]
    except FileRejected:
        raise
    except (InvalidFileException, zipfile.BadZipFile, zlib.error, SyntaxError, KeyError, IndexError, TypeError,
            OSError, EOFError, ValueError) as error:  # SyntaxError: XML that does not parse
        raise FileRejected(unreadable.format(f"{type(error).__name__}: {str(error)[:200]}")) from None
    finally:
        if workbook is not None:
            workbook.close()
    return [sheet for sheet in sheets if len(sheet.frame.columns)]


def _check_unpacked(parts: list[zipfile.ZipInfo], filename: str) -> None:
    if len(parts) > MAX_PARTS:
        raise FileRejected(f"{filename} holds {len(parts):,} files; an .xlsx workbook has a few dozen. It is not "
                           "a workbook this planner reads.")
    total = sum(part.file_size for part in parts)
    if total > MAX_UNPACKED:
        biggest = max(parts, key=lambda part: part.file_size)
        raise FileRejected(f"{filename} unpacks to {total / MB:,.0f} MB ({biggest.filename} alone is "
                           f"{biggest.file_size / MB:,.0f} MB); the limit is {MAX_UNPACKED // MB} MB. Export a "
                           "shorter date range, or CSV.")


_MERGE = re.compile(rb"<(?:\w+:)?mergeCell\b[^>]*?\bref=\"([A-Z0-9:$]{1,30})\"")
_ROW = re.compile(rb"<(?:\w+:)?row[\s>/]")


def _scan(workbook, ws) -> list[str]:
    """One pass over the sheet's XML, before any cell is parsed: refuse a sheet with more rows than the limit
    (so a million-row sheet costs a scan, not a parse), and return its merged ranges (which read-only
    worksheets do not parse)."""
    merged, rows, tail = [], 0, b""
    with workbook._archive.open(ws._worksheet_path) as part:
        while chunk := part.read(MB):
            window = tail + chunk
            merged += [m.group(1).decode() for m in _MERGE.finditer(window) if m.end() > len(tail)]
            rows += len(_ROW.findall(window)) - len(_ROW.findall(tail))  # those wholly in the tail were counted
            if rows > MAX_ROWS + 1:
                raise FileRejected(f"Sheet {ws.title} has more than {MAX_ROWS:,} rows; the limit is {MAX_ROWS:,}. "
                                   "Export a shorter date range, or split the file.")
            tail = window[-512:]
    return merged


@dataclass
class _Budget:
    """Cells read so far across a workbook, so many sheets cannot add up to more than one may hold."""

    filename: str
    cells: int = 0
    slots: int = 0

    def spend(self, ws, cells: int, slots: int) -> None:
        self.cells += cells
        self.slots += slots
        if self.cells > MAX_CELLS or self.slots > MAX_SLOTS:
            raise FileRejected(f"{self.filename} has more than {MAX_CELLS:,} filled cells (reading stopped in sheet "
                               f"{ws.title}). Export a shorter date range or fewer columns.")


def _sheet(ws, budget: _Budget) -> Sheet:
    ws.reset_dimensions()  # the size the file claims is ignored: only rows and cells present are read
    rows: list[tuple[int, list]] = []
    for number, cells in enumerate(ws.iter_rows(), 1):
        if not cells:  # a row missing from the file: openpyxl fills the gap, so skip it cheaply
            continue
        filled = [cell for cell in cells if cell.value is not None]
        if not filled:
            continue
        last = filled[-1]
        if number > MAX_ROWS + 1:
            raise FileRejected(f"Sheet {ws.title} has a value in cell {last.coordinate}, row {number:,}; the limit "
                               f"is {MAX_ROWS:,} rows. Delete what is below your table, or export a shorter range.")
        if last.column > MAX_COLUMNS:
            raise FileRejected(f"Sheet {ws.title} has a value in cell {last.coordinate}, column {last.column:,}; "
                               f"the limit is {MAX_COLUMNS} columns. Delete what is right of your table.")
        budget.spend(ws, len(filled), len(cells))
        rows.append((number, list(cells[: last.column])))
    if not rows:
        return Sheet(ws.title, pd.DataFrame(), np.array([], dtype=int))
    (_, header_cells), body = rows[0], rows[1:]
    width = max(len(cells) for _, cells in rows)
    header = [_header_text(cells, column) for column, cells in enumerate(_padded(header_cells, width), 1)]
    _refuse_repeated(header, f"Sheet {ws.title}")
    rejections, values, numbers = [], [], []
    for number, cells in body:
        row = []
        for column, cell in enumerate(_padded(cells, width), 1):
            if cell is not None and cell.data_type == "f":
                rejections.append(Rejection(number, header[column - 1], f"cell {cell.coordinate} holds a formula "
                                            f"({str(cell.value)[:40]}); paste values only", ws.title))
                row.append(FORMULA)
            else:
                row.append(None if cell is None else _cell_value(cell.value))
        values.append(row)
        numbers.append(number)
    frame = pd.DataFrame(values, columns=header, dtype=object)
    return Sheet(ws.title, frame, np.array(numbers, dtype=int), rejections)


def _padded(cells: list, width: int) -> list:
    return cells + [None] * (width - len(cells))


def _header_text(cell, column: int) -> str:
    value = None if cell is None else cell.value
    return str(value).strip() if value is not None else f"column {get_column_letter(column)}"


def _cell_value(value):
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return value
