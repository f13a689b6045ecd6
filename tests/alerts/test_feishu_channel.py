"""Feishu custom bot against a receiver that checks signs as Feishu does."""

from __future__ import annotations

import base64
import hashlib
import hmac
import time
from collections.abc import Callable

from alerts.channels.feishu import FeishuChannel
from alerts.digest import Digest, render_markdown, render_text
from tests.alerts.conftest import Answer, Handler, Receiver, Request

HOOK = "/open-apis/bot/v2/hook/2f1e9c0a-bot-test-hook"
SECRET = "feishu-test-secret"


def feishu_bot(secret: str) -> Handler:
    """Recompute sign = base64(HMAC-SHA256(key=f"{timestamp}\\n{secret}", msg=b""))."""

    def handle(request: Request) -> Answer:
        if request.path != HOOK:
            return 404, {
                "code": 19001,
                "msg": "param invalid: incoming webhook access token invalid",
            }
        body = request.json()
        timestamp = str(body.get("timestamp", ""))
        key = f"{timestamp}\n{secret}".encode()
        expected = base64.b64encode(hmac.new(key, b"", hashlib.sha256).digest()).decode()
        in_window = timestamp.isdigit() and abs(int(timestamp) - time.time()) <= 3600
        if not in_window or body.get("sign") != expected:
            return 200, {
                "code": 19021,
                "msg": "sign match fail or timestamp is not within one hour from current time",
            }
        if body.get("msg_type") not in ("interactive", "text"):
            return 200, {"code": 9499, "msg": "Bad Request"}
        return 200, {"code": 0, "msg": "success", "data": {}}

    return handle


def test_signed_card_is_accepted_with_a_red_header_for_escalations(
    start_receiver: Callable[[Handler], Receiver], investment_digest: Digest
) -> None:
    receiver = start_receiver(feishu_bot(SECRET))
    result = FeishuChannel(receiver.url + HOOK, secret=SECRET).send(investment_digest)
    assert result.ok, result.detail
    card = receiver.requests[0].json()["card"]
    assert card["header"]["template"] == "red"
    assert card["header"]["title"]["content"].startswith("【督办提醒】市招商局")
    assert card["elements"][0]["content"] == render_markdown(investment_digest)


def test_timestamp_is_in_seconds_not_milliseconds(
    start_receiver: Callable[[Handler], Receiver], planning_digest: Digest
) -> None:
    receiver = start_receiver(feishu_bot(SECRET))
    FeishuChannel(receiver.url + HOOK, secret=SECRET).send(planning_digest)
    timestamp = int(receiver.requests[0].json()["timestamp"])
    assert abs(timestamp - time.time()) < 60


def test_text_message_carries_the_plain_rendering(
    start_receiver: Callable[[Handler], Receiver], planning_digest: Digest
) -> None:
    receiver = start_receiver(feishu_bot(SECRET))
    result = FeishuChannel(receiver.url + HOOK, secret=SECRET, msg_type="text").send(
        planning_digest
    )
    assert result.ok
    assert receiver.requests[0].json()["content"]["text"] == render_text(planning_digest)


def test_wrong_secret_is_refused_with_code_19021(
    start_receiver: Callable[[Handler], Receiver], investment_digest: Digest
) -> None:
    receiver = start_receiver(feishu_bot(SECRET))
    result = FeishuChannel(receiver.url + HOOK, secret="not-the-secret").send(investment_digest)
    assert not result.ok and not result.retryable
    assert result.detail.startswith("code=19021: sign match fail")
    assert "not-the-secret" not in result.detail


def test_server_error_and_refused_connection_are_retryable(
    start_receiver: Callable[[Handler], Receiver], refused_url: str, investment_digest: Digest
) -> None:
    receiver = start_receiver(lambda r: (503, None))
    assert FeishuChannel(receiver.url + HOOK, secret=SECRET).send(investment_digest).retryable
    result = FeishuChannel(refused_url + HOOK, secret=SECRET).send(investment_digest)
    assert not result.ok and result.retryable and "2f1e9c0a-bot-test-hook" not in result.detail
