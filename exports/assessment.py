"""The 考核表 export: the assessment as a table (CSV, Markdown, JSON) and as an XLSX sheet
with a title row naming the day, jurisdiction and kind, and the weights used below."""

from __future__ import annotations

import io

from escaping.spreadsheet import is_formula_like
from exports.tables import Column, Table
from graph.assessment_view import AssessmentView
from i18n import t

COLUMNS = ("rank", "band", "name", "jurisdiction", "due", "on_time", "late", "overdue",
           "mean_days_overdue", "targets_reached", "targets_committed", "score")
# Band fills readable in print and by colour-blind readers (Okabe-Ito blue to vermillion;
# the letter is always written too).
BAND_FILLS = {"A": "0072B2", "B": "56B4E9", "C": "E69F00", "D": "D55E00"}
BAND_TEXT = {"A": "FFFFFF", "B": "000000", "C": "000000", "D": "FFFFFF"}


def assessment_table(view: AssessmentView) -> Table:
    """One row per subject: rank, band and every figure."""
    rows = [[getattr(s, key) for key in COLUMNS] for s in view.rows]
    return Table("assessment", view.title,
                 [Column(key, t(f"assessment.column.{key}")) for key in COLUMNS], rows)


def assessment_xlsx(view: AssessmentView) -> bytes:
    """考核表 as a workbook: title row, header, one row per subject, then the weights."""
    # imported on first use, as exports.formats.to_xlsx does
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill

    table = assessment_table(view)
    book = Workbook()
    sheet = book.active
    assert sheet is not None  # a new workbook always has one sheet
    sheet.title = t("widget.title.assessment")[:31]
    sheet.append([view.title])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(COLUMNS))
    sheet.append([c.heading for c in table.columns])
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    band_column = COLUMNS.index("band") + 1
    for row in table.rows:
        sheet.append(row)
        for written in sheet[sheet.max_row]:
            if is_formula_like(written.value):  # a name from a document never runs
                written.data_type = "s"
                written.quotePrefix = True
        cell = sheet.cell(row=sheet.max_row, column=band_column)
        cell.fill = PatternFill("solid", fgColor=BAND_FILLS.get(str(cell.value), "FFFFFF"))
        cell.font = Font(bold=True, color=BAND_TEXT.get(str(cell.value), "000000"))
        cell.alignment = Alignment(horizontal="center")
    sheet.append([])
    sheet.append([t("assessment.weights")])
    sheet.cell(row=sheet.max_row, column=1).font = Font(bold=True)
    sheet.append([t("assessment.weight"), t("assessment.value")])
    for name, value in view.weights:
        sheet.append([name, value])
    sheet.append([t("assessment.formula")])
    sheet.freeze_panes = "A3"
    widths = [6, 6, 24, 18, 8, 8, 8, 8, 10, 10, 10, 8]
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[sheet.cell(row=2, column=index).column_letter].width = width
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
