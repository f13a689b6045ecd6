"""Who may frame the widgets, and who may read them.

Wikis embed the widgets in iframes, so the browser must be told which sites may frame
them: a ``Content-Security-Policy`` whose ``frame-ancestors`` is ``'self'`` plus the
space-separated origins in ``POLICYGRAPH_FRAME_ANCESTORS``.  The variable is read on every
response, not at import, so an operator (or a test) can change it without a rebuild.

Who may read is GraphQL's rule, :func:`schema.auth.request_may_read`: anonymous
readers only while ``Settings.anonymous_read`` is on (off with ``POLICYGRAPH_ENV=production``),
else a live API token as ``Authorization: Bearer …`` or, for iframes that cannot send
headers, as ``?access_token=…``.
"""

from __future__ import annotations

import os
import re

FRAME_ANCESTORS_ENV = "POLICYGRAPH_FRAME_ANCESTORS"

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
