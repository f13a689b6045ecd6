"""Who may frame the widgets, and who may read them.

Wikis embed the widgets in iframes, so the browser must be told which sites may frame
them: a ``Content-Security-Policy`` whose ``frame-ancestors`` is ``'self'`` plus the
space-separated origins of the app's :attr:`settings.Settings.frame_ancestors`
(``POLICYGRAPH_FRAME_ANCESTORS``, read when the app starts).  A request whose app carries
no settings may be framed by this server only.

Who may read is GraphQL's rule, :func:`access.http.request_may_read`: anonymous
readers only while ``Settings.anonymous_read`` is on (off with ``POLICYGRAPH_ENV=production``),
else a live API token as ``Authorization: Bearer …`` or, for iframes that cannot send
headers, as ``?access_token=…``.
"""

from __future__ import annotations

import re
from typing import Any

from settings import Settings

# An origin with its scheme (https://wiki.example.org, http://127.0.0.1:8100, https://*.corp):
# anything else - keywords, bare words, quotes, semicolons - could smuggle a directive or a
# wildcard into the header, so it is dropped.
_SOURCE = re.compile(r"^https?://(?:\*\.)?[A-Za-z0-9.\-]+(?::(?:\d+|\*))?/?$")


def frame_ancestors(value: str = "") -> list[str]:
    """The sources allowed to frame widgets: ``'self'`` first, then the configured ones.

    Parameters
    ----------
    value
        The configured list of origins, space separated.

    Returns
    -------
    list of str
        Malformed entries are left out.

    Examples
    --------
    >>> frame_ancestors("https://wiki.example.org  http://127.0.0.1:8100 * script-src bad;value")
    ["'self'", 'https://wiki.example.org', 'http://127.0.0.1:8100']
    """
    allowed = ["'self'"]
    for source in value.split():
        if _SOURCE.match(source) and source not in allowed:
            allowed.append(source)
    return allowed


def content_security_policy(value: str = "") -> str:
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


def configured_ancestors(request: Any) -> str:
    """The framing origins of the settings ``request``'s app started with, else none.

    >>> configured_ancestors(None)
    ''
    """
    app = getattr(request, "app", None)
    settings = getattr(getattr(app, "state", None), "settings", None)
    return settings.frame_ancestors if isinstance(settings, Settings) else ""


def security_headers(request: Any = None) -> dict[str, str]:
    """Headers added to every embed, export and dashboard response, the framing policy
    that of ``request``'s app."""
    return {"Content-Security-Policy": content_security_policy(configured_ancestors(request)),
            "X-Content-Type-Options": "nosniff",
            "Referrer-Policy": "same-origin"}
