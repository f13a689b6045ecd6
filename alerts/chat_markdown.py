"""Text from documents and reports made safe inside chat-robot markdown.

DingTalk, WeCom and Feishu render a markdown dialect with links and some HTML
(``<font>``, ``<br>``).  Every piece of data a digest shows goes through
:func:`inline`: HTML is escaped, markdown syntax characters are backslash-escaped so
data cannot open emphasis, code, tables or links, and a link written in the data
(``[label](target)``) stays a link only when its target is ``http`` or ``https``;
any other target (``javascript:``, ``data:``, ``file:``) leaves just the label.
"""

from __future__ import annotations

import re
from urllib.parse import quote, urlsplit

#: Schemes a link may have in a chat message.
LINK_SCHEMES = ("http", "https")
# Characters that start markdown syntax inside a line.  "(" and ")" are left alone:
# with "[" and "]" escaped no link can form, and unit names are full of parentheses.
_SPECIAL = re.compile(r"([\\`*_\[\]~|!])")
_LINK = re.compile(r"\[([^\[\]\n]{0,500})\]\(\s*((?:[^()\s]|\([^()\s]{0,200}\)){0,2000})\s*\)")


def _escape(text: str) -> str:
    """HTML and markdown syntax escaped, newlines folded (one line of output).

    >>> _escape("<b>a*b</b> & [c]")
    '&lt;b&gt;a\\\\*b&lt;/b&gt; &amp; \\\\[c\\\\]'
    """
    text = re.sub(r"\s*[\r\n]+\s*", " ", text)
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _SPECIAL.sub(r"\\\1", text)


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
    return f"[{_escape(label)}]({url})" if url else _escape(label)


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
        pieces.append(_escape(text[position:match.start()]))
        pieces.append(link(match.group(1), match.group(2)))
        position = match.end()
    pieces.append(_escape(text[position:]))
    return "".join(pieces).strip()
