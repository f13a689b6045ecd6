"""Cut a message into pieces a channel accepts: at most so many UTF-8 bytes each.

Chat robots refuse a message past a byte limit (WeCom's 4,096 bytes of Markdown), so a
long digest is sent as several messages.  :func:`split_utf8` cuts between paragraphs
where it can, else between lines, and loses nothing: the pieces joined are the text.
"""

from __future__ import annotations


def _pieces(text: str, separator: str) -> list[str]:
    # Split after each separator, keeping it, so that "".join(pieces) == text.
    parts = text.split(separator)
    return [p + separator for p in parts[:-1]] + ([parts[-1]] if parts[-1] else [])


def _hard_split(text: str, limit_bytes: int) -> list[str]:
    chunks: list[str] = []
    current, size = "", 0
    for ch in text:
        width = len(ch.encode("utf-8"))
        if size + width > limit_bytes and current:
            chunks.append(current)
            current, size = "", 0
        current += ch
        size += width
    return [*chunks, current] if current else chunks


def split_utf8(text: str, limit_bytes: int) -> list[str]:
    """Cut ``text`` into chunks of at most ``limit_bytes`` UTF-8 bytes, losing nothing.

    Cuts fall between paragraphs (blank lines) where possible, else between lines, and
    only a single line longer than the limit is cut between characters (never inside a
    character).  ``"".join(split_utf8(t, n)) == t`` always holds.

    Examples
    --------
    >>> split_utf8("第一段\\n\\n第二段\\n", 12)
    ['第一段\\n\\n', '第二段\\n']
    >>> split_utf8("温州温州", 7)
    ['温州', '温州']
    >>> split_utf8("", 10)
    []
    """
    if limit_bytes < 4:
        raise ValueError("limit_bytes must hold at least one UTF-8 character (4 bytes)")
    chunks: list[str] = []
    current = ""

    def size(s: str) -> int:
        return len(s.encode("utf-8"))

    def add(piece: str) -> None:
        nonlocal current
        if size(current) + size(piece) <= limit_bytes:
            current += piece
            return
        if current:
            chunks.append(current)
            current = ""
        if size(piece) <= limit_bytes:
            current = piece
        elif "\n" in piece.rstrip("\n"):
            for line in _pieces(piece, "\n"):
                add(line)
        else:
            *whole, last = _hard_split(piece, limit_bytes)
            chunks.extend(whole)
            current = last

    for paragraph in _pieces(text, "\n\n"):
        add(paragraph)
    if current:
        chunks.append(current)
    return chunks
