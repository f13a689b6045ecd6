"""Progress sheets that are small on the wire and huge unpacked, or simply too long,
are refused with a clear reason before (zip sizes) or while (rows, cells) being read,
without the memory a full read would take."""

from __future__ import annotations

import io
import tracemalloc
import zipfile

import pytest
from openpyxl import Workbook

from store.progress.cells import parse_value
from store.progress.sheet import (
    MAX_CELL_CHARS,
    MAX_ROWS,
    MAX_UNPACKED_BYTES,
    SheetFormatError,
    read_sheet,
)

HEADER = "序号,任务编号,责任单位,填报日期,完成情况,完成值,备注,佐证材料链接"
_PARTS = {
    "[Content_Types].xml": (
        '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
        'package/2006/content-types"><Default Extension="rels" ContentType="application/'
        'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType='
        '"application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName='
        '"/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-'
        'officedocument.spreadsheetml.worksheet+xml"/></Types>'),
    "_rels/.rels": (
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
        'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://'
        'schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target='
        '"xl/workbook.xml"/></Relationships>'),
    "xl/workbook.xml": (
        '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.'
        'org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/'
        'officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id='
        '"rId1"/></sheets></workbook>'),
    "xl/_rels/workbook.xml.rels": (
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
        'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://'
        'schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target='
        '"worksheets/sheet1.xml"/></Relationships>'),
}


def xlsx_of_rows(rows: int) -> bytes:
    """A hand-packed XLSX whose one sheet has ``rows`` rows of one inline string each:
    it deflates about a thousand times, the way the hostile 297 KB sheet did."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, text in _PARTS.items():
            archive.writestr(name, text)
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://'
                        b'schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>')
            # rows without numbers are numbered in order by the reader; identical rows
            # deflate best
            chunk = b'<row><c t="inlineStr"><is><t>x</t></is></c></row>' * 1000
            for _ in range(rows // 1000):
                sheet.write(chunk)
            sheet.write(b"</sheetData></worksheet>")
    return buffer.getvalue()


def test_a_small_xlsx_unpacking_to_a_million_rows_is_refused_before_reading() -> None:
    data = xlsx_of_rows(1_000_000)
    assert len(data) < MAX_UNPACKED_BYTES // 20  # small on the wire
    tracemalloc.start()
    try:
        with pytest.raises(SheetFormatError, match=r"over the limit|zip bomb"):
            read_sheet(data, "进度.xlsx")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 8 * 2**20, f"refusing took {peak / 2**20:.0f} MiB"


def test_an_xlsx_with_too_many_rows_is_refused_while_reading() -> None:
    data = xlsx_of_rows(MAX_ROWS + 1000)
    with pytest.raises(SheetFormatError, match=f"more than {MAX_ROWS} rows"):
        read_sheet(data, "进度.xlsx")


def test_a_csv_with_too_many_rows_is_refused() -> None:
    lines = [HEADER] + [f"{n},deadline:x/一/1,市规划局,2019-01-01,已完成,,," for n in range(MAX_ROWS)]
    with pytest.raises(SheetFormatError, match=f"more than {MAX_ROWS} rows"):
        read_sheet("\n".join(lines).encode(), "进度.csv")


def test_an_overlong_cell_is_refused() -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(HEADER.split(","))
    sheet.append([1, "deadline:x/一/1", "市规划局", "2019-01-01", "已完成", None,
                  "备" * (MAX_CELL_CHARS + 1), None])
    buffer = io.BytesIO()
    book.save(buffer)
    with pytest.raises(SheetFormatError, match="longer than"):
        read_sheet(buffer.getvalue(), "进度.xlsx")


@pytest.mark.parametrize("value", [float("inf"), float("nan"), 1e300, "9" * 400, -1.0])
def test_a_value_that_is_not_a_sane_finite_number_is_a_cell_error(value: object) -> None:
    with pytest.raises(ValueError):
        parse_value(value)


def test_a_sheet_row_with_an_infinite_value_is_reported_with_its_row() -> None:
    csv = "\n".join([HEADER, "1,deadline:x/一/1,市规划局,2019-01-01,推进中," + "9" * 400 + ",,"])
    parsed = read_sheet(csv.encode(), "进度.csv")
    assert parsed.rows == []
    assert [(e.row, e.column) for e in parsed.errors] == [(2, "value_reached")]
