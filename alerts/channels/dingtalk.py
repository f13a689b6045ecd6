"""DingTalk (钉钉) custom group robot: one markdown message per digest.

Request: ``POST <webhook>?access_token=…[&timestamp=…&sign=…]`` with body
``{"msgtype": "markdown", "markdown": {"title": …, "text": …}}``.  With 加签 (signing)
enabled, ``timestamp`` is the current time in milliseconds and ``sign`` is
``urlencode(base64(HMAC-SHA256(key=secret, msg=f"{timestamp}\\n{secret}")))``; DingTalk
rejects a sign that does not match or a timestamp more than an hour off.  The reply is
``{"errcode": 0, "errmsg": "ok"}`` on success.

The webhook URL carries the robot's access token, so it is a secret too: configure it
with ``url_env`` (e.g. ``DINGTALK_WEBHOOK_URL``) and the signing key with ``secret_env``
(e.g. ``DINGTALK_SECRET``).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import time
import urllib.parse
from collections.abc import Callable

import httpx

from alerts.channels.base import DeliveryResult
from alerts.channels.transport import make_timeout, send_parts
from alerts.digest import Digest, render_markdown

#: errcodes worth retrying: 130101 "send too fast" (20 messages a minute), -1 "busy".
RETRYABLE_ERRCODES = frozenset({130101, -1})


def dingtalk_sign(timestamp_ms: int, secret: str) -> str:
    """DingTalk's ``sign`` parameter, already URL-encoded."""
    string_to_sign = f"{timestamp_ms}\n{secret}".encode()
    digest = hmac.new(secret.encode("utf-8"), string_to_sign, hashlib.sha256).digest()
    return urllib.parse.quote_plus(base64.b64encode(digest).decode("ascii"))


def signed_url(url: str, secret: str, timestamp_ms: int) -> str:
    """Append ``timestamp`` and ``sign`` to the robot URL (which already has a query)."""
    joiner = "&" if "?" in url else "?"
    return f"{url}{joiner}timestamp={timestamp_ms}&sign={dingtalk_sign(timestamp_ms, secret)}"


class DingTalkChannel:
    """Send digests to a DingTalk custom robot as markdown."""

    name = "dingtalk"

    def __init__(
        self,
        url: str,
        *,
        secret: str | None = None,
        timeout: httpx.Timeout | None = None,
        clock: Callable[[], float] = time.time,
    ):
        self._url = url
        self._secret = secret
        self._timeout = timeout or make_timeout()
        self._clock = clock  # a different clock lets a test send a stale timestamp

    def send(self, digest: Digest) -> DeliveryResult:
        """POST the digest's markdown; success is ``errcode == 0``."""
        url = self._url
        if self._secret:
            url = signed_url(url, self._secret, int(self._clock() * 1000))
        body = {
            "msgtype": "markdown",
            "markdown": {"title": digest.title, "text": render_markdown(digest)},
        }
        return send_parts(
            url,
            [body],
            timeout=self._timeout,
            code_field="errcode",
            message_field="errmsg",
            retryable_codes=RETRYABLE_ERRCODES,
            secrets=[self._secret, self._url],
        )
