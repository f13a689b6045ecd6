"""A finished GraphQL request is freed by reference counting: its executor, context,
session and request are left in no reference cycle for the cyclic collector."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest
from sqlalchemy.sql.selectable import Subquery
from starlette.testclient import TestClient
from strawberry.dataloader import DataLoader

from hardening.cancellation import CancellableExecution
from schema.context import Context
from schema.loaders import Loaders
from schema.report_cache import ReportCache
from tests.live_server import uncached_corpus_client

UNIT = '{ unit(name: "市规划局") { name level } }'
# a page answered by the plain-leaf path, its statuses judged from the progress reports
PAGE = '{ obligations(asOf: "2019-01-01", first: 20) { nodes { path dueDate status } } }'
# a unit card: its tasks, their documents and its targets read through DataLoaders, the
# first tasks and targets of the unit cut by the database (a ranked subquery)
CARD = ('{ unit(name: "市规划局") { name aliases tasks { path document { number } } '
        'targets { path value unit } } }')


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    with uncached_corpus_client(tmp_path_factory.mktemp("garbage")) as test_client:
        yield test_client


def _alive(kind: type) -> int:
    return sum(1 for found in gc.get_objects() if isinstance(found, kind))


@pytest.mark.parametrize("query", [UNIT, PAGE, CARD])
@pytest.mark.parametrize("kind", [CancellableExecution, Context, ReportCache, Loaders,
                                  DataLoader, Subquery])
def test_an_answered_operation_leaves_nothing_for_the_cyclic_collector(
        client: TestClient, kind: type, query: str) -> None:
    client.post("/graphql", json={"query": query})  # warm: lazily made state comes first
    gc.collect()
    gc.disable()  # what only the collector would free stays visible
    try:
        before = _alive(kind)
        for _ in range(3):
            response = client.post("/graphql", json={"query": query})
            assert response.status_code == 200 and "errors" not in response.json()
        left = _alive(kind) - before
    finally:
        gc.enable()
    assert left == 0


def test_a_helper_of_a_finished_operation_says_so() -> None:
    from hardening.cancellation import _weakly

    class Owner:
        def work(self, value: int) -> int:
            return value + 1

    owner = Owner()
    helper = _weakly(owner.work)
    assert helper(1) == 2
    del owner
    with pytest.raises(RuntimeError, match="ended"):
        helper(1)
