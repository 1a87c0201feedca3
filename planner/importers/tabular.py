"""Reading an uploaded CSV or xlsx into sheets of cells, refusing what cannot be read safely.

Only the container is handled here (size, encoding, formulas, merged cells); what the columns
mean is up to each importer.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import warnings
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import openpyxl
import pandas as pd
from openpyxl.utils.exceptions import InvalidFileException

#: Stands in for a formula cell's value: the cell is already rejected, so nothing else about it is.
FORMULA = "\x00formula"
#: Larger uploads are refused before parsing: a year of daily rows for hundreds of ads is a few MB.
MAX_BYTES = 25 * 1024 * 1024


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

    def row(self, index: int) -> int:
        return int(self.row_numbers[index])


#: Given a CSV's header: the columns worth reading (None: all) and those to keep as text (read as categoricals,
#: since an export repeats the same names and dates on many rows).
ColumnPlan = Callable[[list[str]], tuple[list[str] | None, list[str]]]


def read_sheets(data: bytes, filename: str, plan: ColumnPlan) -> list[Sheet]:
    """Read every sheet (a CSV is one sheet); for a CSV, `plan` picks the columns to read and keep as text."""
    if len(data) > MAX_BYTES:
        raise FileRejected(f"{filename} is {len(data) / 1024 / 1024:.0f} MB; the limit is "
                           f"{MAX_BYTES // 1024 // 1024} MB. Export a shorter date range or fewer columns.")
    if not data.strip():
        raise FileRejected(f"{filename} is empty.")
    if data[:4] == b"PK\x03\x04" or filename.lower().endswith((".xlsx", ".xlsm")):
        return _read_xlsx(data, filename)
    return [_read_csv(data, filename, plan)]


_NOT_UTF8 = ("The file is not UTF-8, so it was read as Windows-1252 (Latin-1), the encoding Excel uses on Windows. "
             "Check that names with accents or £ signs look right in the preview.")


def _read_csv(data: bytes, filename: str, plan: ColumnPlan) -> Sheet:
    """Parse the bytes with pandas' C reader (no decoded copy): UTF-8 (its reader drops a BOM), UTF-16
    when the file starts with that BOM, else Windows-1252."""
    utf16 = data.startswith((b"\xff\xfe", b"\xfe\xff"))
    if not utf16 and b"\x00" in data:
        line = data.count(b"\n", 0, data.index(b"\x00")) + 1
        raise FileRejected(f"{filename} has a NUL byte (\\x00) on line {line}: it is not a text CSV file (perhaps a "
                           "binary file, or UTF-16 without its byte-order mark). Save it again as CSV UTF-8.")
    encodings = ["utf-16"] if utf16 else ["utf-8", "cp1252", "latin-1"]
    for encoding in encodings:
        try:
            first_line = data[: data.find(b"\n") + 1 or None].decode(encoding).removeprefix("\ufeff")
            header = next(csv.reader(io.StringIO(first_line)), [])
            columns, textual = plan(header)
            with warnings.catch_warnings():
                warnings.simplefilter("error", pd.errors.ParserWarning)
                frame = pd.read_csv(io.BytesIO(data), encoding=encoding, usecols=columns, index_col=False,
                                    dtype=dict.fromkeys(textual, "category"), thousands=",", skip_blank_lines=True)
        except UnicodeDecodeError:
            continue
        except pd.errors.ParserWarning:
            raise FileRejected(f"{filename}: row 2 has more values than the header row has columns. Check for a "
                               "comma inside a value that is not in double quotes.") from None
        except (pd.errors.ParserError, pd.errors.EmptyDataError, ValueError) as error:
            raise FileRejected(f"{filename} is not a well-formed CSV file: {error}") from None
        frame.columns = [str(column).replace("\ufeff", "") for column in frame.columns]
        notices = [_NOT_UTF8] if encoding in ("cp1252", "latin-1") else []
        return Sheet("", frame, np.arange(2, len(frame) + 2), notices=notices)
    raise FileRejected(f"{filename} is neither UTF-8 nor Windows-1252 text: save it again as CSV UTF-8.")


def _read_xlsx(data: bytes, filename: str) -> list[Sheet]:
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), data_only=False)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        raise FileRejected(f"{filename} is not a readable .xlsx workbook ({error}). Save it again from Excel as "
                           "'Excel Workbook (.xlsx)', or export CSV.") from None
    merged = [f"{ws.title}!{cells}" for ws in workbook.worksheets for cells in ws.merged_cells.ranges]
    if merged:
        raise FileRejected("The workbook has merged cells (" + ", ".join(merged) + "). Unmerge them so every row "
                           "has its own values, then import again.")
    return [_sheet(ws) for ws in workbook.worksheets if ws.max_row > 1 or ws.max_column > 1]


def _sheet(ws) -> Sheet:
    rows = [list(row) for row in ws.iter_rows()]
    while rows and all(cell.value is None for cell in rows[0]):
        rows.pop(0)
    if not rows:
        return Sheet(ws.title, pd.DataFrame(), np.array([], dtype=int))
    header_cells, body = rows[0], rows[1:]
    header = [str(cell.value).strip() if cell.value is not None else f"column {cell.column_letter}"
              for cell in header_cells]
    rejections, values, numbers = [], [], []
    for cells in body:
        if all(cell.value is None for cell in cells):
            continue
        for cell in cells:
            if cell.data_type == "f":
                rejections.append(Rejection(cell.row, header[cell.column - 1] if cell.column <= len(header) else
                                            cell.column_letter, f"cell {cell.coordinate} holds a formula "
                                            f"({str(cell.value)[:40]}); paste values only", ws.title))
        values.append([FORMULA if cell.data_type == "f" else _cell_value(cell.value) for cell in cells[: len(header)]])
        numbers.append(cells[0].row)
    frame = pd.DataFrame(values, columns=header, dtype=object)
    return Sheet(ws.title, frame, np.array(numbers, dtype=int), rejections)


def _cell_value(value):
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return value
