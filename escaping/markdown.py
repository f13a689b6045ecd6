"""Text from documents, reports and visitors made inert inside Markdown.

One policy for every Markdown the service writes (widgets' ``?format=md``, the ``md``
exports, the chat robots' digests), because each of those is rendered by a wiki or a
chat client that also renders HTML:

- line breaks, with the blanks around them, become one space: a value never ends a table
  row, a list item or a paragraph, and never starts a line (so no heading, list or quote);
- ``&``, ``<`` and ``>`` become character references: HTML-like text is shown, not run;
- each of ``\\ ` * _ [ ] ~ | ! #`` gets a backslash: no code span, emphasis, strike,
  link, image, table cell or heading can open from data;
- parentheses are left alone: unit names are full of them (县(市、区)), and with the
  brackets escaped no link can form.

A place that wants links in its output (the chat digests keep ``http(s)`` links) builds
them itself around escaped pieces.
"""

from __future__ import annotations

import re
from typing import Any

#: Characters that open Markdown syntax, escaped with a backslash.
SPECIAL = "\\`*_[]~|!#"
_SPECIAL = re.compile("([" + re.escape(SPECIAL) + "])")
_LINE_BREAKS = re.compile(r"[ \t]*[\r\n]+\s*")


def escape_markdown(value: Any) -> str:
    """``value`` as inert Markdown text on one line (``None`` is empty).

    >>> escape_markdown("a|b")  # a pipe does not split a table cell
    'a\\\\|b'
    >>> escape_markdown("`rm -rf` *a* _b_ ~~c~~")
    '\\\\`rm -rf\\\\` \\\\*a\\\\* \\\\_b\\\\_ \\\\~\\\\~c\\\\~\\\\~'
    >>> escape_markdown("[点我](javascript:alert(1)) ![x](y)")
    '\\\\[点我\\\\](javascript:alert(1)) \\\\!\\\\[x\\\\](y)'
    >>> escape_markdown("# 标题"), escape_markdown("C#")
    ('\\\\# 标题', 'C\\\\#')
    >>> escape_markdown("第一行\\n\\n  第二行\\r\\n第三行")  # newlines in a cell
    '第一行 第二行 第三行'
    >>> escape_markdown("<script>alert(1)</script> & <b>x</b>")
    '&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;x&lt;/b&gt;'
    >>> escape_markdown("a\\\\b"), escape_markdown(None), escape_markdown(3.5)
    ('a\\\\\\\\b', '', '3.5')
    >>> escape_markdown("结对县(市、区)党委、政府")
    '结对县(市、区)党委、政府'
    """
    text = "" if value is None else str(value)
    text = _LINE_BREAKS.sub(" ", text)
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _SPECIAL.sub(r"\\\1", text)
