"""Who may frame the widgets, and who may read them.

Wikis embed the widgets in iframes, so the browser must be told which sites may frame
them: a ``Content-Security-Policy`` whose ``frame-ancestors`` is ``'self'`` plus the
space-separated origins in ``POLICYGRAPH_FRAME_ANCESTORS``.  The variable is read on every
response, not at import, so an operator (or a test) can change it without a rebuild.

Widgets show only what an anonymous viewer may read.  Anonymous reading is allowed unless
``POLICYGRAPH_ENV=production``; there a live API token (``store.progress.tokens``) must
come as ``Authorization: Bearer …`` or, for iframes that cannot send headers, as
``?access_token=…``.
"""

from __future__ import annotations

import os
import re

from sqlalchemy.engine import Engine
from sqlmodel import Session
from starlette.requests import Request

FRAME_ANCESTORS_ENV = "POLICYGRAPH_FRAME_ANCESTORS"
ENV_NAME = "POLICYGRAPH_ENV"

# An origin with its scheme (https://wiki.example.org, http://127.0.0.1:8100, https://*.corp):
# anything else - keywords, bare words, quotes, semicolons - could smuggle a directive or a
# wildcard into the header, so it is dropped.
_SOURCE = re.compile(r"^https?://(?:\*\.)?[A-Za-z0-9.\-]+(?::(?:\d+|\*))?/?$")


def frame_ancestors(value: str | None = None) -> list[str]:
    """The sources allowed to frame widgets: ``'self'`` first, then the configured ones.

    Parameters
    ----------
    value
        The configured list; by default ``$POLICYGRAPH_FRAME_ANCESTORS``.

    Returns
    -------
    list of str
        Malformed entries are left out.

    Examples
    --------
    >>> frame_ancestors("https://wiki.example.org  http://127.0.0.1:8100 * script-src bad;value")
    ["'self'", 'https://wiki.example.org', 'http://127.0.0.1:8100']
    """
    configured = os.environ.get(FRAME_ANCESTORS_ENV, "") if value is None else value
    allowed = ["'self'"]
    for source in configured.split():
        if _SOURCE.match(source) and source not in allowed:
            allowed.append(source)
    return allowed


def content_security_policy(value: str | None = None) -> str:
    """The CSP header of every embed page.

    Scripts only from this server (the interactive network page loads the vendored
    cytoscape); inline styles are allowed because snippets carry their CSS inline.

    >>> content_security_policy("https://wiki.example.org").split("; ")[-1]
    "frame-ancestors 'self' https://wiki.example.org"
    """
    return "; ".join([
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "connect-src 'self'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors " + " ".join(frame_ancestors(value)),
    ])


def security_headers() -> dict[str, str]:
    """Headers added to every embed, export and dashboard response."""
    return {"Content-Security-Policy": content_security_policy(),
            "X-Content-Type-Options": "nosniff",
            "Referrer-Policy": "same-origin"}


def anonymous_allowed() -> bool:
    """Anonymous reading is allowed everywhere but in production.

    >>> os.environ.pop(ENV_NAME, None) and None
    >>> anonymous_allowed()
    True
    """
    return os.environ.get(ENV_NAME, "").strip().lower() != "production"


def bearer_of(request: Request) -> str | None:
    """The token a request carries: the Authorization header, else ``?access_token=``."""
    header = request.headers.get("authorization")
    if header:
        return header
    return request.query_params.get("access_token") or None


def may_read(request: Request, engine: Engine) -> bool:
    """Whether the viewer behind ``request`` may read the widgets.

    Parameters
    ----------
    request
        The incoming request.
    engine
        Where the API tokens live.

    Returns
    -------
    bool
        True for anyone outside production, else only with a live token.
    """
    if anonymous_allowed():
        return True
    from store.progress.tokens import authenticate

    with Session(engine) as session:
        return authenticate(session=session, bearer=bearer_of(request)) is not None
