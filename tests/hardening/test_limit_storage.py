"""The rate limits' counters in the database: the ``limits`` sliding window over rows
that every server process shares, on SQLite and on a real PostgreSQL."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from limits import RateLimitItemPerMinute
from limits.strategies import SlidingWindowCounterRateLimiter
from sqlalchemy.engine import Engine
from sqlmodel import Session

from hardening.limit_storage import DatabaseStorage, storage_for
from store import rate_limits
from store.db import make_engine
from store.rate_limits import RateLimitCounter
from store.readback.rows import column_values, count_rows
from store.setup import init_db
from tests.pg_cluster import PgCluster

START = 1_800_000_000.0  # a window's start (a multiple of 60)


def test_the_window_refuses_the_request_past_the_limit_until_it_has_slid(engine: Engine) -> None:
    now = [START]
    limiter = SlidingWindowCounterRateLimiter(DatabaseStorage(engine, clock=lambda: now[0]))
    three = RateLimitItemPerMinute(3)
    assert [limiter.hit(three, "ip", "10.0.0.1") for _ in range(4)] == [True, True, True, False]
    assert limiter.hit(three, "ip", "10.0.0.2"), "another client counts apart"
    now[0] = START + 90  # half of the full minute still weighs: 3 * 0.5 = 1.5 -> 1 counted
    assert [limiter.hit(three, "ip", "10.0.0.1") for _ in range(3)] == [True, True, False]
    now[0] = START + 180  # two windows later nothing of them weighs
    assert [limiter.hit(three, "ip", "10.0.0.1") for _ in range(4)] == [True, True, True, False]


def test_two_processes_engines_count_one_client_together(engine: Engine) -> None:
    other = make_engine(str(engine.url.render_as_string(hide_password=False)))
    try:
        now = [START + 5]
        first = SlidingWindowCounterRateLimiter(DatabaseStorage(engine, clock=lambda: now[0]))
        second = SlidingWindowCounterRateLimiter(DatabaseStorage(other, clock=lambda: now[0]))
        five = RateLimitItemPerMinute(5)
        answers = [(first if i % 2 else second).hit(five, "token", "abc") for i in range(6)]
        assert answers == [True, True, True, True, True, False]
    finally:
        other.dispose()


def test_an_expired_counter_starts_again_from_the_amount_added(engine: Engine) -> None:
    with Session(engine) as session:
        assert rate_limits.increment(session=session, key="k", amount=1, expiry=60, now=START) == 1
        assert rate_limits.increment(session=session, key="k", amount=2, expiry=60, now=START + 1) == 3
        assert rate_limits.increment(session=session, key="k", amount=1, expiry=60,
                                     now=START + 61) == 1
        session.commit()
        assert rate_limits.live_counts(session=session, keys=["k"], now=START + 62) == {
            "k": (1, START + 121)}


def test_expired_counters_are_deleted_a_bounded_batch_at_a_time(engine: Engine) -> None:
    with Session(engine) as session:
        for i in range(5):
            rate_limits.increment(session=session, key=f"old{i}", amount=1, expiry=10, now=START)
        rate_limits.increment(session=session, key="live", amount=1, expiry=600, now=START)
        session.commit()
        assert rate_limits.delete_expired(session=session, now=START + 20, limit=3) == 3
        assert rate_limits.delete_expired(session=session, now=START + 20, limit=3) == 2
        session.commit()
        left = column_values(session=session, column=RateLimitCounter.key)
    assert left == ["live"]


def test_concurrent_hits_on_postgresql_never_pass_the_limit(pg_cluster: PgCluster) -> None:
    url = pg_cluster.create_database("limits")
    engines = [make_engine(url) for _ in range(2)]
    try:
        init_db(engines[0])
        assert all(isinstance(storage_for(e), DatabaseStorage) for e in engines)
        # one instant for every hit: a minute's edge between two hits would weigh the
        # previous minute in
        storages = [DatabaseStorage(e, clock=lambda: START + 30) for e in engines]
        ten = RateLimitItemPerMinute(10)

        def hit(i: int) -> bool:
            return SlidingWindowCounterRateLimiter(storages[i % 2]).hit(ten, "ip", "10.9.9.9")

        with ThreadPoolExecutor(8) as pool:
            answers = list(pool.map(hit, range(30)))
        assert answers.count(True) == 10
        with Session(engines[0]) as session:
            assert count_rows(session=session, model=RateLimitCounter) == 1
    finally:
        for e in engines:
            e.dispose()
