"""The store functions the graph, the DataLoaders, search, feeds, widgets and the CLI
query through, on the hand-written sample store."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from sqlalchemy import event
from sqlalchemy.engine import Row
from sqlmodel import Session

from graph.sample import COLLECTIVE, sample_engine
from store import batches, graph_rows
from store.audit import count_audit, newest_audit_id, record_audit
from store.crud.documents import document_keys
from store.crud.units import find_unit
from store.curation_tables import Correction
from store.outbox import add_message, count_messages_by_status, lock_alert_runs
from store.readback import one_row, stored_rows
from store.search import like_pattern, targets_quoting, tasks_containing, units_named
from store.silences import add_silence, silences_in_force_named
from store.tables import Document, Target, TaskUnit


@pytest.fixture
def session() -> Iterator[Session]:
    with Session(sample_engine()) as session:
        yield session


def statements(session: Session) -> list[str]:
    """A list that fills with every statement the session's engine runs from now on."""
    seen: list[str] = []
    event.listen(session.get_bind(), "before_cursor_execute",
                 lambda _c, _cur, sql, *_: seen.append(sql))
    return seen


def test_graph_rows_come_in_the_order_the_graph_relies_on(session: Session) -> None:
    places = graph_rows.deadline_places(session=session)
    deadlines = list(graph_rows.all_deadlines(session=session))
    assert places and [p[0] for p in places] == [d.id for d in deadlines]
    assert places[0][1:] == (deadlines[0].document_id, deadlines[0].path,
                             deadlines[0].source_start, deadlines[0].raw)
    sections = graph_rows.sections_in_order(session=session)
    assert [(s.document_id, s.start) for s in sections] == sorted(
        (s.document_id, s.start) for s in sections)
    links = list(graph_rows.all_task_links(session=session))  # a stream: read once
    assert links and [link.position for link in links] == sorted(link.position for link in links)
    aliases = [a.alias for a in graph_rows.all_unit_aliases(session=session)]
    assert aliases == sorted(aliases) and "经合办" in aliases


def test_document_headers_leave_the_text_out_and_texts_are_read_on_request(
        session: Session) -> None:
    [header] = graph_rows.document_headers(session=session)
    assert "text" not in header._mapping and header.id is not None
    assert header.key == "000" and header._mapping["issued_on"] == dt.date(2018, 12, 7)
    seen = statements(session)
    assert graph_rows.document_texts(session=session, document_ids=[]) == {}
    assert seen == []  # nothing to read, nothing asked
    texts = graph_rows.document_texts(session=session, document_ids=[header.id])
    stored = one_row(session=session, model=Document, where=[Document.id == header.id])
    assert texts == {header.id: stored.text}


def test_graph_rows_are_plain_rows_with_every_column_as_the_mapped_objects_hold_it(
        session: Session) -> None:
    [target, *_] = graph_rows.all_targets(session=session)
    assert isinstance(target, Row)
    stored = one_row(session=session, model=Target, where=[Target.id == target.id])
    assert list(target._mapping) == [c.name for c in Target.__table__.columns]
    assert dict(target._mapping) == stored.model_dump()
    assert type(target.value) is float and type(target.due) is dt.date
    [unit, *_] = graph_rows.all_units(session=session)
    assert type(unit.collective) is bool


def test_a_batch_look_up_is_one_statement_and_skips_ids_that_are_gone(session: Session) -> None:
    units = graph_rows.all_units(session=session)
    ids = [u.id for u in units if u.id is not None]
    seen = statements(session)
    found = batches.units_by_id(session=session, ids=[*ids, 9999])
    assert len(seen) == 1
    assert sorted(found) == sorted(ids)


def test_owners_of_tasks_follow_the_clause_and_counts_cover_every_link(session: Session) -> None:
    links = list(graph_rows.all_task_links(session=session))
    task_ids = sorted({link.task_id for link in links})
    owners = batches.owners_of_tasks(session=session, task_ids=task_ids)
    assert [link.position for link, _ in owners] == sorted(link.position for link, _ in owners)
    counts = batches.task_counts_of_units(session=session,
                                          unit_ids=[link.unit_id for link in links])
    assert sum(counts.values()) == len(links)
    collective = find_unit(session=session, name=COLLECTIVE)
    assert collective is not None and collective.id is not None
    assert counts[collective.id] == 2


def test_link_corrections_answer_the_corrected_links_asked_for_a_statement_per_chunk(
        session: Session, monkeypatch: pytest.MonkeyPatch) -> None:
    links = stored_rows(session=session, model=TaskUnit, where=[], order_by=[TaskUnit.id])
    corrected, other = links[0], next(k for k in links if k.task_id != links[0].task_id)
    made = Correction(document_id=one_row(session=session, model=Document, where=[]).id or 0,
                      kind="add_unit")
    session.add(made)
    session.flush()
    for link in (corrected, other):
        link.correction_id = made.id
    session.flush()
    # the other corrected link is not asked for, nor is it the only link of its task
    asked = [(k.task_id, k.unit_id) for k in links if k is not other] + [(corrected.task_id, 9999)]
    tasks = {task_id for task_id, _ in asked}
    assert len(tasks) >= 2, "the sample's tasks make two chunks"
    seen = statements(session)
    assert batches.link_corrections(session=session, links=asked) == {
        (corrected.task_id, corrected.unit_id): made.id}  # only what was asked for
    assert len(seen) == 1
    monkeypatch.setattr(batches, "TASKS_PER_STATEMENT", 1)
    seen.clear()
    found = batches.link_corrections(session=session, links=[*asked, asked[0]])
    assert found == {(corrected.task_id, corrected.unit_id): made.id}
    assert len(seen) == len(tasks)
    assert batches.link_corrections(session=session, links=[]) == {}


def test_corrections_at_task_paths_answer_the_places_asked_a_statement_per_chunk(
        session: Session, monkeypatch: pytest.MonkeyPatch) -> None:
    document_id = one_row(session=session, model=Document, where=[]).id or 0
    made = [Correction(document_id=document_id, task_path=path, kind="add_unit", status=status)
            for path, status in [("一(一)", "active"), ("一(二)", "reverted"), ("一(一)", "active"),
                                 ("二", "active")]]
    session.add_all(made)
    session.flush()
    asked = [(document_id, "一(一)"), (document_id, "一(二)"), (document_id, "三"),
             (document_id + 1, "二")]
    seen = statements(session)
    found = batches.corrections_at_task_paths(session=session, places=asked)
    assert found == {(document_id, "一(一)"): [made[0], made[2]],  # in the order made
                     (document_id, "一(二)"): [made[1]]}  # whatever their status
    assert len(seen) == 1
    monkeypatch.setattr(batches, "TASKS_PER_STATEMENT", 1)
    seen.clear()
    assert batches.corrections_at_task_paths(session=session, places=[*asked, asked[0]]) == found
    assert len(seen) == len(asked)


def test_corrections_by_id_come_with_their_documents_keys_two_statements_per_chunk(
        session: Session, monkeypatch: pytest.MonkeyPatch) -> None:
    first = one_row(session=session, model=Document, where=[])
    second = Document(key="second", sha256="1" * 64, text="")
    session.add(second)
    session.flush()
    made = [Correction(document_id=d.id or 0, kind="add_unit") for d in (first, second, first)]
    session.add_all(made)
    session.flush()
    ids = [c.id or 0 for c in made]
    asked = [ids[2], ids[0], 9999, ids[1]]  # one id is no correction
    seen = statements(session)
    found = batches.corrections_by_id(session=session, ids=asked)
    assert found == {ids[0]: (made[0], first.key), ids[1]: (made[1], "second"),
                     ids[2]: (made[2], first.key)}
    assert len(seen) == 2  # the rows, then their documents' keys
    monkeypatch.setattr(batches, "CORRECTIONS_PER_STATEMENT", 1)
    seen.clear()
    assert batches.corrections_by_id(session=session, ids=[*asked, asked[0]]) == found
    assert len(seen) == len(asked) + 2  # a statement per id, then per document
    seen.clear()
    assert batches.corrections_by_id(session=session, ids=[]) == {} and seen == []


def test_a_percent_or_underscore_in_a_phrase_matches_only_itself(session: Session) -> None:
    assert like_pattern("50%_") == "%50\\%\\_%"
    assert targets_quoting(session=session, phrase="30个") != []
    assert targets_quoting(session=session, phrase="%") == []
    assert tasks_containing(session=session, phrase="_") == []
    assert [u.name for u in units_named(session=session, phrase="招商")] == ["市招商局"]


def test_document_keys_answer_for_the_ids_asked(session: Session) -> None:
    [header] = graph_rows.document_headers(session=session)
    assert header.id is not None
    assert document_keys(session=session, document_ids={header.id, 9999}) == {header.id: "000"}
    assert document_keys(session=session, document_ids=set()) == {}


def test_audit_counts_follow_the_filters_and_the_newest_id_moves(session: Session) -> None:
    assert newest_audit_id(session=session) == 0
    record_audit(session=session, action="report_progress", target="obligation:a")
    last = record_audit(session=session, action="retract_report", target="obligation:a",
                        outcome="forbidden")
    assert count_audit(session=session) == 2
    assert count_audit(session=session, target="obligation:a", outcome="forbidden") == 1
    assert count_audit(session=session, action="nothing") == 0
    assert newest_audit_id(session=session) == last.id


def test_outbox_counts_by_status_and_the_alert_run_lock_is_taken(session: Session) -> None:
    assert count_messages_by_status(session=session) == {}
    for digest in ("d1", "d2"):
        add_message(session=session, channel="mail", receiver="unit:1", digest_id=digest,
                    payload={})
    assert count_messages_by_status(session=session) == {"pending": 2}
    seen = statements(session)
    lock_alert_runs(session=session)
    assert any("alert_state" in sql for sql in seen)  # SQLite: the write lock statement


def test_silences_in_force_carry_their_unit_and_end_on_their_day(session: Session) -> None:
    unit = find_unit(session=session, name="经合办")
    assert unit is not None and unit.id is not None
    add_silence(session=session, until=dt.date(2019, 3, 31), unit_id=unit.id, reason="换届")
    add_silence(session=session, until=dt.date(2019, 1, 31), obligation_id="obligation:x")
    rows = silences_in_force_named(session=session, on=dt.date(2019, 2, 1))
    assert [(s.reason, name, county) for s, name, county in rows] == [("换届", "市招商局", None)]
    assert len(silences_in_force_named(session=session, on=dt.date(2019, 1, 1))) == 2
