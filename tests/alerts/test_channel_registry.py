"""build_channel: config mappings, secrets from the environment, and config errors."""

from __future__ import annotations

import doctest
import importlib
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from alerts.channel_config import load_channels
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


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("hook:\n  type: webhook\n  url: http://127.0.0.1:1/h\n  secret: s\n",
         "channel hook: secret: Extra inputs are not permitted"),
        ("mail:\n  type: email\n  host: 127.0.0.1\n  port: twenty-five\n",
         "channel mail: port: Input should be a valid integer"),
        ("robot:\n  type: feishu\n  url: http://127.0.0.1:1/f\n  msg_type: post\n",
         "channel robot: msg_type: Input should be 'interactive' or 'text'"),
        ("pager:\n  url: http://127.0.0.1:1/p\n", "channel pager: type: Input tag 'pager'"),
        ("wecom:\n  url: http://127.0.0.1:1/w\n  timeout: 0\n",
         "channel wecom: timeout: Input should be greater than 0"),
    ],
)
def test_a_channel_file_is_validated_naming_the_channel_and_the_key(
        tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "channels.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ChannelConfigError, match=re.escape(message)):
        load_channels(path)


def test_a_valid_channel_file_builds_each_named_channel(tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TEST_HOOK_URL", "http://127.0.0.1:1/h")
    path = tmp_path / "channels.toml"
    path.write_text('[hook]\ntype = "webhook"\nurl_env = "TEST_HOOK_URL"\ntimeout = 5\n'
                    '[mail]\ntype = "email"\nhost = "127.0.0.1"\nsender = "a@b"\nto = "c@d"\n',
                    encoding="utf-8")
    channels = load_channels(path)
    assert isinstance(channels["hook"], WebhookChannel) and channels["hook"].name == "webhook"
    assert isinstance(channels["mail"], EmailChannel)


@pytest.mark.parametrize("name", ["alerts.channel_config", "alerts.rules", "alerts.validation"])
def test_the_file_modules_examples_hold(name: str) -> None:
    result = doctest.testmod(importlib.import_module(name))
    assert result.attempted > 0 and result.failed == 0
