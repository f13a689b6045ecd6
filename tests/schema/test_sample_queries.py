"""Queries against the hand-written sample store (graph/sample.py), on both back-ends.

Expected values come from the sample's rows, which copy 温政发〔2018〕26号: 二(二)1 is due
2018年7月底前 and owned by the collective unit alone; 二(三)4 (到2020年 … 30个以上) by
市农业局 (lead), 市商务局, 市招商局〈经合办〉 and the collective; 三(二) has 每年10月底前.
"""

from __future__ import annotations

from starlette.testclient import TestClient

from tests.schema.conftest import Gql

COLLECTIVE = "结对县(市、区)党委、政府"


def test_unit_by_alias_resolves_to_canonical_unit(gql: Gql) -> None:
    body = gql('{ unit(name: "经合办") { name aliases level tasks { path document { number } } '
               'targets { path value unit } } }')
    assert body["data"]["unit"] == {
        "name": "市招商局", "aliases": ["经合办"], "level": "CITY",
        "tasks": [{"path": "二(三)4", "document": {"number": "温政发〔2018〕26号"}}],
        "targets": [{"path": "二(三)4", "value": 30.0, "unit": "个"}],
    }


def test_units_count_their_tasks(gql: Gql) -> None:
    counts = {u["name"]: u["taskCount"] for u in gql("{ units { name taskCount } }")["data"]["units"]}
    assert counts == {"市招商局": 1, "市农业局": 1, "市商务局": 1, COLLECTIVE: 2}


def test_unknown_unit_is_not_found_with_suggestions(gql: Gql) -> None:
    body = gql('{ unit(name: "市招商") { name } }')
    error = body["errors"][0]
    assert body["data"] is None
    assert error["extensions"]["code"] == "NOT_FOUND"
    assert error["extensions"]["suggestions"][0] == "市招商局"
    assert "市招商局" in error["message"]


def test_malformed_date_is_bad_user_input(client: TestClient) -> None:
    # the Date scalar refuses it while the query is validated: a request error (400)
    response = client.post("/graphql", json={"query": '{ overdue(asOf: "2019-13-01") { id } }'})
    assert response.status_code == 400
    error = response.json()["errors"][0]
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert "YYYY-MM-DD" in error["message"]


def test_inverted_range_is_bad_user_input(gql: Gql) -> None:
    error = gql('{ dueBetween(start: "2020-12-31", end: "2020-01-01") { id } }')["errors"][0]
    assert error["extensions"]["code"] == "BAD_USER_INPUT"


def test_overdue_lists_past_due_instances_with_owners_and_source(gql: Gql) -> None:
    rows = gql('{ overdue(asOf: "2019-01-01") { path text dueDate status owners { name role } '
               'source { quote document { number } } } }')["data"]["overdue"]
    # 每年10月底前's 2018 instance fell before the issue date (2018-12-07): never owed
    assert [(r["path"], r["dueDate"], r["status"]) for r in rows] == [
        ("二(二)1", "2018-07-31", "OVERDUE")]
    assert rows[0]["owners"] == [{"name": COLLECTIVE, "role": "LEAD"}]
    assert rows[0]["source"]["quote"].startswith("2018年7月底前")
    assert rows[0]["source"]["document"]["number"] == "温政发〔2018〕26号"


def test_overdue_of_a_unit_without_late_work_is_empty(gql: Gql) -> None:
    assert gql('{ overdue(asOf: "2019-01-01", unit: "市商务局") { path } }')["data"]["overdue"] == []


def test_yearly_deadline_has_one_instance_per_year_through_the_asked_year(gql: Gql) -> None:
    rows = gql('{ dueBetween(start: "2018-01-01", end: "2020-12-31") { key path dueDate } }')
    yearly = [(r["key"].split("@")[1], r["dueDate"]) for r in rows["data"]["dueBetween"]
              if r["path"] == "三(二)"]
    assert yearly == [("2019", "2019-10-31"), ("2020", "2020-10-31")]


def test_place_obligations_come_through_the_collective_unit(gql: Gql) -> None:
    place = gql('{ place(name: "泰顺县") { name pairedWith { name } memberOf { name } '
                'obligations(asOf: "2021-06-01") { path dueDate status } } }')["data"]["place"]
    assert place["pairedWith"] == [{"name": "鹿城区"}]
    assert place["memberOf"] == [{"name": COLLECTIVE}]
    assert place["obligations"] == [
        {"path": "二(二)1", "dueDate": "2018-07-31", "status": "OVERDUE"},
        {"path": "二(三)4", "dueDate": "2020-12-31", "status": "OVERDUE"}]


def test_co_responsibility_counts_shared_tasks(gql: Gql) -> None:
    rows = gql('{ coResponsibility(unit: "经合办") { unit { name } sharedTasks } }')
    assert rows["data"]["coResponsibility"] == [
        {"unit": {"name": "市农业局"}, "sharedTasks": 1},
        {"unit": {"name": "市商务局"}, "sharedTasks": 1},
        {"unit": {"name": COLLECTIVE}, "sharedTasks": 1}]


def test_shortest_path_runs_through_task_and_collective(gql: Gql) -> None:
    steps = gql('{ shortestPath(from: "市商务局", to: "泰顺县") { kind label } }')
    assert steps["data"]["shortestPath"] == [
        {"kind": "UNIT", "label": "市商务局"}, {"kind": "TASK", "label": "二(三)4"},
        {"kind": "UNIT", "label": COLLECTIVE}, {"kind": "PLACE", "label": "泰顺县"}]


def test_who_owns_finds_target_by_value(gql: Gql) -> None:
    rows = gql('{ whoOwns(text: "30个") { target { path value unit } owners { name role } } }')
    assert rows["data"]["whoOwns"] == [{
        "target": {"path": "二(三)4", "value": 30.0, "unit": "个"},
        "owners": [{"name": "市农业局", "role": "LEAD"}, {"name": "市商务局", "role": "CO"},
                   {"name": "市招商局", "role": "CO"}, {"name": COLLECTIVE, "role": "CO"}]}]


def test_search_matches_chinese_substrings_with_snippets(gql: Gql) -> None:
    hits = gql('{ search(text: "销售窗口") { kind path snippet } }')["data"]["search"]
    assert [(h["kind"], h["path"]) for h in hits] == [("TASK", "二(三)4"), ("TARGET", "二(三)4")]
    assert all("销售窗口" in h["snippet"] for h in hits)


def test_search_escapes_like_wildcards(gql: Gql) -> None:
    assert gql('{ search(text: "%") { kind } }')["data"]["search"] == []


def test_the_obligations_connection_pages_with_cursors(gql: Gql) -> None:
    # on 2021-06-01: 二(二)1, 二(三)4 and 三(二)'s 2019, 2020 and 2021 instances
    query = ('query($after: String) { obligations(asOf: "2021-06-01", first: 3, after: $after) '
             '{ totalCount edges { cursor node { path } } nodes { path } '
             'pageInfo { hasNextPage hasPreviousPage endCursor } } }')
    first = gql(query)["data"]["obligations"]
    assert first["totalCount"] == 5 and len(first["edges"]) == 3
    assert first["pageInfo"]["hasNextPage"] is True
    assert [e["node"] for e in first["edges"]] == first["nodes"]
    rest = gql(query, after=first["pageInfo"]["endCursor"])["data"]["obligations"]
    assert len(rest["nodes"]) == 2 and rest["pageInfo"] ["hasNextPage"] is False
    assert rest["pageInfo"]["hasPreviousPage"] is True
    paths = [n["path"] for n in first["nodes"] + rest["nodes"]]
    assert sorted(paths) == ["三(二)", "三(二)", "三(二)", "二(三)4", "二(二)1"]


def test_the_unit_list_takes_first_within_its_maximum(gql: Gql) -> None:
    assert len(gql("{ units(first: 2) { name } }")["data"]["units"]) == 2
    assert len(gql("{ units { name } }")["data"]["units"]) == 4
    error = gql("{ units(first: -1) { name } }")["errors"][0]
    assert error["extensions"]["code"] == "BAD_USER_INPUT" and "500" in error["message"]


def test_bad_cursor_is_bad_user_input(gql: Gql) -> None:
    error = gql('{ obligations(asOf: "2019-01-01", after: "nonsense") { totalCount } }')["errors"][0]
    assert error["extensions"]["code"] == "BAD_USER_INPUT"


def test_obligations_connection_filters_by_status(gql: Gql) -> None:
    page = gql('{ obligations(asOf: "2020-12-15", status: DUE_SOON) { totalCount '
               'nodes { id dueDate target { value } } } }')["data"]["obligations"]
    assert page["totalCount"] == 1
    assert page["nodes"][0]["dueDate"] == "2020-12-31"
    assert page["nodes"][0]["target"] == {"value": 30.0}
