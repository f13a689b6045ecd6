"""Security headers on every response: ``nosniff``, a referrer policy, and a
``Content-Security-Policy`` where the route set none of its own.

The widgets set their own CSP (``frame-ancestors`` from ``POLICYGRAPH_FRAME_ANCESTORS``,
see :mod:`embed.security`), so it is kept.  Any other HTML page (the offline playground,
error pages) gets :data:`PAGE_POLICY`: scripts and styles from this server only, plus the
playground's one inline bootstrap script, and no framing by other sites.  JSON, text,
iCalendar and metrics get :data:`DATA_POLICY`, which lets nothing load or frame them.
"""

from __future__ import annotations

from typing import Any

PAGE_POLICY = "; ".join([
    "default-src 'self'",
    "script-src 'self' 'unsafe-inline'",  # the playground's inline bootstrap script
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'self'",
])
DATA_POLICY = "default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"


def with_security_headers(headers: list[tuple[bytes, bytes]]) -> list[tuple[bytes, bytes]]:
    """``headers`` plus whichever security headers they lack.

    >>> added = dict(with_security_headers([(b"content-type", b"application/json")]))
    >>> added[b"x-content-type-options"], added[b"content-security-policy"].startswith(b"default-src 'none'")
    (b'nosniff', True)
    >>> own = [(b"content-type", b"text/html"), (b"content-security-policy", b"x")]
    >>> dict(with_security_headers(own))[b"content-security-policy"]
    b'x'
    """
    names = {name.lower() for name, _ in headers}
    result = list(headers)
    if b"x-content-type-options" not in names:
        result.append((b"x-content-type-options", b"nosniff"))
    if b"referrer-policy" not in names:
        result.append((b"referrer-policy", b"same-origin"))
    if b"content-security-policy" not in names:
        content_type = next((v for k, v in headers if k.lower() == b"content-type"), b"")
        policy = PAGE_POLICY if content_type.lower().startswith(b"text/html") else DATA_POLICY
        result.append((b"content-security-policy", policy.encode()))
    return result


class SecurityHeaders:
    """ASGI middleware adding :func:`with_security_headers` to every HTTP response."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                message = {**message,
                           "headers": with_security_headers(list(message.get("headers") or []))}
            await send(message)

        await self.app(scope, receive, send_with_headers)
