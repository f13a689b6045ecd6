"""The per-process LISTEN connection comes back after PostgreSQL drops it."""

from __future__ import annotations

import asyncio

import psycopg
import pytest

from store.listen import conninfo, listen_forever
from store.notify import Note
from store.readback.postgres import end_listening_sessions, send_note
from tests.pg_cluster import PgCluster

pytestmark = pytest.mark.postgres


def test_the_listener_reconnects_after_its_connection_is_killed_and_hears_again(
        pg_cluster: PgCluster) -> None:
    url = pg_cluster.create_database("listen")
    reconnected: list[bool] = []

    async def scenario() -> list[Note]:
        heard: list[Note] = []
        connected = asyncio.Event()
        task = asyncio.create_task(listen_forever(
            url, heard.append, on_reconnect=lambda: reconnected.append(True),
            max_backoff=0.5, connected=connected))
        try:
            await asyncio.wait_for(connected.wait(), 10)
            async with await psycopg.AsyncConnection.connect(conninfo(url),
                                                             autocommit=True) as other:
                await send_note(connection=other, note=Note("audit", 1))
                await _until(lambda: len(heard) == 1)
                # the server ends the listener's session, as a restart or a proxy would
                await end_listening_sessions(connection=other)
                await _until(lambda: bool(reconnected) and connected.is_set(), 15)
                await send_note(connection=other, note=Note("audit", 2))
                await _until(lambda: len(heard) == 2)
        finally:
            task.cancel()
            await asyncio.gather(task, return_exceptions=True)
        return heard

    assert asyncio.run(scenario()) == [Note("audit", 1), Note("audit", 2)]
    assert reconnected == [True]


async def _until(condition: object, seconds: float = 5.0) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + seconds
    while not condition():  # type: ignore[operator]
        assert loop.time() < deadline, "timed out"
        await asyncio.sleep(0.05)
