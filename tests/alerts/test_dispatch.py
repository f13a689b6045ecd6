"""The outbox dispatcher against a real webhook receiver on 127.0.0.1.

Time is stepped by passing ``now``: backoff of 1 min, 2 min, … (RetryPolicy defaults).
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session

from alerts.channels.webhook import WebhookChannel
from alerts.digest import Digest
from alerts.outbox_dispatch import (
    DispatchReport,
    RetryPolicy,
    digest_from_json,
    dispatch_due,
    enqueue,
)
from store.db import make_engine
from store.outbox import list_messages
from store.setup import init_db
from tests.alerts.conftest import Receiver, Request

T0 = dt.datetime(2019, 1, 1, 8, 0, tzinfo=dt.UTC)


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'outbox.db'}"


@pytest.fixture
def outbox_engine(db_url: str) -> Iterator[Engine]:
    engine = make_engine(db_url)
    init_db(engine)
    yield engine
    engine.dispose()


def _queue(engine: Engine, *digests: Digest, channel: str = "webhook") -> None:
    with Session(engine) as s:
        for d in digests:
            enqueue(session=s, channel=channel, digest=d, now=T0)
        s.commit()


def _ids(receiver: Receiver) -> list[str]:
    return [r.headers["x-policygraph-digest-id"] for r in receiver.requests]


def test_a_digest_round_trips_through_the_outbox_payload(investment_digest: Digest) -> None:
    from alerts.digest import digest_to_json

    assert digest_from_json(digest_to_json(investment_digest)) == investment_digest


def test_enqueueing_the_same_digest_twice_keeps_one_message(
    outbox_engine: Engine, investment_digest: Digest
) -> None:
    _queue(outbox_engine, investment_digest)
    _queue(outbox_engine, investment_digest)
    _queue(outbox_engine, investment_digest, channel="dingtalk")  # another channel: its own row
    with Session(outbox_engine) as s:
        assert [(m.channel, m.receiver) for m in list_messages(session=s)] == [
            ("webhook", "市招商局"),
            ("dingtalk", "市招商局"),
        ]


def test_a_receiver_down_for_two_attempts_gets_the_digest_exactly_once(
    outbox_engine: Engine, investment_digest: Digest, start_receiver: Callable[..., Receiver]
) -> None:
    calls = {"n": 0}

    def flaky(_request: Request) -> tuple[int, None]:
        calls["n"] += 1
        return (503, None) if calls["n"] <= 2 else (200, None)

    receiver = start_receiver(flaky)
    channels = {"webhook": WebhookChannel(receiver.url + "/hook")}
    _queue(outbox_engine, investment_digest)
    first = dispatch_due(engine=outbox_engine, channels=channels, now=T0)
    assert len(first.retrying) == 1 and first.sent == []
    # Retry is due 1 minute later: not 59 s later.
    early = dispatch_due(engine=outbox_engine, channels=channels, now=T0 + dt.timedelta(seconds=59))
    assert early.sent == early.retrying == [] and calls["n"] == 1
    second = dispatch_due(engine=outbox_engine, channels=channels, now=T0 + dt.timedelta(minutes=1))
    assert len(second.retrying) == 1
    # After the 2nd failure the wait doubles: due at 1 + 2 = 3 minutes.
    assert dispatch_due(engine=outbox_engine, channels=channels, now=T0 + dt.timedelta(minutes=2, seconds=59)).sent == []
    third = dispatch_due(engine=outbox_engine, channels=channels, now=T0 + dt.timedelta(minutes=3))
    assert len(third.sent) == 1
    later = dispatch_due(engine=outbox_engine, channels=channels, now=T0 + dt.timedelta(days=1))
    assert later.sent == [] and calls["n"] == 3
    assert _ids(receiver) == [investment_digest.digest_id] * 3  # 2 refused + 1 accepted
    with Session(outbox_engine) as s:
        [message] = list_messages(session=s)
        assert (message.status, message.attempts, message.last_error) == ("sent", 3, None)
        assert message.acked_at is not None


def test_a_receiver_that_was_not_listening_gets_the_digest_once_it_starts(
    outbox_engine: Engine, planning_digest: Digest, refused_url: str,
    start_receiver: Callable[..., Receiver],
) -> None:
    _queue(outbox_engine, planning_digest)
    down = dispatch_due(engine=outbox_engine, channels={"webhook": WebhookChannel(refused_url)}, now=T0)
    assert len(down.retrying) == 1
    receiver = start_receiver(lambda _r: (200, None))
    channels = {"webhook": WebhookChannel(receiver.url)}
    up = dispatch_due(engine=outbox_engine, channels=channels, now=T0 + dt.timedelta(minutes=1))
    assert len(up.sent) == 1
    assert receiver.requests[0].json()["receiver_unit"] == "市规划局"


def test_two_dispatchers_racing_deliver_each_digest_once(
    outbox_engine: Engine, db_url: str, investment_digest: Digest, planning_digest: Digest,
    start_receiver: Callable[..., Receiver],
) -> None:
    digests = [
        Digest.build(receiver_unit=d.receiver_unit, as_of=T0.date() + dt.timedelta(days=n), items=d.items)
        for n in range(10)
        for d in (investment_digest, planning_digest)
    ]
    _queue(outbox_engine, *digests)
    receiver = start_receiver(lambda _r: (200, None))
    barrier = threading.Barrier(2)
    reports = []

    def run() -> None:
        engine = make_engine(db_url)  # its own pool, as a second process would have
        barrier.wait()
        reports.append(dispatch_due(engine=engine, channels={"webhook": WebhookChannel(receiver.url)}, now=T0))
        engine.dispose()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(_ids(receiver)) == sorted(d.digest_id for d in digests)
    assert sum(len(r.sent) for r in reports) == 20


def test_pending_messages_survive_a_restart(
    db_url: str, outbox_engine: Engine, investment_digest: Digest,
    start_receiver: Callable[..., Receiver],
) -> None:
    _queue(outbox_engine, investment_digest)
    outbox_engine.dispose()  # the process that enqueued is gone
    receiver = start_receiver(lambda _r: (200, None))
    restarted = make_engine(db_url)
    try:
        report = dispatch_due(engine=restarted, channels={"webhook": WebhookChannel(receiver.url)}, now=T0)
    finally:
        restarted.dispose()
    assert len(report.sent) == 1 and _ids(receiver) == [investment_digest.digest_id]


def test_a_rejected_digest_fails_at_once_and_attempts_are_capped(
    outbox_engine: Engine, investment_digest: Digest, planning_digest: Digest,
    start_receiver: Callable[..., Receiver],
) -> None:
    rejecting = start_receiver(lambda _r: (400, {"error": "bad payload"}))
    busy = start_receiver(lambda _r: (503, None))
    _queue(outbox_engine, investment_digest, channel="rejecting")
    _queue(outbox_engine, planning_digest, channel="busy")
    channels = {"rejecting": WebhookChannel(rejecting.url), "busy": WebhookChannel(busy.url)}
    policy = RetryPolicy(base=dt.timedelta(seconds=10), cap=dt.timedelta(seconds=15), max_attempts=3)
    first = dispatch_due(engine=outbox_engine, channels=channels, now=T0, policy=policy)
    assert len(first.failed) == 1 and len(first.retrying) == 1
    # Waits: 10 s after the 1st failure, then min(20, 15) = 15 s; the 3rd failure is final.
    def at(seconds: int) -> DispatchReport:
        return dispatch_due(engine=outbox_engine, channels=channels, policy=policy,
                            now=T0 + dt.timedelta(seconds=seconds))  # fmt: skip

    assert len(at(10).retrying) == 1
    assert at(24).retrying == []
    assert len(at(25).failed) == 1
    assert at(3600).failed == []
    with Session(outbox_engine) as s:
        states = {m.channel: (m.status, m.attempts) for m in list_messages(session=s)}
    assert states == {"rejecting": ("failed", 1), "busy": ("failed", 3)}
    assert len(rejecting.requests) == 1 and len(busy.requests) == 3


def test_a_message_for_a_channel_not_configured_here_is_left_pending(
    outbox_engine: Engine, investment_digest: Digest
) -> None:
    _queue(outbox_engine, investment_digest, channel="email")
    report = dispatch_due(engine=outbox_engine, channels={}, now=T0)
    assert len(report.no_channel) == 1
    with Session(outbox_engine) as s:
        assert [(m.status, m.attempts) for m in list_messages(session=s)] == [("pending", 0)]
