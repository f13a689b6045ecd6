"""Hostile input files, written by the tests into a temporary directory."""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from pathlib import Path

from tests.conftest import CORPUS_DIR

SAMPLE = (CORPUS_DIR / "003_e159d8715f3bd95b.txt").read_text(encoding="utf-8")


def truncated_utf8(directory: Path) -> Path:
    """The document's UTF-8 cut in the middle of a three-byte character."""
    data = SAMPLE.encode("utf-8")
    cut = next(i for i in range(2000, len(data)) if data[i] & 0xC0 == 0x80)  # a continuation byte
    path = directory / "truncated.txt"
    path.write_bytes(data[:cut])
    return path


def gbk_labelled_utf8(directory: Path) -> Path:
    """GBK bytes in an HTML page whose meta says UTF-8."""
    html = ('<html><head><meta charset="utf-8"><title>通知</title></head><body><p>'
            + SAMPLE[:3000].replace("\n", "</p><p>") + "</p></body></html>")
    path = directory / "mislabelled.html"
    path.write_bytes(html.encode("gbk", errors="replace"))
    return path


def zip_bomb_docx(directory: Path) -> Path:
    """A .docx whose document part inflates from about 100 KB to 100 MB."""
    path = directory / "bomb.docx"
    zeros = b"\0" * 2**20
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w", force_zip64=True) as part:
            for _ in range(100):
                part.write(zeros)
    return path


def hundred_megabytes(directory: Path) -> Path:
    """A 100 MB text file, sparse: a real heading, then holes (no time spent writing)."""
    path = directory / "huge.txt"
    with path.open("wb") as handle:
        handle.write(SAMPLE[:200].encode("utf-8"))
        handle.truncate(100 * 2**20)
    return path


def only_punctuation(directory: Path) -> Path:
    """Fifty thousand characters of Chinese and ASCII punctuation, nothing else."""
    path = directory / "punctuation.txt"
    path.write_text("。,、;:!?…—《》()【】“”‘’.,;:!?-()[]\n" * 1800, encoding="utf-8")
    return path


def nested_headings(directory: Path) -> Path:
    """Ten thousand headings, cycling through the four levels (一、 / (一) / 1. / (1))."""
    levels = ["{n}、总体要求", "(一)工作目标{n}", "{n}.推进项目", "({n})落实责任"]
    numerals = "一二三四五六七八九十"
    lines = [levels[i % 4].format(n=numerals[i % 10] if i % 4 < 2 else i % 97 + 1)
             for i in range(10_000)]
    path = directory / "nested.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def nul_bytes(directory: Path) -> Path:
    """The real document with NUL bytes scattered through it."""
    data = bytearray(SAMPLE.encode("utf-8"))
    for at in range(500, len(data), 997):
        data[at:at] = b"\0"
    path = directory / "nul.txt"
    path.write_bytes(bytes(data))
    return path


def empty(directory: Path) -> Path:
    """Zero bytes."""
    path = directory / "empty.txt"
    path.write_bytes(b"")
    return path


HOSTILE: dict[str, Callable[[Path], Path]] = {
    "truncated_utf8": truncated_utf8,
    "gbk_labelled_utf8": gbk_labelled_utf8,
    "zip_bomb_docx": zip_bomb_docx,
    "hundred_megabytes": hundred_megabytes,
    "only_punctuation": only_punctuation,
    "nested_headings": nested_headings,
    "nul_bytes": nul_bytes,
    "empty": empty,
}
