"""The UTF-8 splitter: pieces within the limit, cut where a reader expects, nothing lost."""

from __future__ import annotations

from alerts.digest import Digest, render_markdown
from alerts.splitting import split_utf8


def test_split_cuts_an_overlong_line_between_characters_only() -> None:
    # 6000 three-byte characters; 100 bytes hold 33 of them, so ceil(6000 / 33) = 182 chunks.
    text = "温州" * 3000
    chunks = split_utf8(text, 100)
    assert len(chunks) == 182
    assert all(len(c.encode("utf-8")) <= 100 for c in chunks)
    assert chunks[0] == "温州" * 16 + "温"
    assert "".join(chunks) == text


def test_split_keeps_short_text_whole_and_prefers_paragraph_breaks() -> None:
    assert split_utf8("一\n二\n", 100) == ["一\n二\n"]
    # "甲甲\n\n" is 8 bytes, "乙\n丙\n" is 8 bytes: the paragraph break is the cut.
    assert split_utf8("甲甲\n\n乙\n丙\n", 12) == ["甲甲\n\n", "乙\n丙\n"]
    # A paragraph over the limit is cut between its lines.
    assert split_utf8("乙乙\n丙丙\n丁丁\n", 14) == ["乙乙\n丙丙\n", "丁丁\n"]


def test_split_of_a_long_digest_never_cuts_an_item(long_digest: Digest) -> None:
    markdown = render_markdown(long_digest)
    chunks = split_utf8(markdown, 4000)
    assert len(markdown.encode("utf-8")) > 4096 and len(chunks) >= 2
    assert "".join(chunks) == markdown
    for item in long_digest.items:
        assert sum(f"> {item.quote}\n" in c for c in chunks) == 1
