"""build_channel: config mappings, secrets from the environment, and config errors."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from alerts.channels import (
    AlertmanagerChannel,
    ChannelConfigError,
    DingTalkChannel,
    EmailChannel,
    FeishuChannel,
    WebhookChannel,
    WeComChannel,
    build_channel,
)
from alerts.channels.base import Channel
from alerts.digest import Digest
from tests.alerts.conftest import Handler, Receiver
from tests.alerts.test_dingtalk_channel import SECRET, TOKEN, dingtalk_robot


def test_each_type_builds_its_channel(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SMTP_PASSWORD", "pw")
    configs = {
        "webhook": ({"type": "webhook", "url": "http://127.0.0.1:1/h"}, WebhookChannel),
        "dingtalk": ({"type": "dingtalk", "url": "http://127.0.0.1:1/d"}, DingTalkChannel),
        "wecom": ({"type": "wecom", "url": "http://127.0.0.1:1/w"}, WeComChannel),
        "feishu": (
            {"type": "feishu", "url": "http://127.0.0.1:1/f", "msg_type": "text"},
            FeishuChannel,
        ),
        "email": (
            {
                "type": "email",
                "host": "127.0.0.1",
                "sender": "a@b",
                "to": "c@d",
                "password_env": "SMTP_PASSWORD",
            },
            EmailChannel,
        ),
        "alertmanager": (
            {"type": "alertmanager", "url": "http://127.0.0.1:1"},
            AlertmanagerChannel,
        ),
    }
    for name, (config, cls) in configs.items():
        channel = build_channel(config)
        assert isinstance(channel, cls) and isinstance(channel, Channel) and channel.name == name


def test_url_and_secret_come_from_the_environment(
    monkeypatch: pytest.MonkeyPatch,
    start_receiver: Callable[[Handler], Receiver],
    investment_digest: Digest,
) -> None:
    receiver = start_receiver(dingtalk_robot(SECRET))
    monkeypatch.setenv("DINGTALK_WEBHOOK_URL", f"{receiver.url}/robot/send?access_token={TOKEN}")
    monkeypatch.setenv("DINGTALK_SECRET", SECRET)
    channel = build_channel(
        {"type": "dingtalk", "url_env": "DINGTALK_WEBHOOK_URL", "secret_env": "DINGTALK_SECRET"}
    )
    assert channel.send(investment_digest).ok


def test_unset_secret_variable_is_named_in_the_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("FEISHU_SECRET", raising=False)
    with pytest.raises(ChannelConfigError, match="FEISHU_SECRET is not set"):
        build_channel(
            {"type": "feishu", "url": "http://127.0.0.1:1/f", "secret_env": "FEISHU_SECRET"}
        )


def test_incomplete_configs_are_refused() -> None:
    with pytest.raises(ChannelConfigError, match="needs 'url' or 'url_env'"):
        build_channel({"type": "wecom"})
    with pytest.raises(ChannelConfigError, match="email channel needs sender, to"):
        build_channel({"type": "email", "host": "127.0.0.1"})
    with pytest.raises(ChannelConfigError, match="msg_type"):
        build_channel({"type": "feishu", "url": "http://127.0.0.1:1/f", "msg_type": "post"})
