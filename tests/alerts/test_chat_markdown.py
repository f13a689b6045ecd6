"""Hostile document or report text inside a chat digest renders as text: no script, no
HTML, no link other than http(s), whatever markdown renderer the chat robot uses."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from markdown_it import MarkdownIt

from alerts.channels.wecom import markdown_parts
from alerts.chat_markdown import inline, link
from alerts.digest import Digest, render_markdown

HOSTILE = [
    "[点我](javascript:alert(document.cookie))",
    "![x](javascript:alert(1))",
    "<script>alert(1)</script>",
    '<a href="javascript:alert(1)">链接</a>',
    "<javascript:alert(1)>",
    "[x](data:text/html;base64,PHNjcmlwdD4=)",
    "**粗**`代码`|表|",
    "[x]\n(javascript:alert(1))",
]


def rendered(markdown: str) -> tuple[set[str], list[str]]:
    """The token kinds a CommonMark renderer (raw HTML on) makes of ``markdown``, and
    every link target."""
    kinds: set[str] = set()
    hrefs: list[str] = []
    parser = MarkdownIt("commonmark", {"html": True})
    parser.validateLink = lambda url: True  # as permissive as the laxest chat client
    for token in parser.parse(markdown):
        for child in [token, *(token.children or [])]:
            kinds.add(child.type)
            if child.type == "link_open":
                hrefs.append(str(child.attrs.get("href", "")))
    return kinds, hrefs


def hostile_digest(planning_digest: Digest, text: str) -> Digest:
    item = dataclasses.replace(planning_digest.items[0], summary=text, quote=text,
                               owners=(text,), document_number=text)
    return Digest.build(receiver_unit=text, as_of=dt.date(2019, 1, 1), items=(item,))


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_renders_without_script_html_or_unsafe_links(
        planning_digest: Digest, text: str) -> None:
    markdown = render_markdown(hostile_digest(planning_digest, text))
    kinds, hrefs = rendered(markdown)
    assert not kinds & {"html_inline", "html_block", "image", "code_inline"}, kinds
    assert all(href.startswith(("http://", "https://")) for href in hrefs), hrefs
    for part in markdown_parts(hostile_digest(planning_digest, text)):  # WeCom, split
        assert "<script" not in part and "](javascript" not in part


def test_an_http_link_in_the_data_stays_a_link() -> None:
    _, hrefs = rendered(inline("见[通知](https://example.gov.cn/n.html)"))
    assert hrefs == ["https://example.gov.cn/n.html"]


@pytest.mark.parametrize("target", ["javascript:alert(1)", "JAVASCRIPT:x", "vbscript:x",
                                    "file:///etc/passwd", "//evil.example", " javascript:x"])
def test_links_are_restricted_to_http_and_https(target: str) -> None:
    assert link("label", target) == "label"


def test_unit_names_with_parentheses_render_unchanged(planning_digest: Digest) -> None:
    assert "结对县(市、区)党委、政府" in render_markdown(planning_digest)
