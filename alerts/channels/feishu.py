"""Feishu / Lark (飞书) custom bot: an interactive card, or plain text.

Request: ``POST https://open.feishu.cn/open-apis/bot/v2/hook/…`` with a JSON body.  With
signing (签名校验) enabled the body also carries ``timestamp`` (current time in SECONDS,
as a string) and ``sign = base64(HMAC-SHA256(key=f"{timestamp}\\n{secret}", msg=b""))``
- note the string to sign is the KEY and the message is empty, unlike DingTalk.  The
reply is ``{"code": 0, "msg": "success"}``; e.g. ``19021`` means the sign did not match.

Card body: ``{"msg_type": "interactive", "card": {"header": {"title": …, "template":
red|yellow|green}, "elements": [{"tag": "markdown", "content": …}]}}``.  Text body:
``{"msg_type": "text", "content": {"text": …}}``.  Configure the URL with ``url_env``
(e.g. ``FEISHU_WEBHOOK_URL``) and the key with ``secret_env`` (e.g. ``FEISHU_SECRET``).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import time
from collections.abc import Callable
from typing import Any, Literal

import httpx

from alerts.channels.base import DeliveryResult
from alerts.channels.transport import make_timeout, send_parts
from alerts.digest import Digest, render_markdown, render_text

#: codes worth retrying: 11232 "frequency limited", 9499 "too many requests".
RETRYABLE_CODES = frozenset({11232, 9499})


def feishu_sign(timestamp_s: int, secret: str) -> str:
    """Feishu's ``sign`` field (base64, not URL-encoded: it travels in the JSON body)."""
    key = f"{timestamp_s}\n{secret}".encode()
    return base64.b64encode(hmac.new(key, b"", hashlib.sha256).digest()).decode("ascii")


def card_template(digest: Digest) -> str:
    """The card header colour: the digest's most urgent traffic light."""
    kinds = {item.kind for item in digest.items}
    if kinds & {"overdue", "escalation"}:
        return "red"
    if "due_soon" in kinds:
        return "yellow"
    return "green"


def message_body(digest: Digest, msg_type: Literal["interactive", "text"]) -> dict[str, Any]:
    """The unsigned request body for ``digest``."""
    if msg_type == "text":
        return {"msg_type": "text", "content": {"text": render_text(digest)}}
    return {
        "msg_type": "interactive",
        "card": {
            "config": {"wide_screen_mode": True},
            "header": {
                "title": {"tag": "plain_text", "content": digest.title},
                "template": card_template(digest),
            },
            "elements": [{"tag": "markdown", "content": render_markdown(digest)}],
        },
    }


class FeishuChannel:
    """Send digests to a Feishu custom bot."""

    name = "feishu"

    def __init__(
        self,
        url: str,
        *,
        secret: str | None = None,
        msg_type: Literal["interactive", "text"] = "interactive",
        timeout: httpx.Timeout | None = None,
        clock: Callable[[], float] = time.time,
    ):
        self._url = url
        self._secret = secret
        self._msg_type = msg_type
        self._timeout = timeout or make_timeout()
        self._clock = clock

    def send(self, digest: Digest) -> DeliveryResult:
        """POST the card or text; success is ``code == 0``."""
        body = message_body(digest, self._msg_type)
        if self._secret:
            timestamp = int(self._clock())
            body = {
                "timestamp": str(timestamp),
                "sign": feishu_sign(timestamp, self._secret),
                **body,
            }
        return send_parts(
            self._url,
            [body],
            timeout=self._timeout,
            code_field="code",
            message_field="msg",
            retryable_codes=RETRYABLE_CODES,
            secrets=[self._secret, self._url],
        )
