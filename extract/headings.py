"""The GB/T 9704 heading hierarchy: 一、 / (一) / 1. / (1).

Headings are recognised only at the start of a line (after indentation), so list
numbers inside sentences never open a section.  A heading may carry body text on the
same line ("(一)健全工作机制。由…", "一、基本原则 突出重点…").
"""

from __future__ import annotations

import bisect
import dataclasses
import re
from collections.abc import Sequence

from extract.fold import fold
from extract.model import Section

_CN = "一二三四五六七八九十百零〇"
# Order matters: (1) must be tried before 1. and (一) before 一、.
_PATTERNS: tuple[tuple[int, re.Pattern[str]], ...] = (
    # 办法 / 规定: 第一章 > 第一节 > 第一条, above the 一、 hierarchy.
    (-2, re.compile(rf"(第[{_CN}\d]{{1,4}}章)")),
    (-1, re.compile(rf"(第[{_CN}\d]{{1,4}}节)")),
    (0, re.compile(rf"(第[{_CN}\d]{{1,4}}条)")),
    (2, re.compile(rf"\(([{_CN}]{{1,4}})\)")),
    (4, re.compile(r"\((\d{1,2})\)")),
    (1, re.compile(rf"([{_CN}]{{1,4}})、")),
    # 1. / 1、 / １．, but not 1.5亿元 or a date like 2018.
    # "23.2030年4月1日起…" is item 23 whose text opens with a year, "9.11月中旬前…" item 9
    # whose text opens with a month.
    (3, re.compile(r"(\d{1,3})(?:\.(?!\d)|\.(?=\d{4}\s*年|\d{1,2}\s*月)|、)")),
    (5, re.compile(r"(\d{1,2})\)")),
    (6, re.compile(r"([\u2460-\u2473])")),
)
_ARTICLE_BODY = re.compile(r"[\u4e00-\u9fff\u201c]")
_HEADING_END = re.compile(r"[。;!?]|\s{1,}")
_ATTACHMENT = re.compile(r"^\s*附\s*件\s*[:\d一二三四五六七八九十]", re.MULTILINE)


def attachment_start(folded: str) -> int | None:
    """Offset of the first line that lists attachments (附件:…), or None."""
    found = _ATTACHMENT.search(folded)
    return found.start() if found else None


def find_sections(
    text: str, *, end: int | None = None, start: int = 0, prefix: str = "", part: str = "",
) -> tuple[Section, ...]:
    """Find the heading hierarchy of ``text``.

    Parameters
    ----------
    text
        The document text with furniture masked (offsets equal to the original).
    end
        Where the body ends (attachments, signature); headings after it are ignored
        and no section extends past it.
    start
        Where the body starts (a notice above it has no headings).
    prefix
        Prepended to every path (``附件2/`` for a second plan).
    part
        Recorded on every section (which plan of the document it belongs to).

    Returns
    -------
    tuple of Section
        In document order; ``end`` of each section excludes trailing whitespace.
    """
    folded = fold(text)
    limit = len(text) if end is None else end
    found: list[tuple[int, int, str, str]] = []  # start, level, label, heading
    offset = start
    for line in folded[start:limit].split("\n"):
        stripped = line.lstrip()
        lead = offset + len(line) - len(stripped)
        matched = _match_heading(stripped)
        if matched is not None:
            level, label, (h_start, h_end) = matched
            found.append((lead, level, label, text[lead + h_start : lead + h_end]))
        offset += len(line) + 1
    sections: list[Section] = []
    stack: list[tuple[int, str]] = []  # (level, path) of the open ancestors
    seen: dict[str, int] = {}
    for index, (start, level, label, heading) in enumerate(found):
        while stack and stack[-1][0] >= level:
            stack.pop()
        # Numbering that restarts (a second 一、) must not give two sections one path:
        # later copies become 一~2, 一~3 …, and their children inherit the suffix.
        path = (stack[-1][1] if stack else prefix) + label
        seen[path] = seen.get(path, 0) + 1
        if seen[path] > 1:
            path = f"{path}~{seen[path]}"
        stack.append((level, path))
        stop = limit
        for later_start, later_level, _, _ in found[index + 1 :]:
            if later_level <= level:
                stop = later_start
                break
        stop = start + len(text[start:stop].rstrip())
        sections.append(Section(path, label, level, heading, start, stop, part))
    return tuple(sections)


def _match_heading(line: str) -> tuple[int, str, tuple[int, int]] | None:
    for level, pattern in _PATTERNS:
        found = pattern.match(line)
        if not found:
            continue
        rest = line[found.end() :]
        if not rest.strip() or rest[0] in ")]】":
            continue
        number = found.group(1)
        label = f"({number})" if level in (2, 4) else number
        if level <= 0 and rest[0] not in " \u3000\t" and not _ARTICLE_BODY.match(rest):
            continue  # "第一条生产线…" in running text is no article
        # The heading runs to the first full stop or space; body text may follow.
        h_start = found.end() + len(rest) - len(rest.lstrip())
        stop = _HEADING_END.search(line, h_start)
        h_end = stop.start() if stop else len(line.rstrip())
        return level, label, (h_start, h_end)
    return None


def trim_epilogue(text: str, sections: Sequence[Section]) -> list[Section]:
    r"""Cut the closing paragraphs of a plan off its last item.

    When the last item of a plan (a numbered item below 一、) ends its first paragraph
    with a responsibility clause, the paragraphs after it ("各单位要做好解读…",
    "本方案自发布之日起实施…") close the whole plan and belong to no item.

    >>> t = "一、甲\n1.乙。(责任单位:市局)\n各部门要抓好落实。"
    >>> [t[s.start:s.end] for s in trim_epilogue(t, find_sections(t))]
    ['一、甲\n1.乙。(责任单位:市局)', '1.乙。(责任单位:市局)']
    """
    if not sections or sections[-1].level < 2:
        return list(sections)
    last = sections[-1]
    body = text[last.start : last.end]
    first_break = body.find("\n")
    if first_break < 0 or fold(body[:first_break].rstrip())[-1:] not in ")〕":
        return list(sections)
    cut = last.start + len(body[:first_break].rstrip())
    return [dataclasses.replace(s, end=cut) if s.end == last.end else s for s in sections]


def path_at(sections: Sequence[Section], position: int) -> str:
    """The path of the deepest section containing ``position`` ("" in the preamble).

    Parameters
    ----------
    sections
        Sections in document order.
    position
        A character offset.
    """
    # Sections are ordered by start and nested ones start later than their parent, so
    # the last section starting at or before ``position`` that contains it is the deepest.
    index = bisect.bisect_right([s.start for s in sections], position) - 1
    while index >= 0:
        section = sections[index]
        if position < max(section.end, section.start + 1):
            return section.path
        index -= 1
    return ""


def leaf_sections(sections: Sequence[Section]) -> list[Section]:
    """Sections that contain no other section (the next section does not start inside)."""
    leaves: list[Section] = []
    for index, section in enumerate(sections):
        following = sections[index + 1] if index + 1 < len(sections) else None
        if following is None or following.start >= section.end or following.level <= section.level:
            leaves.append(section)
    return leaves
