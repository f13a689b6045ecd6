"""DingTalk robot markdown against a receiver that checks signs as DingTalk does."""

from __future__ import annotations

import base64
import hashlib
import hmac
import time
from collections.abc import Callable

from alerts.channels.dingtalk import DingTalkChannel
from alerts.digest import Digest, render_markdown
from tests.alerts.conftest import Answer, Handler, Receiver, Request

TOKEN = "robot-access-token"
SECRET = "SECdingtalk-test-secret"


def dingtalk_robot(secret: str, token: str = TOKEN) -> Handler:
    """Recompute the sign from the shared secret; refuse stale timestamps and bad signs."""

    def handle(request: Request) -> Answer:
        if request.path != "/robot/send" or request.query.get("access_token") != token:
            return 200, {"errcode": 300001, "errmsg": "token is not exist"}
        timestamp = request.query.get("timestamp", "")
        if not timestamp.isdigit() or abs(int(timestamp) - time.time() * 1000) > 3_600_000:
            return 200, {"errcode": 310000, "errmsg": "timestamp is not in the allowed window"}
        # parse_qsl has already URL-decoded the sign back to base64.
        string_to_sign = f"{timestamp}\n{secret}".encode()
        mac = hmac.new(secret.encode(), string_to_sign, hashlib.sha256).digest()
        if request.query.get("sign") != base64.b64encode(mac).decode():
            return 200, {"errcode": 310000, "errmsg": "sign not match"}
        body = request.json()
        if body.get("msgtype") != "markdown" or not body["markdown"].get("title"):
            return 200, {"errcode": 40035, "errmsg": "缺少参数 markdown.title"}
        return 200, {"errcode": 0, "errmsg": "ok"}

    return handle


def test_signed_markdown_is_accepted(
    start_receiver: Callable[[Handler], Receiver], investment_digest: Digest
) -> None:
    receiver = start_receiver(dingtalk_robot(SECRET))
    url = f"{receiver.url}/robot/send?access_token={TOKEN}"
    result = DingTalkChannel(url, secret=SECRET).send(investment_digest)
    assert result.ok and result.parts_sent == 1, result.detail
    markdown = receiver.requests[0].json()["markdown"]
    assert markdown["title"] == "【督办提醒】市招商局 2018-12-01：逾期升级督办1项，即将到期2项"
    assert markdown["text"] == render_markdown(investment_digest)


def test_sign_made_with_another_secret_is_refused_with_the_robots_reason(
    start_receiver: Callable[[Handler], Receiver], investment_digest: Digest
) -> None:
    receiver = start_receiver(dingtalk_robot(SECRET))
    url = f"{receiver.url}/robot/send?access_token={TOKEN}"
    result = DingTalkChannel(url, secret="SECwrong").send(investment_digest)
    assert not result.ok and not result.retryable
    assert result.detail == "errcode=310000: sign not match"


def test_timestamp_two_hours_old_is_refused(
    start_receiver: Callable[[Handler], Receiver], investment_digest: Digest
) -> None:
    receiver = start_receiver(dingtalk_robot(SECRET))
    url = f"{receiver.url}/robot/send?access_token={TOKEN}"
    stale = DingTalkChannel(url, secret=SECRET, clock=lambda: time.time() - 7200)
    result = stale.send(investment_digest)
    assert not result.ok and "errcode=310000" in result.detail


def test_throttled_robot_is_retryable(
    start_receiver: Callable[[Handler], Receiver], investment_digest: Digest
) -> None:
    receiver = start_receiver(lambda r: (200, {"errcode": 130101, "errmsg": "send too fast"}))
    result = DingTalkChannel(f"{receiver.url}/robot/send?access_token={TOKEN}").send(
        investment_digest
    )
    assert not result.ok and result.retryable and result.parts_sent == 0


def test_refused_connection_and_500_are_retryable_and_hide_the_token(
    start_receiver: Callable[[Handler], Receiver], refused_url: str, investment_digest: Digest
) -> None:
    down = DingTalkChannel(f"{refused_url}/robot/send?access_token={TOKEN}", secret=SECRET)
    result = down.send(investment_digest)
    assert not result.ok and result.retryable
    receiver = start_receiver(lambda r: (500, {"errmsg": f"upstream {r.query['access_token']}"}))
    broken = DingTalkChannel(f"{receiver.url}/robot/send?access_token={TOKEN}", secret=SECRET)
    result = broken.send(investment_digest)
    assert not result.ok and result.retryable and result.status == 500
    assert TOKEN not in result.detail and SECRET not in result.detail
