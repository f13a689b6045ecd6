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
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

from alerts.channels import Channel, ChannelConfigError, build_channel

#: Environment variable naming the channel config file when ``--channels`` is not given.
CHANNELS_ENV = "POLICYGRAPH_ALERT_CHANNELS"


def channels_from_mapping(data: Mapping[str, Any]) -> dict[str, Channel]:
    """Build every channel of a parsed config, keyed by its name.

    >>> sorted(channels_from_mapping({"wecom": {"url": "http://127.0.0.1:9/send"}}))
    ['wecom']
    >>> channels_from_mapping({"x": "webhook"})
    Traceback (most recent call last):
    ...
    alerts.channels.base.ChannelConfigError: channel x: expected a mapping of settings
    """
    channels: dict[str, Channel] = {}
    for name, config in data.items():
        if not isinstance(config, Mapping):
            raise ChannelConfigError(f"channel {name}: expected a mapping of settings")
        try:
            channels[str(name)] = build_channel({"type": name, **config})
        except ChannelConfigError as exc:
            raise ChannelConfigError(f"channel {name}: {exc}") from exc
    return channels


def load_channels(path: str | Path | None = None) -> dict[str, Channel]:
    """Load named channels from ``path``, else ``$POLICYGRAPH_ALERT_CHANNELS``.

    Parameters
    ----------
    path
        A ``.yaml``/``.yml``/``.toml`` file; ``None`` reads the environment variable.

    Returns
    -------
    dict of str to Channel
        Empty when no file is configured (digests then wait in the outbox).

    Raises
    ------
    ChannelConfigError
        Unreadable or malformed file, unknown type, or an unset secret variable.
    """
    chosen = path if path is not None else os.environ.get(CHANNELS_ENV)
    if not chosen:
        return {}
    file = Path(chosen)
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
