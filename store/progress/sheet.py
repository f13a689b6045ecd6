"""Read a progress sheet (进度填报表) the way units fill it in: CSV or XLSX.

Pure: bytes in, typed rows and per-row errors out; nothing here touches the
database (storing is :mod:`store.progress.sheet_import`; a cell's reading is
:mod:`store.progress.cells`).  Excel saves CSV as UTF-8
with a BOM or, on Chinese Windows, as GB18030; both are read.  Headers are matched
loosely (``填报日期（年月日）`` is 填报日期), in Chinese or English, and a title row
above the header row is skipped.  Row numbers are the spreadsheet's own (header = the
row it is on), so a unit can find the row an error names.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from store.progress.cells import (
    HEADERS,
    normalise_header,
    parse_date,
    parse_done,
    parse_value,
)

REQUIRED = ("obligation_id", "unit", "reported_on", "done")
_HEADER_SEARCH_ROWS = 5  # a title row or two may sit above the header

# A unit's sheet has a row per obligation it reports on: hundreds, not millions.  These
# bounds are checked before a cell is read (zip sizes) and while reading (rows, columns),
# so a small file that inflates to a huge sheet is refused without being unpacked.
MAX_ROWS = 10_000
MAX_COLUMNS = 40
MAX_CELL_CHARS = 4_000
MAX_UNPACKED_BYTES = 20 * 1024 * 1024
MAX_RATIO = 100  # a member inflating more than this many times (above 1 MB) is a bomb


class SheetFormatError(ValueError):
    """The file cannot be read as a progress sheet at all (no header, bad encoding …)."""


@dataclass(frozen=True)
class SheetRow:
    """One filled-in row, typed."""

    row: int
    obligation_id: str
    unit: str
    reported_on: dt.date
    done: bool
    value_reached: float | None
    note: str
    evidence_url: str | None


@dataclass(frozen=True)
class RowKey:
    """Who a row speaks for, as written, even when its other cells do not parse."""

    row: int
    obligation_id: str
    unit: str


@dataclass(frozen=True)
class ParsedSheet:
    """The typed rows, every cell error, and the key cells of every non-blank row."""

    rows: list[SheetRow]
    errors: list[RowError]
    keys: list[RowKey]


@dataclass(frozen=True)
class RowError:
    """What is wrong with one row (``column`` is the field name, ``None`` for the row)."""

    row: int
    column: str | None
    message: str

    def __str__(self) -> str:
        where = f"第{self.row}行" + (f" {self.column}" if self.column else "")
        return f"{where}: {self.message}"


def _cell(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _bounded(rows: Iterable[Sequence[Any]]) -> list[tuple[int, list[Any]]]:
    """Numbered rows, refusing a sheet past :data:`MAX_ROWS` rows or a cell past
    :data:`MAX_CELL_CHARS` as soon as it is met (the rest is never read)."""
    numbered: list[tuple[int, list[Any]]] = []
    for number, row in enumerate(rows, start=1):
        if number > MAX_ROWS:
            raise SheetFormatError(f"more than {MAX_ROWS} rows; split the sheet")
        cells = list(row[:MAX_COLUMNS])
        for cell in cells:
            if isinstance(cell, str) and len(cell) > MAX_CELL_CHARS:
                raise SheetFormatError(f"row {number} has a cell longer than "
                                       f"{MAX_CELL_CHARS} characters")
        numbered.append((number, cells))
    return numbered


def check_archive(data: bytes) -> None:
    """Refuse an XLSX whose zip members would inflate too far, before unpacking any.

    Raises
    ------
    SheetFormatError
        Not a zip archive, more than :data:`MAX_UNPACKED_BYTES` declared in all, or a
        large member compressed more than :data:`MAX_RATIO` times.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, ValueError) as exc:
        raise SheetFormatError("not a readable XLSX file (not a zip archive)") from exc
    total = sum(i.file_size for i in infos)
    if total > MAX_UNPACKED_BYTES:
        raise SheetFormatError(f"unpacks to {total / 2**20:.1f} MB, over the limit of "
                               f"{MAX_UNPACKED_BYTES / 2**20:.0f} MB")
    for info in infos:
        if info.file_size > 1_000_000 and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise SheetFormatError(f"{info.filename[:60]} is compressed "
                                   f"{info.file_size // max(info.compress_size, 1)} times; "
                                   f"refused as a zip bomb")


def _find_header(rows: Sequence[tuple[int, Sequence[Any]]]) -> tuple[int, dict[int, str]]:
    for index, (_number, cells) in enumerate(rows[:_HEADER_SEARCH_ROWS]):
        columns = {i: HEADERS[h] for i, c in enumerate(cells) if (h := normalise_header(_cell(c))) in HEADERS}
        if "obligation_id" in columns.values():
            missing = [f for f in REQUIRED if f not in columns.values()]
            if missing:
                raise SheetFormatError(f"header row {rows[index][0]} lacks column(s): {', '.join(missing)}")
            return index, columns
    raise SheetFormatError("no header row with 任务编号 (obligation id) in the first rows")


def parse_rows(rows: Iterable[tuple[int, Sequence[Any]]]) -> ParsedSheet:
    """Type every data row below the header; collect every row's errors.

    Parameters
    ----------
    rows
        ``(spreadsheet row number, cells)`` pairs, header included.

    Returns
    -------
    ParsedSheet
        The rows that parsed, one error per bad cell, and every non-blank row's
        obligation id and unit (so the store can check those on bad rows too).
    """
    materialised = list(rows)
    header_index, columns = _find_header(materialised)
    parsed: list[SheetRow] = []
    errors: list[RowError] = []
    keys: list[RowKey] = []
    for number, cells in materialised[header_index + 1 :]:
        raw = {field: cells[i] if i < len(cells) else None for i, field in columns.items()}
        if all(_cell(v) == "" for f, v in raw.items() if f != "seq"):
            continue
        keys.append(RowKey(number, _cell(raw["obligation_id"]), _cell(raw["unit"])))
        row_errors: list[RowError] = []
        values: dict[str, Any] = {}
        for field in REQUIRED:
            if _cell(raw.get(field)) == "":
                row_errors.append(RowError(number, field, "必填项为空 (required, empty)"))
        for field, parse in (("reported_on", parse_date), ("done", parse_done), ("value_reached", parse_value)):
            if field in raw and _cell(raw[field]) != "":
                try:
                    values[field] = parse(raw[field])
                except ValueError as exc:
                    row_errors.append(RowError(number, field, str(exc)))
        if row_errors:
            errors.extend(row_errors)
            continue
        parsed.append(
            SheetRow(
                row=number,
                obligation_id=_cell(raw["obligation_id"]),
                unit=_cell(raw["unit"]),
                reported_on=values["reported_on"],
                done=values["done"],
                value_reached=values.get("value_reached"),
                note=_cell(raw.get("note")),
                evidence_url=_cell(raw.get("evidence_url")) or None,
            )
        )
    return ParsedSheet(parsed, errors, keys)


def read_csv(data: bytes) -> list[tuple[int, list[str]]]:
    """CSV bytes (UTF-8 with or without BOM, else GB18030) as numbered rows."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("gb18030")
        except UnicodeDecodeError as exc:
            raise SheetFormatError("CSV is neither UTF-8 nor GB18030") from exc
    try:
        dialect: Any = csv.Sniffer().sniff(text[:4096], delimiters=",\t;")
    except csv.Error:
        dialect = csv.excel
    try:
        return _bounded(csv.reader(io.StringIO(text), dialect))
    except csv.Error as exc:  # a field past csv's own size limit, a NUL byte …
        raise SheetFormatError(f"unreadable CSV: {str(exc)[:80]}") from exc


def read_xlsx(data: bytes) -> list[tuple[int, list[Any]]]:
    """The first worksheet of an XLSX file as numbered rows of cell values."""
    from openpyxl import load_workbook

    check_archive(data)
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises several unrelated types for a bad file
        raise SheetFormatError(f"not a readable XLSX file ({type(exc).__name__})") from exc
    try:
        sheet = workbook.worksheets[0]
        # read-only mode streams rows, so a bomb past MAX_ROWS stops there
        return _bounded(sheet.iter_rows(max_col=MAX_COLUMNS, values_only=True))
    finally:
        workbook.close()


def read_sheet(data: bytes, filename: str) -> ParsedSheet:
    """Parse a sheet file's bytes; the format comes from the file name's suffix.

    Raises
    ------
    SheetFormatError
        Unknown suffix, unreadable file, or no usable header row.
    """
    suffix = filename.lower().rsplit(".", 1)[-1]
    if suffix == "csv":
        return parse_rows(read_csv(data))
    if suffix in ("xlsx", "xlsm"):
        return parse_rows(read_xlsx(data))
    raise SheetFormatError(f"{filename}: expected a .csv or .xlsx file")
