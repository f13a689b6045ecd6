"""Alerts follow each owner's own share: a co-owner that reported done is not chased.

Hand-read from 温政发〔2018〕26号 (000_a92242b81cc0d015.txt): 二(二)2 "于2018年四季度前完成
规划评审" is due 2018-12-31; its owners are 市招商局〈经合办〉 (lead), 市发改委 (stored as
市发展和改革委员会), 市国土资源局, 市规划局, 市旅游局 and 结对县〈市、区〉党委、政府.  On 2019-01-01
it is one day overdue, so every owner whose share is open is chased: the 温州市 units by
their identity (浙江省温州市/市规划局), the collective through each paired county's
government.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy.engine import Engine
from sqlmodel import Session

from alerts.collect import collect_alerts
from alerts.rules import AlertRules
from graph.build import build_graph
from store.progress.reports import report_progress
from store.readback import one_row
from store.tables import Unit
from tests.alerts.corpus_copy import corpus_db, corpus_template, corpus_url  # noqa: F401

PLAN_REVIEW_PATH = "二(二)2"
WZ = "浙江省温州市/"
NOW = dt.datetime(2019, 1, 1, 9, tzinfo=dt.UTC)


def chased(engine: Engine, rule: str) -> set[str]:
    """The units chased about 二(二)2 on 2019-01-01 under ``rule``."""
    with Session(engine) as session:
        graph = build_graph(session)
        graph.graph["progress_rule"] = rule
        found = collect_alerts(graph, session=session, as_of=dt.date(2019, 1, 1),
                               rules=AlertRules(escalation=None), now=NOW)
    return {c.receiver for c in found.candidates
            if c.item.path == PLAN_REVIEW_PATH and c.item.kind == "overdue"}


def report_done(engine: Engine, unit_name: str) -> None:
    with Session(engine) as session:
        graph = build_graph(session)
        obligation_id = next(
            n.removeprefix("obligation:") for n, d in graph.nodes(data=True)
            if d["kind"] == "Obligation" and d.get("path") == PLAN_REVIEW_PATH
            and d.get("basis") == "deadline" and "四季度" in d.get("raw", ""))
        unit = one_row(session=session, model=Unit, where=[Unit.name == unit_name])
        report_progress(session=session, obligation_id=obligation_id, unit_id=unit.id,
                        reported_on=dt.date(2018, 12, 1), done=True)
        session.commit()


def test_a_co_owner_that_reported_done_is_not_chased_while_the_lead_is(
        corpus_db: Engine) -> None:  # noqa: F811
    before = chased(corpus_db, "lead")
    assert {WZ + "市招商局", WZ + "市规划局", WZ + "市发展和改革委员会"} <= before
    report_done(corpus_db, "市规划局")
    after = chased(corpus_db, "lead")
    assert after == before - {WZ + "市规划局"}
    assert WZ + "市招商局" in after  # the obligation stays open under the lead rule


def test_when_the_lead_reported_done_nobody_is_chased_under_lead_but_the_others_are_under_all(
        corpus_db: Engine) -> None:  # noqa: F811
    report_done(corpus_db, "市招商局")
    assert chased(corpus_db, "lead") == set()
    under_all = chased(corpus_db, "all")
    assert WZ + "市招商局" not in under_all and WZ + "市规划局" in under_all


def test_a_county_that_reported_its_share_is_not_chased_while_the_other_counties_are(
        corpus_db: Engine) -> None:  # noqa: F811
    from store.crud.places import find_places

    taishun, cangnan = "浙江省温州市泰顺县/泰顺县人民政府", "浙江省温州市苍南县/苍南县人民政府"
    assert {taishun, cangnan} <= chased(corpus_db, "lead")
    with Session(corpus_db) as session:
        graph = build_graph(session)
        obligation_id = next(
            n.removeprefix("obligation:") for n, d in graph.nodes(data=True)
            if d["kind"] == "Obligation" and d.get("path") == PLAN_REVIEW_PATH
            and d.get("basis") == "deadline" and "四季度" in d.get("raw", ""))
        county = one_row(session=session, model=Unit, where=[Unit.name == "泰顺县人民政府"])
        place = find_places(session=session, name="浙江省温州市泰顺县")[0]
        report_progress(session=session, obligation_id=obligation_id, unit_id=county.id,
                        place_id=place.id, reported_on=dt.date(2018, 12, 1), done=True)
        session.commit()
    after = chased(corpus_db, "lead")
    assert taishun not in after and cangnan in after
    assert WZ + "市招商局" in after  # one county's report closes nobody else's share
