"""A GraphQL obligation says what its task is, on the sample store (graph/sample.py):
二(二)1 is the section 建立健全生态旅游文化产业园管理运营机制, due 2018年7月底前."""

from __future__ import annotations

import datetime as dt

import pytest

from graph.pages import Wanted, page
from graph.sample import sample_graph
from schema.obligation import ObligationType
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


def test_a_page_of_obligations_answers_the_text_fields_it_asks_for(gql: Gql) -> None:
    body = gql('{ obligations(asOf: "2019-01-01", first: 1) { nodes { key heading text raw } } }')
    assert body["data"]["obligations"]["nodes"] == [{
        "key": "deadline:000/二(二)1/1", "heading": "建立健全生态旅游文化产业园管理运营机制",
        "text": "2018年7月底前,……五个生态旅游文化产业园所在地政府完成“山海协作产业园管委会的组建工作",
        "raw": "2018年7月底前"}]


def test_an_obligation_view_has_no_attribute_beyond_its_fields() -> None:
    graph = sample_graph()
    [first] = page(graph, Wanted(as_of=dt.date(2019, 1, 1)), offset=0, limit=1,
                   reports=lambda ids: ())
    view = ObligationType.from_assessed(graph, first)
    assert view.raw == "2018年7月底前"
    with pytest.raises(AttributeError, match="no attribute 'rawness'"):
        view.rawness  # noqa: B018


def test_an_obligation_view_sets_every_field_the_type_declares() -> None:
    # a view is built without the dataclass __init__: a field added to the type must be
    # set by from_assessed too, or reading it would fail only at request time
    import dataclasses

    graph = sample_graph()
    [first] = page(graph, Wanted(as_of=dt.date(2019, 1, 1)), offset=0, limit=1,
                   reports=lambda ids: ())
    view = ObligationType.from_assessed(graph, first, dt.date(2019, 1, 1))
    declared = {field.name for field in dataclasses.fields(ObligationType) if field.init}
    assert declared == set(vars(view))
