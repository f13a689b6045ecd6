"""The channel config: named delivery channels, built from a YAML or TOML file.

The rules map receiving units to channel *names*; this file says what each name is::

    webhook:            # a name used in the rules' ``channels``
      type: webhook
      url_env: POLICYGRAPH_WEBHOOK_URL
    planning-mail:
      type: email
      host: smtp.wenzhou.example
      sender: policygraph@wenzhou.example
      to: [ghj@wenzhou.example]
      password_env: SMTP_PASSWORD

A name without ``type`` uses its own name as the type.  Secrets stay in environment
variables (``*_env`` keys, see :mod:`alerts.channels`); the file can be committed.
Each channel is validated by the pydantic model of its type (:data:`ChannelFile`): a
misspelt key, a value of the wrong kind or an unknown type is refused naming the channel
and the key, before any channel is built.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, PositiveFloat, TypeAdapter, ValidationError

from alerts.channels import Channel, ChannelConfigError, build_channel
from alerts.validation import describe


class _Settings(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    timeout: PositiveFloat | None = None


class _Robot(_Settings):
    url: str | None = None
    url_env: str | None = None


class WebhookFile(_Robot):
    """A generic JSON webhook, HMAC-signed with ``secret_env``."""

    type: Literal["webhook"]
    secret_env: str | None = None


class DingTalkFile(_Robot):
    """A DingTalk robot."""

    type: Literal["dingtalk"]
    secret_env: str | None = None


class WeComFile(_Robot):
    """A WeCom (企业微信) robot."""

    type: Literal["wecom"]


class FeishuFile(_Robot):
    """A Feishu robot."""

    type: Literal["feishu"]
    secret_env: str | None = None
    msg_type: Literal["interactive", "text"] = "interactive"


class EmailFile(_Settings):
    """An SMTP server and the addresses a digest goes to."""

    type: Literal["email"]
    host: str | None = None
    port: int = 25
    sender: str | None = None
    to: str | list[str] | None = None
    starttls: bool = False
    username: str | None = None
    password_env: str | None = None
    cafile: str | None = None


class AlertmanagerFile(_Robot):
    """A Prometheus Alertmanager."""

    type: Literal["alertmanager"]
    generator_url: str | None = None
    hold_hours: PositiveFloat = 48
    token_env: str | None = None


#: One channel's settings, the model chosen by ``type``.
ChannelFile = Annotated[WebhookFile | DingTalkFile | WeComFile | FeishuFile | EmailFile
                        | AlertmanagerFile, Field(discriminator="type")]
_CHANNEL = TypeAdapter[Any](ChannelFile)


def channels_from_mapping(data: Mapping[str, Any]) -> dict[str, Channel]:
    """Validate and build every channel of a parsed config, keyed by its name.

    >>> sorted(channels_from_mapping({"wecom": {"url": "http://127.0.0.1:9/send"}}))
    ['wecom']
    >>> channels_from_mapping({"x": "webhook"})
    Traceback (most recent call last):
    ...
    alerts.channels.base.ChannelConfigError: channel x: expected a mapping of settings
    >>> channels_from_mapping({"hook": {"type": "webhook", "url": "http://127.0.0.1:9", "secret": "s"}})
    Traceback (most recent call last):
    ...
    alerts.channels.base.ChannelConfigError: channel hook: secret: Extra inputs are not permitted
    """
    channels: dict[str, Channel] = {}
    for name, config in data.items():
        if not isinstance(config, Mapping):
            raise ChannelConfigError(f"channel {name}: expected a mapping of settings")
        try:
            settings = _CHANNEL.validate_python({"type": name, **config})
            # the builder reads the validated settings; keys left unset keep its defaults
            channels[str(name)] = build_channel(settings.model_dump(exclude_unset=True)
                                                | {"type": settings.type})
        except ValidationError as exc:
            # the first location part is the model the type chose (webhook.secret)
            raise ChannelConfigError(f"channel {name}: {describe(exc, skip=1, whole='type')}") from None
        except ChannelConfigError as exc:
            raise ChannelConfigError(f"channel {name}: {exc}") from exc
    return channels


def load_channels(path: str | Path | None = None) -> dict[str, Channel]:
    """Load named channels from ``path`` (``--channels``, or the setting
    ``POLICYGRAPH_ALERT_CHANNELS`` the CLI reads).

    Parameters
    ----------
    path
        A ``.yaml``/``.yml``/``.toml`` file; ``None``: no channels.

    Returns
    -------
    dict of str to Channel
        Empty when no file is configured (digests then wait in the outbox).

    Raises
    ------
    ChannelConfigError
        Unreadable or malformed file, unknown type, or an unset secret variable.
    """
    if not path:
        return {}
    file = Path(path)
    try:
        text = file.read_text(encoding="utf-8")
    except OSError as exc:
        raise ChannelConfigError(f"{file}: cannot read the channel config ({exc.strerror})") from exc
    try:
        data = tomllib.loads(text) if file.suffix.lower() == ".toml" else yaml.safe_load(text)
    except (yaml.YAMLError, tomllib.TOMLDecodeError) as exc:
        raise ChannelConfigError(f"{file}: not valid {file.suffix[1:].upper()}: {exc}") from exc
    if not isinstance(data, Mapping):
        raise ChannelConfigError(f"{file}: expected a mapping of channel names")
    return channels_from_mapping(data)
