"""Decoding bytes: encodings, HTML, .docx and bad input."""

from __future__ import annotations

import io
import zipfile

import docx
import pytest

from extract import ExtractError, extract_bytes
from extract.decode import decode_document

SAMPLE = "温州市人民政府关于\n打造山海协作工程升级版的实施意见\n一、指导思想\n（责任单位：市招商局〈经合办〉）\n"


def test_utf8_with_and_without_bom_and_crlf() -> None:
    assert decode_document(SAMPLE.encode("utf-8"), "a.txt") == SAMPLE
    assert decode_document(b"\xef\xbb\xbf" + SAMPLE.encode("utf-8"), "a.txt") == SAMPLE
    assert decode_document(SAMPLE.replace("\n", "\r\n").encode("utf-8"), "a.txt") == SAMPLE


@pytest.mark.parametrize("encoding", ["gbk", "gb18030", "gb2312"])
def test_gbk_family_bytes_are_detected(encoding: str) -> None:
    assert decode_document(SAMPLE.encode(encoding), "a.txt") == SAMPLE


def test_gbk_document_extracts_like_utf8() -> None:
    result = extract_bytes(SAMPLE.encode("gbk"), "doc.txt")
    assert result.document_key == "doc"
    assert [u.name for t in result.tasks for u in t.units] == ["市招商局"]


def test_html_strips_tags_scripts_and_keeps_blocks() -> None:
    page = (
        "<html><head><title>站点</title><style>p{color:red}</style></head><body>"
        "<script>var x = '一、假标题';</script>"
        "<div class='t'>温州市人民政府关于<br>打造山海协作工程升级版的实施意见</div>"
        "<p>一、指导思想</p><p>全市&nbsp;每年实现到位资金不少于40亿元。</p></body></html>"
    )
    text = decode_document(page.encode("utf-8"), "page.html")
    assert text == ("温州市人民政府关于\n打造山海协作工程升级版的实施意见\n\n一、指导思想\n\n"
                    "全市 每年实现到位资金不少于40亿元。\n")
    result = extract_bytes(page.encode("gbk"), "page.htm")
    assert result.document.title == "温州市人民政府关于打造山海协作工程升级版的实施意见"
    assert [t.value for t in result.targets] == [40]


def _docx_bytes(paragraphs: list[str]) -> bytes:
    document = docx.Document()
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_docx_paragraphs_become_lines() -> None:
    data = _docx_bytes(["一、主要任务", "（一）推进合作。到2020年建成平台30个以上。（责任单位：市商务局）"])
    result = extract_bytes(data, "plan.docx")
    assert result.text == "一、主要任务\n（一）推进合作。到2020年建成平台30个以上。（责任单位：市商务局）"
    assert [s.path for s in result.sections] == ["一", "一(一)"]
    assert [(t.value, t.comparator) for t in result.targets] == [(30, ">=")]


def test_docx_zip_bomb_is_refused_before_inflating() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b"\x00" * (30 * 2**20))
    with pytest.raises(ExtractError, match="over the limit"):
        decode_document(buffer.getvalue(), "bomb.docx")
    with pytest.raises(ExtractError, match="compression ratio"):
        decode_document(buffer.getvalue(), "bomb.docx", max_bytes=100 * 2**20)


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"", "empty.txt", "empty"),
        (b"  \n\t ", "blank.txt", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "image.txt", "binary"),
        ("café olé".encode("latin-1"), "latin.txt", "neither UTF-8 nor GB18030"),
        ("日本語のテキストです".encode("shift_jis"), "sjis.txt", "neither UTF-8 nor GB18030"),
        (b"PK\x03\x04 not really a zip", "broken.docx", "not a valid .docx"),
        (b"\xd0\xcf\x11\xe0", "old.doc", "not supported"),
    ],
)
def test_bad_input_gets_one_line_message(data: bytes, name: str, message: str) -> None:
    with pytest.raises(ExtractError, match=message) as raised:
        decode_document(data, name)
    assert "\n" not in str(raised.value)
    assert name in str(raised.value)


def test_oversized_file_is_refused() -> None:
    with pytest.raises(ExtractError, match="over the limit of 1 MB"):
        decode_document(("山海协作。" * 100_000).encode("utf-8"), "big.txt", max_bytes=2**20)
