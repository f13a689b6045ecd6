"""Write a :class:`exports.tables.Table` as CSV, XLSX, Markdown or JSON (bytes)."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from exports.tables import Table

FORMATS = {"csv": "text/csv; charset=utf-8",
           "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
           "md": "text/markdown; charset=utf-8",
           "json": "application/json"}


# A spreadsheet reads a cell starting with one of these as a formula (tab and CR too,
# which some spreadsheets strip first): text from documents and reports must never run.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def is_formula_like(value: Any) -> bool:
    """Whether ``value`` is text a spreadsheet would take for a formula.

    >>> is_formula_like('=HYPERLINK("http://x","y")'), is_formula_like(-1.5), is_formula_like("市规划局")
    (True, False, False)
    """
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def csv_cell(value: Any) -> Any:
    """A value safe in a CSV cell: formula-like text gets a leading apostrophe (the usual
    spreadsheet escape), numbers stay numbers.

    >>> csv_cell("=1+1"), csv_cell("@SUM(A1)"), csv_cell(-3), csv_cell(None)
    ("'=1+1", "'@SUM(A1)", -3, '')
    """
    if value is None:
        return ""
    return "'" + value if is_formula_like(value) else value


def to_csv(table: Table) -> bytes:
    """CSV with a UTF-8 byte-order mark, so Excel on Windows opens Chinese text correctly."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([csv_cell(c.heading) for c in table.columns])
    writer.writerows([[csv_cell(v) for v in row] for row in table.rows])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def to_xlsx(table: Table) -> bytes:
    """An XLSX workbook with one sheet titled ``table.title`` (bold, frozen header)."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None  # a new workbook always has one sheet
    # Sheet titles are limited to 31 characters and may not contain []:*?/\ .
    sheet.title = "".join(ch for ch in table.title if ch not in "[]:*?/\\")[:31]
    sheet.append([c.heading for c in table.columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in table.rows:
        sheet.append(row)
    for line in sheet.iter_rows(min_row=2):
        for cell in line:
            if is_formula_like(cell.value):
                # openpyxl writes "=…" as a formula; store it as text Excel keeps as text
                cell.data_type = "s"
                cell.quotePrefix = True
    sheet.freeze_panes = "A2"
    for column in sheet.columns:
        letter = column[0].column_letter
        longest = max(len(str(c.value or "")) for c in column)
        sheet.column_dimensions[letter].width = min(60, 4 + 2 * longest)  # CJK is double width
        for cell in column:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def markdown_cell(value: Any) -> str:
    """A value safe inside a Markdown table cell (pipes and line breaks escaped).

    >>> markdown_cell("a|b\\nc")
    'a\\\\|b c'
    """
    if value is None:
        return ""
    return str(value).replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def to_markdown(table: Table) -> bytes:
    """A Markdown heading and pipe table."""
    lines = [f"# {table.title}", "",
             "| " + " | ".join(c.heading for c in table.columns) + " |",
             "|" + "---|" * len(table.columns)]
    lines += ["| " + " | ".join(markdown_cell(v) for v in row) + " |" for row in table.rows]
    return ("\n".join(lines) + "\n").encode("utf-8")


def to_json(table: Table) -> bytes:
    """``{"table": name, "title": …, "rows": [{key: value}, …]}`` (UTF-8, not escaped)."""
    body = {"table": table.name, "title": table.title, "rows": table.records()}
    return json.dumps(body, ensure_ascii=False, indent=1).encode("utf-8")


def render(table: Table, fmt: str) -> bytes:
    """The table in format ``fmt`` (one of :data:`FORMATS`); ``KeyError`` otherwise."""
    writers = {"csv": to_csv, "xlsx": to_xlsx, "md": to_markdown, "json": to_json}
    return writers[fmt](table)
