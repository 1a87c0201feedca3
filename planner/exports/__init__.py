"""Exports: the whole plan to an Excel workbook, and the Facebook ads to Meta's Marketing API."""
