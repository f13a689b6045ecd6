"""Document anatomy: the notice, the plan(s) it issues, attachments, tables, closing lines.

The commonest form of the genre is a 印发/转发 notice (title, addressees, "现将《…》印发给
你们", the issuing office and the date as a signature) followed by the plan itself, or by
"附件：…" and then the plan.  A document may also be a plan alone, or an 实施意见 with its
own addressees and signature.  This module only finds spans; every part keeps offsets
into the original text, so facts read inside a part index the original text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from extract.header import DATE_LINE, closing_block
from extract.tables import find_tables

PartKind = Literal["notice", "plan", "table"]

# "现将《…》印发给你们", "…已经同意,现印发给你们", "现转发给你们", "现予印发".
_ISSUE = re.compile(r"(?:印发|转发|下发|发)(?:给)?你们|现予(?:印发|转发|公布)|现印发如下")
_HEADING_LINE = re.compile(r"^\s*(?:[一二三四五六七八九十]{1,3}、|\([一二三四五六七八九十]{1,3}\)|第[一二三四五六七八九十百]{1,4}[章条])")
# A lone attachment marker line: "附件", "附件2", "附件二：" (a new part starts below it).
_ATTACHMENT_MARK = re.compile(r"^\s*附\s*件\s*([0-9一二三四五六七八九十]{0,3})\s*:?\s*$")
# An attachment list inside a text: "附件：1.…" (the text it closes ends there).
_ATTACHMENT_LIST = re.compile(r"^\s*附\s*件\s*[0-9一二三四五六七八九十]{0,3}\s*:\s*\S")
# Lines after a notice's signature that belong to no part.
_NOTICE_TAIL = re.compile(r"^\s*\((?:此件|本件)[^)]{0,20}\)\s*$")
# 抄送 / "…办公室 2016年3月30日印发" lines close a document.
_CLOSING_LINE = re.compile(r"^\s*(?:抄\s*送\s*:|.{0,40}\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*印\s*发\s*$)")
_NOTICE_WINDOW = 4000  # the issuing sentence sits near the top


@dataclass(frozen=True)
class Part:
    """A span of the document and what it is.

    ``prefix`` is the path prefix of a plan's sections: "" for the first (or only) plan,
    ``附件2/`` for a second separate plan.
    """

    kind: PartKind
    start: int
    end: int
    prefix: str = ""
    attachment: str | None = None  # the printed attachment number, if the part is one


@dataclass(frozen=True)
class Anatomy:
    """The parts of a document, in order, and the notice (if any) that issues them."""

    parts: tuple[Part, ...]
    notice: Part | None

    def plans(self) -> tuple[Part, ...]:
        """The plan parts (where headings, items and facts are read)."""
        return tuple(p for p in self.parts if p.kind == "plan")

    def tables(self) -> tuple[Part, ...]:
        """The table parts (rows written one per line)."""
        return tuple(p for p in self.parts if p.kind == "table")


def read_anatomy(folded: str) -> Anatomy:
    """Find the notice, plans and tables of a document.

    Parameters
    ----------
    folded
        The document with furniture masked, folded to half-width (offsets equal the
        original text's).

    Returns
    -------
    Anatomy

    Examples
    --------
    >>> doc = ("关于印发某方案的通知\\n各单位:\\n现将《某规划》印发给你们,望抓好落实。\\n"
    ...        "某某局\\n2023年1月5日\\n某方案\\n一、任务\\n(一)建设。\\n")
    >>> a = read_anatomy(doc)
    >>> [(p.kind, doc[p.start:p.end].split("\\n")[0]) for p in a.parts]
    [('notice', '关于印发某方案的通知'), ('plan', '某方案')]
    """
    lines = _lines(folded)
    parts: list[Part] = []
    notice = None
    notice_end = _notice_end(folded, lines)
    if notice_end is not None:
        # The header is the first notice's (the one the reader holds).
        notice = Part("notice", _first_content(folded, 0), notice_end)
        parts.append(notice)
    # A 转发 notice may forward an 印发 notice: both are notices, the plan follows them.
    while notice_end is not None and (inner := _notice_end(folded, lines, notice_end)) is not None:
        parts.append(Part("notice", _first_content(folded, notice_end), inner))
        notice_end = inner
    body_start = 0 if notice_end is None else notice_end
    body_end, signature = _body_end(folded, lines, body_start)
    tables = [t for t in find_tables(folded) if body_start <= t[0] < body_end]
    segments = _attachment_segments(folded, lines, body_start, body_end)
    plan_count = 0
    for start, end, number in segments:
        if signature is not None and start <= signature < end:
            end = signature  # the closing signature ends the text it signs
        cursor = start
        for t_start, t_end in tables:
            if t_end <= start or t_start >= end:
                continue
            plan_count = _add_plan(parts, folded, lines, cursor, t_start, number, plan_count)
            parts.append(Part("table", t_start, min(t_end, end), attachment=number))
            cursor = min(t_end, end)
        plan_count = _add_plan(parts, folded, lines, cursor, end, number, plan_count)
    return Anatomy(tuple(parts), notice)


def _add_plan(parts: list[Part], folded: str, lines: list[tuple[int, int]], start: int, end: int,
              number: str | None, count: int) -> int:
    """Append a plan part for ``[start, end)`` when it holds any content; return the count."""
    first = _first_content(folded, start)
    if first >= end:
        return count
    stop = _list_cut(folded, lines, first, end)
    if count and not _has_headings(folded, lines, first, stop):
        return count  # a later attachment without numbered items is no plan
    prefix = "" if count == 0 else f"附件{number or count + 1}/"
    parts.append(Part("plan", first, stop, prefix=prefix, attachment=number))
    return count + 1


def _lines(folded: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    offset = 0
    for line in folded.split("\n"):
        spans.append((offset, offset + len(line)))
        offset += len(line) + 1
    return spans


def _first_content(folded: str, start: int) -> int:
    """Offset of the first non-blank character at or after ``start``."""
    found = re.compile(r"\S").search(folded, start)
    return found.start() if found else len(folded)


def _notice_end(folded: str, lines: list[tuple[int, int]], start: int = 0) -> int | None:
    """Where an issuing notice starting at ``start`` ends (after its signature and any 附件
    lines), or None when there is none."""
    first_heading = next((s for s, e in lines if s >= start and _HEADING_LINE.match(folded[s:e])),
                         len(folded))
    issue = _ISSUE.search(folded, start, min(first_heading, start + _NOTICE_WINDOW))
    if issue is None:
        return None
    last = next(i for i, (s, e) in enumerate(lines) if e >= issue.start())
    # The notice may run on for a few paragraphs; its signature's date ends it.
    for i in range(last + 1, min(len(lines), last + 30)):
        line = folded[lines[i][0] : lines[i][1]]
        if _HEADING_LINE.match(line):
            break
        if DATE_LINE.match(line):
            last = i
            break
    # "(此件公开发布)", the 附件 list and the attachment marker belong to no part.
    in_list = False
    for s, e in lines[last + 1 :]:
        line = folded[s:e]
        in_list = in_list or bool(_ATTACHMENT_LIST.match(line))
        if (not line.strip() or _NOTICE_TAIL.match(line) or _ATTACHMENT_MARK.match(line)
                or _ATTACHMENT_LIST.match(line) or (in_list and _LIST_ITEM.match(line))):
            last += 1
            continue
        break
    return min(lines[last][1] + 1, len(folded))


# A continuation line of an attachment list: "2.某某分工表".
_LIST_ITEM = re.compile(r"^\s*\d{1,2}\s*[.、]\s*\S{2,60}$")


def _body_end(folded: str, lines: list[tuple[int, int]], start: int) -> tuple[int, int | None]:
    """Where the issued text ends (抄送/印发 lines), and where its closing signature starts.

    A signature closes the text only at its tail: attachments may follow it, a plan may
    not (one above the plan is a forwarded notice's own signature).
    """
    end = len(folded)
    for s, e in lines:
        if s >= start and _CLOSING_LINE.match(folded[s:e]):
            end = s
            break
    tail = next((s for s, e in lines if start <= s < end and _ATTACHMENT_MARK.match(folded[s:e])),
                end)
    tables = [t for t, _ in find_tables(folded) if start <= t < end]
    closing = closing_block(folded[: min([tail, *tables])])
    if closing is not None and closing[0] >= start:
        rest = folded[closing[0] : min([tail, *tables])]
        if len(re.sub(r"\s", "", rest)) <= 200 and not any(
                _HEADING_LINE.match(line) for line in rest.split("\n")):
            return end, closing[0]
    return end, None


def _attachment_segments(folded: str, lines: list[tuple[int, int]], start: int,
                         end: int) -> list[tuple[int, int, str | None]]:
    """Split ``[start, end)`` at lone 附件 marker lines: (start, end, printed number)."""
    segments: list[tuple[int, int, str | None]] = []
    begin: int = start
    number: str | None = None
    for s, e in lines:
        if not start <= s < end:
            continue
        found = _ATTACHMENT_MARK.match(folded[s:e])
        if found:
            segments.append((begin, s, number))
            begin, number = min(e + 1, end), found.group(1) or None
    segments.append((begin, end, number))
    return [seg for seg in segments if seg[1] > seg[0]]


def _list_cut(folded: str, lines: list[tuple[int, int]], start: int, end: int) -> int:
    """A plan's text ends at its attachment list ("附件:1.…"), if it has one."""
    for s, e in lines:
        if start <= s < end and _ATTACHMENT_LIST.match(folded[s:e]):
            return s
    return end


def _has_headings(folded: str, lines: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(_HEADING_LINE.match(folded[s:e]) or re.match(r"^\s*\d{1,2}[.、]", folded[s:e])
               for s, e in lines if start <= s < end)
