"""Hostile workbooks, built in memory: too big to commit, and shared by tests/test_bad_inputs.py and
benchmarks/bench_hostile_uploads.py.

Each is a real .xlsx (content types, relationships, workbook, one sheet) written with zipfile, so the
sheet XML can say what openpyxl would never write: a claimed bounding box, a million rows, gigabytes.
"""

from __future__ import annotations

import io
import zipfile

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>')
_ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'officeDocument" Target="xl/workbook.xml"/></Relationships>')
_WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="Funnel" sheetId="1" r:id="rId1"/></sheets></workbook>')
_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'worksheet" Target="worksheets/sheet1.xml"/></Relationships>')
_SHEET_START = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                '<dimension ref="{dimension}"/><sheetData>')
_SHEET_END = "</sheetData></worksheet>"
HEADER_ROW = ('<row r="1"><c r="A1" t="inlineStr"><is><t>variant</t></is></c><c r="B1" t="inlineStr"><is><t>channel'
              '</t></is></c><c r="C1" t="inlineStr"><is><t>enquiries</t></is></c></row>')


def _row(number: int) -> str:
    return (f'<row r="{number}"><c r="A{number}" t="inlineStr"><is><t>a1</t></is></c><c r="B{number}" '
            f't="inlineStr"><is><t>facebook</t></is></c><c r="C{number}"><v>3</v></c></row>')


def workbook(sheet_parts, dimension: str = "A1:C2", level: int = 9) -> bytes:
    """An .xlsx whose one sheet's XML is the header row, then whatever `sheet_parts` yields (str chunks)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _ROOT_RELS)
        archive.writestr("xl/workbook.xml", _WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(_SHEET_START.format(dimension=dimension).encode())
            sheet.write(HEADER_ROW.encode())
            for part in sheet_parts:
                sheet.write(part.encode())
            sheet.write(_SHEET_END.encode())
    return buffer.getvalue()


def far_corner() -> bytes:
    """A header and one value at XFD1048576, the last cell Excel has: a 17-billion-cell bounding box."""
    return workbook(['<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'], "A1:XFD1048576")


def zip_bomb(unpacked_mb: int = 2048, level: int = 9) -> bytes:
    """A sheet of identical rows that unpacks to `unpacked_mb` MB (2 GB by default) from a few MB."""
    block = "".join(_row(2) for _ in range(8192))  # the same row repeated: deflate's best case
    return workbook((block for _ in range(unpacked_mb * 1024 * 1024 // len(block))), level=level)


def many_rows(rows: int = 1_000_000, level: int = 9) -> bytes:
    """A well-formed sheet with `rows` rows of three cells."""
    return workbook((_row(n) for n in range(2, rows + 2)), f"A1:C{rows + 1}", level=level)
