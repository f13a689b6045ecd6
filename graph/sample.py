"""A tiny store, written by hand after 温政发〔2018〕26号, for docstring examples and tests.

It holds two of the document's tasks: 二(二)1 (due 2018年7月底前, owned by the pairing's
collective unit) and 二(三)4 (到2020年 … 30个以上, owned by 市农业局, 市商务局,
市招商局〈经合办〉 and the collective unit), one yearly deadline (每年10月底前, in 三(二),
with no owner), and the pairing 鹿城区 — 泰顺县.
"""

from __future__ import annotations

import datetime as dt

import networkx as nx
from sqlalchemy.engine import Engine
from sqlalchemy.pool import StaticPool
from sqlmodel import Session, SQLModel, create_engine

from store import tables as t

COLLECTIVE = "结对县(市、区)党委、政府"


def sample_engine() -> Engine:
    """An in-memory SQLite database holding the sample rows."""
    # One shared connection: an in-memory database exists once per connection.
    engine = create_engine("sqlite://", poolclass=StaticPool,
                           connect_args={"check_same_thread": False})
    SQLModel.metadata.create_all(engine)
    with Session(engine) as session:
        fill_sample(session)
        session.commit()
    return engine


def sample_graph() -> nx.MultiDiGraph:
    """The knowledge graph of :func:`sample_engine`.

    >>> graph = sample_graph()
    >>> sorted({d["kind"] for _, d in graph.nodes(data=True)})
    ['Document', 'Obligation', 'Place', 'Section', 'Target', 'Task', 'Unit']
    """
    from graph.build import build_graph

    with Session(sample_engine()) as session:
        return build_graph(session)


def fill_sample(session: Session) -> None:
    """Add the sample rows to an empty (migrated or ``create_all``-ed) database."""
    from extract.divisions import by_code
    from store.crud.jurisdictions import ensure_jurisdiction, unknown_jurisdiction
    from store.crud.places import get_place, pairing_accelerating

    unknown_jurisdiction(session=session)  # id 1 in a create_all-ed database too, as migrated
    wenzhou = ensure_jurisdiction(session=session, division=by_code("330300000000")).id
    assert wenzhou is not None
    doc = t.Document(key="000", number="温政发〔2018〕26号", title="温州市人民政府关于打造山海协作工程升级版的实施意见",
                     issued_on=dt.date(2018, 12, 7), sha256="0" * 64, text="",
                     jurisdiction_id=wenzhou)
    session.add(doc)
    session.flush()
    d = doc.id or 0
    for path, label, level, heading in [("二", "二", 1, "主要任务"), ("二(二)", "(二)", 2, "建好山海协作发展新平台"),
                                        ("二(二)1", "1", 3, "建立健全生态旅游文化产业园管理运营机制"),
                                        ("二(三)", "(三)", 2, "促进群众增收和社会事业合作"),
                                        ("二(三)4", "4", 3, "帮助建立营销网络"),
                                        ("三", "三", 1, "保障措施"), ("三(二)", "(二)", 2, "加强对接交流")]:
        session.add(t.Section(document_id=d, path=path, label=label, level=level, heading=heading,
                              start=0, end=0))
    units = {name: t.Unit(name=name, level="city", jurisdiction_id=wenzhou)
             for name in ["市招商局", "市农业局", "市商务局"]}
    units[COLLECTIVE] = t.Unit(name=COLLECTIVE, level="county", collective=True,
                               jurisdiction_id=wenzhou)
    session.add_all(units.values())
    session.flush()
    session.add(t.UnitAlias(unit_id=units["市招商局"].id or 0, alias="经合办",
                            jurisdiction_id=wenzhou))
    t1 = t.Task(document_id=d, path="二(二)1", text="2018年7月底前……完成“山海协作产业园管委会的组建工作", start=0, end=0,
                source_path="二(二)1", source_quote="(责任单位:结对县〈市、区〉党委、政府)")
    t4 = t.Task(document_id=d, path="二(三)4", text="到2020年帮助内对县建立绿色农产品、土特产销售窗口和平台30个以上", start=0,
                end=0, source_path="二(三)4", source_quote="(责任单位:市农业局、市商务局、市招商局〈经合办〉,结对县〈市、区〉党委、政府)")
    t32 = t.Task(document_id=d, path="三(二)", text="每年10月底前双方共同完成下一年度合作重点领域……的研究", start=0, end=0)
    session.add_all([t1, t4, t32])
    session.flush()
    session.add(t.TaskUnit(task_id=t1.id or 0, unit_id=units[COLLECTIVE].id or 0, role="lead"))
    for i, name in enumerate(["市农业局", "市商务局", "市招商局", COLLECTIVE]):
        session.add(t.TaskUnit(task_id=t4.id or 0, unit_id=units[name].id or 0,
                               role="lead" if i == 0 else "co", position=i))
    quote1 = "2018年7月底前,……五个生态旅游文化产业园所在地政府完成“山海协作产业园管委会的组建工作"
    session.add(t.Deadline(document_id=d, task_id=t1.id, path="二(二)1", raw="2018年7月底前",
                           due=dt.date(2018, 7, 31), precision="month", source_path="二(二)1",
                           source_start=100, source_end=150, source_quote=quote1))
    quote4 = "到2020年帮助内对县建立绿色农产品、土特产销售窗口和平台30个以上"
    session.add(t.Target(document_id=d, task_id=t4.id, path="二(三)4", metric="销售窗口和平台",
                         comparator=">=", value=30, unit="个", base_value=30, base_unit="个",
                         period="cumulative", due=dt.date(2020, 12, 31), source_path="二(三)4",
                         source_start=300, source_end=334, source_quote=quote4))
    session.add(t.Deadline(document_id=d, task_id=t32.id, path="三(二)", raw="每年10月底前", due=dt.date(2018, 10, 31),
                           precision="month", recurrence="yearly", month=10, source_path="三(二)",
                           source_start=500, source_end=540, source_quote="每年10月底前双方共同完成下一年度合作重点领域……的研究"))
    places = {}
    for name, kind, code in [("鹿城区", "district", "330302000000"),
                             ("泰顺县", "county", "330329000000")]:
        # a migrated database may already hold the reference places
        existing = get_place(session=session, name=name)
        county = ensure_jurisdiction(session=session, division=by_code(code)).id
        places[name] = existing or t.Place(name=name, full_name=f"浙江省温州市{name}", kind=kind,
                                           parent="温州市", code=code, jurisdiction_id=county)
        session.add(places[name])
    session.flush()
    if pairing_accelerating(session=session, place_id=places["泰顺县"].id or 0):
        session.merge(t.DataVersion(id=1, version=1))
        return
    session.add(t.Pairing(developed_id=places["鹿城区"].id or 0, accelerated_id=places["泰顺县"].id or 0,
                          confidence="stated", source="seed document 000, 二(二)3"))
    session.merge(t.DataVersion(id=1, version=1))
