"""What the alert engine owes on the bundled corpus as of 2019-01-01, read off
温政发〔2018〕26号 by hand (the reading is in :mod:`tests.alerts.test_engine`'s docstring),
and the helpers that run the engine against it."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy.engine import Engine

from alerts.digest import Digest
from alerts.engine import RunReport, run_alerts
from alerts.rules import AlertRules, Escalation

AS_OF = dt.date(2019, 1, 1)
T0 = dt.datetime(2019, 1, 1, 8, 0, tzinfo=dt.UTC)
WZ, ZJ = "浙江省温州市/", "浙江省/"
PLANNING = WZ + "市规划局"
RULES = AlertRules(escalation=Escalation(after_days=30, supervisors={"浙江省温州市": "市招商局"}),
                   channels={"*": ("webhook",), "市规划局": ("email",)})
#: the paired counties, each the member of the collective with its own share
COUNTIES = ("鹿城区", "龙湾区", "瓯海区", "瑞安市", "乐清市", "泰顺县", "苍南县", "文成县",
            "平阳县", "永嘉县")


def county_government(county: str) -> str:
    """The receiver of a member county's share: its government, in its jurisdiction."""
    return f"浙江省温州市{county}/{county}人民政府"


TAISHUN = county_government("泰顺县")
COLLECTIVE_ITEMS = {("overdue", p) for p in ("二(一)", "二(二)1", "二(二)2", "二(二)3", "二(三)1",
                                             "二(三)2", "二(三)3")}
EXPECTED = {
    WZ + "市招商局": {("escalation", "二(二)1"), ("overdue", "二(一)"), ("overdue", "二(二)2"),
                      ("overdue", "二(二)3"), ("overdue", "二(三)1"), ("overdue", "二(三)2")},
    **{county_government(c): COLLECTIVE_ITEMS for c in COUNTIES},
    WZ + "市发展和改革委员会": {("overdue", p) for p in ("二(二)2", "二(二)3", "二(三)1")},
    WZ + "市国土资源局": {("overdue", p) for p in ("二(二)2", "二(二)3")},
    PLANNING: {("overdue", p) for p in ("二(二)2", "二(二)3")},
    WZ + "市旅游局": {("overdue", p) for p in ("二(二)2", "二(三)1")},
    WZ + "市财政局": {("overdue", p) for p in ("二(二)3", "二(三)3")},
    WZ + "市农业局": {("overdue", "二(三)1")},
    WZ + "市人力资源和社会保障局": {("overdue", p) for p in ("二(三)2", "二(三)3")},
    WZ + "市教育局": {("overdue", "二(三)3")},
    WZ + "市卫生和计划生育委员会": {("overdue", "二(三)3")},
    WZ + "五个经济发达的区(市)": {("overdue", "二(一)")},
    WZ + "加快发展县": {("overdue", "二(一)")},
    ZJ + "省级教育、科技、文化、卫生、人力社保等部门": {("overdue", "二(四)")},
    ZJ + "发达地区各市政府": {("overdue", "三(一)")},
    ZJ + "对口市县": {("overdue", "三(一)")},
    ZJ + "省级有关部门": {("overdue", "三(三)")},
}
#: one digest per receiver; all but 市规划局's go by webhook
DIGESTS = len(EXPECTED)
WEBHOOK = DIGESTS - 1
#: 二(二)2's 责任单位 (the collective through its counties), who are told when it is done.
PLAN_REVIEW_OWNERS = {WZ + "市招商局", WZ + "市发展和改革委员会", WZ + "市国土资源局", PLANNING,
                      WZ + "市旅游局", *map(county_government, COUNTIES)}


def run_engine(engine: Engine, channels: dict[str, Any] | None, *, as_of: dt.date = AS_OF,
         now: dt.datetime = T0, rules: AlertRules = RULES) -> RunReport:
    return run_alerts(engine=engine, as_of=as_of, rules=rules, channels=channels, now=now)


def kinds_and_paths(digest: Digest | dict[str, Any]) -> set[tuple[str, str]]:
    items = digest.items if isinstance(digest, Digest) else digest["items"]
    return {(i.kind, i.path) if not isinstance(i, dict) else (i["kind"], i["path"]) for i in items}
