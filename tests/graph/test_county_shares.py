"""A collective owner's members are the paired counties of its own government.

Two short documents name the pairing's collective 结对县(市、区)党委、政府: one of
温州市人民政府 (温政办〔2018〕90号), one of 杭州市人民政府办公厅 (杭政办函〔2018〕52号).  The
pairings (data/reference/wenzhou-pairings.yaml) are ten counties of 温州市, so 温州's
collective has those ten members and 杭州's none.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import create_engine
from sqlmodel import Session

from graph.build import build_graph
from graph.shares import collective_members
from store.ingest import ingest_file
from store.reference import load_pairings
from store.setup import init_db

WENZHOU = """温州市人民政府办公室关于推进山海协作产业园建设的通知
温政办〔2018〕90号
一、主要任务
（一）完善产业园管理体制。2018年12月底前完成产业园管委会组建。（责任单位：结对县（市、区）党委、政府）
"""
HANGZHOU = """杭州市人民政府办公厅关于深化区县协作的通知
杭政办函〔2018〕52号
一、主要任务
（一）共建产业平台。2018年12月底前完成合作平台建设方案。（责任单位：结对县（市、区）党委、政府）
"""


def test_a_collectives_members_are_only_the_paired_counties_inside_its_jurisdiction(
        tmp_path: Path) -> None:
    engine = create_engine(f"sqlite:///{tmp_path / 'db.sqlite'}")
    init_db(engine)
    with Session(engine) as session:
        load_pairings(session=session)
        session.commit()
    for name, text in (("wenzhou.txt", WENZHOU), ("hangzhou.txt", HANGZHOU)):
        (tmp_path / name).write_text(text, encoding="utf-8")
        assert ingest_file(engine=engine, path=tmp_path / name).ok
    with Session(engine) as session:
        graph = build_graph(session)
    homes = {graph.graph["jurisdictions"][d["jurisdiction_id"]]["full_name"]: n
             for n, d in graph.nodes(data=True)
             if d["kind"] == "Unit" and d["name"] == "结对县(市、区)党委、政府"}
    assert sorted(homes) == ["浙江省杭州市", "浙江省温州市"]
    members = collective_members(graph)
    wenzhou = [graph.nodes[p]["full_name"] for p in members.get(homes["浙江省温州市"], ())]
    assert len(wenzhou) == 10 and "浙江省温州市泰顺县" in wenzhou
    assert all(name.startswith("浙江省温州市") for name in wenzhou)
    assert members.get(homes["浙江省杭州市"], ()) == ()
