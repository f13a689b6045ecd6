"""The document header: title, issuer, number and issue date, and the documents it cites
(:mod:`extract.citations`).

Documents saved without their header (body text only) give None fields, not errors.
"""

from __future__ import annotations

import datetime as dt
import re

from extract.citations import NUMBER, read_citations
from extract.fold import fold
from extract.furniture import corpus_metadata, meta_field
from extract.model import DocumentHeader
from extract.numerals import to_int

_CN_DIGIT = "〇零一二三四五六七八九十"
DATE_LINE = re.compile(
    rf"^\s*(\d{{4}}|[{_CN_DIGIT}]{{4}})\s*年\s*(\d{{1,2}}|[{_CN_DIGIT}]{{1,3}})\s*月"
    rf"\s*(\d{{1,2}}|[{_CN_DIGIT}]{{1,3}})\s*日\s*$"
)
_ISO_DATE = re.compile(r"(\d{4})\s*[-./年]\s*(\d{1,2})\s*[-./月]\s*(\d{1,2})")
_ORG_END = re.compile(r"(政府|党委|委员会|办公室|办公厅|厅|局|委|办|院|部|会|中心|小组|公司)$")
_SENTENCE_PUNCT = re.compile(r"[,;:。!?、()]")
_HEADING = re.compile(r"^(?:[一二三四五六七八九十]{1,3}、|\(?[一二三四五六七八九十\d]{1,3}[).、]|第[一二三四五六七八九十百]{1,4}[章条节])")
_RED_HEAD = re.compile(r"^[\u4e00-\u9fff]{2,30}文件$")
_TITLE_END = re.compile(r"(意见|通知|办法|方案|决定|规定|计划|报告|批复|函|通报|纲要|细则|规划|条例|公告|指引|措施|要点)$")


def closing_block(text: str) -> tuple[int, str | None, dt.date | None] | None:
    """Find the closing signature and date ("温州市人民政府\\n\\n2018年12月7日").

    Parameters
    ----------
    text
        The document with furniture masked.

    Returns
    -------
    (start, issuer, date) or None
        ``start`` is where the block begins (the signature line, else the date line).
    """
    lines = fold(text).split("\n")
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line) + 1)
    for index in range(len(lines) - 1, -1, -1):
        found = DATE_LINE.match(lines[index])
        if not found:
            continue
        issued = _make_date(*(to_int(g) for g in found.groups()))
        for back in range(index - 1, max(index - 4, -1), -1):
            candidate = lines[back].strip()
            if not candidate:
                continue
            if is_signature_line(candidate):
                begin = starts[back] + len(lines[back]) - len(lines[back].lstrip())
                return begin, text[begin : begin + len(candidate)], issued
            break
        begin = starts[index] + len(lines[index]) - len(lines[index].lstrip())
        return begin, None, issued
    return None


def is_signature_line(line: str) -> bool:
    """Whether a line reads as an issuing organ's signature (short, no punctuation).

    >>> is_signature_line("温州市人民政府"), is_signature_line("各单位要认真落实。")
    (True, False)
    """
    candidate = fold(line).strip()
    return (len(candidate) <= 30 and bool(_ORG_END.search(candidate))
            and not _SENTENCE_PUNCT.search(candidate))


def read_header(raw: str, masked: str, key: str, *, body_end: int | None = None,
                notice: tuple[int, int] | None = None, plan_start: int | None = None,
                ) -> DocumentHeader:
    """Read the header facts of a document.

    Parameters
    ----------
    raw
        The decoded text, furniture included (the metadata block lives there).
    masked
        The same text with furniture blanked; titles and citations are read here.
    key
        The document key, for provenance.
    body_end
        End of the body; citations are read before it.
    notice
        Span of the issuing notice, if the document has one: its signature, date and
        number are the document's.
    plan_start
        Where the (first) plan starts; its title is the title when nothing above it is.

    Returns
    -------
    DocumentHeader
    """
    closing = closing_block(masked[: notice[1]] if notice else masked)
    if closing is None and notice is not None:
        closing = closing_block(masked)
    issuer = closing[1] if closing else None
    if issuer is None:
        issuer = meta_field(raw, "发文机关") or meta_field(raw, "发布机构")
    issued_on = closing[2] if closing else None
    if issued_on is None:
        issued_on = _parse_date(meta_field(raw, "成文日期"))
    number = meta_field(raw, "文号")
    if number is not None:
        found = NUMBER.search(number)
        number = found.group(0) if found else None
    title, title_end = _title(masked)
    if title is None and plan_start is not None:
        title, title_end = _title(masked, plan_start)
    if number is None:
        number = _number_line(masked, title_end)
    metadata_title = corpus_metadata(raw).get("title")
    if metadata_title:
        title = metadata_title
    if issuer is None and title:
        issuer = _issuer_in_title(title)
    cites = read_citations(raw, key, end=body_end, own_number=number, masked=masked)
    return DocumentHeader(title, number, issuer, issued_on, cites)


def _title(masked: str, start: int = 0) -> tuple[str | None, int]:
    """The title: up to three short unpunctuated lines at the top, joined.

    A 红头 ("…文件") and a 文号 line above the title are skipped; blank lines inside a
    title broken over several lines are allowed.
    """
    lines = fold(masked[start:]).split("\n")
    offset = start
    parts: list[str] = []
    end = 0
    for line in lines:
        stripped = line.strip()
        if not stripped or (not parts and (_RED_HEAD.match(stripped) or NUMBER.fullmatch(stripped))):
            offset += len(line) + 1
            continue
        if parts and (_HEADING.match(stripped) or NUMBER.fullmatch(stripped)):
            break
        if len(stripped) > 40 or _SENTENCE_PUNCT.search(stripped.replace("(", "").replace(")", "")) or len(parts) == 3:
            break
        start = offset + len(line) - len(line.lstrip())
        parts.append(masked[start : start + len(stripped)])
        end = start + len(stripped)
        offset += len(line) + 1
    title = "".join(parts)
    if title and (_TITLE_END.search(title) or "关于" in title):
        return title, end
    return None, 0


def _issuer_in_title(title: str) -> str | None:
    """The issuing organ that opens a title ("某市人民政府关于印发…的通知"), if it is one.

    >>> _issuer_in_title("某某新区管理委员会关于发布某方案的通知")
    '某某新区管理委员会'
    >>> _issuer_in_title("福田区关于恢复消费的若干措施") is None
    True
    """
    found = re.match(r"^(.{2,30}?)(?:关于|印发|转发)", fold(title))
    if found and _ORG_END.search(found.group(1)) and not _SENTENCE_PUNCT.search(found.group(1)):
        return title[: found.end(1)]
    return None


def _number_line(masked: str, after: int) -> str | None:
    """A document number standing alone on a line above or near the title."""
    for line in fold(masked[: after + 400]).split("\n"):
        found = NUMBER.fullmatch(line.strip())
        if found:
            return line.strip()
    return None


def _parse_date(value: str | None) -> dt.date | None:
    if not value:
        return None
    found = _ISO_DATE.search(value)
    if not found:
        return None
    return _make_date(*(int(g) for g in found.groups()))


def _make_date(year: int | None, month: int | None, day: int | None) -> dt.date | None:
    if year is None or month is None or day is None:
        return None
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None
