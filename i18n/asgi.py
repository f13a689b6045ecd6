"""ASGI middleware speaking each HTTP request's language.

``?lang=en`` wins, then ``Accept-Language``, then the configured language the server
passes in (``POLICYGRAPH_LANG``, :attr:`settings.Settings.lang`);
every answer says ``Content-Language`` and ``Vary: Accept-Language`` so caches keep
the two languages apart.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs

from i18n import LOCALES, negotiate, use_locale


def request_locale(scope: dict[str, Any], default: str | None = None) -> str:
    """The locale an HTTP scope asks for.

    >>> request_locale({"query_string": b"lang=en", "headers": []})
    'en'
    >>> request_locale({"query_string": b"", "headers": [(b"accept-language", b"en-GB")]})
    'en'
    """
    asked = parse_qs(scope.get("query_string", b"").decode("latin-1")).get("lang", [""])[0]
    if asked[:2].lower() in LOCALES:
        return asked[:2].lower()
    header = next((v.decode("latin-1") for k, v in scope.get("headers", [])
                   if k == b"accept-language"), None)
    return negotiate(header, default)


class LocaleMiddleware:
    """Set the locale for the request; label the answer with it."""

    def __init__(self, app: Any, default: str | None = None) -> None:
        self.app, self.default = app, default

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        locale = request_locale(scope, self.default)

        async def label(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                headers = [(k, v) for k, v in message.get("headers", [])
                           if k.lower() != b"content-language"]
                headers.append((b"content-language", locale.encode()))
                if not any(k.lower() == b"vary" and b"accept-language" in v.lower()
                           for k, v in headers):
                    headers.append((b"vary", b"Accept-Language"))
                message = {**message, "headers": headers}
            await send(message)

        with use_locale(locale):
            await self.app(scope, receive, label)
