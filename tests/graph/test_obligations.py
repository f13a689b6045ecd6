"""Obligation expansion rules, on the sample store plus rows written for each case.

Sample (graph/sample.py): document "000" issued 2018-12-07; 二(二)1 due 2018年7月底前
(span 100–150); 二(三)4 target 30个 due 2020-12-31; 三(二) 每年10月底前.  Ids are natural:
basis:document key/section path/ordinal in the section[@year].
"""

from __future__ import annotations

import datetime as dt

import networkx as nx
from sqlmodel import Session

from graph.build import build_graph
from graph.obligations import expand
from graph.sample import sample_engine
from store import tables as t
from store.readback import one_row


def graph_with(*rows_for: object) -> nx.MultiDiGraph:
    engine = sample_engine()
    with Session(engine) as session:
        for make in rows_for:
            session.add_all(make(session))  # type: ignore[operator]
        session.commit()
        return build_graph(session)


def task_id(session: Session, path: str) -> int:
    task = one_row(session=session, model=t.Task, where=[t.Task.path == path])
    return task.id or 0


def test_target_of_the_same_sentence_joins_the_deadline_obligation() -> None:
    # 首期到位注册资金不少2亿元 is read from the 2018年7月底前 sentence (span 100–150)
    def rows(session: Session) -> list[object]:
        return [t.Target(document_id=1, task_id=task_id(session, "二(二)1"), path="二(二)1",
                         comparator=">=", value=2, unit="亿元", period="cumulative",
                         due=dt.date(2018, 7, 31), source_start=120, source_end=150)]

    graph = graph_with(rows)
    park = [o for o in expand(graph, through_year=2018) if o.path == "二(二)1"]
    assert [o.id for o in park] == ["deadline:000/二(二)1/1"]
    assert [graph.nodes[n]["label"] for n in park[0].targets] == ["2亿元"]


def test_yearly_target_under_a_once_deadline_recurs_through_that_year() -> None:
    # 2020年前全市每年完成群众增收项目20个: one sentence, yearly target, 2020年前 bound
    def rows(session: Session) -> list[object]:
        task = task_id(session, "二(三)4")
        return [t.Deadline(document_id=1, task_id=task, path="二(三)4", raw="2020年前",
                           due=dt.date(2020, 12, 31), precision="year", source_start=600,
                           source_end=640),
                t.Target(document_id=1, task_id=task, path="二(三)4", comparator="=", value=20,
                         unit="个", period="yearly", source_start=600, source_end=640)]

    graph = graph_with(rows)
    ids = [o.id for o in expand(graph, through_year=2030) if o.path == "二(三)4"
           and o.id.startswith("deadline:")]
    assert ids == ["deadline:000/二(三)4/1@2018", "deadline:000/二(三)4/1@2019",
                   "deadline:000/二(三)4/1@2020"]


def test_yearly_deadline_stops_at_a_horizon_stated_in_the_same_task() -> None:
    def rows(session: Session) -> list[object]:
        return [t.Deadline(document_id=1, task_id=task_id(session, "三(二)"), path="三(二)",
                           raw="到2019年", due=dt.date(2019, 12, 31), precision="year",
                           source_start=700, source_end=720)]

    yearly = [o for o in expand(graph_with(rows), through_year=2025) if "@" in o.id]
    # issued 2018-12-07: the 2018-10-31 instance fell before the document and was never owed
    assert [(o.id, o.due) for o in yearly] == [("deadline:000/三(二)/1@2019", dt.date(2019, 10, 31))]


def test_yearly_deadline_without_any_horizon_runs_through_the_year_asked() -> None:
    # the sample has no 到…年 deadline phrase; first instance after the 2018-12-07 issue date
    yearly = [o.id for o in expand(graph_with(), through_year=2021) if o.path == "三(二)"]
    assert yearly == [f"deadline:000/三(二)/1@{y}" for y in (2019, 2020, 2021)]


def test_undated_document_starts_at_its_earliest_deadline_year() -> None:
    # like the provincial document: no date, 到2012年, and a yearly target 每年至少互访一次
    def rows(session: Session) -> list[object]:
        doc = t.Document(key="003", sha256="3" * 64, text="")
        session.add(doc)
        session.flush()
        task = t.Task(document_id=doc.id or 0, path="三(一)", text="对口市县每年至少互访一次", start=0, end=0)
        session.add(task)
        session.flush()
        return [t.Deadline(document_id=doc.id or 0, path="一", raw="到2012年",
                           due=dt.date(2012, 12, 31), precision="year"),
                t.Target(document_id=doc.id or 0, task_id=task.id, path="三(一)", comparator=">=",
                         value=1, unit="次", period="yearly", source_start=5, source_end=12)]

    # 到2012年 is the document's horizon: its yearly duties end with the programme
    visits = [o.id for o in expand(graph_with(rows), through_year=2014) if o.path == "三(一)"]
    assert visits == ["target:003/三(一)/1@2012"]


def test_yearly_target_of_a_document_without_horizon_runs_through_the_year_asked() -> None:
    def rows(session: Session) -> list[object]:
        doc = t.Document(key="004", sha256="4" * 64, text="")
        session.add(doc)
        session.flush()
        task = t.Task(document_id=doc.id or 0, path="二", text="每年至少互访一次", start=0, end=0)
        session.add(task)
        session.flush()
        return [t.Deadline(document_id=doc.id or 0, path="一", raw="2012年7月底前",
                           due=dt.date(2012, 7, 31), precision="month"),
                t.Target(document_id=doc.id or 0, task_id=task.id, path="二", comparator=">=",
                         value=1, unit="次", period="yearly", source_start=5, source_end=12)]

    visits = [o.id for o in expand(graph_with(rows), through_year=2014) if o.id.startswith("target:004")]
    assert visits == ["target:004/二/1@2012", "target:004/二/1@2013", "target:004/二/1@2014"]


def test_expansion_is_computed_once_per_graph_and_year() -> None:
    # A built graph never changes, so every request on one snapshot shares one expansion.
    graph = graph_with()
    first = expand(graph, through_year=2021)
    assert expand(graph, through_year=2021) is first
    assert expand(graph, through_year=2022) is not first


def _recurring(session: Session, recurrence: str, *, day: int | None = None,
               horizon: dt.date | None = None) -> list[object]:
    return [t.Deadline(document_id=1, task_id=task_id(session, "二(三)4"), path="二(三)4",
                       raw="每季度末", due=None, precision="quarter", recurrence=recurrence,
                       day=day, horizon=horizon, source_start=800, source_end=820)]


def test_quarterly_deadline_has_one_instance_per_quarter_after_the_issue_date() -> None:
    graph = graph_with(lambda s: _recurring(s, "quarterly", horizon=dt.date(2019, 12, 31)))
    found = [(o.id, o.due, o.year) for o in expand(graph, through_year=2030) if o.path == "二(三)4"
             and o.id.startswith("deadline:")]
    # issued 2018-12-07: the 2018 Q4 instance (12-31) is owed, earlier quarters were not
    assert found[0] == ("deadline:000/二(三)4/1@2018-Q4", dt.date(2018, 12, 31), 2018)
    assert [due.isoformat() for _, due, _ in found[1:]] == [
        "2019-03-31", "2019-06-30", "2019-09-30", "2019-12-31"]


def test_monthly_deadline_falls_on_its_day_clipped_to_short_months() -> None:
    graph = graph_with(lambda s: _recurring(s, "monthly", day=31, horizon=dt.date(2019, 12, 31)))
    found = [o for o in expand(graph, through_year=2030) if o.path == "二(三)4"
             and o.id.startswith("deadline:")]
    assert len(found) == 13  # 2018-12 and the twelve months of 2019
    assert found[2].id == "deadline:000/二(三)4/1@2019-02"
    assert found[2].due == dt.date(2019, 2, 28)


def test_half_yearly_deadline_without_a_horizon_runs_through_the_year_asked() -> None:
    graph = graph_with(lambda s: _recurring(s, "half-yearly"))
    found = [o for o in expand(graph, through_year=2020) if o.path == "二(三)4"
             and o.id.startswith("deadline:")]
    assert [o.id.split("@")[1] for o in found] == [
        "2018-H2", "2019-H1", "2019-H2", "2020-H1", "2020-H2"]
    assert all(o.open_ended for o in found)


def test_ongoing_work_has_no_instance_and_is_never_overdue() -> None:
    from graph.agenda import overdue

    graph = graph_with(lambda s: _recurring(s, "ongoing"))
    assert not [o for o in expand(graph, through_year=2030) if o.path == "二(三)4"
                and o.id.startswith("deadline:")]
    late = overdue(graph, as_of=dt.date(2030, 1, 1))
    assert all(a.obligation.path != "二(三)4" or not a.obligation.id.startswith("deadline:")
               for a in late)


def test_a_quarterly_instance_is_found_by_its_id() -> None:
    from graph.obligations import find_obligation

    graph = graph_with(lambda s: _recurring(s, "quarterly", horizon=dt.date(2019, 12, 31)))
    found = find_obligation(graph, "deadline:000/二(三)4/1@2019-Q3")
    assert found is not None and found.due == dt.date(2019, 9, 30)


def test_each_recurring_instance_starts_with_its_own_period() -> None:
    from graph.obligations import period_start

    graph = graph_with(lambda s: _recurring(s, "quarterly", horizon=dt.date(2019, 12, 31)))
    q3 = next(o for o in expand(graph, through_year=2019) if o.id.endswith("@2019-Q3"))
    assert period_start(q3) == dt.date(2019, 7, 1)
    once = next(o for o in expand(graph, through_year=2019) if o.year is None)
    assert period_start(once) is None


def test_a_yearly_targets_instances_under_a_horizon_phrase_show_the_target_not_the_phrase() -> None:
    # 2020年前全市每年完成群众增收项目20个 with no 每年 deadline read: 2020年前 only bounds it
    def rows(session: Session) -> list[object]:
        task = task_id(session, "二(三)4")
        return [t.Deadline(document_id=1, task_id=task, path="二(三)4", raw="2020年前",
                           due=dt.date(2020, 12, 31), precision="year", source_start=600,
                           source_end=640),
                t.Target(document_id=1, task_id=task, path="二(三)4", comparator="=", value=20,
                         unit="个", period="yearly", source_start=600, source_end=640)]

    found = [o for o in expand(graph_with(rows), through_year=2030)
             if o.id.startswith("deadline:000/二(三)4/1@")]
    assert {o.raw for o in found} == {"20个"}
    assert [q.raw for q in found[0].provenance] == ["2020年前"]  # its quote stays the phrase's


def test_instances_due_the_same_day_on_one_path_are_ordered_by_their_ids_as_text() -> None:
    from graph.obligation_expansion import made
    from graph.obligation_types import Item

    def item(node: str) -> Item:
        return Item(node=node, raw="每年", path="三", source="每年报送", document="document:1",
                    task="task:1", owners=(), targets=(), start=0, end=2)

    day, later = dt.date(2020, 12, 31), dt.date(2021, 12, 31)
    found = [item("obligation:deadline:000/三/1"), "2021", later, 2021,
             item("obligation:deadline:000/三/1"), "2020", day, 2020,
             None, "2020", day, 2020,  # merged away
             item("obligation:deadline:000/三/10"), "2020", day, 2020]
    # "0" sorts before "@": …/10@2020 comes before …/1@2020
    assert [ob.id for ob in made(found)] == [
        "deadline:000/三/10@2020", "deadline:000/三/1@2020", "deadline:000/三/1@2021"]
