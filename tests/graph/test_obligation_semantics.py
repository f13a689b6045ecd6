"""Obligations mean what the text says (docs/obligations.md), on the bundled corpus.

Expectations worked by hand from data/corpus/000_a92242b81cc0d015.txt (温政发〔2018〕26号,
issued 2018-12-07): 二(一) says 每年年底前 … 研究部署 and, in one sentence, 2020年 … 每年组织 …
每年实现 … 40亿元 (2020年 ends that recurrence); 二(二)3 says 2019年前 …; 2020年前 … and
力争2018年 …, 2020 年前 …; 二(三)1 says 2020年前全市每年完成 …; the document's latest
horizon is 2020.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from sqlmodel import Session

from graph.agenda import assess, overdue
from graph.build import build_graph
from graph.edges import mark_node
from graph.names import resolve_unit
from graph.obligations import expand
from graph.sample import sample_engine, sample_graph
from settings import GraphSettings
from store import tables as t
from store.db import make_engine
from store.ingest import load_bundled
from store.readback import one_row

WENZHOU = "000_a92242b81cc0d015"
NEW_YEAR_2019 = dt.date(2019, 1, 1)


@pytest.fixture(scope="module")
def corpus_graph(tmp_path_factory: pytest.TempPathFactory) -> Any:
    engine = make_engine(f"sqlite:///{tmp_path_factory.mktemp('semantics')}/corpus.db")
    load_bundled(engine=engine)
    with Session(engine) as session:
        graph = build_graph(session)
    engine.dispose()
    return graph


def wenzhou(graph: Any, through_year: int = 2030) -> list[Any]:
    return [o for o in expand(graph, through_year=through_year) if f":{WENZHOU}/" in o.id]


def test_on_new_years_day_2019_the_zhaoshangju_card_lists_each_obligation_once(corpus_graph: Any) -> None:
    rows = assess(corpus_graph, as_of=NEW_YEAR_2019, unit=resolve_unit(corpus_graph, "市招商局"))
    keys = [(a.obligation.path, a.obligation.due) for a in rows]
    assert len(keys) == len(set(keys)), "one row per task and due date"
    headings = {a.obligation.path: a.obligation.heading for a in rows}
    assert headings["二(一)"] == "推进产业项目合作"
    assert headings["二(二)3"] == "高标准建设产业园及“七都”山海协作总部…"  # 19 characters and …
    assert headings["二(三)4"] == "帮助建立营销网络"
    overdue_then = sorted((a.obligation.path, a.obligation.due.isoformat()) for a in rows
                          if a.status.value == "OVERDUE")
    # 每年年底前 (二(一)), 2018年四季度前 (二(二)2), 力争2018年 (二(二)3), and the 2018 instances
    # of 全市每年完成 (二(三)1) and 全市每年实现培训就业 (二(三)2), all due 2018-12-31
    assert overdue_then == [(p, "2018-12-31") for p in
                            ["二(一)", "二(三)1", "二(三)2", "二(二)2", "二(二)3"]]


def test_a_horizon_phrase_is_never_shown_as_a_yearly_instance(corpus_graph: Any) -> None:
    for ob in wenzhou(corpus_graph):
        if ob.year is not None:
            assert all(q.raw not in ("2020年", "2020年前") for q in ob.provenance), ob.id
    first = next(o for o in wenzhou(corpus_graph) if o.path == "二(一)")
    assert first.due == dt.date(2018, 12, 31)
    assert [q.raw for q in first.provenance] == ["每年年底前", "每年"]
    labels = sorted(corpus_graph.nodes[n]["label"] for n in first.targets)
    assert "40亿元" in labels, "the 40亿元 of 每年实现 is carried by the yearly instance"


def test_er_er_3_has_one_instance_per_due_date(corpus_graph: Any) -> None:
    found = [o for o in wenzhou(corpus_graph) if o.path == "二(二)3"]
    assert [o.due.isoformat() for o in found] == ["2018-12-31", "2019-12-31", "2020-12-31"]
    last = found[-1]
    assert sorted(q.raw for q in last.provenance) == ["2020 年前", "2020年前"]
    assert last.id == f"deadline:{WENZHOU}/二(二)3/2", "the first phrase's id is kept"


def test_nothing_of_the_wenzhou_document_exists_before_its_issue_date(corpus_graph: Any) -> None:
    before = dt.date(2018, 8, 15)
    assert not [a for a in assess(corpus_graph, as_of=before) if f":{WENZHOU}/" in a.obligation.id]
    assert not [a for a in overdue(corpus_graph, as_of=before) if f":{WENZHOU}/" in a.obligation.id]
    # from the issue date on, 2018年7月底前 (二(二)1) is owed and overdue
    issued = [a.obligation.path for a in overdue(corpus_graph, as_of=dt.date(2018, 12, 7))]
    assert "二(二)1" in issued


def test_yearly_work_of_the_wenzhou_document_ends_with_its_2020_horizon(corpus_graph: Any) -> None:
    years = {o.year for o in wenzhou(corpus_graph, through_year=2100) if o.path == "二(三)2"}
    assert years == {2018, 2019, 2020}


def test_an_open_ended_yearly_obligation_stops_five_years_after_issue() -> None:
    # the sample's 每年10月底前 (三(二)) has no horizon anywhere; issued 2018-12-07
    found = [o for o in expand(sample_graph(), through_year=2100) if o.path == "三(二)"]
    assert [o.year for o in found] == [2019, 2020, 2021, 2022, 2023]
    late = overdue(sample_graph(), as_of=dt.date(2100, 1, 1))
    assert len([a for a in late if a.obligation.path == "三(二)"]) == 5


def test_the_default_number_of_years_is_configurable() -> None:
    graph = sample_graph()
    graph.graph["recurrence_years"] = 2
    assert [o.year for o in expand(graph, through_year=2100) if o.path == "三(二)"] == [2019, 2020]


def test_a_withdrawn_documents_open_work_ends_on_the_withdrawal_date() -> None:
    graph = sample_graph()
    document = next(n for n, d in graph.nodes(data=True) if d["kind"] == "Document")
    mark_node(graph, document, withdrawn_on=dt.date(2020, 3, 1))
    yearly = [o.due for o in expand(graph, through_year=2100) if o.path == "三(二)"]
    assert yearly == [dt.date(2019, 10, 31)]
    assert all(o.ends_on == dt.date(2020, 3, 1) for o in expand(graph, through_year=2100))
    # still overdue while the document stood; no longer chased after it was withdrawn
    assert [a.obligation.path for a in overdue(graph, as_of=dt.date(2020, 2, 1))
            if a.obligation.path == "三(二)"] == ["三(二)"]
    assert not overdue(graph, as_of=dt.date(2020, 3, 2))


def test_a_validity_phrase_ends_recurring_work_and_is_no_obligation() -> None:
    engine = sample_engine()
    with Session(engine) as session:
        task = one_row(session=session, model=t.Task, where=[t.Task.path == "三(二)"])
        quote = "本意见自印发之日起施行,有效期至2021年6月30日。"
        session.add(t.Deadline(document_id=1, task_id=task.id, path="三(二)", raw="2021年6月30日",
                               due=dt.date(2021, 6, 30), precision="day", source_path="三(二)",
                               source_start=900, source_end=900 + len(quote), source_quote=quote))
        session.commit()
        graph = build_graph(session)
    found = [(o.id, o.due) for o in expand(graph, through_year=2100) if o.path == "三(二)"]
    assert found == [("deadline:000/三(二)/1@2019", dt.date(2019, 10, 31)),
                     ("deadline:000/三(二)/1@2020", dt.date(2020, 10, 31))]


def test_the_default_comes_from_the_settings_the_graph_is_built_with() -> None:
    with Session(sample_engine()) as session:
        graph = build_graph(session, rules=GraphSettings(recurrence_years=3))
    assert [o.year for o in expand(graph, through_year=2100) if o.path == "三(二)"] == [
        2019, 2020, 2021]
    assert len([o for o in expand(sample_graph(), through_year=2100) if o.path == "三(二)"]) == 5


def test_withdrawing_the_wenzhou_document_ends_its_open_work_on_that_day(
        tmp_path_factory: pytest.TempPathFactory) -> None:
    from store.crud.documents import find_document, withdraw_document

    engine = make_engine(f"sqlite:///{tmp_path_factory.mktemp('withdrawn')}/corpus.db")
    load_bundled(engine=engine)
    with Session(engine) as session:
        document = find_document(session=session, reference="温政发〔2018〕26号")
        assert document is not None
        withdraw_document(session=session, document=document, on=dt.date(2019, 6, 30))
        session.commit()
        graph = build_graph(session)
    engine.dispose()
    # 二(三)2's 每年 instances: 2018's fell due before the withdrawal, 2019's and 2020's after
    assert [o.year for o in wenzhou(graph) if o.path == "二(三)2"] == [2018]
    assert "二(三)2" in {a.obligation.path for a in overdue(graph, as_of=dt.date(2019, 6, 1))}
    assert not [a for a in overdue(graph, as_of=dt.date(2019, 7, 1)) if f":{WENZHOU}/" in a.obligation.id]
