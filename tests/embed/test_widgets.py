"""The widgets over the bundled corpus: contents checked against the document text."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from starlette.testclient import TestClient

from .conftest import COLLECTIVE


class Lines(HTMLParser):
    """Collects the obligation lines (``li.ob``) of a widget: path, status, hover text."""

    def __init__(self) -> None:
        super().__init__()
        self.items: list[dict[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {k: v or "" for k, v in attrs}
        if tag == "li" and found.get("class") == "ob":
            self.items.append(found)


def lines(html: str) -> list[dict[str, str]]:
    parser = Lines()
    parser.feed(html)
    return parser.items


def test_unit_card_resolves_the_alias_and_lists_the_units_clauses(client: TestClient) -> None:
    # 市招商局〈经合办〉 is named in 二(一), 二(二)2, 二(二)3 (first, so lead) and in 二(三)1,
    # 二(三)2, 二(三)4 (as co-owner): six tasks, three led.
    response = client.get("/embed/unit/经合办", params={"asOf": "2019-01-01"})
    assert response.status_code == 200
    assert "<h1>市招商局</h1>" in response.text
    assert "又称 经合办 · 6 项任务(牵头 3 项)" in response.text


def test_unit_card_lights_an_obligation_past_its_deadline_red(client: TestClient) -> None:
    # 二(二)2: "于2018年四季度前完成规划评审" → due 2018-12-31, so overdue on 2019-01-01.
    items = lines(client.get("/embed/unit/市招商局", params={"asOf": "2019-01-01"}).text)
    # (its other sentence, "2020年5个…总投资237.7亿元", is due 2020-12-31 and still open)
    planning = [i for i in items if i["data-path"] == "二(二)2" and "规划评审" in i["title"]]
    assert planning and all(i["data-status"] == "OVERDUE" for i in planning)
    html = client.get("/embed/unit/市招商局", params={"asOf": "2019-01-01"}).text
    assert 'data-path="二(二)2"' in html and "light light-red" in html


def test_unit_card_shows_targets_as_progress_bars_from_zero(client: TestClient) -> None:
    # 二(一): "全市每年实现山海协作产业项目到位资金不少于40亿元"; nothing reported yet.
    html = client.get("/embed/unit/市招商局").text
    assert re.search(r'data-target="40亿元">\s*<span class="path">二\(一\)</span>\s*'
                     r'<progress max="40.0" value="0.0">', html)
    assert "0 / 40亿元" in html


def test_source_quote_is_the_hover_text(client: TestClient) -> None:
    items = lines(client.get("/embed/overdue", params={"asOf": "2019-01-01"}).text)
    first = next(i for i in items if i["data-path"] == "二(二)1")
    assert first["title"].startswith("2018年7月底前,按照《浙江省山海协作产业园管理办法》")


def test_overdue_list_on_new_year_2019_names_the_pairing_collective(client: TestClient) -> None:
    # 二(二)1: "2018年7月底前 … (责任单位:结对县〈市、区〉党委、政府)".
    html = client.get("/embed/overdue", params={"asOf": "2019-01-01"}).text
    block = html[html.index('data-path="二(二)1"'):]
    block = block[:block.index("</li>")]
    assert "2018-07-31" in block
    assert f'<span class="lead">{COLLECTIVE}</span>' in block


def test_overdue_list_filters_by_unit(client: TestClient) -> None:
    # 市规划局 is named in 二(二)2 (2018年四季度前) and 二(二)3 (力争2018年 …; 2019年前 …):
    # both have a deadline on 2018-12-31, passed on 2019-01-01.
    items = lines(client.get("/embed/overdue", params={"asOf": "2019-01-01",
                                                       "unit": "市规划局"}).text)
    assert {i["data-path"] for i in items} == {"二(二)2", "二(二)3"}
    # 市商务局 only co-owns 二(三)4, due 到2020年: nothing overdue then.
    html = client.get("/embed/overdue", params={"asOf": "2019-01-01", "unit": "市商务局"}).text
    assert lines(html) == [] and "没有逾期事项" in html


def test_place_card_reaches_a_county_through_its_pairing(client: TestClient) -> None:
    # wenzhou-pairings.yaml pairs 鹿城区 with 泰顺县; as a paired county 泰顺县 answers for the
    # collective 结对县(市、区)党委、政府, sole owner of 二(二)1.
    html = client.get("/embed/place/泰顺县", params={"asOf": "2021-06-01"}).text
    assert "结对:鹿城区" in html
    assert f"通过 {COLLECTIVE} 承担责任" in html
    assert any(i["data-path"] == "二(二)1" and i["data-status"] == "OVERDUE" for i in lines(html))


def test_document_outline_by_number_nests_sections_tasks_units(client: TestClient) -> None:
    html = client.get("/embed/document/温政发〔2018〕26号", params={"asOf": "2019-01-01"}).text
    assert "<h1>温州市人民政府关于打造山海协作工程升级版的实施意见</h1>" in html
    assert "<h3>二(三) 促进群众增收和社会事业合作</h3>" in html
    # 二(三)4's clause: 市农业局、市商务局、市招商局〈经合办〉,结对县〈市、区〉党委、政府.
    task = html[html.index('data-task="二(三)4"'):]
    owners = task[task.index('<p class="owners">'):task.index("</p>")]
    assert owners == (f'<p class="owners"><span class="lead">市农业局</span>、市商务局、市招商局、'
                      f"{COLLECTIVE}")


def test_timeline_is_an_svg_with_a_bar_per_deadline(client: TestClient) -> None:
    html = client.get("/embed/timeline", params={"asOf": "2019-01-01", "unit": "市规划局"}).text
    svg = html[html.index("<svg"):html.index("</svg>") + 6]
    assert "二(二)2 2018年四季度前" in svg
    assert svg.count("<rect") >= 3  # 二(二)2 once, 二(二)3 four phrases
    assert "Noto Sans CJK SC" in svg


def test_snippet_is_self_contained(client: TestClient) -> None:
    html = client.get("/embed/unit/市招商局", params={"format": "snippet"}).text
    assert html.startswith('<div class="pg-embed"') and "<style>" in html
    assert "<link" not in html and "src=" not in html and "href=" not in html
    assert "<html" not in html


def test_markdown_lists_the_overdue_clause(client: TestClient) -> None:
    response = client.get("/embed/overdue", params={"asOf": "2019-01-01", "format": "md"})
    assert response.headers["content-type"].startswith("text/markdown")
    # the clause's heading (1.建立健全生态旅游文化产业园管理运营机制。) stands beside its path
    assert f"| 🔴 逾期 | 二(二)1 建立健全生态旅游文化产业园管理运营机制 | 2018-07-31 | 2018年7月底前 | {COLLECTIVE} | 温政发〔2018〕26号 |" \
        in response.text


def test_every_widget_page_has_an_oembed_discovery_link(client: TestClient) -> None:
    for url in ["/embed/unit/市招商局", "/embed/overdue", "/embed/place/泰顺县",
                "/embed/document/温政发〔2018〕26号", "/embed/timeline", "/embed/network"]:
        html = client.get(url).text
        assert '<link rel="alternate" type="application/json+oembed" href="http://testserver/oembed?url=' \
            in html, url


def test_unknown_names_are_404_with_suggestions(client: TestClient) -> None:
    response = client.get("/embed/unit/市招商")
    assert response.status_code == 404
    assert "<code>市招商局</code>" in response.text


def test_a_malformed_day_is_a_400(client: TestClient) -> None:
    response = client.get("/embed/overdue", params={"asOf": "2019/01/01"})
    assert response.status_code == 400
    assert "asOf 须为形如 2019-01-01 的日期" in response.text


def test_a_malformed_day_is_explained_in_english_on_request(client: TestClient) -> None:
    response = client.get("/embed/overdue", params={"asOf": "2019/01/01"},
                          headers={"Accept-Language": "en"})
    assert response.status_code == 400
    assert "asOf must be a date like 2019-01-01" in response.text
    assert '<html lang="en">' in response.text


def test_a_day_beyond_the_calendar_is_explained_without_pythons_words(client: TestClient) -> None:
    response = client.get("/embed/overdue", params={"asOf": "10000-01-01"})
    assert response.status_code == 400
    assert "参数有误" in response.text
    assert "out of range" not in response.text and "isoformat" not in response.text


def test_an_unknown_unit_is_named_with_its_kind_in_chinese(client: TestClient) -> None:
    response = client.get("/embed/unit/市招", params={"asOf": "2019-01-01"})
    assert response.status_code == 404
    assert "没有名为“市招”的单位。" in response.text
    assert "unit。" not in response.text


def test_dashboard_counts_statuses_and_links_everywhere(client: TestClient) -> None:
    html = client.get("/", params={"asOf": "2019-01-01"}).text
    assert '<a href="/graphql">' in html
    assert 'href="/embed/overdue?asOf=2019-01-01"' in html
    # the collective owns 二(二)1, overdue since 2018-07-31: the oldest of all its late items
    assert re.search(rf"<td><a [^>]+>{re.escape(COLLECTIVE)}</a></td><td>\d+</td>"
                     r"<td>2018-07-31</td>", html)
    counts = dict(re.findall(r'data-status="(\w+)">.*?<b>(\d+)</b>', html))
    assert set(counts) == {"OVERDUE", "DUE_SOON", "OPEN", "DONE", "DONE_LATE"}
    assert counts["DONE"] == "0" and int(counts["OVERDUE"]) > 0


def test_the_unit_card_reads_in_english_on_request(client: TestClient) -> None:
    english = client.get("/embed/unit/市招商局", params={"asOf": "2019-01-01", "lang": "en"}).text
    chinese = client.get("/embed/unit/市招商局", params={"asOf": "2019-01-01"}).text
    assert "Obligations and deadlines" in english and "义务与期限" not in english
    assert "义务与期限" in chinese and "Obligations and deadlines" not in chinese
    assert "Data as of 2019-01-01" in english
