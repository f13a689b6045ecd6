"""A nested query costs one batch per level, whatever the number of rows (DataLoaders)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlmodel import Session

from store import tables as t
from tests.schema.conftest import make_client, post_query

NESTED = "{ units { name tasks { path targets { value owners { name role } } } } }"


def fill(engine: Engine, units: int, *, prefix: str, number: str | None = None) -> None:
    """Add ``units`` units, each lead on two tasks, each task with two targets, in one
    document (with this 文号)."""
    with Session(engine) as session:
        doc = t.Document(key=f"synthetic-{prefix}", sha256="0" * 64, text="", number=number)
        session.add(doc)
        session.flush()
        for i in range(units):
            unit = t.Unit(name=f"{prefix}测试局{i}", level="city")
            session.add(unit)
            session.flush()
            for j in range(2):
                task = t.Task(document_id=doc.id or 0, path=f"{i}({j})", text="任务", start=0, end=0)
                session.add(task)
                session.flush()
                session.add(t.TaskUnit(task_id=task.id or 0, unit_id=unit.id or 0, role="lead"))
                for k in range(2):
                    session.add(t.Target(document_id=doc.id or 0, task_id=task.id, path=task.path,
                                         comparator=">=", value=k + 1, unit="个"))
        row = session.get(t.DataVersion, 1) or t.DataVersion(id=1)
        row.version += 1
        session.add(row)
        session.commit()


@contextmanager
def counting(engine: Engine) -> Iterator[list[str]]:
    statements: list[str] = []

    def record(conn: object, cursor: object, statement: str, *args: object) -> None:
        # On PostgreSQL the rate limiter counts each request in the shared database: the
        # request's cost, not the query's.
        if "rate_limit_counter" not in statement:
            statements.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", record)


def statements_for_nested_query(engine: Engine) -> tuple[int, int]:
    with make_client(engine) as client:
        post_query(client, "{ units { name } }")  # warm up: graph built, version checked
        with counting(engine) as statements:
            body = post_query(client, NESTED)
    return len(statements), len(body["data"]["units"])


def test_nested_query_statement_count_does_not_grow_with_rows(engine: Engine) -> None:
    fill(engine, 2, prefix="市")
    small, small_units = statements_for_nested_query(engine)
    fill(engine, 18, prefix="县")
    large, large_units = statements_for_nested_query(engine)
    assert (small_units, large_units) == (2, 20)
    assert small == large
    # version check + units + tasks + targets + owners: one statement per level; and the
    # response cache's key reads the data version and the newest audit id (two more)
    assert 4 + 2 <= small <= 5 + 2


SNAPSHOT_OWNERS = "{ units { tasks { owners { name corrected } } } }"
STORED_OWNERS = """query($d: String!) { document(number: $d) {
  tasks { owners { name corrected corrections { id } } } } }"""
STORED_TASKS = """query($d: String!) { document(number: $d) {
  tasks { path corrected corrections { id } } } }"""


def statements_answering(engine: Engine, query: str, **variables: str
                         ) -> tuple[int, dict[str, Any]]:
    """The statements one request sends, and its answer."""
    with make_client(engine) as client:
        post_query(client, "{ units { name } }")  # warm up: graph built, version checked
        with counting(engine) as statements:
            body = post_query(client, query, **variables)
    assert "errors" not in body, body
    data: dict[str, Any] = body["data"]
    return len(statements), data


def statements_for_owners(engine: Engine, query: str, **variables: str) -> tuple[int, int]:
    """The statements one request for owners sends, and how many owners it answers."""
    sent, data = statements_answering(engine, query, **variables)
    tasks = ([task for unit in data["units"] for task in unit["tasks"]] if "units" in data
             else data["document"]["tasks"])
    owners = [owner for task in tasks for owner in task["owners"]]
    assert owners and not any(o["corrected"] or o.get("corrections") for o in owners)
    return sent, len(owners)


def test_asking_whether_owners_are_corrected_costs_no_statement_per_owner(
        engine: Engine) -> None:
    # owners answered from the snapshot (a unit's tasks) or from links as read (a
    # document's tasks) hold no correction id: whether a curator made the link is read
    # for all of them at once
    fill(engine, 3, prefix="市", number="温政发〔2026〕1号")
    small_units, few = statements_for_owners(engine, SNAPSHOT_OWNERS)
    small_document, _ = statements_for_owners(engine, STORED_OWNERS, d="温政发〔2026〕1号")
    fill(engine, 12, prefix="县", number="温政发〔2026〕2号")
    large_units, many = statements_for_owners(engine, SNAPSHOT_OWNERS)
    large_document, in_document = statements_for_owners(engine, STORED_OWNERS,
                                                         d="温政发〔2026〕2号")
    assert (few, many, in_document) == (6, 30, 24)
    assert (small_units, small_document) == (large_units, large_document)


def test_asking_whether_tasks_are_corrected_costs_no_statement_per_task(
        engine: Engine) -> None:
    fill(engine, 3, prefix="市", number="温政发〔2026〕1号")
    fill(engine, 15, prefix="县", number="温政发〔2026〕2号")
    small, few = statements_answering(engine, STORED_TASKS, d="温政发〔2026〕1号")
    large, many = statements_answering(engine, STORED_TASKS, d="温政发〔2026〕2号")
    assert (len(few["document"]["tasks"]), len(many["document"]["tasks"])) == (6, 30)
    assert not any(task["corrected"] or task["corrections"]
                   for task in few["document"]["tasks"] + many["document"]["tasks"])
    assert small == large
