"""A 责任分解表 file as a grid of text cells: XLSX, CSV or a .docx table.

Pure: bytes in, grids of ``(row number, cells)`` out.  Merged cells are filled in, so a 牵头单位
cell merged over several rows applies to each of them (in XLSX by the sheet's merged
ranges, in .docx by ``vMerge`` / ``gridSpan``; CSV has no merges).  Row numbers are the
ones a person sees: the spreadsheet's row, or the row of the .docx table counted from 1.

The same limits as progress sheets apply (:mod:`store.progress.sheet`): an archive is
checked before it is unpacked, rows and cells are bounded while they are read.
"""

from __future__ import annotations

import csv
import io
import zipfile
from typing import Any

from store.progress.sheet import MAX_COLUMNS, SheetFormatError, _bounded, check_archive

Grid = list[tuple[int, list[str]]]

#: CSV encodings Excel writes, tried in this order; UTF-8 is checked strictly first, so
#: a GB18030 file is never read as UTF-8 by accident (and an undecodable one is refused).
CSV_ENCODINGS = ("utf-8-sig", "gb18030")
#: What a CSV cell may start with after the export's escaping apostrophe (the starts a
#: spreadsheet reads as a formula; exports.formats escapes the same ones).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
#: A 责任分解表 has hundreds of rows, not a progress archive's thousands: an XLSX is loaded
#: whole (merged ranges need it), so what it may unpack to is bounded tighter.
MAX_XLSX_UNPACKED = 8 * 1024 * 1024
SUFFIXES = ("xlsx", "xlsm", "csv", "docx")


class BreakdownFormatError(SheetFormatError):
    """The file cannot be read as a 责任分解表 at all."""


def text_of(value: Any) -> str:
    """A cell's value as stripped text; whole numbers lose their ``.0``.

    >>> text_of(3.0), text_of(None), text_of(" 市农业局 "), text_of(2.5)
    ('3', '', '市农业局', '2.5')
    """
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def decode_csv(data: bytes) -> str:
    """CSV bytes as text: UTF-8 (with or without BOM) or GB18030, nothing else.

    >>> decode_csv("序号,任务".encode("gb18030"))
    '序号,任务'
    >>> decode_csv(b"\\xef\\xbb\\xbf\\xe5\\xba\\x8f")
    '序'
    >>> decode_csv(b"\\x81\\x20")
    Traceback (most recent call last):
    ...
    store.breakdown.read.BreakdownFormatError: CSV 不是 UTF-8 或 GB18030 编码 (neither UTF-8 nor GB18030); save it as UTF-8
    """
    for encoding in CSV_ENCODINGS:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise BreakdownFormatError("CSV 不是 UTF-8 或 GB18030 编码 (neither UTF-8 nor GB18030); "
                               "save it as UTF-8")


def read_csv_grid(data: bytes) -> Grid:
    """A CSV file's rows (comma, tab or semicolon separated)."""
    text = decode_csv(data)
    try:
        dialect: Any = csv.Sniffer().sniff(text[:4096], delimiters=",\t;")
    except csv.Error:
        dialect = csv.excel
    try:
        rows = _bounded(csv.reader(io.StringIO(text), dialect))
    except csv.Error as exc:
        raise BreakdownFormatError(f"unreadable CSV: {str(exc)[:80]}") from exc
    return [(n, [unescape(text_of(c)) for c in cells]) for n, cells in rows]


def unescape(text: str) -> str:
    """A CSV cell without the apostrophe the export puts before formula-like text.

    >>> unescape("'-3%"), unescape("'市农业局"), unescape("市农业局")
    ('-3%', "'市农业局", '市农业局')
    """
    return text[1:] if text.startswith("'") and text[1:2] in FORMULA_STARTS else text


def read_xlsx_grids(data: bytes) -> list[Grid]:
    """Each worksheet's rows, every merged range's value copied into all its cells."""
    from openpyxl import load_workbook

    check_archive(data)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        unpacked = sum(i.file_size for i in archive.infolist())
    if unpacked > MAX_XLSX_UNPACKED:
        raise BreakdownFormatError(f"unpacks to {unpacked / 2**20:.1f} MB, over the "
                                   f"{MAX_XLSX_UNPACKED / 2**20:.0f} MB a 责任分解表 may")
    try:
        # Not read-only: merged ranges are only known to a fully loaded sheet; the checks
        # above have already bounded what loading can unpack.
        book = load_workbook(io.BytesIO(data), data_only=True)
    except Exception as exc:  # openpyxl raises several unrelated types for a bad file
        raise BreakdownFormatError(f"not a readable XLSX file ({type(exc).__name__})") from exc
    return [_sheet_grid(sheet) for sheet in book.worksheets]


def _sheet_grid(sheet: Any) -> Grid:
    rows = _bounded(sheet.iter_rows(max_col=MAX_COLUMNS, values_only=True))
    grid = [(n, [text_of(c) for c in cells]) for n, cells in rows]
    by_number = {n: cells for n, cells in grid}
    for merged in sheet.merged_cells.ranges:
        value = text_of(sheet.cell(merged.min_row, merged.min_col).value)
        for row in range(merged.min_row, merged.max_row + 1):
            cells = by_number.get(row)
            if cells is None:
                continue
            for column in range(merged.min_col, min(merged.max_col, MAX_COLUMNS) + 1):
                while len(cells) < column:
                    cells.append("")
                cells[column - 1] = value
    return grid


def read_docx_grids(data: bytes) -> list[Grid]:
    """Every table of a .docx, in document order (callers pick the one with a header).

    A cell continuing a vertical merge repeats the text of the cell it continues; a cell
    spanning columns fills each of them.
    """
    import docx

    check_archive(data)
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises several unrelated types for a bad package
        raise BreakdownFormatError(f"not a readable .docx file ({type(exc).__name__})") from exc
    grids: list[Grid] = []
    for table in document.element.body.iter(f"{_W}tbl"):
        grid: Grid = []
        above: list[str] = []
        for number, row in enumerate(table.iterfind(f"{_W}tr"), start=1):
            cells: list[str] = []
            for cell in row.iterfind(f"{_W}tc"):
                span = _int(cell.find(f"{_W}tcPr/{_W}gridSpan"), 1)
                merge = cell.find(f"{_W}tcPr/{_W}vMerge")
                continues = merge is not None and merge.get(f"{_W}val", "continue") == "continue"
                column = len(cells)
                text = (above[column] if column < len(above) else "") if continues else _text(cell)
                cells.extend([text] * max(1, span))
            grid.append((number, cells[:MAX_COLUMNS]))
            above = cells
        grids.append(_bounded_grid(grid))
    return grids


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _text(cell: Any) -> str:
    lines = ["".join(t.text or "" for t in p.iter(f"{_W}t")) for p in cell.iterfind(f"{_W}p")]
    return "\n".join(line for line in lines if line.strip()).strip()


def _int(element: Any, default: int) -> int:
    try:
        return int(element.get(f"{_W}val")) if element is not None else default
    except (TypeError, ValueError):
        return default


def _bounded_grid(grid: Grid) -> Grid:
    _bounded(cells for _, cells in grid)  # raises past the row and cell limits
    return grid


def read_grids(data: bytes, filename: str) -> list[Grid]:
    """The grids of a 责任分解表 file — a CSV's one, one per worksheet, one per table of a
    .docx (the first with a header is read, :func:`store.breakdown.rows.parse_table`); the
    format comes from the file name's suffix.

    Raises
    ------
    BreakdownFormatError
        An unknown suffix or an unreadable file.
    SheetFormatError
        Past the size, ratio, row or cell limits.
    """
    suffix = filename.lower().rsplit(".", 1)[-1]
    if suffix == "csv":
        return [read_csv_grid(data)]
    if suffix in ("xlsx", "xlsm"):
        return read_xlsx_grids(data)
    if suffix == "docx":
        return read_docx_grids(data)
    raise BreakdownFormatError(f"{filename[:80]}: expected a .xlsx, .csv or .docx file")
