"""The two bundled documents as stored (corpus_engine, SQLite and PostgreSQL).

Expected values are read by hand from data/corpus/*.txt: document 000 has eight
"(责任单位:…)" clauses listing 2+1+6+6+5+3+5+4 = 32 units in all, twelve distinct;
document 003 names eight provincial departments in one subject sentence.
"""

from __future__ import annotations

from sqlalchemy.engine import Engine
from sqlmodel import Session, col

from store.crud.documents import get_document_by_key
from store.crud.units import find_unit
from store.readback import column_tuples, column_values, one_row
from store.tables import Deadline, Target, Task, TaskUnit, Unit


def _task_paths(session: Session, document_id: int, unit_id: int, role: str) -> list[str]:
    return column_values(
        session=session, column=Task.path,
        joins=[(TaskUnit, col(TaskUnit.task_id) == col(Task.id))],
        where=[Task.document_id == document_id, TaskUnit.unit_id == unit_id,
               TaskUnit.role == role],
        order_by=[col(Task.start)])


def test_document_000_header_is_stored(corpus_engine: Engine) -> None:
    with Session(corpus_engine) as session:
        doc = get_document_by_key(session=session, key="000_a92242b81cc0d015")
        assert doc is not None
        assert (doc.number, doc.issued_on and doc.issued_on.isoformat()) == (
            "温政发〔2018〕26号",
            "2018-12-07",
        )


def test_document_000_links_36_units_to_10_tasks(corpus_engine: Engine) -> None:
    with Session(corpus_engine) as session:
        doc = get_document_by_key(session=session, key="000_a92242b81cc0d015")
        assert doc is not None
        links = column_tuples(
            session=session, columns=[TaskUnit.task_id, TaskUnit.unit_id],
            joins=[(Task, col(TaskUnit.task_id) == col(Task.id))],
            where=[Task.document_id == doc.id])
        # 32 units named by the eight 责任单位 clauses, plus four sentence subjects given work:
        # 五个经济发达的区(市) and 加快发展县 in 二(一), 各受援县 in 三(三), 经济强市(区) in 三(四)
        assert len(links) == 32 + 4
        assert len({task for task, _ in links}) == 8 + 2
        assert len({unit for _, unit in links}) == 12 + 4


def test_zhaoshang_ju_leads_three_tasks_and_co_owns_three(corpus_engine: Engine) -> None:
    with Session(corpus_engine) as session:
        doc = get_document_by_key(session=session, key="000_a92242b81cc0d015")
        assert doc is not None and doc.id is not None and doc.jurisdiction_id is not None
        # 温政发: the city's document; its 经合办 is 温州市's.
        unit = find_unit(session=session, name="经合办",
                                         jurisdiction_id=doc.jurisdiction_id)
        assert unit is not None and unit.id is not None
        assert unit.name == "市招商局"
        assert _task_paths(session, doc.id, unit.id, "lead") == ["二(一)", "二(二)2", "二(二)3"]
        assert _task_paths(session, doc.id, unit.id, "co") == ["二(三)1", "二(三)2", "二(三)4"]


def test_target_and_deadline_link_to_the_task_they_are_written_in(corpus_engine: Engine) -> None:
    with Session(corpus_engine) as session:
        forty = one_row(session=session, model=Target, where=[Target.base_value == 4e9])
        july = one_row(session=session, model=Deadline,
                       where=[col(Deadline.raw).startswith("2018年7月底")])
        assert forty.task_id is not None and july.task_id is not None
        assert session.get_one(Task, forty.task_id).path == "二(一)"
        assert session.get_one(Task, july.task_id).path == "二(二)1"
        assert july.due is not None and july.due.isoformat() == "2018-07-31"


def test_document_003_names_eight_provincial_departments_in_one_task(corpus_engine: Engine) -> None:
    # As written: 省发改委, 省经信委, 省教育厅, 省科技厅, 省财政厅, 省人力社保厅, 省文化厅,
    # 省卫生厅; stored under their standard names (extract/data/bureau_names.tsv).
    expected = {
        "省发展和改革委员会",
        "省经济和信息化委员会",
        "省教育厅",
        "省科学技术厅",
        "省财政厅",
        "省人力资源和社会保障厅",
        "省文化厅",
        "省卫生厅",
    }
    with Session(corpus_engine) as session:
        doc = get_document_by_key(session=session, key="003_e159d8715f3bd95b")
        assert doc is not None
        rows = column_tuples(
            session=session, columns=[Task.id, Unit.name],
            joins=[(TaskUnit, col(TaskUnit.task_id) == col(Task.id)),
                   (Unit, col(TaskUnit.unit_id) == col(Unit.id))],
            where=[Task.document_id == doc.id, col(Unit.name).in_(expected)])
        assert {name for _, name in rows} == expected
        assert len({task for task, _ in rows}) == 1
