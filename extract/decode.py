"""Bytes in, text out: .txt (UTF-8 or GB18030/GBK), .html, .docx, and .pdf or .ofd with a
text layer.

The text returned here is the one every span of the extraction indexes into, so
newlines are normalised once, here, and never again.
"""

from __future__ import annotations

import io
import re
import zipfile

from extract.errors import ExtractError
from extract.formats.htmlpage import html_to_text
from extract.formats.numbering import read_numbering
from extract.formats.ofd import ofd_to_text
from extract.formats.pdf import pdf_to_text
from extract.formats.wordml import body_lines

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
# A docx part that inflates more than this many times is treated as a zip bomb.
_MAX_RATIO = 200
SUPPORTED = ".txt, .html, .docx, .pdf and .ofd (with a text layer)"
# The suffixes a folder's files are taken by when a whole folder is ingested.
DOCUMENT_SUFFIXES = (".txt", ".html", ".htm", ".shtml", ".xhtml", ".docx", ".pdf", ".ofd")
# Formats people hold policy documents in that this reader does not read: refused by name
# before any byte is taken for text.
_UNSUPPORTED = (".doc", ".wps", ".xls", ".xlsx", ".et", ".ppt", ".pptx", ".odt", ".rtf",
                ".png", ".jpg", ".jpeg", ".gif", ".tif", ".tiff", ".bmp", ".zip",
                ".rar", ".7z")
_OLE2 = b"\xd0\xcf\x11\xe0"
# A saved web page keeps its markup whatever it is named (页面另存为 …txt, or no suffix).
_HTML_START = re.compile(r"\ufeff?\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html)\b",
                         re.IGNORECASE | re.DOTALL)
_ZIP = b"PK\x03\x04"


def decode_document(data: bytes, filename: str, *, max_bytes: int = DEFAULT_MAX_BYTES) -> str:
    """Decode a document file's bytes into newline-normalised text.

    Parameters
    ----------
    data
        The file's bytes.
    filename
        Its name; the suffix chooses the reader (``.docx``, ``.html``/``.htm``, ``.pdf``,
        else text), except that a PDF, a zip or a legacy Office file is known by its
        first bytes, and a saved web page by its opening tag, whatever its name: a PDF is
        never read as text.
    max_bytes
        Largest text accepted (for .docx: the uncompressed size of its parts).

    Returns
    -------
    str
        The text, with ``\\r\\n`` and ``\\r`` turned into ``\\n`` and no BOM.

    Raises
    ------
    ExtractError
        Empty, binary, undecodable, oversized or malformed input.
    """
    name = filename.lower()
    if not data.strip():
        raise ExtractError(f"{filename}: the file is empty")
    if name.endswith((".docx", ".ofd")) or (data.startswith(_ZIP)
                                            and not name.endswith(_UNSUPPORTED)):
        text = _read_package(data, filename, max_bytes)
    else:
        if len(data) > max_bytes:
            raise ExtractError(
                f"{filename}: {len(data) / 2**20:.1f} MB is over the limit of {max_bytes / 2**20:.0f} MB"
            )
        if name.endswith(".doc") or data.startswith(_OLE2):
            raise ExtractError(f"{filename}: legacy .doc/.xls files are not supported; "
                               "save as .docx")
        if b"%PDF-" in data[:1024]:
            text = pdf_to_text(data, filename)
        elif name.endswith(".pdf"):
            raise ExtractError(f"{filename}: not a PDF file (no %PDF header)")
        elif name.endswith(_UNSUPPORTED):
            suffix = name[name.rfind("."):]
            raise ExtractError(f"{filename}: unsupported file type {suffix}; "
                               f"supported: {SUPPORTED}")
        else:
            text = _decode_text(data, filename)
            if name.endswith((".html", ".htm", ".shtml", ".xhtml")) or _HTML_START.match(text):
                text = html_to_text(text)
    text = _normalise_newlines(text)
    if not text.strip():
        raise ExtractError(f"{filename}: the document contains no text")
    return text


def _normalise_newlines(text: str) -> str:
    return text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def _decode_text(data: bytes, filename: str) -> str:
    if b"\x00" in data:
        raise ExtractError(f"{filename}: binary file (contains NUL bytes), not a text document")
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return data[3:].decode("utf-8")
        except UnicodeDecodeError as exc:
            raise ExtractError(f"{filename}: marked UTF-8 but not valid UTF-8") from exc
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = _decode_gb18030(data, filename)
    if _control_share(text) > 0.01:
        raise ExtractError(f"{filename}: binary file (control characters), not a text document")
    return text


def _decode_gb18030(data: bytes, filename: str) -> str:
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError as exc:
        raise ExtractError(f"{filename}: neither UTF-8 nor GB18030/GBK text") from exc
    # GB18030 maps almost any byte pair somewhere; accept it only if it reads as Chinese.
    if not _plausibly_chinese(text):
        raise ExtractError(f"{filename}: neither UTF-8 nor GB18030/GBK text")
    return text


def _plausibly_chinese(text: str) -> bool:
    wide = [c for c in text if ord(c) > 0x7F and not c.isspace()]
    if not wide:
        return True
    cjk = sum(
        1 for c in wide
        if "\u4e00" <= c <= "\u9fff" or "\u3000" <= c <= "\u303f" or "\uff00" <= c <= "\uffef"
        or c in "“”‘’—…·"
    )
    if cjk / len(wide) < 0.9:
        return False
    # Other double-byte encodings (Shift-JIS, Big5) also decode as GB18030 ideographs, but
    # rare ones: real Chinese is mostly the 3755 common characters of GB2312 level 1.
    hanzi = [c for c in wide if "\u4e00" <= c <= "\u9fff"]
    return len(hanzi) < 4 or sum(map(_is_common_hanzi, hanzi)) / len(hanzi) >= 0.6


def _is_common_hanzi(char: str) -> bool:
    try:
        encoded = char.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return 0xB0 <= encoded[0] <= 0xD7


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")  # not \t \n \f \r


def _control_share(text: str) -> float:
    """The share of control characters (not tabs, line and page breaks).

    >>> _control_share("ab" + chr(9) + "c" + chr(10)), _control_share("a" + chr(0) + chr(0x85) + "b")
    (0.0, 0.5)
    """
    return len(_CONTROL.findall(text)) / max(len(text), 1)


def _zip_names(data: bytes, filename: str, max_bytes: int, kind: str) -> set[str]:
    """The member names of a zip package, after checking it is no zip bomb."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise ExtractError(f"{filename}: not a valid {kind} file (not a zip archive)") from exc
    with archive:
        infos = archive.infolist()
        # Check the declared sizes before inflating anything: a zip bomb is caught here.
        total = sum(i.file_size for i in infos)
        if total > max_bytes:
            raise ExtractError(
                f"{filename}: {total / 2**20:.1f} MB uncompressed is over the limit of {max_bytes / 2**20:.0f} MB"
            )
        for info in infos:
            if info.file_size > 1_000_000 and info.file_size > _MAX_RATIO * max(info.compress_size, 1):
                raise ExtractError(f"{filename}: suspicious compression ratio in {info.filename}")
        return {info.filename for info in infos}


def _read_package(data: bytes, filename: str, max_bytes: int) -> str:
    """A zip package: OFD when it has an ``OFD.xml`` (or the name says .ofd), else .docx."""
    names = _zip_names(data, filename, max_bytes, ".ofd" if filename.lower().endswith(".ofd")
                       else ".docx")
    if "OFD.xml" in names or filename.lower().endswith(".ofd"):
        return ofd_to_text(data, filename)
    return _read_docx(data, filename)


def _read_docx(data: bytes, filename: str) -> str:
    import docx  # python-docx; imported here because only .docx input needs it

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises several unrelated types for bad packages
        raise ExtractError(f"{filename}: not a valid .docx file ({type(exc).__name__})") from exc
    try:
        numbering = read_numbering(document.part.numbering_part.element, document.styles.element)
    except (KeyError, ValueError, NotImplementedError):  # a package without list definitions
        numbering = None
    return "\n".join(body_lines(document.element.body, numbering))
