"""Write a :class:`exports.tables.Table` as CSV, XLSX, Markdown or JSON (bytes)."""

from __future__ import annotations

import csv
import io
import json

from escaping.markdown import escape_markdown
from escaping.spreadsheet import csv_cell, is_formula_like
from exports.tables import Table

FORMATS = {"csv": "text/csv; charset=utf-8",
           "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
           "md": "text/markdown; charset=utf-8",
           "json": "application/json"}


def to_csv(table: Table) -> bytes:
    """CSV with a UTF-8 byte-order mark, so Excel on Windows opens Chinese text correctly."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([csv_cell(c.heading) for c in table.columns])
    writer.writerows([[csv_cell(v) for v in row] for row in table.rows])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def to_xlsx(table: Table) -> bytes:
    """An XLSX workbook with one sheet titled ``table.title`` (bold, frozen header)."""
    # imported on first use: openpyxl and lxml hold about 9 MB in every serving process,
    # and most never write a workbook
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

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


def to_markdown(table: Table) -> bytes:
    """A Markdown heading and pipe table, every cell through the one Markdown escaper."""
    lines = [f"# {escape_markdown(table.title)}", "",
             "| " + " | ".join(escape_markdown(c.heading) for c in table.columns) + " |",
             "|" + "---|" * len(table.columns)]
    lines += ["| " + " | ".join(escape_markdown(v) for v in row) + " |" for row in table.rows]
    return ("\n".join(lines) + "\n").encode("utf-8")


def to_json(table: Table) -> bytes:
    """``{"table": name, "title": …, "rows": [{key: value}, …]}`` (UTF-8, not escaped)."""
    body = {"table": table.name, "title": table.title, "rows": table.records()}
    return json.dumps(body, ensure_ascii=False, indent=1).encode("utf-8")


def render(table: Table, fmt: str) -> bytes:
    """The table in format ``fmt`` (one of :data:`FORMATS`); ``KeyError`` otherwise."""
    writers = {"csv": to_csv, "xlsx": to_xlsx, "md": to_markdown, "json": to_json}
    return writers[fmt](table)
