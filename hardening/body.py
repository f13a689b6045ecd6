"""ASGI middleware that refuses request bodies over a size limit with ``413``.

The body is read (at most ``max_bytes`` of it) before the application sees the
request, then replayed; the access log reads the GraphQL operation name from the
copy kept in ``scope["policygraph.body"]``.
"""

from __future__ import annotations

import json
from typing import Any

from i18n import t
from observability.accesslog import BODY_KEY

Scope = dict[str, Any]


async def send_json_error(send: Any, status: int, message: str, code: str,
                          headers: list[tuple[bytes, bytes]] | None = None,
                          **details: object) -> None:
    """Answer with a GraphQL-shaped JSON error (``errors[0].extensions.code``)."""
    body = json.dumps({"errors": [{"message": message,
                                   "extensions": {"code": code, **details}}]},
                      ensure_ascii=False).encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"),
                            (b"content-length", str(len(body)).encode()), *(headers or [])]})
    await send({"type": "http.response.body", "body": body})


class BodyLimit:
    """Refuse bodies larger than ``max_bytes`` (``0`` turns the check off).

    Parameters
    ----------
    app
        The ASGI application to protect.
    max_bytes
        Largest body accepted, by ``Content-Length`` and by what actually arrives.
    """

    def __init__(self, app: Any, *, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def _too_large(self, send: Any) -> None:
        await send_json_error(send, 413, t("error.body_too_large", limit=self.max_bytes),
                              "PAYLOAD_TOO_LARGE", maxBytes=self.max_bytes)

    async def __call__(self, scope: Scope, receive: Any, send: Any) -> None:
        if scope["type"] != "http" or self.max_bytes <= 0:
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_bytes:
            await self._too_large(send)
            return
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] != "http.request":  # the client went away
                return
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_bytes:  # chunked or lying Content-Length
                await self._too_large(send)
                return
            chunks.append(chunk)
            if not message.get("more_body"):
                break
        body = b"".join(chunks)
        scope[BODY_KEY] = body
        replayed = False

        async def replay() -> dict[str, Any]:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}
            return dict(await receive())

        await self.app(scope, replay, send)
