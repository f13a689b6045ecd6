"""WeCom group robot against a receiver that enforces the 4096-byte markdown limit."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable

from alerts.channels.wecom import WeComChannel
from alerts.digest import Digest, render_markdown
from tests.alerts.conftest import Answer, Handler, Receiver, Request

KEY = "693a91f6-7aoc-4bc4-97a0-0ec2sifa5aaa"


def wecom_robot(key: str = KEY) -> Handler:
    """Refuse unknown keys and markdown content over 4096 UTF-8 bytes, as WeCom does."""

    def handle(request: Request) -> Answer:
        if request.path != "/cgi-bin/webhook/send" or request.query.get("key") != key:
            return 200, {"errcode": 93000, "errmsg": "invalid webhook url"}
        body = request.json()
        if body.get("msgtype") != "markdown":
            return 200, {"errcode": 40008, "errmsg": "invalid message type"}
        if len(body["markdown"]["content"].encode("utf-8")) > 4096:
            return 200, {"errcode": 40058, "errmsg": "markdown.content exceed max length 4096"}
        return 200, {"errcode": 0, "errmsg": "ok"}

    return handle


def _url(receiver: Receiver, key: str = KEY) -> str:
    return f"{receiver.url}/cgi-bin/webhook/send?key={key}"


def test_short_digest_goes_as_one_message(
    start_receiver: Callable[[Handler], Receiver], investment_digest: Digest
) -> None:
    receiver = start_receiver(wecom_robot())
    result = WeComChannel(_url(receiver)).send(investment_digest)
    assert result.ok and result.parts_sent == 1
    (request,) = receiver.requests
    assert request.json()["markdown"]["content"] == render_markdown(investment_digest)


def test_long_digest_is_split_under_4096_bytes_with_nothing_lost(
    start_receiver: Callable[[Handler], Receiver], long_digest: Digest
) -> None:
    receiver = start_receiver(wecom_robot())
    result = WeComChannel(_url(receiver)).send(long_digest)
    contents = [r.json()["markdown"]["content"] for r in receiver.requests]
    assert result.ok, result.detail
    assert len(contents) >= 2 and result.parts_sent == len(contents)
    assert all(len(c.encode("utf-8")) <= 4096 for c in contents)
    # Each part opens with "(i/n)"; without those lines the parts are the digest.
    n = len(contents)
    for i, content in enumerate(contents, start=1):
        assert content.startswith(f"({i}/{n})\n")
    assert "".join(re.sub(r"^\(\d+/\d+\)\n", "", c) for c in contents) == render_markdown(
        long_digest
    )


def test_unknown_key_is_a_final_failure_with_the_robots_reason(
    start_receiver: Callable[[Handler], Receiver], investment_digest: Digest
) -> None:
    receiver = start_receiver(wecom_robot())
    result = WeComChannel(_url(receiver, key="revoked-key-000")).send(investment_digest)
    assert not result.ok and not result.retryable
    assert result.detail == "errcode=93000: invalid webhook url"


def test_failure_midway_reports_how_many_parts_got_through(
    start_receiver: Callable[[Handler], Receiver], long_digest: Digest
) -> None:
    seen: list[Request] = []

    def throttled_after_one(request: Request) -> Answer:
        seen.append(request)
        if len(seen) == 1:
            return 200, {"errcode": 0, "errmsg": "ok"}
        return 200, {"errcode": 45009, "errmsg": "api freq out of limit"}

    receiver = start_receiver(throttled_after_one)
    result = WeComChannel(_url(receiver)).send(long_digest)
    assert not result.ok and result.retryable and result.parts_sent == 1


def test_refused_connection_is_retryable(refused_url: str, investment_digest: Digest) -> None:
    result = WeComChannel(f"{refused_url}/cgi-bin/webhook/send?key={KEY}").send(investment_digest)
    assert not result.ok and result.retryable and KEY not in result.detail


def test_item_longer_than_the_limit_is_cut_inside_its_quote_and_rejoined(
    start_receiver: Callable[[Handler], Receiver], long_digest: Digest
) -> None:
    # One quote made of all six paragraphs on one line: over 4096 bytes by itself,
    # so the cut has to fall inside the line.
    whole = "".join(item.quote for item in long_digest.items)
    assert len(whole.encode("utf-8")) > 4096
    item = dataclasses.replace(long_digest.items[0], quote=whole)
    digest = Digest.build(receiver_unit="市招商局", as_of=long_digest.as_of, items=(item,))
    receiver = start_receiver(wecom_robot())
    result = WeComChannel(_url(receiver)).send(digest)
    contents = [r.json()["markdown"]["content"] for r in receiver.requests]
    assert result.ok, result.detail
    assert len(contents) >= 2
    assert "".join(re.sub(r"^\(\d+/\d+\)\n", "", c) for c in contents) == render_markdown(digest)
