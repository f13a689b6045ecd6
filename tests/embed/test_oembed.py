"""oEmbed: a pasted widget link becomes JSON whose html is an iframe of that widget."""

from __future__ import annotations

import json
from html.parser import HTMLParser
from urllib.parse import quote

from starlette.testclient import TestClient


class Frames(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.frames: list[dict[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "iframe":
            self.frames.append({k: v or "" for k, v in attrs})


def test_a_widget_url_gets_a_rich_response_with_its_iframe(client: TestClient) -> None:
    widget = "http://testserver/embed/overdue?asOf=2019-01-01&unit=" + quote("市规划局")
    response = client.get("/oembed", params={"url": widget, "maxwidth": "500", "format": "json"})
    assert response.status_code == 200
    body = json.loads(response.text)
    assert body["version"] == "1.0" and body["type"] == "rich"
    assert body["width"] == 500 and body["title"] == "逾期事项"
    parser = Frames()
    parser.feed(body["html"])
    assert len(parser.frames) == 1
    frame = parser.frames[0]
    assert frame["src"] == widget and frame["width"] == "500"
    # the iframe's page is the card itself
    page = client.get(frame["src"].removeprefix("http://testserver"))
    assert page.status_code == 200 and 'data-path="二(二)2"' in page.text


def test_the_discovery_link_leads_to_a_working_oembed_answer(client: TestClient) -> None:
    html = client.get("/embed/unit/经合办").text
    start = html.index('type="application/json+oembed" href="') + len('type="application/json+oembed" href="')
    href = html[start:html.index('"', start)].replace("&amp;", "&")
    body = client.get(href.removeprefix("http://testserver")).json()
    assert body["title"] == "单位卡片 · 经合办"
    assert 'src="http://testserver/embed/unit/%E7%BB%8F%E5%90%88%E5%8A%9E"' in body["html"]


def test_maxheight_caps_the_frame(client: TestClient) -> None:
    body = client.get("/oembed", params={"url": "http://testserver/embed/place/泰顺县",
                                         "maxheight": "200"}).json()
    assert body["height"] == 200 and body["width"] == 600


def test_other_hosts_and_other_paths_are_404(client: TestClient) -> None:
    for url in ["http://evil.example/embed/overdue", "http://testserver/graphql",
                "http://testserver/embed/static/embed.css", "javascript:alert(1)",
                "http://testserver/export/breakdown.csv", ""]:
        assert client.get("/oembed", params={"url": url}).status_code == 404, url


def test_xml_is_not_implemented(client: TestClient) -> None:
    response = client.get("/oembed", params={"url": "http://testserver/embed/overdue",
                                             "format": "xml"})
    assert response.status_code == 501
