"""Two cities' bureaus of one name get separate digests.

Fixtures (tests/alerts/data), written after the usual form of a city government office's
notice, read by hand:

* hangzhou-projects.txt, 杭政办函〔2018〕41号 (杭州市人民政府办公厅): 一(一) due 2018-06-30
  (2018年6月底前), 责任单位 市发改委 and 市财政局; 一(二) due 2018-09-30, 市财政局 and 市发改委.
* ningbo-investment.txt, 甬政办发〔2018〕27号 (宁波市人民政府办公厅): 一(一) due 2018-08-31,
  市发改委; 一(二) due 2018-10-31, 市财政局 and 市发改委.

Both name 市发改委 (standard name 市发展和改革委员会) and 市财政局, each meaning its own
city's bureau.  On 2019-01-01 every item is overdue: 杭州's two bureaus owe 杭州's two
items, 宁波's 发改委 both of 宁波's and 宁波's 财政局 one.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy import create_engine
from sqlalchemy.engine import Engine

from alerts.engine import run_alerts
from alerts.rules import AlertRules
from store.ingest import ingest_file
from store.setup import init_db

DATA = Path(__file__).with_name("data")
AS_OF = dt.date(2019, 1, 1)
NOW = dt.datetime(2019, 1, 1, 8, tzinfo=dt.UTC)
HZ, NB = "浙江省杭州市/", "浙江省宁波市/"
HANGZHOU, NINGBO = "杭政办函〔2018〕41号", "甬政办发〔2018〕27号"


def two_cities(tmp_path: Path) -> Engine:
    engine = create_engine(f"sqlite:///{tmp_path / 'two-cities.db'}")
    init_db(engine)
    for name in ("hangzhou-projects.txt", "ningbo-investment.txt"):
        assert ingest_file(engine=engine, path=DATA / name).ok
    return engine


def test_two_cities_bureaus_of_one_name_get_separate_digests_never_mixed(
        tmp_path: Path) -> None:
    engine = two_cities(tmp_path)
    report = run_alerts(engine=engine, as_of=AS_OF, rules=AlertRules(escalation=None),
                        dry_run=True, now=NOW)
    digests = {d.receiver_unit: sorted((i.document_number, i.path) for i in d.items)
               for d in report.digests}
    assert digests == {
        HZ + "市发展和改革委员会": [(HANGZHOU, "一(一)"), (HANGZHOU, "一(二)")],
        HZ + "市财政局": [(HANGZHOU, "一(一)"), (HANGZHOU, "一(二)")],
        NB + "市发展和改革委员会": [(NINGBO, "一(一)"), (NINGBO, "一(二)")],
        NB + "市财政局": [(NINGBO, "一(二)")],
    }
    engine.dispose()


def test_a_channel_rule_names_one_citys_bureau_and_a_shared_short_name_addresses_neither(
        tmp_path: Path) -> None:
    engine = two_cities(tmp_path)
    rules = AlertRules(escalation=None, channels={
        "*": ("webhook",), NB + "市财政局": ("email",), "市财政局": ("dingtalk",)})
    report = run_alerts(engine=engine, as_of=AS_OF, rules=rules, now=NOW)
    assert sorted(report.enqueued) == sorted([
        ("webhook", HZ + "市发展和改革委员会"), ("webhook", HZ + "市财政局"),
        ("webhook", NB + "市发展和改革委员会"), ("email", NB + "市财政局")])
    again = run_alerts(engine=engine, as_of=AS_OF, rules=rules, now=NOW)
    assert again.enqueued == [] and again.repeats == 7  # alert state is kept per unit
    engine.dispose()


def test_with_no_supervisor_for_either_city_nothing_is_escalated_and_the_run_says_so(
        tmp_path: Path) -> None:
    engine = two_cities(tmp_path)
    rules = AlertRules()  # escalation after 30 days, but no supervisor anywhere
    report = run_alerts(engine=engine, as_of=AS_OF, rules=rules, dry_run=True, now=NOW)
    assert all(i.kind == "overdue" for d in report.digests for i in d.items)
    assert report.unsupervised == 4  # every item is more than 30 days late
    engine.dispose()


def test_escalation_goes_to_the_supervisor_of_the_obligations_own_city(tmp_path: Path) -> None:
    from alerts.rules import Escalation

    engine = two_cities(tmp_path)
    # 杭州's supervisor is configured on its province: the nearest ancestor that has one
    rules = AlertRules(escalation=Escalation(after_days=30, supervisors={
        "浙江省杭州市": "市发改委", "330000": "省发展和改革委员会"}))
    report = run_alerts(engine=engine, as_of=AS_OF, rules=rules, dry_run=True, now=NOW)
    kinds = {d.receiver_unit: sorted((i.document_number, i.kind) for i in d.items)
             for d in report.digests}
    # 杭州's own 发改委 supervises its items (an escalation instead of an overdue)
    assert kinds[HZ + "市发展和改革委员会"] == [(HANGZHOU, "escalation")] * 2
    # 宁波 has none of its own: its province's, a unit no document names, still by identity
    assert kinds["浙江省/省发展和改革委员会"] == [(NINGBO, "escalation")] * 2
    assert kinds[NB + "市发展和改革委员会"] == [(NINGBO, "overdue")] * 2
    assert report.unsupervised == 0
    engine.dispose()
