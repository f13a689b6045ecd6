"""Totals against targets on the bundled corpus, added up by hand from the documents.

温政发〔2018〕26号 (data/corpus/000_a92242b81cc0d015.txt), issued 2018-12-07, its work
running to 2020 (每年 read for 2018, 2019 and 2020: three yearly instances).  Its money
targets, read from the text and converted by hand to 万元 (1亿元 = 10000万元):

- 二(一) 全市每年实现山海协作产业项目到位资金不少于40亿元, each year: 3 × 400000万元
  (责任单位:市招商局〈经合办〉,结对县〈市、区〉党委、政府; the section's sentences also give
  work to 五个经济发达的区(市) and 加快发展县, who own it too);
- 二(二)1 首期到位注册资金不少2亿元, once: 20000万元 (the 结对县 collective alone);
- 二(二)2 2020年5个生态旅游文化产业园计划总投资237.7亿元, once: 2377000万元 (市招商局,
  市发改委, 市国土资源局, 市规划局, 市旅游局, 结对县);
- 二(三)1 每年…到位结对帮扶援建资金不少于1000万, each year: 3 × 1000万元 (市农业局,
  市发改委, 市旅游局, 市招商局, 结对县).

So by unit, in 万元: 市招商局 1200000 + 2377000 + 3000 = 3580000; 结对县 that plus 20000 =
3600000; 市发改委 and 市旅游局 2377000 + 3000 = 2380000; 市规划局 and 市国土资源局 2377000;
市农业局 3000; 五个经济发达的区(市) and 加快发展县 1200000.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from sqlmodel import Session

from graph.build import build_graph
from graph.status import StatusReport
from graph.totals import totals
from store.db import make_engine
from store.ingest import load_bundled

DAY = dt.date(2019, 1, 1)
COLLECTIVE = "结对县(市、区)党委、政府"
INVEST = "deadline:000_a92242b81cc0d015/二(一)/1"  # the 40亿元 sentence's 每年 deadline


@pytest.fixture(scope="module")
def corpus_graph(tmp_path_factory: pytest.TempPathFactory) -> Any:
    engine = make_engine(f"sqlite:///{tmp_path_factory.mktemp('totals')}/corpus.db")
    load_bundled(engine=engine)
    with Session(engine) as session:
        graph = build_graph(session)
    engine.dispose()
    return graph


def node(graph: Any, kind: str, name: str) -> str:
    return next(n for n, d in graph.nodes(data=True) if d["kind"] == kind
                and name in (d.get("name"), d.get("number")))


def money_by_unit(graph: Any, **kwargs: Any) -> dict[str, float | None]:
    rows = totals(graph, kwargs.pop("reports", ()), as_of=kwargs.pop("as_of", DAY),
                  group_by=["unit"], document=node(graph, "Document", "温政发〔2018〕26号"),
                  **kwargs)
    return {graph.nodes[r.unit]["name"]: r.committed for r in rows if r.measure == "万元"}


def test_the_money_targets_of_the_wenzhou_opinion_add_up_by_unit_in_wan_yuan(
        corpus_graph: Any) -> None:
    assert money_by_unit(corpus_graph) == {
        "市招商局": 3580000.0, COLLECTIVE: 3600000.0, "市发展和改革委员会": 2380000.0,
        "市旅游局": 2380000.0, "市规划局": 2377000.0, "市国土资源局": 2377000.0,
        "市农业局": 3000.0, "五个经济发达的区(市)": 1200000.0, "加快发展县": 1200000.0}


def test_one_year_holds_that_years_instances_only(corpus_graph: Any) -> None:
    # 2019: 40亿元 and 1000万元 once each; the once targets fall in 2018 and 2020
    assert money_by_unit(corpus_graph, year=2019)["市招商局"] == 401000.0
    assert money_by_unit(corpus_graph, year=2018)[COLLECTIVE] == 401000.0 + 20000.0


def test_nothing_is_committed_before_the_document_is_issued(corpus_graph: Any) -> None:
    assert money_by_unit(corpus_graph, as_of=dt.date(2018, 12, 6)) == {}


def test_units_of_measure_are_never_mixed(corpus_graph: Any) -> None:
    hr = node(corpus_graph, "Unit", "市人力资源和社会保障局")
    rows = totals(corpus_graph, (), as_of=DAY, group_by=["unit"], unit=hr)
    assert {r.unit for r in rows} == {hr}  # its co-owners' rows are not asked for
    # 二(三)2 培训就业6000人次 and 二(三)3 合作项目不少于1个, each year 2018-2020
    assert {(r.measure, r.committed, r.count) for r in rows} == {("人次", 18000.0, 3),
                                                                 ("个", 3.0, 3)}
    everything = totals(corpus_graph, (), as_of=DAY, group_by=[])
    measures = [r.measure for r in everything]
    assert len(measures) == len(set(measures))  # one row per base unit
    rate = next(r for r in everything if r.measure == "%")  # 占65%: counted, not summed
    assert (rate.additive, rate.committed, rate.reached) == (False, None, None)


def test_a_reported_value_counts_for_the_target_nearest_its_scale(corpus_graph: Any) -> None:
    # 25 (亿元) on the 2019 instance of 二(一): nearer 40亿元 than 1次 or 65%
    reports = [StatusReport(f"{INVEST}@2019", dt.date(2019, 6, 30), complete=False,
                              unit=node(corpus_graph, "Unit", "市招商局"), value=25.0)]
    rows = totals(corpus_graph, reports, as_of=dt.date(2019, 7, 1), group_by=["metric"],
                  year=2019, unit=node(corpus_graph, "Unit", "市招商局"))
    by_metric = {(r.metric, r.measure): (r.committed, r.reached) for r in rows}
    assert by_metric[("山海协作产业项目到位资金", "万元")] == (400000.0, 250000.0)
    assert by_metric[("产业合作(转移)对接洽谈和项目签约会", "次")] == (1.0, 0.0)
    earlier = totals(corpus_graph, reports, as_of=dt.date(2019, 6, 29), group_by=[], year=2019,
                     unit=node(corpus_graph, "Unit", "市招商局"))
    assert next(r for r in earlier if r.measure == "万元").reached == 0.0


def test_an_unknown_dimension_is_refused(corpus_graph: Any) -> None:
    with pytest.raises(ValueError, match="colour"):
        totals(corpus_graph, (), as_of=DAY, group_by=["colour"])


def test_a_countys_report_counts_for_that_county_only(corpus_graph: Any) -> None:
    # 10 (亿元) reported about 泰顺县's share of 二(一) in 2019; the 结对县 collective owns
    # both 2019 money targets (40亿元 and 1000万元), so each paired county commits 401000万元
    taishun = node(corpus_graph, "Place", "泰顺县")
    reports = [StatusReport(f"{INVEST}@2019", dt.date(2019, 6, 30), complete=False,
                              unit="unit:99", value=10.0, place=taishun)]
    rows = totals(corpus_graph, reports, as_of=dt.date(2019, 7, 1), group_by=["place"],
                  year=2019)
    money = {corpus_graph.nodes[r.place]["name"]: (r.committed, r.reached)
             for r in rows if r.measure == "万元"}
    assert money["泰顺县"] == (401000.0, 100000.0)
    assert money["鹿城区"] == (401000.0, 0.0)
    whole = totals(corpus_graph, reports, as_of=dt.date(2019, 7, 1), group_by=[], year=2019)
    assert next(r for r in whole if r.measure == "万元").reached == 0.0  # not the city's


def test_a_jurisdiction_keeps_the_targets_of_documents_issued_in_it_or_inside_it(
        corpus_graph: Any) -> None:
    ids = {j["full_name"]: i for i, j in corpus_graph.graph["jurisdictions"].items()}
    city = totals(corpus_graph, (), as_of=DAY, group_by=["document"],
                  jurisdiction=ids["浙江省温州市"])
    province = totals(corpus_graph, (), as_of=DAY, group_by=["document"],
                      jurisdiction=ids["浙江省"])
    assert {corpus_graph.nodes[r.document].get("number") for r in city} == {"温政发〔2018〕26号"}
    # the province's own opinion (no 文号) is inside 浙江省, and so is 温州市's
    assert {r.document for r in province} > {r.document for r in city}
