"""Spreadsheet cells from user text that can never become formulas.

Excel, LibreOffice and Google Sheets treat a cell that starts with `=`, `+`, `-`, `@`, a tab or a
carriage return as a formula (or a DDE command) when a user opens or edits it. Every place the
product writes user text into a spreadsheet (xlsx or CSV) goes through this module.
"""

from __future__ import annotations

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def is_formula_like(value: object) -> bool:
    """True for text a spreadsheet would read as a formula."""
    return isinstance(value, str) and value.startswith(FORMULA_PREFIXES)


def csv_safe(value: object) -> object:
    """A CSV field that spreadsheets read as text: formula-like text gets a leading apostrophe.

    CSV has no cell types, so the apostrophe (OWASP's advice) is the only marker spreadsheets honour.
    """
    return "'" + value if is_formula_like(value) else value  # type: ignore[operator]


def mark_text(cell) -> None:
    """Make an openpyxl cell holding user text a string cell, never a formula: `=1+2` is stored as text,
    and formula-like text is quote-prefixed so that editing the cell in Excel keeps it text."""
    cell.data_type = "s"
    if is_formula_like(cell.value):
        cell.quotePrefix = True
