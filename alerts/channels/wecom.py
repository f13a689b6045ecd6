"""WeCom (企业微信) group robot: markdown, split into several messages when long.

Request: ``POST https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…`` with body
``{"msgtype": "markdown", "markdown": {"content": …}}``; the reply is
``{"errcode": 0, "errmsg": "ok"}``.  ``content`` may hold at most 4096 bytes of UTF-8,
so a longer digest is cut between items (:func:`alerts.splitting.split_utf8`) and sent as
numbered parts, each starting with a line ``(i/n)``.  The robot has no signing: the
``key`` in the URL is the secret, so configure the URL with ``url_env`` (e.g.
``WECOM_WEBHOOK_URL``).
"""

from __future__ import annotations

import httpx

from alerts.channels.base import DeliveryResult
from alerts.channels.transport import make_timeout, send_parts
from alerts.digest import Digest, render_markdown
from alerts.splitting import split_utf8

#: WeCom's limit on markdown.content, in UTF-8 bytes.
MARKDOWN_LIMIT_BYTES = 4096
#: Room kept in each part for the "(i/n)\n" prefix line.
_PREFIX_ROOM = 32
#: errcodes worth retrying: 45009 "api freq out of limit" (20 a minute), -1 "busy".
RETRYABLE_ERRCODES = frozenset({45009, -1})


def part_prefix(index: int, count: int) -> str:
    """The first line of part ``index`` (1-based) of ``count``; empty for a single part.

    Examples
    --------
    >>> part_prefix(2, 3)
    '(2/3)\\n'
    >>> part_prefix(1, 1)
    ''
    """
    return f"({index}/{count})\n" if count > 1 else ""


def markdown_parts(digest: Digest, limit_bytes: int = MARKDOWN_LIMIT_BYTES) -> list[str]:
    """The digest's markdown as message contents, each at most ``limit_bytes`` bytes."""
    text = render_markdown(digest)
    if len(text.encode("utf-8")) <= limit_bytes:
        return [text]
    chunks = split_utf8(text, limit_bytes - _PREFIX_ROOM)
    return [part_prefix(i, len(chunks)) + c for i, c in enumerate(chunks, start=1)]


class WeComChannel:
    """Send digests to a WeCom group robot as markdown."""

    name = "wecom"

    def __init__(self, url: str, *, timeout: httpx.Timeout | None = None):
        self._url = url
        self._timeout = timeout or make_timeout()

    def send(self, digest: Digest) -> DeliveryResult:
        """POST each part in order; success is ``errcode == 0`` for every part."""
        bodies = [
            {"msgtype": "markdown", "markdown": {"content": c}} for c in markdown_parts(digest)
        ]
        return send_parts(
            self._url,
            bodies,
            timeout=self._timeout,
            code_field="errcode",
            message_field="errmsg",
            retryable_codes=RETRYABLE_ERRCODES,
            secrets=[self._url],
        )
