"""What a person calls a document: its 文号, else its title, else its first line.

Never the file key (``003_e159d8715f3bd95b``): that is a storage detail nobody reading a
widget, a digest or a search hit can place.
"""

from __future__ import annotations

import re

from i18n import t

MAX_LABEL_CHARS = 30
_CLAUSE_END = re.compile(r"[,，。；;:：!！?？]")
MIN_CLAUSE_CHARS = 8  # a shorter first clause (本省,) says nothing on its own


def first_line(text: str, limit: int = MAX_LABEL_CHARS) -> str:
    """The first non-blank line, cut at its first clause if that is long enough, and
    shortened to ``limit`` characters with an ellipsis.

    >>> first_line("\\n  本省自2002年实施某工程以来,坚持政府推动与市场运作相结合。\\n二、")
    '本省自2002年实施某工程以来…'
    >>> first_line("关于甲乙的意见\\n正文")
    '关于甲乙的意见'
    >>> first_line("一二三四五六七八九十" * 4, limit=12)
    '一二三四五六七八九十一…'
    >>> first_line("")
    ''
    """
    line = next((s.strip() for s in text.splitlines() if s.strip()), "")
    end = _CLAUSE_END.search(line)
    cut = line[: end.start()] if end and end.start() >= MIN_CLAUSE_CHARS else line
    if len(cut) > limit:
        return cut[: limit - 1] + "…"
    return cut + "…" if cut != line else cut


def document_label(number: str | None, title: str | None, text: str | None) -> str:
    """The name a document is shown by.

    >>> document_label("某政发〔2018〕1号", "关于甲的意见", "正文")
    '某政发〔2018〕1号'
    >>> document_label(None, "关于甲的意见", "正文")
    '关于甲的意见'
    >>> document_label(None, None, "本省自2002年实施某工程以来,坚持")
    '本省自2002年实施某工程以来…'
    >>> document_label(None, None, "")
    '（无标题文件）'
    """
    return number or title or first_line(text or "") or t("documents.untitled")
