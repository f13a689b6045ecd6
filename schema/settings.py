"""Server settings, read once from the environment (``POLICYGRAPH_*``, ``DATABASE_URL``)
by pydantic-settings: :class:`Settings` holds and validates the values (defaults when
built in code), :meth:`Settings.from_env` reads them, and a value that is not of its
field's kind stops the server at start with the variable named.

=====================================  =======================================  =======
variable                               meaning                                  default
=====================================  =======================================  =======
``DATABASE_URL``                       any SQLAlchemy URL                       data/policygraph.db
``POLICYGRAPH_DUE_SOON_DAYS``          DUE_SOON window, days                    30
``POLICYGRAPH_VERSION_CHECK_SECONDS``  seconds between two data-version checks  2
``POLICYGRAPH_GRAPHIQL``               serve the playground (0 to turn off)     1
``POLICYGRAPH_ENV``                    ``production`` turns the two below off   development
``POLICYGRAPH_INTROSPECTION``          allow introspection (0 to refuse it)     1
``POLICYGRAPH_MAX_DEPTH``              deepest selection accepted               12
``POLICYGRAPH_MAX_ALIASES``            aliases per document                     30
``POLICYGRAPH_MAX_TOKENS``             lexical tokens per document              5000
``POLICYGRAPH_MAX_BODY_BYTES``         request body size (413 above)            1048576
``POLICYGRAPH_TIME_BUDGET_SECONDS``    per-operation time budget (0: none)      10
``POLICYGRAPH_WORKER_THREADS``         operations executed at once (0: two per  0
                                       core, 2 to 16)
``POLICYGRAPH_QUEUE_SIZE``             operations waiting for a worker; more    16
                                       get 503 + Retry-After at once
``POLICYGRAPH_DB_POOL_SIZE``           pooled database connections (0: workers  0
                                       + 4)
``POLICYGRAPH_DB_MAX_OVERFLOW``        connections opened beyond the pool       10
``POLICYGRAPH_DB_POOL_TIMEOUT``        seconds to wait for a pooled connection  5
                                       before answering 503
``POLICYGRAPH_MAX_FRAGMENT_SPREADS``   fragment spreads per document, counted   500
                                       through nested fragments
``POLICYGRAPH_MAX_QUERY_COST``         estimated fields an operation may        200000
                                       resolve (list sizes from the snapshot)
``POLICYGRAPH_RATE_LIMIT_IP``          requests per minute per client IP (0:    600
                                       off)
``POLICYGRAPH_RATE_LIMIT_TOKEN``       requests per minute per bearer token     300
``POLICYGRAPH_JSON_LOGS``              one JSON access line per request         1
``POLICYGRAPH_ANONYMOUS_READ``         queries without a token (0 to refuse)    1, 0 in
                                                                                production
``POLICYGRAPH_WIDGET_CACHE_ENTRIES``   widget responses kept per process (0:    512
                                       off)
``POLICYGRAPH_WIDGET_CACHE_SECONDS``   longest a cached widget is served        60
``POLICYGRAPH_DATE_MARGIN_YEARS``      years accepted beyond the documents'     10
                                       span and today (asOf, reportedOn, …)
``POLICYGRAPH_MAX_STRING_LENGTH``      longest string argument, characters      1000
``POLICYGRAPH_TRUSTED_PROXIES``        peers whose X-Forwarded-For is believed  (none)
                                       (IPs or CIDRs, comma or space separated)
``POLICYGRAPH_PROGRESS_RULE``          whose done reports close an obligation:  lead
                                       ``lead`` (the lead owner's) or ``all``
                                       (every owner's); read by
                                       :mod:`graph.shares`, checked here
``POLICYGRAPH_COLLECTIVE_RULE``        when a collective owner's share is done: all
                                       ``all`` (every member county's) or
                                       ``share:0.8`` (that share of them,
                                       rounded up); read by :mod:`graph.shares`
``POLICYGRAPH_LIVE_SUBSCRIPTIONS``      live subscriptions a process serves;     500
                                       more are refused (0: subscriptions off)
``POLICYGRAPH_LIVE_PER_CONNECTION``    operations one websocket may run at      10
                                       once; more are refused
``POLICYGRAPH_LIVE_QUEUE``             events waiting for one subscriber; a     100
                                       subscriber letting more pile up is
                                       dropped (close code 4008)
``POLICYGRAPH_LIVE_POLL_SECONDS``      how often a process looks for a new day  1
                                       (and, on SQLite, for other processes'
                                       writes)
``POLICYGRAPH_LANG``                   language of messages a request does not  zh
                                       ask for (Accept-Language, ?lang=), of
                                       the CLI and of digests: ``zh`` or
                                       ``en``; read by :mod:`i18n`
=====================================  =======================================  =======
"""

from __future__ import annotations

import os
from typing import Annotated, Any

from pydantic import (
    AliasChoices,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    model_validator,
)
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from graph.rules import configured_collective_rule, configured_rule
from graph.status import DEFAULT_DUE_SOON_DAYS

#: Flags whose default flips under ``POLICYGRAPH_ENV=production``.
PRODUCTION_OFF = ("graphiql", "introspection", "anonymous_read")


def _words(value: Any) -> Any:
    """``"10.0.0.1, 192.168.0.0/16"`` (comma or space separated) as a tuple."""
    return tuple(value.replace(",", " ").split()) if isinstance(value, str) else value


class Settings(BaseModel):
    """What the server and the schema's resolvers are configured with."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    database_url: str | None = None
    due_soon_days: int = DEFAULT_DUE_SOON_DAYS
    version_check_seconds: float = 2.0
    graphiql: bool = True
    max_page_size: int = 500
    # Hardening: query limits, body size, time budget, rate limits, access log.
    introspection: bool = True
    max_depth: int = 12
    max_aliases: int = 30
    max_tokens: int = 5000
    max_body_bytes: int = 1_048_576
    time_budget_seconds: float = 10.0
    # Load: worker threads, their queue and the connection pool sized with them; the
    # fragment and cost budgets that keep every operation finite.
    worker_threads: int = 0
    queue_size: int = 16
    db_pool_size: int = 0
    db_max_overflow: int = 10
    db_pool_timeout_seconds: float = 5.0
    max_fragment_spreads: int = 500
    max_query_cost: int = 200_000
    rate_limit_ip: int = 600
    rate_limit_token: int = 300
    json_logs: bool = True
    # Access control: may a request without a bearer token read?
    anonymous_read: bool = True
    # Performance: finished widget responses, keyed on data version and asOf.
    widget_cache_entries: int = 512
    widget_cache_seconds: float = 60.0
    # Hostile input: the days accepted, string argument lengths, proxies believed.
    date_margin_years: int = 10
    max_string_length: int = 1000
    # Live updates (subscriptions over graphql-transport-ws): the bounds.
    live_subscriptions: int = Field(500, ge=0, le=100_000)
    live_per_connection: int = Field(10, ge=1, le=1000)
    live_queue: int = Field(100, ge=1, le=100_000)
    live_poll_seconds: float = Field(1.0, gt=0, le=60)
    trusted_proxies: Annotated[tuple[str, ...], NoDecode, BeforeValidator(_words)] = ()

    @classmethod
    def from_env(cls) -> Settings:
        """Settings from the process environment, defaults where unset.

        Raises
        ------
        ValueError
            A variable that does not hold its field's kind of value, or a misspelt
            progress or collective rule; the message names the variable.
        """
        configured_rule(os.environ)  # a misspelt rule stops the server at start, not mid-request
        configured_collective_rule(os.environ)
        # the environment fills every field; mypy reads the aliased ones as required
        try:
            environment = _Environment()  # type: ignore[call-arg]
        except ValidationError as exc:
            # a location is a field's name, or already the variable of an aliased field
            raise ValueError("; ".join(
                f"{variable(where) if where in _Environment.model_fields else where}: {e['msg']}"
                for e in exc.errors() for where in [str(e["loc"][0])])) from None
        return cls.model_validate(environment.model_dump(exclude={"env"}))


def variable(field: str) -> str:
    """The environment variable of a field.

    >>> variable("max_depth"), variable("db_pool_timeout_seconds"), variable("database_url")
    ('POLICYGRAPH_MAX_DEPTH', 'POLICYGRAPH_DB_POOL_TIMEOUT', 'DATABASE_URL')
    """
    alias = _Environment.model_fields[field].validation_alias
    return str(alias.choices[0]) if isinstance(alias, AliasChoices) else f"POLICYGRAPH_{field.upper()}"


class _Environment(Settings, BaseSettings):
    """The same fields read from ``POLICYGRAPH_<FIELD>`` (two named otherwise)."""

    model_config = SettingsConfigDict(env_prefix="POLICYGRAPH_", env_ignore_empty=True,
                                      frozen=True, extra="ignore")

    env: str = "development"
    database_url: str | None = Field(None, validation_alias=AliasChoices("DATABASE_URL"))
    db_pool_timeout_seconds: float = Field(
        5.0, validation_alias=AliasChoices("POLICYGRAPH_DB_POOL_TIMEOUT"))

    @model_validator(mode="before")
    @classmethod
    def _production_defaults(cls, data: Any) -> Any:
        """Production hides the playground and introspection and refuses anonymous
        reads unless asked for explicitly."""
        if isinstance(data, dict) and str(data.get("env", "")).strip().lower() == "production":
            data = {**{flag: False for flag in PRODUCTION_OFF}, **data}
        return data
