"""A nested query costs one batch per level, whatever the number of rows (DataLoaders)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlmodel import Session

from store import tables as t
from store.corrections import create_correction, revert_correction
from store.db import session_scope
from store.ingest import ingest_file
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


# --- a corrected fact's corrections: read for every object of the request at once ---------

CORPUS = Path(__file__).resolve().parents[2] / "data" / "corpus"
CITY, COUNTY = "000_a92242b81cc0d015", "003_e159d8715f3bd95b"
CITY_NUMBER = "温政发〔2018〕26号"
CORRECTED_TARGETS = """query($d: String!) { document(number: $d) {
  tasks { targets { value corrected corrections { id document kind status } } } } }"""
CORRECTED_OWNERS = """query($d: String!) { document(number: $d) {
  tasks { owners { name corrected corrections { id document kind reason } } } } }"""
CORRECTED_OBLIGATIONS = """{ overdue(asOf: "2030-01-01") {
  key corrected corrections { id document kind taskPath } } }"""


def stored_corpus(engine: Engine) -> dict[str, int]:
    """Both bundled documents stored; their ids by key."""
    ids = {}
    for key in (CITY, COUNTY):
        result = ingest_file(engine=engine, path=CORPUS / f"{key}.txt")
        assert result.ok and result.document_id is not None
        ids[key] = result.document_id
    return ids


def correct(engine: Engine, document_id: int, task_path: str, kind: str,
            payloads: Iterable[dict[str, Any]]) -> list[int]:
    """One correction of ``kind`` of the task at ``task_path`` per payload; their ids."""
    made = []
    with session_scope(engine) as session:
        for payload in payloads:
            row = create_correction(session=session, document_id=document_id,
                                    task_path=task_path, kind=kind, payload=payload,
                                    reason="核对", actor="tester")
            made.append(row.id or 0)
    return made


def shown(items: Iterable[dict[str, Any]]) -> list[list[tuple[int, str, str]]]:
    """The (id, document, kind) of each corrected item's corrections."""
    return [[(c["id"], c["document"], c["kind"]) for c in item["corrections"]]
            for item in items if item["corrected"]]


def test_a_document_of_corrected_targets_reads_their_corrections_at_once(
        engine: Engine) -> None:
    document_id = stored_corpus(engine)[CITY]
    made = correct(engine, document_id, "二(二)3", "add_target",
                   ({"value": v, "unit": "家"} for v in range(1, 4)))
    few, answer = statements_answering(engine, CORRECTED_TARGETS, d=CITY_NUMBER)
    targets = [t for task in answer["document"]["tasks"] for t in task["targets"]]
    assert shown(targets) == [[(i, CITY, "ADD_TARGET")] for i in made]
    assert all(t["corrections"][0]["status"] == "ACTIVE" for t in targets if t["corrected"])
    made += correct(engine, document_id, "二(二)3", "add_target",
                    ({"value": v, "unit": "家"} for v in range(4, 21)))
    many, answer = statements_answering(engine, CORRECTED_TARGETS, d=CITY_NUMBER)
    targets = [t for task in answer["document"]["tasks"] for t in task["targets"]]
    assert shown(targets) == [[(i, CITY, "ADD_TARGET")] for i in made]
    assert few == many


def test_corrected_owners_read_their_corrections_at_once(engine: Engine) -> None:
    document_id = stored_corpus(engine)[CITY]
    made = correct(engine, document_id, "二(二)3", "add_unit",
                   ({"unit": f"市测试局{i}"} for i in range(3)))
    few, answer = statements_answering(engine, CORRECTED_OWNERS, d=CITY_NUMBER)
    owners = [o for task in answer["document"]["tasks"] for o in task["owners"]]
    assert shown(owners) == [[(i, CITY, "ADD_UNIT")] for i in made]
    made += correct(engine, document_id, "二(二)3", "add_unit",
                    ({"unit": f"市测试局{i}"} for i in range(3, 20)))
    many, answer = statements_answering(engine, CORRECTED_OWNERS, d=CITY_NUMBER)
    owners = [o for task in answer["document"]["tasks"] for o in task["owners"]]
    assert shown(owners) == [[(i, CITY, "ADD_UNIT")] for i in made]
    assert few == many


def deadlines(days: range) -> Iterator[dict[str, Any]]:
    """add_deadline payloads: one deadline in 2019 per day of the year in ``days``."""
    for day in days:
        due = dt.date(2019, 1, 1) + dt.timedelta(days=day)
        yield {"due": due.isoformat(), "raw": f"{due.month}月{due.day}日前"}


def test_corrected_obligations_of_two_documents_read_their_corrections_at_once(
        engine: Engine) -> None:
    ids = stored_corpus(engine)
    city = correct(engine, ids[CITY], "二(二)3", "add_deadline", deadlines(range(2)))
    county = correct(engine, ids[COUNTY], "二(一)", "add_deadline", deadlines(range(2, 3)))

    def expected() -> list[list[tuple[int, str, str]]]:
        return sorted([[(i, CITY, "ADD_DEADLINE")] for i in city]
                      + [[(i, COUNTY, "ADD_DEADLINE")] for i in county])

    few, answer = statements_answering(engine, CORRECTED_OBLIGATIONS)
    assert sorted(shown(answer["overdue"])) == expected()
    city += correct(engine, ids[CITY], "二(二)3", "add_deadline", deadlines(range(3, 12)))
    county += correct(engine, ids[COUNTY], "二(一)", "add_deadline", deadlines(range(12, 20)))
    many, answer = statements_answering(engine, CORRECTED_OBLIGATIONS)
    assert sorted(shown(answer["overdue"])) == expected()
    assert few == many

    # a reverted correction's obligation is gone; the others answer as before
    with session_scope(engine) as session:
        revert_correction(session=session, correction_id=city.pop(0), actor="tester",
                          reason="有误")
    _, answer = statements_answering(engine, CORRECTED_OBLIGATIONS)
    assert sorted(shown(answer["overdue"])) == expected()


CORRECTED_TASKS = """query($d: String!) { document(number: $d) {
  tasks { path corrected corrections { id document kind } } } }"""


def test_corrected_tasks_read_their_corrections_at_once(engine: Engine) -> None:
    document_id = stored_corpus(engine)[CITY]
    _, answer = statements_answering(engine, CORRECTED_TASKS, d=CITY_NUMBER)
    paths = [task["path"] for task in answer["document"]["tasks"]]
    assert len(paths) >= 12 and not any(task["corrected"] for task in answer["document"]["tasks"])
    made = {path: correct(engine, document_id, path, "add_unit", [{"unit": "市测试局"}])
            for path in paths[:2]}

    def corrected(answer: dict[str, Any]) -> dict[str, list[tuple[int, str, str]]]:
        return {task["path"]: [(c["id"], c["document"], c["kind"]) for c in task["corrections"]]
                for task in answer["document"]["tasks"] if task["corrected"]}

    few, answer = statements_answering(engine, CORRECTED_TASKS, d=CITY_NUMBER)
    assert corrected(answer) == {p: [(i, CITY, "ADD_UNIT") for i in ids] for p, ids in made.items()}
    made.update({path: correct(engine, document_id, path, "add_unit", [{"unit": "市测试局"}])
                 for path in paths[2:12]})
    many, answer = statements_answering(engine, CORRECTED_TASKS, d=CITY_NUMBER)
    assert corrected(answer) == {p: [(i, CITY, "ADD_UNIT") for i in ids] for p, ids in made.items()}
    assert few == many
