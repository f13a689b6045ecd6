"""Settings come from POLICYGRAPH_* (and the older DATABASE_URL) through pydantic-settings,
one variable per field; a bad value stops the start naming its variable."""

from __future__ import annotations

import datetime as dt
import os

import pytest

from settings import Settings, read_settings, variable

# variable, text, field, value read; every field has a row (checked below)
TABLE = [
    ("POLICYGRAPH_DATABASE_URL", "sqlite:///y.db", "database_url", "sqlite:///y.db"),
    ("DATABASE_URL", "sqlite:///x.db", "database_url", "sqlite:///x.db"),
    ("POLICYGRAPH_INGEST_WORKERS", "3", "ingest_workers", 3),
    ("POLICYGRAPH_RECURRENCE_YEARS", "3", "recurrence_years", 3),
    ("POLICYGRAPH_PROGRESS_RULE", " ALL ", "progress_rule", "all"),
    ("POLICYGRAPH_COLLECTIVE_RULE", "share:0.8", "collective_rule", "share:0.8"),
    ("POLICYGRAPH_ENV", "staging", "env", "staging"),
    ("POLICYGRAPH_MAX_PAGE_SIZE", "50", "max_page_size", 50),
    ("POLICYGRAPH_FRAME_ANCESTORS", "https://wiki.example.org", "frame_ancestors",
     "https://wiki.example.org"),
    ("POLICYGRAPH_ALERT_CHANNELS", "channels.yaml", "alert_channels", "channels.yaml"),
    ("POLICYGRAPH_LANG", "en-GB", "lang", "en"),
    ("POLICYGRAPH_DUE_SOON_DAYS", "14", "due_soon_days", 14),
    ("POLICYGRAPH_VERSION_CHECK_SECONDS", "0.5", "version_check_seconds", 0.5),
    ("POLICYGRAPH_GRAPHIQL", "0", "graphiql", False),
    ("POLICYGRAPH_INTROSPECTION", "off", "introspection", False),
    ("POLICYGRAPH_MAX_DEPTH", "7", "max_depth", 7),
    ("POLICYGRAPH_MAX_ALIASES", "3", "max_aliases", 3),
    ("POLICYGRAPH_MAX_TOKENS", "99", "max_tokens", 99),
    ("POLICYGRAPH_MAX_BODY_BYTES", "2048", "max_body_bytes", 2048),
    ("POLICYGRAPH_TIME_BUDGET_SECONDS", "0", "time_budget_seconds", 0.0),
    ("POLICYGRAPH_WORKER_THREADS", "3", "worker_threads", 3),
    ("POLICYGRAPH_QUEUE_SIZE", "9", "queue_size", 9),
    ("POLICYGRAPH_RESPONSE_CACHE_ENTRIES", "0", "response_cache_entries", 0),
    ("POLICYGRAPH_COMPILED_QUERIES", "0", "compiled_queries", False),
    ("POLICYGRAPH_RESPONSE_CACHE_BYTES", "1000000", "response_cache_bytes", 1_000_000),
    ("POLICYGRAPH_RESPONSE_CACHE_ENTRY_BYTES", "65536", "response_cache_entry_bytes", 65536),
    ("POLICYGRAPH_DB_POOL_SIZE", "6", "db_pool_size", 6),
    ("POLICYGRAPH_DB_MAX_OVERFLOW", "2", "db_max_overflow", 2),
    ("POLICYGRAPH_DB_POOL_TIMEOUT", "1.5", "db_pool_timeout_seconds", 1.5),
    ("POLICYGRAPH_MAX_FRAGMENT_SPREADS", "9", "max_fragment_spreads", 9),
    ("POLICYGRAPH_MAX_QUERY_COST", "1000", "max_query_cost", 1000),
    ("POLICYGRAPH_RATE_LIMIT_IP", "0", "rate_limit_ip", 0),
    ("POLICYGRAPH_RATE_LIMIT_TOKEN", "5", "rate_limit_token", 5),
    ("POLICYGRAPH_JSON_LOGS", "false", "json_logs", False),
    ("POLICYGRAPH_METRICS_DIR", "/run/policygraph/metrics", "metrics_dir",
     "/run/policygraph/metrics"),
    ("PROMETHEUS_MULTIPROC_DIR", "/tmp/metrics", "metrics_dir", "/tmp/metrics"),
    ("POLICYGRAPH_ANONYMOUS_READ", "no", "anonymous_read", False),
    ("POLICYGRAPH_WIDGET_CACHE_ENTRIES", "0", "widget_cache_entries", 0),
    ("POLICYGRAPH_WIDGET_CACHE_SECONDS", "5", "widget_cache_seconds", 5.0),
    ("POLICYGRAPH_DATE_MARGIN_YEARS", "2", "date_margin_years", 2),
    ("POLICYGRAPH_MAX_STRING_LENGTH", "50", "max_string_length", 50),
    ("POLICYGRAPH_ASSESSMENT_CONFIG", "weights.yaml", "assessment_config", "weights.yaml"),
    ("POLICYGRAPH_ALERT_RULES", "rules.yaml", "alert_rules", "rules.yaml"),
    ("POLICYGRAPH_URGE_INTERVAL", "30m", "urge_interval", dt.timedelta(minutes=30)),
    ("POLICYGRAPH_DISPATCH_SECONDS", "0", "dispatch_seconds", 0.0),
    ("POLICYGRAPH_LIVE_SUBSCRIPTIONS", "7", "live_subscriptions", 7),
    ("POLICYGRAPH_LIVE_PER_CONNECTION", "2", "live_per_connection", 2),
    ("POLICYGRAPH_LIVE_QUEUE", "5", "live_queue", 5),
    ("POLICYGRAPH_LIVE_POLL_SECONDS", "0.5", "live_poll_seconds", 0.5),
    ("POLICYGRAPH_TRUSTED_PROXIES", "10.0.0.1, 10.1.0.0/16 ::1", "trusted_proxies",
     ("10.0.0.1", "10.1.0.0/16", "::1")),
]


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in list(os.environ):
        if name.startswith("POLICYGRAPH_") or name in ("DATABASE_URL", "PROMETHEUS_MULTIPROC_DIR"):
            monkeypatch.delenv(name)


def test_an_empty_environment_gives_the_defaults() -> None:
    assert read_settings() == Settings()


@pytest.mark.parametrize(("name", "text", "field", "value"), TABLE, ids=[r[0] for r in TABLE])
def test_each_variable_of_the_table_sets_its_field(monkeypatch: pytest.MonkeyPatch, name: str,
                                                   text: str, field: str, value: object) -> None:
    monkeypatch.setenv(name, text)
    settings = read_settings()
    assert getattr(settings, field) == value != getattr(Settings(), field)


def test_production_turns_the_playground_introspection_and_anonymous_reads_off(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("POLICYGRAPH_ENV", "Production")
    monkeypatch.setenv("POLICYGRAPH_INTROSPECTION", "1")  # asked for explicitly
    settings = read_settings()
    assert (settings.graphiql, settings.introspection, settings.anonymous_read) == (
        False, True, False)


def test_an_empty_variable_counts_as_unset(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("POLICYGRAPH_JSON_LOGS", "")
    monkeypatch.setenv("DATABASE_URL", "")
    assert read_settings() == Settings()


@pytest.mark.parametrize(("name", "text"), [("POLICYGRAPH_MAX_DEPTH", "deep"),
                                            ("POLICYGRAPH_DB_POOL_TIMEOUT", "soon"),
                                            ("POLICYGRAPH_PROGRESS_RULE", "most"),
                                            ("POLICYGRAPH_COLLECTIVE_RULE", "share:1.5"),
                                            ("POLICYGRAPH_RECURRENCE_YEARS", "never"),
                                            ("POLICYGRAPH_MAX_DEPTH", "-1")])
def test_a_bad_value_stops_the_start_naming_its_variable(monkeypatch: pytest.MonkeyPatch,
                                                          name: str, text: str) -> None:
    monkeypatch.setenv(name, text)
    with pytest.raises(ValueError, match=name):
        read_settings()


def test_settings_are_frozen_and_refuse_unknown_fields() -> None:
    with pytest.raises(ValueError):
        Settings(max_depht=3)  # type: ignore[call-arg]
    with pytest.raises(ValueError):
        Settings().max_depth = 3  # type: ignore[misc]


def test_every_field_is_read_from_a_variable_of_the_table() -> None:
    assert {row[2] for row in TABLE} == set(Settings.model_fields)
    assert {variable(field) for field in Settings.model_fields} <= {row[0] for row in TABLE}


def test_an_unknown_language_falls_back_to_chinese(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("POLICYGRAPH_LANG", "fr")
    assert read_settings().lang == "zh"


def test_the_new_name_of_the_database_variable_wins_over_the_old(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", "sqlite:///old.db")
    monkeypatch.setenv("POLICYGRAPH_DATABASE_URL", "sqlite:///new.db")
    assert read_settings().database_url == "sqlite:///new.db"


def test_the_defaults_are_the_graphs_own() -> None:
    from graph.horizons import DEFAULT_RECURRENCE_YEARS
    from graph.rules import ALL_MEMBERS, DEFAULT_RULE
    from graph.status import DEFAULT_DUE_SOON_DAYS
    from graph.window import DEFAULT_MARGIN_YEARS

    defaults = Settings()
    assert (defaults.due_soon_days, defaults.recurrence_years, defaults.date_margin_years) == (
        DEFAULT_DUE_SOON_DAYS, DEFAULT_RECURRENCE_YEARS, DEFAULT_MARGIN_YEARS)
    assert (defaults.progress_rule, defaults.collective_rule) == (DEFAULT_RULE.value,
                                                                  ALL_MEMBERS.text)
