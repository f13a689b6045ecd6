"""The contract queries (the five questions of the README), verbatim, on the bundled corpus (SQLite and PostgreSQL).

Expected answers are read by hand from 温政发〔2018〕26号 (data/corpus/000_…txt) under
the extractor's default readings (``X年前`` = by the end of year X, ``四季度前`` = by the
end of Q4) and the pairings in data/reference/wenzhou-pairings.yaml.

The eight "(责任单位:…)" clauses of 000, by path:
二(一) 市招商局〈经合办〉, 结对县  ·  二(二)1 结对县  ·  二(二)2 市招商局, 市发改委, 市国土资源局,
市规划局, 市旅游局, 结对县  ·  二(二)3 市招商局, 市发改委, 市财政局, 市国土资源局, 市规划局,
结对县  ·  二(三)1 市农业局, 市发改委, 市旅游局, 市招商局, 结对县  ·  二(三)2 市人力社保局,
市招商局, 结对县  ·  二(三)3 市教育局, 市财政局, 市人力社保局, 市卫计委, 结对县  ·
二(三)4 市农业局, 市商务局, 市招商局, 结对县.
"""

from __future__ import annotations

import base64
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy.engine import Engine
from starlette.testclient import TestClient

from tests.schema.conftest import make_client, post_query

COLLECTIVE = "结对县(市、区)党委、政府"
NUMBER = "温政发〔2018〕26号"
PAIRED_TASKS = {"二(一)", "二(二)1", "二(二)2", "二(二)3", "二(三)1", "二(三)2", "二(三)3", "二(三)4"}


@pytest.fixture(scope="module")
def corpus_client(corpus_engine: Engine) -> Iterator[TestClient]:
    with make_client(corpus_engine) as client:
        yield client


def key_of(global_id: str) -> str:
    """What a Relay global id wraps (base64 of ``Type:key``), read without the server's code."""
    return base64.b64decode(global_id).decode()


def data(client: TestClient, query: str) -> dict[str, Any]:
    body = post_query(client, query)
    assert "errors" not in body, body["errors"]
    result: dict[str, Any] = body["data"]
    return result


def test_jingheban_resolves_to_zhaoshangju_with_its_six_clauses(corpus_client: TestClient) -> None:
    unit = data(corpus_client, '{ unit(name: "经合办") { name aliases level tasks { path document '
                               '{ number } } targets { path value unit } } }')["unit"]
    assert (unit["name"], unit["aliases"], unit["level"]) == ("市招商局", ["经合办"], "CITY")
    assert [(t["path"], t["document"]["number"]) for t in unit["tasks"]] == [
        (p, NUMBER) for p in ["二(一)", "二(二)2", "二(二)3", "二(三)1", "二(三)2", "二(三)4"]]
    # the number-with-unit targets of those six tasks (二(二)3 has none)
    assert sorted((t["path"], t["value"], t["unit"]) for t in unit["targets"]) == sorted([
        ("二(一)", 1.0, "次"), ("二(一)", 40.0, "亿元"), ("二(一)", 65.0, "%"),
        ("二(二)2", 237.7, "亿元"), ("二(三)1", 20.0, "个"), ("二(三)1", 1000.0, "万元"),
        ("二(三)2", 6000.0, "人次"), ("二(三)4", 30.0, "个")])


def test_units_count_their_responsibility_clauses(corpus_client: TestClient) -> None:
    counts = {u["name"]: u["taskCount"] for u in data(corpus_client, "{ units { name taskCount } }")["units"]}
    # units are stored by their standard names (extract/data/bureau_names.tsv): 市发改委 is
    # 市发展和改革委员会, 市人力社保局 市人力资源和社会保障局, 市卫计委 市卫生和计划生育委员会
    city = {"市招商局": 6, COLLECTIVE: 8, "市发展和改革委员会": 3, "市国土资源局": 2,
            "市规划局": 2, "市旅游局": 2, "市财政局": 2, "市农业局": 2,
            "市人力资源和社会保障局": 2, "市教育局": 1, "市卫生和计划生育委员会": 1,
            "市商务局": 1}
    # sentence subjects given work (X要…): two in 二(一), one each in 三(三) and 三(四)
    city |= {"五个经济发达的区(市)": 1, "加快发展县": 1, "各受援县": 1, "经济强市(区)": 1}
    # the provincial document's subject sentences: eight departments and four more subjects
    # in 五, one or two subjects in 二(四), 三(一), 三(二), 四(二), 四(三) (X每年至少…,
    # X在…的前提下,…要…, X的…资金…要…)
    # (省发改委, 省经信委, 省科技厅 and 省人力社保厅 by their standard names; 省卫生厅 and
    # 省文化厅 are names of their own, their successors are no spellings of them)
    province = {name: 1 for name in ["省发展和改革委员会", "省经济和信息化委员会", "省教育厅",
                                     "省科学技术厅", "省财政厅", "省人力资源和社会保障厅",
                                     "省文化厅", "省卫生厅",
                                     "各级", "各部门", "欠发达地区", "发达地区",
                                     "省级教育、科技、文化、卫生、人力社保等部门",
                                     "发达地区各市政府", "合作双方政府", "各级经信、协作部门",
                                     "各级政府", "对口市县", "各地", "各有关部门"]}
    # 省级有关部门 in 三(二) and 三(三); 发达地区 in 五 and 二(一) (在…的同时,要…)
    province |= {"省级有关部门": 2, "发达地区": 2}
    # each paired county's government (data/reference/wenzhou-pairings.yaml), so a county can
    # report for its share; none is named in a responsibility clause
    counties = {f"{county}人民政府": 0 for county in [
        "鹿城区", "龙湾区", "瓯海区", "瑞安市", "乐清市", "泰顺县", "苍南县", "文成县", "平阳县", "永嘉县"]}
    assert counts == city | province | counties


def test_who_owns_40_yi_is_zhaoshangju_leading_the_collective_and_the_sections_subjects(corpus_client: TestClient) -> None:
    rows = data(corpus_client, '{ whoOwns(text: "40亿元") { target { path quote value unit } '
                               'owners { name role } } }')["whoOwns"]
    assert len(rows) == 1
    assert rows[0]["target"]["path"] == "二(一)"
    assert (rows[0]["target"]["value"], rows[0]["target"]["unit"]) == (40.0, "亿元")
    assert "不少于40亿元" in rows[0]["target"]["quote"]
    # the clause's units first, then the section's sentence subjects given work
    assert rows[0]["owners"] == [{"name": "市招商局", "role": "LEAD"},
                                 {"name": COLLECTIVE, "role": "CO"},
                                 {"name": "五个经济发达的区(市)", "role": "CO"},
                                 {"name": "加快发展县", "role": "CO"}]


def test_overdue_on_new_year_2019(corpus_client: TestClient) -> None:
    rows = data(corpus_client, '{ overdue(asOf: "2019-01-01") { id path text dueDate status '
                               'owners { name } source { quote } } }')["overdue"]
    assert all(r["status"] == "OVERDUE" and r["dueDate"] < "2019-01-01" for r in rows)
    park = [r for r in rows if r["path"] == "二(二)1"]
    assert len(park) == 1
    assert park[0]["dueDate"] == "2018-07-31"
    assert park[0]["owners"] == [{"name": COLLECTIVE}]
    assert "2018年7月底前" in park[0]["source"]["quote"]
    assert key_of(park[0]["id"]).startswith("Obligation:deadline:")
    # owned work late on that day: every paired task with a 2018 instance or deadline;
    # 二(三)4 (到2020年) is not late yet
    owned = {r["path"] for r in rows if r["owners"] and "/000_" in "/" + key_of(r["id"]).split(":", 2)[2]}
    assert owned == PAIRED_TASKS - {"二(三)4"}
    assert "市商务局" not in {o["name"] for r in rows for o in r["owners"]}
    # the yearly 每年年底前 of 二(一): its 2018 instance, with a stable per-year id
    assert any(r["path"] == "二(一)" and key_of(r["id"]).endswith("@2018") and r["dueDate"] == "2018-12-31"
               for r in rows)
    assert len({r["id"] for r in rows}) == len(rows)


def test_shangwuju_has_nothing_overdue_on_new_year_2019(corpus_client: TestClient) -> None:
    assert data(corpus_client, '{ overdue(asOf: "2019-01-01", unit: "市商务局") { path } }') == {
        "overdue": []}


def test_overdue_of_guihuaju_on_new_year_2019(corpus_client: TestClient) -> None:
    # 二(二)2: 2018年四季度前 → 2018-12-31; 二(二)3: 力争2018年 → 2018-12-31 (its 2019年前 /
    # 2020年前 deadlines are not due yet)
    rows = data(corpus_client, '{ overdue(asOf: "2019-01-01", unit: "市规划局") { path dueDate } }')
    assert rows["overdue"] == [{"path": "二(二)2", "dueDate": "2018-12-31"},
                               {"path": "二(二)3", "dueDate": "2018-12-31"}]


def test_due_in_2020(corpus_client: TestClient) -> None:
    rows = data(corpus_client, '{ dueBetween(start: "2020-01-01", end: "2020-12-31") '
                               '{ path dueDate owners { name } } }')["dueBetween"]
    assert all("2020-01-01" <= r["dueDate"] <= "2020-12-31" for r in rows)
    got = [(r["path"], r["dueDate"]) for r in rows]
    # 2020年前初见成效 and 2020 年前建成 name one due date: one instance quoting both
    assert got.count(("二(二)3", "2020-12-31")) == 1
    assert ("三(二)", "2020-10-31") in got  # 每年10月底前, 2020 instance
    marketing = [r for r in rows if r["path"] == "二(三)4"]
    assert [m["dueDate"] for m in marketing] == ["2020-12-31"]
    assert [o["name"] for o in marketing[0]["owners"]] == ["市农业局", "市商务局", "市招商局", COLLECTIVE]
    assert ("二(二)1", "2018-07-31") not in got


def test_taishun_owes_through_its_pairing(corpus_client: TestClient) -> None:
    place = data(corpus_client, '{ place(name: "泰顺县") { name pairedWith { name } '
                                'obligations(asOf: "2021-06-01") { path dueDate status } } }')["place"]
    assert place["name"] == "泰顺县"
    assert place["pairedWith"] == [{"name": "鹿城区"}]
    obligations = place["obligations"]
    assert {o["path"] for o in obligations} == PAIRED_TASKS
    assert {"path": "二(二)1", "dueDate": "2018-07-31", "status": "OVERDUE"} in obligations
    assert {"path": "二(三)4", "dueDate": "2020-12-31", "status": "OVERDUE"} in obligations
    # 每年年底前 of 二(一) has no horizon of its own: the document plans to 2020 (到2020年,
    # 2020年前), so instances 2018 … 2020, all unreported and past due on 2021-06-01
    year_ends = sorted(o["dueDate"] for o in obligations
                       if o["path"] == "二(一)" and o["dueDate"].endswith("12-31"))
    assert year_ends[0] == "2018-12-31" and year_ends[-1] == "2020-12-31"
    assert {"path": "二(一)", "dueDate": "2020-12-31", "status": "OVERDUE"} in obligations


def test_co_responsibility_of_zhaoshangju(corpus_client: TestClient) -> None:
    rows = data(corpus_client, '{ coResponsibility(unit: "市招商局") { unit { name } sharedTasks } }')
    shared = [(r["unit"]["name"], r["sharedTasks"]) for r in rows["coResponsibility"]]
    assert dict(shared) == {COLLECTIVE: 6, "市发展和改革委员会": 3, "市国土资源局": 2,
                            "市规划局": 2, "市旅游局": 2, "市农业局": 2, "市财政局": 1,
                            "市人力资源和社会保障局": 1,
                            "市商务局": 1, "五个经济发达的区(市)": 1, "加快发展县": 1}
    assert [n for _, n in shared] == sorted((n for _, n in shared), reverse=True)


def test_shortest_path_from_shangwuju_to_taishun(corpus_client: TestClient) -> None:
    steps = data(corpus_client, '{ shortestPath(from: "市商务局", to: "泰顺县") { kind label } }')
    assert steps["shortestPath"] == [
        {"kind": "UNIT", "label": "市商务局"}, {"kind": "TASK", "label": "二(三)4"},
        {"kind": "UNIT", "label": COLLECTIVE}, {"kind": "PLACE", "label": "泰顺县"}]


def test_search_minsu(corpus_client: TestClient) -> None:
    hits = data(corpus_client, '{ search(text: "民宿") { kind path snippet } }')["search"]
    assert [(h["kind"], h["path"]) for h in hits] == [("TASK", "二(三)1")]
    assert "精品客栈(民宿)" in hits[0]["snippet"]
