"""GraphQL answers speak Chinese by default and English on request, as UTF-8 text."""

from __future__ import annotations

import re

from starlette.testclient import TestClient

HAN = re.compile(r"[\u4e00-\u9fff]")
UNKNOWN_UNIT = '{ unit(name: "市招商") { name } }'


def error_of(client: TestClient, query: str, **headers: str) -> dict:
    response = client.post("/graphql", json={"query": query}, headers=headers)
    return response.json()["errors"][0]


def test_not_found_is_chinese_by_default(client: TestClient) -> None:
    error = error_of(client, UNKNOWN_UNIT)
    assert error["extensions"]["code"] == "NOT_FOUND"
    assert error["message"].startswith("没有名为“市招商”的单位")
    assert "是否要找" in error["message"]
    assert not re.search(r"[A-Za-z]{3,}", error["message"])


def test_not_found_is_english_through_accept_language(client: TestClient) -> None:
    error = error_of(client, UNKNOWN_UNIT, **{"Accept-Language": "en-US,en;q=0.9"})
    assert error["extensions"]["code"] == "NOT_FOUND"
    assert error["message"].startswith("No unit is named “市招商”.")
    assert "Did you mean: 市招商局" in error["message"]


def test_a_bad_date_is_explained_in_the_language_asked_for(client: TestClient) -> None:
    literal = '{ overdue(asOf: "2019-13-01") { id } }'
    assert "须为 YYYY-MM-DD 格式的日期" in error_of(client, literal)["message"]
    # a variable is read on every request (a literal's check is cached with its query text)
    query = "query($d: Date!) { overdue(asOf: $d) { id } }"
    english = client.post("/graphql", json={"query": query, "variables": {"d": "2019-13-01"}},
                          headers={"Accept-Language": "en"}).json()["errors"][0]["message"]
    chinese = client.post("/graphql", json={"query": query, "variables": {"d": "2019-13-01"}}
                          ).json()["errors"][0]["message"]
    assert "must be a date" in english and "须为 YYYY-MM-DD 格式的日期" in chinese


def test_the_answer_says_its_language(client: TestClient) -> None:
    chinese = client.post("/graphql", json={"query": UNKNOWN_UNIT})
    english = client.post("/graphql", json={"query": UNKNOWN_UNIT},
                          headers={"Accept-Language": "en"})
    assert chinese.headers["content-language"] == "zh"
    assert english.headers["content-language"] == "en"
    assert "accept-language" in chinese.headers["vary"].lower()


def test_json_answers_carry_chinese_as_utf8_not_escapes(client: TestClient) -> None:
    response = client.post("/graphql", json={"query": '{ unit(name: "经合办") { name } }'})
    assert "市招商局".encode() in response.content
    assert b"\\u" not in response.content
    health = client.get("/healthz")
    assert b"\\u" not in health.content
