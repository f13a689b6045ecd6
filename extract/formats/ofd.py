"""OFD (GB/T 33190, the fixed-layout format of Chinese electronic 公文) to text lines.

An OFD file is a zip: ``OFD.xml`` names each document's ``Document.xml``, which lists its
pages' ``Content.xml``; a page's text sits in ``TextObject`` elements (a ``Boundary`` box in
millimetres, top-left origin) holding ``TextCode`` runs with their own offsets.  Runs on
one baseline are one visual line (producers often write one character per object); the
lines then go through the PDF reader's paragraph rejoining (wrapped lines joined, indented
ones new paragraphs).  Elements are matched by local name: producers differ in prefixes.
"""

from __future__ import annotations

import io
import posixpath
import zipfile
from typing import Any

from extract.errors import ExtractError
from extract.formats.pdf import Line, join_wrapped, right_margin, unify_radicals

MAX_PAGES = 500


def _local(tag: Any) -> str:
    return str(tag).rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _children(element: Any, name: str) -> list[Any]:
    return [e for e in element.iter() if _local(e.tag) == name]


def _numbers(value: str | None) -> list[float]:
    try:
        return [float(v) for v in (value or "").split()]
    except ValueError:
        return []


def _parse(archive: zipfile.ZipFile, name: str) -> Any:
    from lxml import etree  # python-docx's parser, already installed

    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    return etree.fromstring(archive.read(name), parser)


def _resolve(base: str, location: str) -> str:
    location = location.strip().replace("\\", "/")
    if location.startswith("/"):
        return location.lstrip("/")
    return posixpath.normpath(posixpath.join(posixpath.dirname(base), location))


def page_files(archive: zipfile.ZipFile) -> list[str]:
    """The ``Content.xml`` of every page of every document, in order."""
    root = _parse(archive, "OFD.xml")
    pages: list[str] = []
    for doc_root in _children(root, "DocRoot"):
        document_name = _resolve("OFD.xml", doc_root.text or "")
        document = _parse(archive, document_name)
        for page in _children(document, "Page"):
            location = page.get("BaseLoc")
            if location:
                pages.append(_resolve(document_name, location))
    return pages[:MAX_PAGES]


def page_lines(content: Any) -> list[Line]:
    """Visual lines of one page: text runs grouped by baseline, left to right."""
    runs: list[tuple[float, float, float, float, str]] = []  # baseline, x0, x1, size, text
    for text_object in _children(content, "TextObject"):
        box = _numbers(text_object.get("Boundary"))
        if len(box) != 4:
            continue
        size = (_numbers(text_object.get("Size")) or [box[3]])[0]
        for code in _children(text_object, "TextCode"):
            text = code.text or ""
            if not text.strip():
                continue
            x = box[0] + (_numbers(code.get("X")) or [0.0])[0]
            y = box[1] + (_numbers(code.get("Y")) or [size])[0]
            width = min(box[2], max(size * len(text), size))
            runs.append((y, x, x + width, size, unify_radicals(text)))
    runs.sort(key=lambda r: (round(r[0] / 1.5), r[1]))
    lines: list[Line] = []
    baseline: float | None = None
    for y, x0, x1, size, text in runs:
        if lines and baseline is not None and abs(y - baseline) <= 0.4 * size:
            last = lines[-1]
            gap = " " if x0 - last.x1 > size * 1.5 else ""
            lines[-1] = Line(last.text + gap + text, last.x0, max(last.x1, x1),
                             max(last.height, size))
        else:
            lines.append(Line(text, x0, x1, size))
            baseline = y
    return lines


def ofd_to_text(data: bytes, filename: str) -> str:
    """The text of an OFD file, one paragraph per line.

    Raises
    ------
    ExtractError
        Not an OFD package, or no text in it (a scan).
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            lines = [page_lines(_parse(archive, name)) for name in page_files(archive)]
    except (zipfile.BadZipFile, KeyError) as exc:
        raise ExtractError(f"{filename}: not a readable OFD file ({type(exc).__name__})") from exc
    except Exception as exc:  # lxml raises its own syntax errors for broken XML
        raise ExtractError(f"{filename}: not a readable OFD file ({type(exc).__name__})") from exc
    flat = [line for page in lines for line in page]
    if not any(line.text.strip() for line in flat):
        raise ExtractError(f"{filename}: OFD without text (a scan?); "
                           "OCR it or supply the .docx/.txt")
    # OFD measures in millimetres: the margin window is a few characters wide.
    right = right_margin([line.x1 for line in flat], window=8.5)
    return "\n".join(join_wrapped(flat, right)) + "\n"
