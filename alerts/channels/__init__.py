"""Delivery channels for alert digests, and :func:`build_channel` to make one from config.

A channel config is a mapping with a ``type`` and the type's keys.  Secrets are never
written in the config itself: the config names the environment variables that hold them.

=============  ==================================================================
type           keys (``*_env``: name of an environment variable holding the value)
=============  ==================================================================
webhook        ``url`` | ``url_env``; ``secret_env`` (HMAC signing); ``timeout``
dingtalk       ``url`` | ``url_env`` (e.g. DINGTALK_WEBHOOK_URL); ``secret_env``
               (e.g. DINGTALK_SECRET); ``timeout``
wecom          ``url`` | ``url_env`` (e.g. WECOM_WEBHOOK_URL); ``timeout``
feishu         ``url`` | ``url_env`` (e.g. FEISHU_WEBHOOK_URL); ``secret_env`` (e.g.
               FEISHU_SECRET); ``msg_type`` (interactive | text); ``timeout``
email          ``host``, ``port`` (25), ``sender``, ``to`` (list), ``starttls``,
               ``username``, ``password_env`` (e.g. SMTP_PASSWORD); ``cafile``;
               ``timeout``
alertmanager   ``url`` | ``url_env`` (base URL); ``generator_url``; ``hold_hours`` (48);
               ``token_env`` (bearer token, if a proxy demands one); ``timeout``
=============  ==================================================================

Examples
--------
>>> channel = build_channel({"type": "wecom", "url": "http://127.0.0.1:9/send?key=k"})
>>> channel.name
'wecom'
>>> build_channel({"type": "pager"})
Traceback (most recent call last):
...
alerts.channels.base.ChannelConfigError: unknown channel type 'pager'
"""

from __future__ import annotations

import datetime as dt
import importlib
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from alerts.channels.base import (
    DEFAULT_TIMEOUT,
    Channel,
    ChannelConfigError,
    DeliveryResult,
    secret_from_env,
)

if TYPE_CHECKING:
    import httpx

    from alerts.channels.alertmanager import AlertmanagerChannel
    from alerts.channels.dingtalk import DingTalkChannel
    from alerts.channels.email import EmailChannel
    from alerts.channels.feishu import FeishuChannel
    from alerts.channels.webhook import WebhookChannel
    from alerts.channels.wecom import WeComChannel

# The channel classes are imported when first asked for: the HTTP ones bring httpx (and,
# through it, click, rich and pygments), ~7 MB that a server with no channel configured
# would hold for nothing.
_LAZY = {
    "AlertmanagerChannel": "alerts.channels.alertmanager",
    "DingTalkChannel": "alerts.channels.dingtalk",
    "EmailChannel": "alerts.channels.email",
    "FeishuChannel": "alerts.channels.feishu",
    "WebhookChannel": "alerts.channels.webhook",
    "WeComChannel": "alerts.channels.wecom",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def make_timeout(seconds: float | None = None) -> httpx.Timeout:
    """:func:`alerts.channels.transport.make_timeout`, imported when a channel is made."""
    from alerts.channels.transport import make_timeout as timeout

    return timeout(seconds)


__all__ = [
    "AlertmanagerChannel",
    "Channel",
    "ChannelConfigError",
    "DeliveryResult",
    "DingTalkChannel",
    "EmailChannel",
    "FeishuChannel",
    "WeComChannel",
    "WebhookChannel",
    "build_channel",
]


def _url(config: Mapping[str, Any]) -> str:
    if config.get("url_env"):
        value = secret_from_env(str(config["url_env"]))
        assert value is not None  # secret_from_env raises when unset
        return value
    if config.get("url"):
        return str(config["url"])
    raise ChannelConfigError(f"channel {config.get('type')!r} needs 'url' or 'url_env'")


def _secret(config: Mapping[str, Any], key: str = "secret_env") -> str | None:
    return secret_from_env(config.get(key))


def _webhook(c: Mapping[str, Any]) -> Channel:
    from alerts.channels.webhook import WebhookChannel

    return WebhookChannel(_url(c), secret=_secret(c), timeout=make_timeout(c.get("timeout")))


def _dingtalk(c: Mapping[str, Any]) -> Channel:
    from alerts.channels.dingtalk import DingTalkChannel

    return DingTalkChannel(_url(c), secret=_secret(c), timeout=make_timeout(c.get("timeout")))


def _wecom(c: Mapping[str, Any]) -> Channel:
    from alerts.channels.wecom import WeComChannel

    return WeComChannel(_url(c), timeout=make_timeout(c.get("timeout")))


def _feishu(c: Mapping[str, Any]) -> Channel:
    from alerts.channels.feishu import FeishuChannel

    msg_type = c.get("msg_type", "interactive")
    if msg_type not in ("interactive", "text"):
        raise ChannelConfigError(f"feishu msg_type must be interactive or text, not {msg_type!r}")
    return FeishuChannel(
        _url(c), secret=_secret(c), msg_type=msg_type, timeout=make_timeout(c.get("timeout"))
    )


def _email(c: Mapping[str, Any]) -> Channel:
    from alerts.channels.email import EmailChannel

    missing = [k for k in ("host", "sender", "to") if not c.get(k)]
    if missing:
        raise ChannelConfigError(f"email channel needs {', '.join(missing)}")
    to = c["to"]
    return EmailChannel(
        host=str(c["host"]),
        port=int(c.get("port", 25)),
        sender=str(c["sender"]),
        recipients=[to] if isinstance(to, str) else [str(r) for r in to],
        starttls=bool(c.get("starttls", False)),
        username=c.get("username"),
        password=_secret(c, "password_env"),
        cafile=c.get("cafile"),
        timeout=float(c.get("timeout", DEFAULT_TIMEOUT)),
    )


def _alertmanager(c: Mapping[str, Any]) -> Channel:
    from alerts.channels.alertmanager import AlertmanagerChannel

    return AlertmanagerChannel(
        _url(c),
        generator_url=c.get("generator_url"),
        hold=dt.timedelta(hours=float(c.get("hold_hours", 48))),
        bearer_token=_secret(c, "token_env"),
        timeout=make_timeout(c.get("timeout")),
    )


_BUILDERS: dict[str, Callable[[Mapping[str, Any]], Channel]] = {
    "webhook": _webhook,
    "dingtalk": _dingtalk,
    "wecom": _wecom,
    "feishu": _feishu,
    "email": _email,
    "alertmanager": _alertmanager,
}


def build_channel(config: Mapping[str, Any]) -> Channel:
    """Make the channel a config mapping describes.

    Parameters
    ----------
    config : Mapping
        ``{"type": "dingtalk", "url_env": "DINGTALK_WEBHOOK_URL",
        "secret_env": "DINGTALK_SECRET"}`` and the like (see the module docstring).

    Returns
    -------
    Channel
        Ready to ``send`` digests.

    Raises
    ------
    ChannelConfigError
        Unknown type, missing key, or a named environment variable that is not set.
    """
    kind = config.get("type")
    builder = _BUILDERS.get(str(kind))
    if builder is None:
        raise ChannelConfigError(f"unknown channel type {kind!r}")
    return builder(config)
