"""Widgets name a document by its number, title or first line, never its file key.

data/corpus/003_e159d8715f3bd95b.txt has no 文号 and no title; its first line begins
"本省自2002年全面实施山海协作工程以来,", and its 一 sets work 到2012年, so on 2030-01-01
that work is overdue and listed.
"""

from __future__ import annotations

import re

from starlette.testclient import TestClient

FIRST_LINE = "本省自2002年全面实施山海协作工程以来…"
KEY = "003_e159d8715f3bd95b"


def _visible(html: str) -> str:
    """The page's text without tags (a key may stay in a link's address)."""
    return re.sub(r"<[^>]*>", " ", html)


def test_the_overdue_list_names_a_numberless_document_by_its_first_line(
        client: TestClient) -> None:
    html = client.get("/embed/overdue", params={"asOf": "2030-01-01"}).text
    assert FIRST_LINE in _visible(html)
    assert KEY not in _visible(html)


def test_the_dashboard_lists_documents_by_number_and_first_line(client: TestClient) -> None:
    text = _visible(client.get("/", params={"asOf": "2019-01-01"}).text)
    assert "温政发〔2018〕26号" in text and FIRST_LINE in text
    assert KEY not in text
