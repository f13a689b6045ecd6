"""A real graphql-transport-ws client for the live-update tests (the ``websockets``
package), and a wait for a server to count a subscription on ``/metrics``."""

from __future__ import annotations

import asyncio
import json
import re
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import httpx
import websockets
from websockets.asyncio.client import ClientConnection

PROTOCOL = "graphql-transport-ws"


@asynccontextmanager
async def connected(base_url: str, *, token: str | None = None,
                    access_token: str | None = None) -> AsyncIterator[ClientConnection]:
    """A websocket to ``base_url``'s ``/graphql`` after ``connection_init`` (the token in
    its payload, or ``?access_token=``); the first answer is left unread."""
    url = base_url.replace("http://", "ws://") + "/graphql"
    if access_token:
        url += f"?access_token={access_token}"
    async with websockets.connect(url, subprotocols=[PROTOCOL],  # type: ignore[list-item]
                                  open_timeout=10) as ws:
        payload = {"Authorization": f"Bearer {token}"} if token else {}
        await ws.send(json.dumps({"type": "connection_init", "payload": payload}))
        yield ws


async def acknowledged(ws: ClientConnection) -> None:
    """Wait for ``connection_ack`` (fails on anything else)."""
    message = json.loads(await asyncio.wait_for(ws.recv(), 10))
    assert message["type"] == "connection_ack", message


async def subscribe(ws: ClientConnection, query: str, *, id: str = "1",
                    **variables: Any) -> None:
    """Send one ``subscribe`` message."""
    await ws.send(json.dumps({"id": id, "type": "subscribe",
                              "payload": {"query": query, "variables": variables}}))


async def next_message(ws: ClientConnection, timeout: float = 5.0) -> dict[str, Any]:
    """The next message other than ``ping`` (answered) or ``pong``."""
    deadline = time.monotonic() + timeout
    while True:
        raw = await asyncio.wait_for(ws.recv(), max(0.01, deadline - time.monotonic()))
        message: dict[str, Any] = json.loads(raw)
        if message["type"] == "ping":
            await ws.send(json.dumps({"type": "pong"}))
        elif message["type"] != "pong":
            return message


def live_subscriptions(base_url: str, token: str | None = None) -> int:
    """How many subscriptions the server at ``base_url`` counts on ``/metrics``."""
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    text = httpx.get(base_url + "/metrics", headers=headers, timeout=10).text
    found = re.search(r"^policygraph_live_subscriptions (\S+)$", text, re.MULTILINE)
    return int(float(found.group(1))) if found else -1


async def until_subscribed(base_url: str, count: int = 1, timeout: float = 15.0, *,
                           token: str | None = None) -> None:
    """Wait until the server counts ``count`` live subscriptions."""
    deadline = time.monotonic() + timeout
    while await asyncio.to_thread(live_subscriptions, base_url, token) < count:
        if time.monotonic() > deadline:
            raise AssertionError(f"{base_url} never counted {count} live subscriptions")
        await asyncio.sleep(0.05)
