"""Text from documents and reports made safe inside chat-robot markdown.

DingTalk, WeCom and Feishu render a markdown dialect with links and some HTML
(``<font>``, ``<br>``).  Every piece of data a digest shows goes through
:func:`inline`: the text between links is escaped by the project's one Markdown policy
(:func:`escaping.markdown.escape_markdown`: HTML escaped, markdown syntax characters
backslash-escaped, line breaks folded), and a link written in the data
(``[label](target)``) stays a link only when its target is ``http`` or ``https``;
any other target (``javascript:``, ``data:``, ``file:``) leaves just the label.
"""

from __future__ import annotations

import re
from urllib.parse import quote, urlsplit

from escaping.markdown import escape_markdown

#: Schemes a link may have in a chat message.
LINK_SCHEMES = ("http", "https")
_LINK = re.compile(r"\[([^\[\]\n]{0,500})\]\(\s*((?:[^()\s]|\([^()\s]{0,200}\)){0,2000})\s*\)")


def safe_url(target: str) -> str | None:
    """``target`` as a link target when it is an absolute http(s) URL, else ``None``.

    >>> safe_url("https://example.gov.cn/a b.pdf")
    'https://example.gov.cn/a%20b.pdf'
    >>> safe_url("javascript:alert(1)") is None, safe_url("JaVaScRiPt:x") is None
    (True, True)
    >>> safe_url("//evil.example/x") is None
    True
    """
    try:
        parts = urlsplit(target.strip())
    except ValueError:
        return None
    if parts.scheme.lower() not in LINK_SCHEMES or not parts.netloc:
        return None
    return quote(target.strip(), safe=":/?#@!$&'*+,;=%~.-_")


def link(label: str, target: str) -> str:
    """A markdown link, or only the escaped label when ``target`` is not http(s).

    >>> link("佐证", "https://example.gov.cn/a.pdf")
    '[佐证](https://example.gov.cn/a.pdf)'
    >>> link("x", "javascript:alert(1)")
    'x'
    """
    url = safe_url(target)
    return f"[{escape_markdown(label)}]({url})" if url else escape_markdown(label)


def inline(text: str) -> str:
    """One line of data, safe inside chat markdown (see the module docstring).

    >>> inline("[点我](javascript:alert(1)) <script>x</script>")
    '点我 &lt;script&gt;x&lt;/script&gt;'
    >>> inline("见[通知](https://example.gov.cn/n.html)，结对县(市、区)党委、政府")
    '见[通知](https://example.gov.cn/n.html)，结对县(市、区)党委、政府'
    """
    pieces: list[str] = []
    position = 0
    for match in _LINK.finditer(text):
        pieces.append(escape_markdown(text[position:match.start()]))
        pieces.append(link(match.group(1), match.group(2)))
        position = match.end()
    pieces.append(escape_markdown(text[position:]))
    return "".join(pieces).strip()
