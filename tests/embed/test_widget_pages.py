"""The overdue widget shows one page of its list: the total, and links that walk it."""

from __future__ import annotations

import html as html_lib
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from starlette.testclient import TestClient

from .test_widgets import lines

DAY = "2026-01-01"  # everything of the bundled documents is due by then


def next_link(page: str) -> str | None:
    found = re.search(r'<a rel="next" href="([^"]+)"', page)
    return html_lib.unescape(found.group(1)) if found else None


def signature(items: list[dict[str, str]]) -> list[tuple[str, str, str]]:
    return [(i["data-path"], i["title"], i["data-status"]) for i in items]


def test_the_overdue_widget_shows_a_hundred_rows_by_default_and_the_total(
        client: TestClient) -> None:
    whole = lines(client.get("/embed/overdue", params={"asOf": DAY, "first": "500"}).text)
    assert 7 < len(whole) < 100  # the bundled list fits one default page
    page = client.get("/embed/overdue", params={"asOf": DAY}).text
    assert len(lines(page)) == len(whole)
    assert f"共 {len(whole)} 项" in page
    assert 'class="pager"' not in page  # one page: nothing to page through


def test_following_next_links_walks_the_whole_overdue_list_once(client: TestClient) -> None:
    whole = signature(lines(client.get("/embed/overdue",
                                       params={"asOf": DAY, "first": "500"}).text))
    url: str | None = f"/embed/overdue?asOf={DAY}&first=3&lang=zh"
    walked: list[tuple[str, str, str]] = []
    pages = 0
    while url is not None:
        page = client.get(url).text
        items = lines(page)
        assert len(items) <= 3
        start = len(walked) + 1
        assert f"共 {len(whole)} 项，显示第 {start}–{start + len(items) - 1} 项" in page
        walked += signature(items)
        url = next_link(page)
        if url is not None:  # the day, the page size and the language are kept
            query = parse_qs(urlsplit(url).query)
            assert query["asOf"] == [DAY] and query["first"] == ["3"] and query["lang"] == ["zh"]
        pages += 1
    assert walked == whole
    assert pages == -(-len(whole) // 3)


def test_a_page_links_back_to_the_previous_one_and_to_the_whole_list(
        client: TestClient) -> None:
    page = client.get("/embed/overdue", params={"asOf": DAY, "first": "3", "offset": "3",
                                                "unit": "市招商局"}).text
    previous = re.search(r'<a rel="prev" href="([^"]+)"', page)
    assert previous is not None
    query = parse_qs(urlsplit(html_lib.unescape(previous.group(1))).query)
    assert query["offset"] == ["0"] and query["unit"] == ["市招商局"]
    whole = re.search(r'<a class="whole" href="([^"]+)"', page)
    assert whole is not None and "/export/obligations.xlsx?asOf=2026-01-01" in whole.group(1)
    export = client.get(html_lib.unescape(whole.group(1)))
    assert export.status_code == 200 and export.content[:2] == b"PK"  # an XLSX workbook


def test_a_page_past_the_end_is_empty_and_says_so(client: TestClient) -> None:
    page = client.get("/embed/overdue", params={"asOf": DAY, "offset": "100000"}).text
    assert lines(page) == []
    assert "本页已超出清单末尾" in page and 'rel="prev"' in page


def test_the_markdown_page_carries_the_same_links(client: TestClient) -> None:
    text = client.get("/embed/overdue", params={"asOf": DAY, "first": "2",
                                                "format": "md"}).text
    assert "显示第 1–2 项" in text
    assert re.search(r"\[下一页\]\(<http://testserver/embed/overdue\?[^>]*offset=2[^>]*>\)", text)
    assert "format=md" in text.split("[下一页]")[1].split(")")[0]


def test_a_token_stays_out_of_links_meant_to_be_pasted(client: TestClient) -> None:
    query = {"asOf": DAY, "first": "2", "access_token": "secret-token"}
    assert "secret-token" not in client.get("/embed/overdue",
                                            params={**query, "format": "md"}).text
    assert "secret-token" not in client.get("/embed/overdue",
                                            params={**query, "format": "snippet"}).text


@pytest.mark.parametrize(("params", "named"), [
    ({"first": "0"}, "first"), ({"first": "501"}, "first"), ({"first": "ten"}, "first"),
    ({"offset": "-1"}, "offset"), ({"offset": "1.5"}, "offset"),
    ({"offset": "99999999999999999999"}, "offset"),
])
def test_a_page_size_or_offset_out_of_range_is_refused_in_both_languages(
        client: TestClient, params: dict[str, str], named: str) -> None:
    value = next(iter(params.values()))
    zh = client.get("/embed/overdue", params={"asOf": DAY, **params})
    assert zh.status_code == 400
    high = "500" if named == "first" else "10000000"
    assert f"{named} 须为 {'1' if named == 'first' else '0'} 至 {high} 之间的整数" in zh.text
    assert html_lib.escape(value[:20]) in zh.text
    en = client.get("/embed/overdue", params={"asOf": DAY, "lang": "en", **params})
    assert en.status_code == 400
    assert f"{named} must be a whole number from" in en.text
