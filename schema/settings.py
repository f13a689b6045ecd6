"""Server settings, read once from the environment (``POLICYGRAPH_*``, ``DATABASE_URL``).

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
``POLICYGRAPH_LANG``                   language of messages a request does not  zh
                                       ask for (Accept-Language, ?lang=), of
                                       the CLI and of digests: ``zh`` or
                                       ``en``; read by :mod:`i18n`
=====================================  =======================================  =======
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from graph.status import DEFAULT_DUE_SOON_DAYS, configured_collective_rule, configured_rule


@dataclass(frozen=True)
class Settings:
    """What the server and the schema's resolvers are configured with."""

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
    trusted_proxies: tuple[str, ...] = ()

    @classmethod
    def from_env(cls) -> Settings:
        """Settings from the process environment, defaults where unset."""
        env = os.environ
        configured_rule(env)  # a misspelt rule stops the server at start, not mid-request
        configured_collective_rule(env)
        # Production hides the playground and introspection unless asked for explicitly.
        production = env.get("POLICYGRAPH_ENV", "").strip().lower() == "production"
        return cls(
            database_url=env.get("DATABASE_URL") or None,
            due_soon_days=int(env.get("POLICYGRAPH_DUE_SOON_DAYS", DEFAULT_DUE_SOON_DAYS)),
            version_check_seconds=float(env.get("POLICYGRAPH_VERSION_CHECK_SECONDS", "2")),
            graphiql=_flag(env.get("POLICYGRAPH_GRAPHIQL"), default=not production),
            introspection=_flag(env.get("POLICYGRAPH_INTROSPECTION"), default=not production),
            max_depth=int(env.get("POLICYGRAPH_MAX_DEPTH", "12")),
            max_aliases=int(env.get("POLICYGRAPH_MAX_ALIASES", "30")),
            max_tokens=int(env.get("POLICYGRAPH_MAX_TOKENS", "5000")),
            max_body_bytes=int(env.get("POLICYGRAPH_MAX_BODY_BYTES", "1048576")),
            time_budget_seconds=float(env.get("POLICYGRAPH_TIME_BUDGET_SECONDS", "10")),
            worker_threads=int(env.get("POLICYGRAPH_WORKER_THREADS", "0")),
            queue_size=int(env.get("POLICYGRAPH_QUEUE_SIZE", "16")),
            db_pool_size=int(env.get("POLICYGRAPH_DB_POOL_SIZE", "0")),
            db_max_overflow=int(env.get("POLICYGRAPH_DB_MAX_OVERFLOW", "10")),
            db_pool_timeout_seconds=float(env.get("POLICYGRAPH_DB_POOL_TIMEOUT", "5")),
            max_fragment_spreads=int(env.get("POLICYGRAPH_MAX_FRAGMENT_SPREADS", "500")),
            max_query_cost=int(env.get("POLICYGRAPH_MAX_QUERY_COST", "200000")),
            rate_limit_ip=int(env.get("POLICYGRAPH_RATE_LIMIT_IP", "600")),
            rate_limit_token=int(env.get("POLICYGRAPH_RATE_LIMIT_TOKEN", "300")),
            json_logs=_flag(env.get("POLICYGRAPH_JSON_LOGS"), default=True),
            anonymous_read=_flag(env.get("POLICYGRAPH_ANONYMOUS_READ"), default=not production),
            widget_cache_entries=int(env.get("POLICYGRAPH_WIDGET_CACHE_ENTRIES", "512")),
            widget_cache_seconds=float(env.get("POLICYGRAPH_WIDGET_CACHE_SECONDS", "60")),
            date_margin_years=int(env.get("POLICYGRAPH_DATE_MARGIN_YEARS", "10")),
            max_string_length=int(env.get("POLICYGRAPH_MAX_STRING_LENGTH", "1000")),
            trusted_proxies=tuple(env.get("POLICYGRAPH_TRUSTED_PROXIES", "")
                                  .replace(",", " ").split()),
        )


def _flag(value: str | None, *, default: bool) -> bool:
    """An on/off variable: unset means ``default``; 0/false/no/off mean off."""
    if value is None or not value.strip():
        return default
    return value.strip().lower() not in ("0", "false", "no", "off")
