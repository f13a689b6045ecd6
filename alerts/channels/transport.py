"""One HTTP POST with explicit timeouts, turned into a response or a classified failure.

Shared by the HTTP channels so that they all agree on what is worth retrying: no answer
(refused, reset, timed out), HTTP 408/429 and 5xx are retryable; any other non-2xx
status is not, since sending the same request again will be refused again.
"""

from __future__ import annotations

import json
import urllib.parse
from collections.abc import Iterable, Mapping
from typing import Any

import httpx

from alerts.channels.base import (
    DEFAULT_CONNECT_TIMEOUT,
    DEFAULT_TIMEOUT,
    DeliveryResult,
    delivered,
    failed,
    redact,
)

_RETRYABLE_STATUS = frozenset({408, 425, 429})


def make_timeout(seconds: float | None = None) -> httpx.Timeout:
    """An httpx timeout: ``seconds`` overall (default 10 s), connecting at most 5 s."""
    total = DEFAULT_TIMEOUT if seconds is None else float(seconds)
    return httpx.Timeout(total, connect=min(total, DEFAULT_CONNECT_TIMEOUT))


def url_secrets(url: str) -> list[str]:
    """The parts of a robot URL that are credentials: query values and long path segments.

    Examples
    --------
    >>> url_secrets("https://open.feishu.cn/open-apis/bot/v2/hook/0a1b2c3d-4e5f-6789?x=1")
    ['https://open.feishu.cn/open-apis/bot/v2/hook/0a1b2c3d-4e5f-6789?x=1', '0a1b2c3d-4e5f-6789']
    >>> url_secrets("http://127.0.0.1:8/send?key=693a91f6")
    ['http://127.0.0.1:8/send?key=693a91f6', '693a91f6']
    """
    parts = urllib.parse.urlsplit(url)
    # Short values ("1", "text") would redact ordinary words, and are no credential.
    values = [v for _, v in urllib.parse.parse_qsl(parts.query) if len(v) >= 6]
    segments = [s for s in parts.path.split("/") if len(s) >= 16]
    return [url, *segments, *values]


def post(
    url: str,
    *,
    content: bytes,
    headers: Mapping[str, str],
    timeout: httpx.Timeout,
    secrets: Iterable[str | None] = (),
) -> httpx.Response | DeliveryResult:
    """POST ``content`` to ``url``; return the 2xx response, or a failed result.

    Never raises on network errors.  ``secrets`` (and the URL itself, which may carry a
    robot token) are redacted from any failure detail.
    """
    hidden = [*secrets, *url_secrets(url)]
    try:
        with httpx.Client(timeout=timeout, follow_redirects=False) as client:
            response = client.post(url, content=content, headers=dict(headers))
    except httpx.TransportError as exc:
        # Connection refused, DNS, reset, read/write/connect timeouts: the receiver may
        # come back, so the outbox should try again.
        return failed(retryable=True, detail=redact(f"{type(exc).__name__}: {exc}", hidden))
    if response.is_success:
        return response
    retryable = response.status_code >= 500 or response.status_code in _RETRYABLE_STATUS
    body = redact(response.text[:300], hidden)
    return failed(
        retryable=retryable,
        status=response.status_code,
        detail=f"HTTP {response.status_code}: {body}".rstrip(": "),
    )


def post_json(
    url: str,
    payload: Any,
    *,
    timeout: httpx.Timeout,
    headers: Mapping[str, str] | None = None,
    secrets: Iterable[str | None] = (),
) -> httpx.Response | DeliveryResult:
    """POST ``payload`` as UTF-8 JSON (Chinese kept as is, not ``\\u`` escapes)."""
    content = json.dumps(payload, ensure_ascii=False).encode("utf-8")
    all_headers = {"Content-Type": "application/json; charset=utf-8", **(headers or {})}
    return post(url, content=content, headers=all_headers, timeout=timeout, secrets=secrets)


def check_robot_reply(
    response: httpx.Response,
    *,
    code_field: str,
    message_field: str,
    retryable_codes: frozenset[int],
    parts_sent: int,
) -> DeliveryResult:
    """Judge a chat robot's JSON reply: ``{code_field: 0}`` means accepted.

    Robots answer HTTP 200 even when they refuse a message, with the reason in the body
    (``{"errcode": 310000, "errmsg": "sign not match"}``); a throttling code is
    retryable, any other non-zero code is not.
    """
    try:
        reply = response.json()
    except ValueError:
        return failed(retryable=True, status=response.status_code, detail="reply is not JSON")
    code = reply.get(code_field) if isinstance(reply, dict) else None
    if code is None and isinstance(reply, dict):
        code = reply.get("StatusCode")  # Feishu's older hooks answer {"StatusCode": 0}
    if code == 0:
        return delivered(status=response.status_code, parts_sent=parts_sent + 1)
    message = reply.get(message_field, "") if isinstance(reply, dict) else ""
    return failed(
        retryable=isinstance(code, int) and code in retryable_codes,
        status=response.status_code,
        detail=f"{code_field}={code}: {message}",
        parts_sent=parts_sent,
    )


def send_parts(
    url: str,
    bodies: list[Any],
    *,
    timeout: httpx.Timeout,
    code_field: str,
    message_field: str,
    retryable_codes: frozenset[int],
    secrets: Iterable[str | None] = (),
) -> DeliveryResult:
    """POST each JSON body in turn, stopping at the first refusal.

    The result's ``parts_sent`` says how many parts got through before a failure.
    """
    secrets = list(secrets)
    result: DeliveryResult = delivered(status=None, parts_sent=0)
    for sent, body in enumerate(bodies):
        response = post_json(url, body, timeout=timeout, secrets=secrets)
        if isinstance(response, DeliveryResult):
            return DeliveryResult(False, response.retryable, response.status, response.detail, sent)
        result = check_robot_reply(
            response,
            code_field=code_field,
            message_field=message_field,
            retryable_codes=retryable_codes,
            parts_sent=sent,
        )
        if not result.ok:
            return result
    return result
