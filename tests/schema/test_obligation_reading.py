"""A GraphQL obligation says what its task is, on the sample store (graph/sample.py):
二(二)1 is the section 建立健全生态旅游文化产业园管理运营机制, due 2018年7月底前."""

from __future__ import annotations

from tests.schema.conftest import Gql


def test_an_overdue_obligation_carries_its_tasks_heading_and_its_quotes(gql: Gql) -> None:
    body = gql('{ overdue(asOf: "2019-01-01") { path heading raw sources { quote } } }')
    assert body["data"]["overdue"] == [{
        "path": "二(二)1", "heading": "建立健全生态旅游文化产业园管理运营机制", "raw": "2018年7月底前",
        "sources": [{"quote": "2018年7月底前,……五个生态旅游文化产业园所在地政府完成“山海协作产业园管委会的组建工作"}],
    }]


def test_nothing_is_overdue_before_the_document_was_issued(gql: Gql) -> None:
    # the sample document is issued 2018-12-07; its 2018年7月底前 did not exist in August
    assert gql('{ overdue(asOf: "2018-08-15") { path } }')["data"]["overdue"] == []
