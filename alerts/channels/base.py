"""What every delivery channel promises: the :class:`Channel` protocol and its result.

A channel is called by the alert engine's outbox worker, so it must never raise on
network trouble: it returns a :class:`DeliveryResult` whose ``retryable`` flag tells the
outbox whether to try again later (connection refused, timeout, HTTP 5xx/429, a robot's
"too many messages") or to give up and report (HTTP 4xx, a bad signature, a rejected
address).  Secrets (signing keys, robot URLs with their tokens, SMTP passwords) come from
environment variables named in the channel config and are never put into a result's
``detail`` or a log line.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

import settings
from alerts.digest import Digest

#: Default HTTP timeouts in seconds: a robot that has not answered in 10 s is treated
#: as down, and the outbox retries later rather than holding up the other units.
DEFAULT_TIMEOUT = 10.0
DEFAULT_CONNECT_TIMEOUT = 5.0


class ChannelConfigError(ValueError):
    """A channel config is incomplete or names an environment variable that is not set."""


@dataclass(frozen=True)
class DeliveryResult:
    """The outcome of sending one digest through one channel.

    Attributes
    ----------
    ok : bool
        Every part of the digest was accepted by the receiver.
    retryable : bool
        On failure: whether sending again later may succeed.
    status : int | None
        HTTP or SMTP status of the last response, ``None`` when none came.
    detail : str
        Human-readable outcome (the receiver's error message); never contains secrets.
    parts_sent : int
        How many messages the receiver accepted (a digest may be split into several).
    """

    ok: bool
    retryable: bool
    status: int | None = None
    detail: str = ""
    parts_sent: int = 0


def delivered(*, status: int | None, parts_sent: int = 1, detail: str = "ok") -> DeliveryResult:
    """A successful result."""
    return DeliveryResult(True, False, status, detail, parts_sent)


def failed(
    *, retryable: bool, detail: str, status: int | None = None, parts_sent: int = 0
) -> DeliveryResult:
    """A failed result."""
    return DeliveryResult(False, retryable, status, detail, parts_sent)


@runtime_checkable
class Channel(Protocol):
    """A way to deliver a digest to people.

    ``send`` is synchronous, bounded by explicit timeouts, and never raises on network
    errors; ``name`` identifies the channel in the outbox and in logs.
    """

    name: str

    def send(self, digest: Digest) -> DeliveryResult:
        """Deliver one digest."""
        ...


def secret_from_env(env_name: str | None, *, required: bool = False) -> str | None:
    """Read a secret from the environment variable ``env_name``.

    Parameters
    ----------
    env_name : str | None
        The variable's name as given in the channel config (``secret_env``); ``None``
        means the channel is configured without this secret.
    required : bool
        Raise :class:`ChannelConfigError` when no name is given.

    Raises
    ------
    ChannelConfigError
        When a name is given but the variable is unset or empty; the message names the
        variable, never its value.
    """
    if not env_name:
        if required:
            raise ChannelConfigError("a required secret has no environment variable name")
        return None
    value = settings.secret(env_name)
    if not value:
        raise ChannelConfigError(f"environment variable {env_name} is not set")
    return value


def redact(text: str, secrets: Iterable[str | None]) -> str:
    """Replace every occurrence of a secret in ``text`` by ``***``.

    Examples
    --------
    >>> redact("POST https://x/send?key=abc123 failed", ["abc123", None])
    'POST https://x/send?key=*** failed'
    """
    for secret in secrets:
        if secret:
            text = text.replace(secret, "***")
    return text
