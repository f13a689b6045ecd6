"""Web-page furniture: recognised, reported as spans, and blanked for parsing.

Pages saved from government sites carry a metadata block (索引号, 主题分类, 文号,
发布机构, 成文日期 — often twice), a "发布日期… 浏览次数… 字体" line, "[附件下载]",
"【打印】", "【返回顶部】" and stray counters such as a lone "0".  None of it
is content.  Instead of deleting it (which would shift every offset) we return the
spans and a masked copy of the text where those spans are spaces of equal length.
"""

from __future__ import annotations

import re

from extract.fold import fold

# Keys of the metadata block; "文 号" has a space on many sites.
_META_KEY = re.compile(
    r"^\s*(索\s*引\s*号|主\s*题\s*分\s*类|文\s*号|发\s*布\s*机\s*构|成\s*文\s*日\s*期|"
    r"阅\s*读\s*版\s*本|发\s*文\s*机\s*关|公\s*开\s*方\s*式|信\s*息\s*分\s*类|有\s*效\s*性|"
    r"公\s*开\s*范\s*围|组\s*配\s*分\s*类|主\s*题\s*词|体\s*裁\s*分\s*类)\s*:"
)
_FURNITURE_LINE = re.compile(
    r"(发布日期.*(浏览次数|字体|来源)|浏览次数\s*:|\[\s*附件下载\s*\]|"
    r"【\s*(返回顶部|打印本页|关闭窗口|打印|关闭|收藏)\s*】|style\s*=\s*'|"
    r"^\s*(上一篇|下一篇|分享到)\s*:)"
)
_COUNTER_LINE = re.compile(r"^\s*\d{1,3}\s*$")
# Corpus metadata at the very top of a file: "# source: …", "# title: …".
_CORPUS_META = re.compile(r"^#\s*([A-Za-z_]+)\s*:\s*(.*)$")
_CONTINUATION = re.compile(r"^\s*[^\s,.;:。，；：!?！？]{2,40}\s*$")


def furniture_spans(text: str) -> list[tuple[int, int]]:
    """Find the spans of page furniture in ``text``.

    Parameters
    ----------
    text
        The decoded document.

    Returns
    -------
    list of (int, int)
        ``[start, end)`` spans of whole lines (without their newline), in order.
    """
    folded = fold(text)
    spans: list[tuple[int, int]] = []
    offset = 0
    for start, end, _, _ in _corpus_metadata_lines(text):
        spans.append((start, end))
        offset = end + 1
    in_meta = False
    for line in folded[offset:].split("\n") if offset <= len(folded) else []:
        end = offset + len(line)
        if _META_KEY.match(line):
            spans.append((offset, end))
            # The value of a key with nothing after the colon sits on the next lines.
            in_meta = line.rstrip().endswith(":")
        elif in_meta and _CONTINUATION.match(line):
            spans.append((offset, end))
        elif _FURNITURE_LINE.search(line) or _COUNTER_LINE.match(line):
            spans.append((offset, end))
            in_meta = False
        elif line.strip():
            in_meta = False
        offset = end + 1
    return [(s, e) for s, e in spans if e > s]


def mask(text: str, spans: list[tuple[int, int]]) -> str:
    """Blank ``spans`` of ``text`` with spaces, keeping every offset and newline.

    >>> mask("ab\\ncd", [(0, 2)])
    '  \\ncd'
    >>> mask("abc\\nde\\nfg", [(1, 4), (3, 6), (10, 10)])
    'a  \\n  \\nfg'
    """
    # Sliced, not rebuilt character by character: the pipeline masks every text four times.
    pieces: list[str] = []
    position = 0
    for start, end in sorted(spans):
        start, end = max(start, position), min(end, len(text))
        if end <= start:
            continue
        pieces.append(text[position:start])
        pieces.append("\n".join(" " * len(line) for line in text[start:end].split("\n")))
        position = end
    pieces.append(text[position:])
    return "".join(pieces)


def meta_field(text: str, key: str) -> str | None:
    """Read one metadata field (``发布机构``, ``成文日期``, ``文号``) from the page header.

    Parameters
    ----------
    text
        The decoded document (furniture included).
    key
        The field name without spaces.

    Returns
    -------
    str or None
        The value after the colon, or the next non-empty line when the colon ends
        its line; None when absent.
    """
    spaced = r"\s*".join(map(re.escape, key))
    lines = fold(text).split("\n")
    pattern = re.compile(rf"^\s*{spaced}\s*:\s*(.*)$")
    for i, line in enumerate(lines):
        found = pattern.match(line)
        if not found:
            continue
        value = re.split(r"\s{2,}|\s+(?=\S+\s*:)", found.group(1).strip())[0].strip()
        if value:
            return value
        for following in lines[i + 1 : i + 3]:
            if following.strip() and not _META_KEY.match(following):
                return following.strip()
        return None
    return None


def _corpus_metadata_lines(text: str) -> list[tuple[int, int, str, str]]:
    """The ``# key: value`` lines opening a corpus file: (start, end, key, value)."""
    found: list[tuple[int, int, str, str]] = []
    offset = 0
    for line in text.split("\n"):
        matched = _CORPUS_META.match(line.removeprefix("\ufeff"))
        if not matched:
            break
        found.append((offset, offset + len(line), matched.group(1).lower(), matched.group(2).strip()))
        offset += len(line) + 1
    return found


def corpus_metadata(text: str) -> dict[str, str]:
    """The corpus metadata block at the very top of a file (``# title: …``), as a dict.

    >>> corpus_metadata("# source: a web page\\n# title: 关于某事的通知\\n正文")["title"]
    '关于某事的通知'
    >>> corpus_metadata("正文\\n# title: x")
    {}
    """
    return {key: value for _, _, key, value in _corpus_metadata_lines(text)}
