"""ingest_extraction writes every fact, replaces a document in place, and rolls back whole."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, col

import store.writers as writers_module
from graph.state import read_version
from store.crud.documents import delete_document_facts
from store.crud.facts import list_tasks, task_units
from store.db import session_scope
from store.ingest import ingest_extraction
from store.readback import column_tuples, column_values, one_row, one_value, stored_rows
from store.tables import Citation, Deadline, Document, Jurisdiction, PlaceMention, Target, Unit
from tests.store.conftest import Dump, row_counts
from tests.store.extractions import extraction_000, extraction_other


def _ingest(engine: Engine, extraction=None, sha: str = "a" * 64) -> int:  # type: ignore[no-untyped-def]
    with session_scope(engine) as session:
        doc = ingest_extraction(
            session=session,
            extraction=extraction or extraction_000(),
            source_file="000.txt",
            sha256=sha,
        )
        assert doc.id is not None
        return doc.id


def test_every_fact_is_stored_with_its_provenance(engine: Engine) -> None:
    _ingest(engine)
    counts = row_counts(engine)
    assert (counts["document"], counts["section"], counts["task"], counts["taskunit"]) == (
        1,
        4,
        2,
        3,
    )
    assert (counts["target"], counts["deadline"], counts["placemention"], counts["citation"]) == (
        2,
        1,
        1,
        1,
    )
    with Session(engine) as session:
        doc = one_row(session=session, model=Document)
        assert (doc.number, str(doc.issued_on), doc.sha256) == (
            "温政发〔2018〕26号",
            "2018-12-07",
            "a" * 64,
        )
        cite = one_row(session=session, model=Citation)
        assert cite.number == "浙委发〔2018〕3号"
        assert doc.text[cite.source_start : cite.source_end] == "(浙委发〔2018〕3号)"


def test_task_units_keep_role_position_and_raw_text(engine: Engine) -> None:
    _ingest(engine)
    with Session(engine) as session:
        first, second = list_tasks(session=session)
        assert first.id is not None and second.id is not None
        links = [
            (u.name, tu.role, tu.position, tu.raw)
            for tu, u in task_units(session=session, task_id=first.id)
        ]
        assert links == [
            ("市招商局", "lead", 0, "市招商局〈经合办〉"),
            ("结对县(市、区)党委、政府", "co", 1, "结对县〈市、区〉党委、政府"),
        ]
        assert first.source_quote == "(责任单位:市招商局〈经合办〉,结对县〈市、区〉党委、政府)"
        paired = one_row(session=session, model=Unit,
                         where=[Unit.name == "结对县(市、区)党委、政府"])
        assert paired.collective is True


def test_targets_and_deadlines_link_to_the_task_whose_span_contains_them(engine: Engine) -> None:
    _ingest(engine)
    with Session(engine) as session:
        tasks = {t.id: t.path for t in list_tasks(session=session)}
        targets = stored_rows(session=session, model=Target, order_by=[col(Target.source_start)])
        assert [(tasks[t.task_id], t.value, t.base_value) for t in targets if t.task_id] == [
            ("二(一)", 40.0, 4e9),
            ("二(二)1", 2.0, 2e8),
        ]
        deadline = one_row(session=session, model=Deadline)
        assert deadline.task_id is not None and tasks[deadline.task_id] == "二(二)1"
        assert json.loads(deadline.readings) == ["2018-07-31"]
        # 鹿城区 is named in 二(二)3, which is not one of this extraction's tasks.
        mention = one_row(session=session, model=PlaceMention)
        assert mention.task_id is None and mention.source_quote == "鹿城区七都街道"


def test_ingesting_again_replaces_facts_in_place_and_keeps_ids(engine: Engine) -> None:
    first_id = _ingest(engine)
    counts = row_counts(engine)
    with Session(engine) as session:
        unit_ids = sorted(u.id for u in stored_rows(session=session, model=Unit))  # type: ignore[type-var]
    second_id = _ingest(engine, sha="b" * 64)
    assert second_id == first_id
    assert row_counts(engine) == counts
    with Session(engine) as session:
        assert sorted(u.id for u in stored_rows(session=session, model=Unit)) == unit_ids  # type: ignore[type-var]
        assert one_value(session=session, column=Document.sha256) == "b" * 64


def test_each_ingest_bumps_the_data_version_once(engine: Engine) -> None:
    _ingest(engine)
    _ingest(engine)
    with Session(engine) as session:
        assert read_version(session) == 2


def test_units_merge_across_two_documents_of_one_government(engine: Engine) -> None:
    _ingest(engine)
    _ingest(engine, extraction_other(issuer="温州市人民政府"))
    with Session(engine) as session:
        names = sorted(column_values(session=session, column=Unit.name))
        # 市发改委 is stored under its standard name (extract/data/bureau_names.tsv).
        assert names == ["市发展和改革委员会", "市招商局", "结对县(市、区)党委、政府"]
        other = next(t for t in list_tasks(session=session) if t.path == "一")
        assert other.id is not None
        # 经合办 named on its own resolves to 市招商局 and is not linked twice.
        links = [(u.name, tu.position) for tu, u in task_units(session=session, task_id=other.id)]
        assert links == [("市招商局", 0), ("市发展和改革委员会", 2)]


def test_units_of_two_governments_stay_apart(engine: Engine) -> None:
    _ingest(engine)
    _ingest(engine, extraction_other(issuer="杭州市人民政府"))
    with Session(engine) as session:
        found = column_tuples(
            session=session, columns=[Unit.name, Jurisdiction.full_name],
            joins=[(Jurisdiction, col(Unit.jurisdiction_id) == col(Jurisdiction.id))],
            where=[Unit.name == "市招商局"])
    assert sorted(full for _, full in found) == ["浙江省杭州市", "浙江省温州市"]


def test_delete_document_facts_keeps_the_document_units_and_places(engine: Engine) -> None:
    doc_id = _ingest(engine)
    with session_scope(engine) as session:
        delete_document_facts(session=session, document_id=doc_id)
    counts = row_counts(engine)
    assert counts["document"] == 1 and counts["unit"] == 2 and counts["place"] == 1
    assert all(
        counts[t] == 0
        for t in ("section", "task", "taskunit", "target", "deadline", "placemention", "citation")
    )


@pytest.mark.parametrize("existing", [False, True], ids=["new-document", "re-ingest"])
def test_a_failure_midway_leaves_every_table_exactly_as_before(
    engine: Engine, dump: Callable[[Engine], Dump], monkeypatch: pytest.MonkeyPatch, existing: bool
) -> None:
    if existing:
        _ingest(engine)
    before = dump(engine)

    def explode(*_args: object) -> None:
        raise RuntimeError("simulated failure while storing deadlines")

    monkeypatch.setattr(writers_module, "store_deadlines", explode)
    with pytest.raises(RuntimeError, match="simulated failure"):
        _ingest(engine, sha="c" * 64)
    assert dump(engine) == before
