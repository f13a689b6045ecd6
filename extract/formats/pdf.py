"""PDF with a text layer to text lines (pdfminer.six); ruled tables as rows of cells.

A PDF lays text out in visual lines; a paragraph of the genre wraps at the right margin
and a new paragraph opens indented (GB/T 9704: two characters).  A line that reaches the
right margin is joined to the next unless the next is indented, so a sentence (and the
responsibility clause at its end) is one line again, as in the other formats.  Page
numbers standing alone (``— 3 —``, ``-3-``) are dropped.  A PDF without a text layer (a
scan) or whose fonts carry no Unicode map is refused: OCR is not this project's job.
"""

from __future__ import annotations

import io
import logging
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from extract.errors import ExtractError
from extract.formats.pdf_tables import Table, find_tables, segments, table_lines

MAX_PAGES = 500
# Fewer visible characters than this per page on average: a scan, not a text PDF.
_MIN_CHARS_PER_PAGE = 10
_PAGE_NUMBER = re.compile(r"^[\s—–\-－一·]*\d{1,4}[\s—–\-－一·]*$")
_UNMAPPED = re.compile(r"\(cid:\d+\)")
_RADICALS = Path(__file__).with_name("radicals.txt")
# Marks, inside this module only, the open side of a table row a page break cut: the half
# open at the bottom of one page and the half open at the top of the next are one row.
_OPEN = "\x00"


@cache
def _radical_table() -> dict[int, str]:
    """Radical code points (Kangxi by NFKC, the supplement from data) to ideographs."""
    table = {cp: unicodedata.normalize("NFKC", chr(cp)) for cp in range(0x2F00, 0x2FD6)}
    for line in _RADICALS.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            radical, ideograph = line.split("\t")
            table[ord(radical)] = ideograph
    return table


def unify_radicals(text: str) -> str:
    """Read what a PDF's text layer gives for shared glyphs as the characters shown.

    Radicals become ideographs, and canonical singletons (U+2329 for 〈, compatibility
    ideographs) their usual code points (NFC); full-width forms are kept.

    >>> unify_radicals("⻘湖县⼈⺠政府⾸⻚开⼾")
    '青湖县人民政府首页开户'
    >>> unify_radicals("\u2329经合办\u232a") == "〈经合办〉"
    True
    """
    return unicodedata.normalize("NFC", text.translate(_radical_table()))


@dataclass(frozen=True)
class Line:
    """One visual line: its text and horizontal extent, in PDF points."""

    text: str
    x0: float
    x1: float
    height: float
    cells: int = 1  # more than one: a table row, its cells joined by tabs


def join_wrapped(lines: list[Line], right: float | None = None) -> list[str]:
    """Rejoin lines wrapped at the right margin; keep indented lines as new paragraphs.

    ``right`` is the text's right margin, taken over the whole document (a page of short
    lines has none of its own); by default the rightmost line end given.

    >>> join_wrapped([Line("　　（一）完善道路。2027年6月底前建成", 90, 500, 16),
    ...               Line("道路。（责任单位：县交通局）", 72, 300, 16),
    ...               Line("　　（二）培育产业。", 104, 250, 16)])
    ['　　（一）完善道路。2027年6月底前建成道路。（责任单位：县交通局）', '　　（二）培育产业。']
    >>> join_wrapped([Line("短行一。", 72, 250, 16), Line("短行二。", 72, 250, 16)], right=500)
    ['短行一。', '短行二。']
    """
    if not lines:
        return []
    left = min(line.x0 for line in lines)
    right = max(line.x1 for line in lines) if right is None else right
    out: list[str] = []
    previous: Line | None = None
    for line in lines:
        size = line.height or 10.0
        indented = line.x0 > left + size * 0.9
        if previous is not None and _wraps(previous, left, right) and not indented \
                and previous.cells == line.cells == 1 \
                and abs(line.height - previous.height) <= 0.2 * previous.height:
            out[-1] += line.text.strip()
        else:
            out.append(line.text.rstrip())
        previous = line
    return out


def table_rows(lines: list[tuple[float, Line]]) -> list[Line]:
    """Lines sharing a baseline (cells of a table row) become one line of tab-separated cells.

    >>> rows = table_rows([(700, Line("序号", 80, 110, 12)), (700.5, Line("牵头单位", 300, 350, 12)),
    ...                    (680, Line("1", 80, 90, 12)), (680, Line("县交通局", 300, 350, 12))])
    >>> [(r.text, r.cells) for r in rows]
    [('序号\\t牵头单位', 2), ('1\\t县交通局', 2)]
    """
    rows: list[Line] = []
    last_y: float | None = None
    for y, line in lines:
        if rows and last_y is not None and abs(y - last_y) <= 0.3 * (line.height or 10.0):
            row = rows[-1]
            rows[-1] = Line(f"{row.text}\t{line.text.strip()}", row.x0, line.x1,
                            max(row.height, line.height), row.cells + 1)
        else:
            rows.append(line)
            last_y = y
    return rows


def _place_chars(table: Table, line: Any) -> None:
    from pdfminer.layout import LTChar

    for char in line:
        if isinstance(char, LTChar):
            x, y = (char.x0 + char.x1) / 2, (char.y0 + char.y1) / 2
            table.chars.setdefault(table.cell_of(x, y), []).append(
                (char.x0, char.y0, char.x1, char.y1, unify_radicals(char.get_text())))


def _wraps(line: Line, left: float, right: float) -> bool:
    """A line that runs from the margin (or a paragraph indent) to the right margin.

    Unjustified text stops up to a few characters short (a number or an opening bracket is
    not split from what follows); a right-aligned signature or date also ends at the right
    margin, but starts far in.
    """
    size = line.height or 10.0
    return line.x1 >= right - size * 3 and line.x0 <= left + size * 2.5


def pdf_to_text(data: bytes, filename: str) -> str:
    """The text layer of a PDF, one paragraph per line.

    Raises
    ------
    ExtractError
        Encrypted, malformed, scanned (no text layer) or unreadable-font PDFs.
    """
    from pdfminer.high_level import extract_pages  # only PDF input needs pdfminer
    from pdfminer.layout import LAParams, LTTextContainer, LTTextLineHorizontal
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFSyntaxError

    pages: list[list[Line]] = []
    # pdfminer logs every font quirk at WARNING; the refusals below are what the user needs.
    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    try:
        for layout in extract_pages(io.BytesIO(data), maxpages=MAX_PAGES, laparams=LAParams()):
            found: list[tuple[float, float, Line]] = []
            tables = find_tables(segments(layout))
            for element in layout:
                if not isinstance(element, LTTextContainer):
                    continue
                for line in element:
                    if not isinstance(line, LTTextLineHorizontal) or not line.get_text().strip():
                        continue
                    middle = ((line.x0 + line.x1) / 2, (line.y0 + line.y1) / 2)
                    table = next((t for t in tables if t.contains(*middle)), None)
                    if table is not None:
                        _place_chars(table, line)
                        continue
                    text = unify_radicals(line.get_text().rstrip("\n"))
                    found.append((-line.y1, line.x0, Line(text, line.x0, line.x1, line.height)))
            for table in tables:
                for top, text, open_top, open_bottom in table_lines(table):
                    text = (_OPEN if open_top else "") + text + (_OPEN if open_bottom else "")
                    found.append((-top, table.xs[0], Line(text, table.xs[0], table.xs[-1], 10.0,
                                                          len(table.xs) - 1)))
            # Reading order: top to bottom (PDF y grows upwards), then left to right; cells
            # on one baseline are sorted left to right before they are joined into a row.
            found.sort(key=lambda f: (round(f[0] / 3), f[1]))
            pages.append(table_rows([(-y, line) for y, _, line in found]))
    except (PDFEncryptionError, PDFPasswordIncorrect) as exc:
        raise ExtractError(f"{filename}: encrypted PDF; save an unprotected copy") from exc
    except (PDFSyntaxError, ValueError, KeyError, TypeError, AssertionError) as exc:
        raise ExtractError(f"{filename}: not a readable PDF ({type(exc).__name__})") from exc
    visible = sum(len(re.sub(r"\s", "", line.text)) for page in pages for line in page)
    if visible < _MIN_CHARS_PER_PAGE * max(len(pages), 1):
        raise ExtractError(f"{filename}: PDF without a text layer (a scan?); "
                           "OCR it or supply the .docx/.txt")
    unmapped = sum(len(m.group(0)) for page in pages for line in page
                   for m in _UNMAPPED.finditer(line.text))
    if unmapped > visible * 0.2:
        raise ExtractError(f"{filename}: the PDF's fonts carry no Unicode map; "
                           "its text cannot be read")
    kept = [[line for line in page if not _PAGE_NUMBER.match(line.text)] for page in pages]
    right = right_margin([line.x1 for page in kept for line in page if line.cells == 1])
    # One run over every page: a paragraph the page break cut is joined like any wrap.
    lines = join_wrapped([line for page in kept for line in page], right)
    return "\n".join(join_pages([lines])) + "\n"


def right_margin(ends: list[float], window: float = 24.0) -> float:
    """Where the text's lines end: the right end of the densest ``window`` of line ends.

    Wrapped lines crowd at the margin (a ragged one spreads them over a character or
    two); a line overflowing it (a long number, a URL) or short last lines must not move it.

    >>> right_margin([510, 512, 505, 300, 250, 511, 509, 600])
    512
    """
    ordered = sorted(ends)
    best, right = 0, max(ordered, default=0.0)
    for i, start in enumerate(ordered):
        j = i
        while j + 1 < len(ordered) and ordered[j + 1] - start <= window:
            j += 1
        if j - i + 1 >= best:  # ties go right: the margin is the furthest crowd
            best, right = j - i + 1, ordered[j]
    return right


def join_pages(pages: list[list[str]]) -> list[str]:
    """The pages' lines in order, the two halves of a table row cut by a page break joined.

    >>> join_pages([["序号\\t任务", "1\\t修建环湖" + _OPEN],
    ...             [_OPEN + "\\t道路", "2\\t建桥"]])
    ['序号\\t任务', '1\\t修建环湖道路', '2\\t建桥']
    """
    lines: list[str] = []
    for page in pages:
        for text in page:
            if text.startswith(_OPEN) and lines and lines[-1].endswith(_OPEN) \
                    and lines[-1].count("\t") == text.count("\t"):
                upper, lower = lines[-1].strip(_OPEN), text.strip(_OPEN)
                lines[-1] = "\t".join(a + b for a, b in zip(upper.split("\t"), lower.split("\t"),
                                                             strict=True))
                lines[-1] += _OPEN if text.endswith(_OPEN) else ""
                continue
            lines.append(text)
    return [line.strip(_OPEN) for line in lines]
