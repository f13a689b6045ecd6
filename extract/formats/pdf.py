"""PDF with a text layer to text lines (pdfminer.six).

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

from extract.errors import ExtractError

MAX_PAGES = 500
# Fewer visible characters than this per page on average: a scan, not a text PDF.
_MIN_CHARS_PER_PAGE = 10
_PAGE_NUMBER = re.compile(r"^[\s—–\-－一·]*\d{1,4}[\s—–\-－一·]*$")
_UNMAPPED = re.compile(r"\(cid:\d+\)")
_RADICALS = Path(__file__).with_name("radicals.txt")


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
    """Read radicals a PDF's text layer gives for shared glyphs as the ideographs shown.

    >>> unify_radicals("⻘湖县⼈⺠政府⾸⻚")
    '青湖县人民政府首页'
    """
    return text.translate(_radical_table())


@dataclass(frozen=True)
class Line:
    """One visual line: its text and horizontal extent, in PDF points."""

    text: str
    x0: float
    x1: float
    height: float


def join_wrapped(lines: list[Line]) -> list[str]:
    """Rejoin lines wrapped at the right margin; keep indented lines as new paragraphs.

    >>> join_wrapped([Line("　　（一）完善道路。2027年6月底前建成", 90, 500, 16),
    ...               Line("道路。（责任单位：县交通局）", 72, 300, 16),
    ...               Line("　　（二）培育产业。", 104, 250, 16)])
    ['　　（一）完善道路。2027年6月底前建成道路。（责任单位：县交通局）', '　　（二）培育产业。']
    """
    if not lines:
        return []
    left = min(line.x0 for line in lines)
    right = max(line.x1 for line in lines)
    out: list[str] = []
    previous: Line | None = None
    for line in lines:
        size = line.height or 10.0
        indented = line.x0 > left + size * 0.9
        if previous is not None and _wraps(previous, left, right) and not indented \
                and abs(line.height - previous.height) <= 0.2 * previous.height:
            out[-1] += line.text.strip()
        else:
            out.append(line.text.rstrip())
        previous = line
    return out


def _wraps(line: Line, left: float, right: float) -> bool:
    """A line that runs from the margin (or a paragraph indent) to the right margin.

    A right-aligned signature or date also ends at the right margin, but starts far in.
    """
    size = line.height or 10.0
    return line.x1 >= right - size * 1.5 and line.x0 <= left + size * 2.5


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
            for element in layout:
                if not isinstance(element, LTTextContainer):
                    continue
                for line in element:
                    if isinstance(line, LTTextLineHorizontal):
                        text = unify_radicals(line.get_text().rstrip("\n"))
                        found.append((-round(line.y1), line.x0,
                                      Line(text, line.x0, line.x1, line.height)))
            # Reading order: top to bottom (PDF y grows upwards), then left to right.
            pages.append([line for _, _, line in sorted(found, key=lambda f: (f[0], f[1]))])
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
    lines: list[str] = []
    for page in pages:
        kept = [line for line in page if not _PAGE_NUMBER.match(line.text)]
        lines.extend(join_wrapped(kept))
    return "\n".join(lines) + "\n"
