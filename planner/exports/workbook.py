"""A small, fast table writer over openpyxl's write-only mode, with the finish a shared workbook needs.

Each sheet is a header row and rows of plain Python values. The writer adds styled headers,
frozen panes, auto-filters, column widths, wrapped long text, real dates and money formats,
and writes user text that looks like a formula as a literal string (see cells.py).
Styles are named styles registered once per workbook, which keeps a 1,000-variant export
within twice the time of writing the bare cells.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import IO, Literal

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, NamedStyle, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from planner.exports.cells import is_formula_like, mark_text

Kind = Literal["text", "long", "date", "datetime", "int", "number", "money", "percent"]

#: Named style per column kind; "text" and "int" cells are written bare (the default style).
_STYLES: dict[str, dict] = {
    "header": {"font": Font(bold=True, color="FFFFFF"), "fill": PatternFill("solid", fgColor="1F4E78"),
               "alignment": Alignment(wrap_text=True, vertical="center")},
    "long": {"alignment": Alignment(wrap_text=True, vertical="top")},
    "date": {"number_format": "dd mmm yyyy"},
    "datetime": {"number_format": "dd mmm yyyy hh:mm"},
    "number": {"number_format": "0.00"},
    "money": {"number_format": "£#,##0.00"},
    "percent": {"number_format": "0.0%"},
}
_PREFIX = "Planner "  # named styles show in Excel's style gallery; keep ours recognisable


@dataclass(frozen=True)
class Column:
    header: str
    width: float = 16
    kind: Kind = "text"


@dataclass
class Sheet:
    title: str
    columns: Sequence[Column]
    rows: list[Sequence[object]] = field(default_factory=list)
    freeze: str = "B2"
    """Top-left unfrozen cell: by default the header row and the first (key) column stay in view."""


def write_workbook(sheets: Iterable[Sheet], target: str | IO[bytes]) -> None:
    """Write the sheets, in order, to a path or a binary file object."""
    workbook = Workbook(write_only=True)
    for name, spec in _STYLES.items():
        workbook.add_named_style(NamedStyle(name=_PREFIX + name, **spec))
    for sheet in sheets:
        _write_sheet(workbook.create_sheet(sheet.title[:31]), sheet)
    workbook.save(target)


def _write_sheet(ws: WriteOnlyWorksheet, sheet: Sheet) -> None:
    last = get_column_letter(len(sheet.columns))
    for index, column in enumerate(sheet.columns, start=1):
        ws.column_dimensions[get_column_letter(index)].width = column.width
    ws.freeze_panes = sheet.freeze
    ws.auto_filter.ref = f"A1:{last}{len(sheet.rows) + 1}"
    ws.append([_styled(ws, column.header, "header") for column in sheet.columns])
    kinds = [column.kind for column in sheet.columns]
    for row in sheet.rows:
        ws.append([_cell(ws, value, kind) for value, kind in zip(row, kinds, strict=True)])


def _cell(ws: WriteOnlyWorksheet, value: object, kind: Kind) -> object:
    if value is None or value == "":
        return None
    if isinstance(value, str):
        if is_formula_like(value):
            return _literal(ws, value, kind)
        return _styled(ws, value, "long") if kind == "long" else value
    if isinstance(value, dt.datetime):
        return _styled(ws, _naive_utc(value), "datetime")
    if isinstance(value, dt.date):
        return _styled(ws, value, "date")
    if kind in ("number", "money", "percent") and isinstance(value, int | float):
        return _styled(ws, value, kind)
    return value


def _styled(ws: WriteOnlyWorksheet, value: object, style: str) -> WriteOnlyCell:
    cell = WriteOnlyCell(ws, value)
    cell.style = _PREFIX + style
    return cell


def _literal(ws: WriteOnlyWorksheet, text: str, kind: Kind) -> WriteOnlyCell:
    """User text that looks like a formula: stored as a string, and quote-prefixed so editing keeps it text."""
    cell = WriteOnlyCell(ws)
    if kind == "long":
        cell.style = _PREFIX + "long"
    cell.value = text
    mark_text(cell)
    return cell


def _naive_utc(value: dt.datetime) -> dt.datetime:
    """Excel has no time zones: aware datetimes are written in UTC (headers say so)."""
    if value.tzinfo is None:
        return value
    return value.astimezone(dt.UTC).replace(tzinfo=None)
