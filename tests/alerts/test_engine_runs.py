"""The alert engine's runs on the bundled corpus: silences, reminders, dry runs,
overlapping runs (SQLite and PostgreSQL) and receivers with no channel.  What is owed is
read off the document by hand (:mod:`tests.alerts.engine_expectations`)."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session

from alerts.engine import RunReport, run_alerts
from alerts.rules import AlertRules
from store.crud.places import find_places
from store.crud.units import find_unit
from store.outbox import list_messages
from store.silences import add_silence
from tests.alerts.corpus_copy import corpus_db, corpus_template, corpus_url  # noqa: F401
from tests.alerts.engine_expectations import (
    AS_OF,
    COLLECTIVE_ITEMS,
    COUNTIES,
    DIGESTS,
    EXPECTED,
    PLANNING,
    RULES,
    T0,
    TAISHUN,
    WEBHOOK,
    WZ,
    county_government,
    kinds_and_paths,
    run_engine,
)


def test_silences_mute_a_unit_and_an_obligation(corpus_db: Engine) -> None:  # noqa: F811
    dry = run_engine(corpus_db, None)
    paired = next(d for d in dry.digests if d.receiver_unit == TAISHUN)
    parks = next(i.obligation_id for i in paired.items if i.path == "二(二)1")
    with Session(corpus_db) as s:
        planning = find_unit(session=s, name="市规划局")
        assert planning is not None
        add_silence(session=s, until=dt.date(2019, 1, 31), unit_id=planning.id, reason="机构改革")
        add_silence(session=s, until=dt.date(2019, 1, 1), obligation_id=parks, reason="已延期")
        s.commit()
    report = run_engine(corpus_db, None, now=T0 + dt.timedelta(days=30))
    digests = {d.receiver_unit: kinds_and_paths(d) for d in report.digests}
    assert PLANNING not in digests
    assert digests[TAISHUN] == COLLECTIVE_ITEMS - {("overdue", "二(二)1")}
    assert digests[WZ + "市招商局"] == EXPECTED[WZ + "市招商局"] - {("escalation", "二(二)1")}
    # 市规划局's two, 二(二)1 to each of the ten counties and its escalation
    assert report.silenced == 2 + len(COUNTIES) + 1
    # The obligation's silence ends on 2019-01-01; on the 2nd it is chased again.
    later = run_engine(corpus_db, None, as_of=dt.date(2019, 1, 2), now=T0 + dt.timedelta(days=31))
    assert ("overdue", "二(二)1") in next(
        kinds_and_paths(d) for d in later.digests if d.receiver_unit == TAISHUN)


def test_a_county_silence_mutes_only_that_countys_share(corpus_db: Engine) -> None:  # noqa: F811
    dry = run_alerts(engine=corpus_db, as_of=AS_OF, rules=RULES, dry_run=True)
    parks = next(i.obligation_id for i in next(
        d for d in dry.digests if d.receiver_unit == TAISHUN).items if i.path == "二(二)1")
    with Session(corpus_db) as s:
        cangnan = find_places(session=s, name="浙江省温州市苍南县")[0]
        add_silence(session=s, until=dt.date(2019, 1, 31), obligation_id=parks,
                    place_id=cangnan.id, reason="苍南县已申请延期")
        s.commit()
    report = run_engine(corpus_db, None)
    digests = {d.receiver_unit: kinds_and_paths(d) for d in report.digests}
    assert digests[county_government("苍南县")] == COLLECTIVE_ITEMS - {("overdue", "二(二)1")}
    assert digests[TAISHUN] == COLLECTIVE_ITEMS
    assert digests[WZ + "市招商局"] == EXPECTED[WZ + "市招商局"]  # the escalation is not a share
    assert report.silenced == 1


def test_reminders_fire_once_at_each_lead_time(corpus_db: Engine) -> None:  # noqa: F811
    # 二(二)2 and 二(二)3 (市规划局's two tasks) are due 2018-12-31, in a document issued
    # 2018-12-07: nothing is owed before that day, so the 30-day reminder fires then.
    def planning(day: dt.date, hours: int) -> list[tuple[str, str, int]]:
        report = run_engine(corpus_db, None, as_of=day, now=T0 + dt.timedelta(hours=hours))
        digest = next((d for d in report.digests if d.receiver_unit == PLANNING), None)
        return [(i.kind, i.path, i.days) for i in digest.items] if digest else []

    assert planning(dt.date(2018, 11, 30), 0) == []  # 31 days left: too early
    assert planning(dt.date(2018, 12, 1), 1) == []  # 30 days left, but not yet issued
    assert planning(dt.date(2018, 12, 7), 1) == [("due_soon", "二(二)2", 24), ("due_soon", "二(二)3", 24)]
    assert planning(dt.date(2018, 12, 10), 2) == []  # the 30-day reminder fired already
    assert planning(dt.date(2018, 12, 24), 3) == [("due_soon", "二(二)2", 7), ("due_soon", "二(二)3", 7)]
    assert planning(dt.date(2018, 12, 28), 4) == []


def test_a_dry_run_records_and_enqueues_nothing(corpus_db: Engine) -> None:  # noqa: F811
    dry = run_alerts(engine=corpus_db, as_of=AS_OF, rules=RULES, dry_run=True)
    assert {d.receiver_unit: kinds_and_paths(d) for d in dry.digests} == EXPECTED
    with Session(corpus_db) as s:
        assert list_messages(session=s) == []
    real = run_engine(corpus_db, None)
    assert [d.digest_id for d in real.digests] == [d.digest_id for d in dry.digests]
    assert sorted(real.enqueued) == sorted(
        ("email" if u == PLANNING else "webhook", u) for u in EXPECTED)


def test_overlapping_runs_enqueue_each_digest_once(corpus_db: Engine) -> None:  # noqa: F811
    reports: list[RunReport] = []
    threads = [threading.Thread(target=lambda: reports.append(run_engine(corpus_db, None)))
               for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(len(r.enqueued) for r in reports) == [0, 0, DIGESTS]
    with Session(corpus_db) as s:
        assert len(list_messages(session=s)) == DIGESTS


def test_a_receiver_without_a_channel_is_reported_and_stays_owed(corpus_db: Engine) -> None:  # noqa: F811
    rules = AlertRules(channels={"市规划局": ("email",)})  # no "*": the others have nowhere to go
    report = run_engine(corpus_db, None, rules=rules)
    assert sorted(report.unrouted) == sorted(set(EXPECTED) - {PLANNING})
    assert report.enqueued == [("email", PLANNING)]
    assert len(run_engine(corpus_db, None, now=T0 + dt.timedelta(minutes=1)).enqueued) == WEBHOOK


@pytest.fixture
def pg_corpus(pg_cluster: Any) -> Iterator[Engine]:
    """The corpus in a fresh PostgreSQL database (the advisory-lock path)."""
    from store.db import make_engine
    from store.ingest import load_bundled

    engine = make_engine(pg_cluster.create_database())
    assert load_bundled(engine=engine)
    yield engine
    engine.dispose()


@pytest.mark.postgres
def test_on_postgresql_overlapping_runs_enqueue_each_digest_once(pg_corpus: Engine) -> None:
    reports: list[RunReport] = []
    threads = [threading.Thread(target=lambda: reports.append(run_engine(pg_corpus, None)))
               for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(len(r.enqueued) for r in reports) == [0, 0, DIGESTS]
    winner = next(r for r in reports if r.enqueued)
    assert {d.receiver_unit: kinds_and_paths(d) for d in winner.digests} == EXPECTED
