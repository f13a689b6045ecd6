"""The live hub on its own: a new day makes an obligation overdue with no write at all,
and the per-process bound holds.

温政发〔2018〕26号 二(二)2 (…于2018年四季度前完成规划评审) is due 2018-12-31 and owned, among
others, by 市规划局: DUE_SOON on 2018-12-31, OVERDUE from 2019-01-01.
"""

from __future__ import annotations

import asyncio
import datetime as dt

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session

from graph.hub import HubFull, LiveHub
from graph.live_events import ReportEvent
from graph.names import resolve_unit
from graph.state import GraphHolder
from graph.status import Status
from graph.watch import StatusChange, Watch
from store.db import make_engine
from store.ingest import load_bundled
from store.progress.reports import report_progress
from tests.alerts import corpus_copy
from tests.pg_cluster import PgCluster

corpus_template, corpus_url, corpus_db = (corpus_copy.corpus_template, corpus_copy.corpus_url,
                                          corpus_copy.corpus_db)
PLAN_REVIEW = "deadline:000_a92242b81cc0d015/二(二)2/1"


def test_a_new_day_makes_an_obligation_overdue_for_its_status_subscribers(
        corpus_db: Engine) -> None:
    holder = GraphHolder(corpus_db)
    planning = resolve_unit(holder.snapshot.graph, "市规划局")
    clock = [dt.date(2018, 12, 31)]

    async def scenario() -> list[StatusChange]:
        hub = LiveHub(holder, poll_seconds=0.05, today=lambda: clock[0])
        await hub.start()
        try:
            subscriber = await hub.subscribe(Watch(unit=planning), kind="status")
            assert subscriber.last[PLAN_REVIEW] is Status.DUE_SOON
            clock[0] = dt.date(2019, 1, 1)  # midnight passes; nobody writes anything
            changes = []
            while not any(c.obligation_id == PLAN_REVIEW for c in changes):
                event = await asyncio.wait_for(subscriber.queue.get(), 5)
                assert isinstance(event, StatusChange)
                changes.append(event)
            return changes
        finally:
            await hub.stop()

    changes = asyncio.run(scenario())
    review = next(c for c in changes if c.obligation_id == PLAN_REVIEW)
    assert (review.path, review.before, review.after, review.on) == (
        "二(二)2", Status.DUE_SOON, Status.OVERDUE, dt.date(2019, 1, 1))


def test_one_subscription_beyond_the_process_bound_is_refused(corpus_db: Engine) -> None:
    holder = GraphHolder(corpus_db)

    async def scenario() -> int:
        hub = LiveHub(holder, max_subscriptions=2, today=lambda: dt.date(2019, 1, 1))
        await hub.start()
        try:
            first = await hub.subscribe(Watch(), kind="report")
            await hub.subscribe(Watch(), kind="status")
            with pytest.raises(HubFull):
                await hub.subscribe(Watch(), kind="report")
            hub.unsubscribe(first)  # a stream that ended frees its place
            await hub.subscribe(Watch(), kind="report")
            return hub.subscriber_count
        finally:
            await hub.stop()

    assert asyncio.run(scenario()) == 2


@pytest.mark.postgres
def test_a_report_committed_after_a_later_one_is_still_sent_once_on_postgresql(
        pg_cluster: PgCluster) -> None:
    """Two writers: the first takes the lower audit id but commits last.  Reading "after
    the newest id seen" alone would skip it for good."""
    url = pg_cluster.create_database("late")
    engine = make_engine(url)
    assert load_bundled(engine=engine)
    holder = GraphHolder(engine)

    async def scenario() -> list[int]:
        hub = LiveHub(holder, listen_url=url, today=lambda: dt.date(2019, 1, 1))
        await hub.start()
        try:
            await asyncio.wait_for(hub.listening.wait(), 10)
            subscriber = await hub.subscribe(Watch(), kind="report")
            slow, fast = Session(engine), Session(engine)
            try:
                early = report_progress(session=slow, obligation_id=PLAN_REVIEW, unit_id=None,
                                        reported_on=dt.date(2019, 1, 10), done=False)
                late = report_progress(session=fast, obligation_id=PLAN_REVIEW, unit_id=None,
                                       reported_on=dt.date(2019, 1, 11), done=False)
                ids = [late.id, early.id]
                await asyncio.to_thread(fast.commit)
                first = await asyncio.wait_for(subscriber.queue.get(), 5)
                await asyncio.to_thread(slow.commit)
                second = await asyncio.wait_for(subscriber.queue.get(), 5)
            finally:
                slow.close()
                fast.close()
            assert subscriber.queue.empty()
            await asyncio.sleep(1.0)  # nothing read twice
            assert subscriber.queue.empty()
            got = [e.report_id for e in (first, second) if isinstance(e, ReportEvent)]
            assert got == ids
            return got
        finally:
            await hub.stop()

    try:
        assert len(asyncio.run(scenario())) == 2
    finally:
        engine.dispose()
