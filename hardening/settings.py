"""What the hardening is configured with: its own typed settings, passed in.

The server builds one :class:`HardeningSettings` from its configuration
(:meth:`HardeningSettings.taken_from`) and hands it to the middleware, the admission
of operations and the connection pool; nothing here reads another package's settings
by name with a fallback, so a limit can never fail open because a setting went missing.
:class:`QuerySettings` is what the query limits read from a GraphQL request's context.

Examples
--------
>>> from types import SimpleNamespace
>>> defaults = HardeningSettings()
>>> defaults.max_depth, defaults.rate_limit_ip, defaults.trusted_proxies
(12, 600, ())
>>> HardeningSettings.taken_from(SimpleNamespace(max_depth=3))
Traceback (most recent call last):
    ...
AttributeError: 'types.SimpleNamespace' object has no attribute 'introspection'
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Protocol


class QuerySettings(Protocol):
    """The limits :class:`hardening.limits.QueryLimits` applies to one operation."""

    introspection: bool
    max_depth: int
    max_aliases: int
    max_tokens: int
    max_fragment_spreads: int
    max_query_cost: int
    max_page_size: int


@dataclass(frozen=True)
class HardeningSettings:
    """Limits, load, rate limits and logging of one server (README, "Refusals")."""

    introspection: bool = True
    max_depth: int = 12
    max_aliases: int = 30
    max_tokens: int = 5000
    max_fragment_spreads: int = 500
    max_query_cost: int = 200_000
    max_page_size: int = 500
    max_body_bytes: int = 1_048_576
    time_budget_seconds: float = 10.0
    worker_threads: int = 0
    queue_size: int = 16
    db_pool_size: int = 0
    db_max_overflow: int = 10
    db_pool_timeout_seconds: float = 5.0
    rate_limit_ip: int = 600
    rate_limit_token: int = 300
    json_logs: bool = True
    trusted_proxies: tuple[str, ...] = ()

    @classmethod
    def taken_from(cls, configuration: object) -> HardeningSettings:
        """The settings of the same names from the server's ``configuration``; one it
        lacks is an error at start-up, never a silent default."""
        return cls(**{f.name: getattr(configuration, f.name) for f in fields(cls)})
