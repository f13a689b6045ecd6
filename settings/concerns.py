"""What the service is configured with, one pydantic model per concern.

Every field is read from ``POLICYGRAPH_<FIELD>`` (a few keep an older name too, see
:data:`ALIASES`) by :func:`settings.environment.read_settings`, at the edges only: the
app's start and the CLI's.  The models themselves never read the environment, so code
and tests build them with plain keyword arguments (``Settings(max_depth=3)``) and pure
code is handed the values it needs.

Examples
--------
>>> Settings().max_depth, Settings(env="production").anonymous_read
(12, False)
>>> Settings(lang="en-GB").lang, Settings(lang="fr").lang
('en', 'zh')
>>> Settings(collective_rule="share:0.8").collective_rule
'share:0.8'
>>> Settings(progress_rule="everyone")
Traceback (most recent call last):
    ...
pydantic_core._pydantic_core.ValidationError: 1 validation error for Settings
...
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, Literal

from pydantic import (
    AliasChoices,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    field_validator,
    model_validator,
)
from pydantic_settings import NoDecode

#: Flags whose default flips under ``POLICYGRAPH_ENV=production``.
PRODUCTION_OFF = ("graphiql", "introspection", "anonymous_read")
#: Languages the messages are written in, the first the fallback.
LANGUAGES = ("zh", "en")
_FRACTION = re.compile(r"^\d+(\.\d+)?$")
_INTERVAL = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*$")


def parse_interval(value: Any) -> dt.timedelta:
    """A length of time written ``30m``, ``4h``, ``1d`` or in seconds.

    >>> parse_interval("4h"), parse_interval("90")
    (datetime.timedelta(seconds=14400), datetime.timedelta(seconds=90))
    >>> parse_interval(dt.timedelta(minutes=5))
    datetime.timedelta(seconds=300)
    >>> parse_interval("soon")
    Traceback (most recent call last):
    ...
    ValueError: an interval is written 30m, 4h, 1d or in seconds, not 'soon'
    """
    if isinstance(value, dt.timedelta):
        return value
    if isinstance(value, (int, float)):
        return dt.timedelta(seconds=float(value))
    match = _INTERVAL.match(str(value))
    if not match:
        raise ValueError(f"an interval is written 30m, 4h, 1d or in seconds, not {str(value)[:40]!r}")
    unit = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}[match.group(2)]
    return dt.timedelta(seconds=float(match.group(1)) * unit)


def _words(value: Any) -> Any:
    """``"10.0.0.1, 192.168.0.0/16"`` (comma or space separated) as a tuple."""
    return tuple(value.replace(",", " ").split()) if isinstance(value, str) else value


class _Concern(BaseModel):
    """Frozen, no unknown keys; a field's older variable name is accepted as well."""

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)


class DatabaseSettings(_Concern):
    """The database and its connection pool."""

    database_url: str | None = Field(
        None, validation_alias=AliasChoices("POLICYGRAPH_DATABASE_URL", "DATABASE_URL"),
        description="any SQLAlchemy URL (``DATABASE_URL`` works too); "
                    "default data/policygraph.db")
    db_pool_size: int = Field(0, ge=0, description="pooled database connections (0: workers + 4)")
    db_max_overflow: int = Field(10, ge=0, description="connections opened beyond the pool")
    db_pool_timeout_seconds: float = Field(
        5.0, gt=0, validation_alias=AliasChoices("POLICYGRAPH_DB_POOL_TIMEOUT"),
        description="seconds to wait for a pooled connection before answering 503")
    ingest_workers: int = Field(
        0, ge=0, le=64,
        description="processes extracting documents while one stores them when ``policygraph "
                    "ingest`` reads several files (0: one per core, at most 8; 1: none, the "
                    "storing process extracts too; 0 to 64)")


class GraphSettings(_Concern):
    """The time rules a graph is built and judged with."""

    due_soon_days: int = Field(30, ge=0, description="DUE_SOON window, days")
    recurrence_years: int = Field(
        5, gt=0, description="years an open-ended recurrence runs after its document's issue")
    progress_rule: Literal["lead", "all"] = Field(
        "lead", description="whose done reports close an obligation: ``lead`` (the lead "
                            "owner's) or ``all`` (every owner's)")
    collective_rule: str = Field(
        "all", description="when a collective owner's share is done: ``all`` (every member "
                           "county's) or ``share:0.8`` (that share of them, rounded up)")
    date_margin_years: int = Field(
        10, ge=0, description="years accepted beyond the documents' span and today "
                              "(asOf, reportedOn, …)")
    assessment_config: str | None = Field(
        None, description="the assessment's weights and bands file (docs/assessment.md); "
                          "unset: data/assessment.yaml")

    @field_validator("progress_rule", "collective_rule", mode="before")
    @classmethod
    def _lowered(cls, value: Any) -> Any:
        return value.strip().lower() if isinstance(value, str) else value

    @field_validator("collective_rule")
    @classmethod
    def _a_rule(cls, value: str) -> str:
        """``all``, or ``share:F`` with ``0 < F <= 1``."""
        kind, _, fraction = value.partition(":")
        if value != "all" and not (kind == "share" and _FRACTION.match(fraction)
                                   and 0 < float(fraction) <= 1):
            raise ValueError(f"must be all or share:F with 0 < F <= 1, not {value!r}")
        return value


class ServerSettings(_Concern):
    """The API: playground, access, query limits, load, rate limits and logs."""

    env: str = Field("development",
                     description="``production`` turns the playground, introspection and "
                                 "anonymous reads off unless set explicitly")
    version_check_seconds: float = Field(2.0, ge=0,
                                         description="seconds between two data-version checks")
    graphiql: bool = Field(True, description="serve the playground (0 to turn off)")
    introspection: bool = Field(True, description="allow introspection (0 to refuse it)")
    anonymous_read: bool = Field(True, description="queries without a token (0 to refuse)")
    max_page_size: int = Field(500, gt=0, description="longest page a list answers")
    max_depth: int = Field(12, gt=0, description="deepest selection accepted")
    max_aliases: int = Field(30, ge=0, description="aliases per document")
    max_tokens: int = Field(5000, gt=0, description="lexical tokens per document")
    max_fragment_spreads: int = Field(
        500, ge=0, description="fragment spreads per document, counted through nested fragments")
    max_query_cost: int = Field(
        200_000, gt=0,
        description="estimated fields an operation may resolve (list sizes from the snapshot)")
    max_body_bytes: int = Field(1_048_576, gt=0, description="request body size (413 above)")
    max_string_length: int = Field(1000, gt=0, description="longest string argument, characters")
    time_budget_seconds: float = Field(10.0, ge=0,
                                       description="per-operation time budget (0: none)")
    worker_threads: int = Field(0, ge=0, le=256,
                                description="operations executed at once (0: one per core, "
                                            "at most 16; 0 to 256)")
    queue_size: int = Field(16, ge=0, le=1000,
                            description="operations waiting for a worker, their wait counted "
                                        "against the time budget; more, or one the queue "
                                        "ahead would keep past its budget, get 503 + "
                                        "Retry-After at once (0 to 1000)")
    response_cache_entries: int = Field(
        1024, ge=0, le=1_000_000,
        description="query answers kept per process (0: no response cache; "
                    "0 to 1,000,000)")
    response_cache_bytes: int = Field(
        67_108_864, ge=0, le=17_179_869_184,
        description="bytes of query answers kept per process, all together "
                    "(64 MiB; 0 to 16 GiB)")
    response_cache_entry_bytes: int = Field(
        1_048_576, ge=0, le=1_073_741_824,
        description="largest answer the response cache keeps, bytes (1 MiB; "
                    "0 to 1 GiB)")
    compiled_queries: bool = Field(
        True, description="answer a query whose root fields are plain resolvers over plain "
                          "leaves, with no fragment or directive, without graphql-core's "
                          "executor (0: every query through it)")
    rate_limit_ip: int = Field(600, ge=0, description="requests per minute per client IP (0: off)")
    rate_limit_token: int = Field(300, ge=0,
                                  description="requests per minute per bearer token (0: off)")
    json_logs: bool = Field(True, description="one JSON access line per request")
    metrics_dir: str | None = Field(
        None, validation_alias=AliasChoices("POLICYGRAPH_METRICS_DIR", "PROMETHEUS_MULTIPROC_DIR"),
        description="folder where the processes of ``serve --workers N`` keep their metrics "
                    "(prometheus-client's multiprocess mode; emptied at start); unset: a "
                    "temporary folder, removed on exit")
    trusted_proxies: Annotated[tuple[str, ...], NoDecode, BeforeValidator(_words)] = Field(
        (), description="peers whose X-Forwarded-For is believed (IPs or CIDRs, comma or "
                        "space separated)")

    @model_validator(mode="before")
    @classmethod
    def _production_defaults(cls, data: Any) -> Any:
        """Production hides the playground and introspection and refuses anonymous
        reads unless asked for explicitly."""
        if isinstance(data, dict) and str(data.get("env", "")).strip().lower() == "production":
            data = {**{flag: False for flag in PRODUCTION_OFF}, **data}
        return data


class LiveSettings(_Concern):
    """Live updates (subscriptions over graphql-transport-ws): their bounds."""

    live_subscriptions: int = Field(500, ge=0, le=100_000,
                                    description="live subscriptions a process serves; more are "
                                                "refused (0: subscriptions off)")
    live_per_connection: int = Field(10, ge=1, le=1000,
                                     description="operations one websocket may run at once; "
                                                 "more are refused")
    live_queue: int = Field(100, ge=1, le=100_000,
                            description="events waiting for one subscriber; a subscriber letting "
                                        "more pile up is dropped (close code 4008)")
    live_poll_seconds: float = Field(1.0, gt=0, le=60,
                                     description="how often a process looks for a new day (and, "
                                                 "on SQLite, for other processes' writes)")


class EmbedSettings(_Concern):
    """The widgets: who may frame them, and their response cache."""

    frame_ancestors: str = Field(
        "", description="origins besides this server allowed to frame the widgets, "
                        "space separated")
    widget_cache_entries: int = Field(512, ge=0,
                                      description="widget responses kept per process (0: off)")
    widget_cache_seconds: float = Field(60.0, ge=0,
                                        description="longest a cached widget is served")


class AlertSettings(_Concern):
    """The alert engine's delivery channels, and 催办 (urging a unit)."""

    alert_channels: str | None = Field(
        None, description="channel file (YAML or TOML) when ``--channels`` is not given; "
                          "the server delivers urges through it (unset: urges wait in the "
                          "outbox)")
    alert_rules: str | None = Field(
        None, description="the alert rules file whose ``channels`` route urges "
                          "(unset: alerts/rules.default.yaml)")
    urge_interval: Annotated[dt.timedelta, NoDecode, BeforeValidator(parse_interval)] = Field(
        dt.timedelta(hours=4), description="least time between two urges (催办) of one unit: "
                                           "``30m``, ``4h``, ``1d`` or seconds; checked against "
                                           "the stored urges, so it holds across processes")
    dispatch_seconds: float = Field(
        5.0, ge=0, description="seconds between two outbox deliveries of the server (woken "
                               "at once by an urge); 0 turns the dispatcher off")


class LanguageSettings(_Concern):
    """The language of messages nobody asked a language for."""

    lang: str = Field("zh", description="messages a request does not ask a language for "
                                        "(Accept-Language, ?lang=), of the CLI and of digests: "
                                        "``zh`` or ``en``")

    @field_validator("lang", mode="before")
    @classmethod
    def _known(cls, value: Any) -> Any:
        """``en-GB`` speaks ``en``; an unknown language falls back to Chinese."""
        if isinstance(value, str):
            wanted = value.strip().lower()[:2]
            return wanted if wanted in LANGUAGES else LANGUAGES[0]
        return value


class Settings(DatabaseSettings, GraphSettings, ServerSettings, LiveSettings, EmbedSettings,
               AlertSettings, LanguageSettings):
    """Every concern in one flat model: what an app or a command starts with."""

    @classmethod
    def from_env(cls) -> Settings:
        """The settings the process environment asks for (:func:`settings.read_settings`,
        to be called at the edges only)."""
        from settings.environment import read_settings

        return read_settings()


CONCERNS: tuple[type[_Concern], ...] = (DatabaseSettings, GraphSettings, ServerSettings,
                                        LiveSettings, EmbedSettings, AlertSettings,
                                        LanguageSettings)
"""The concerns in the order the README's table lists them."""
