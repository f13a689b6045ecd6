"""Reading the settings from the environment: the only module that does.

:func:`read_settings` is called at the edges (the app's start, the CLI's start, the
migration runner) and its result is passed down.  :func:`secret` reads a variable whose
name a configuration file gives (an alert channel's ``url_env``), so a secret never has
to be written into a file.  :func:`table` is the README's table of variables.

Examples
--------
>>> variable("max_depth"), variable("db_pool_timeout_seconds"), variable("database_url")
('POLICYGRAPH_MAX_DEPTH', 'POLICYGRAPH_DB_POOL_TIMEOUT', 'POLICYGRAPH_DATABASE_URL')
>>> also_read("database_url")
('DATABASE_URL',)
"""

from __future__ import annotations

import os

from pydantic import AliasChoices, ValidationError
from pydantic_settings import BaseSettings, SettingsConfigDict

from settings.concerns import CONCERNS, Settings

PREFIX = "POLICYGRAPH_"


class _FromEnvironment(Settings, BaseSettings):
    """The same fields with pydantic-settings' sources: ``POLICYGRAPH_<FIELD>``, an empty
    variable counting as unset."""

    model_config = SettingsConfigDict(env_prefix=PREFIX, env_ignore_empty=True, frozen=True,
                                      extra="ignore", populate_by_name=True)


def read_settings() -> Settings:
    """The settings the process environment asks for, defaults where unset.

    Raises
    ------
    ValueError
        A variable that does not hold its field's kind of value (a misspelt progress
        rule included); the message names the variable, so the start stops there and
        not in the middle of a request.
    """
    try:
        read = _FromEnvironment()
    except ValidationError as exc:
        raise ValueError("; ".join(
            f"{variable(where) if where in Settings.model_fields else where}: {e['msg']}"
            for e in exc.errors() for where in [str(e["loc"][0])])) from None
    return Settings.model_validate(read.model_dump())


def _names(field: str) -> tuple[str, ...]:
    alias = Settings.model_fields[field].validation_alias
    if isinstance(alias, AliasChoices):
        return tuple(str(choice) for choice in alias.choices)
    return (f"{PREFIX}{field.upper()}",)


def variable(field: str) -> str:
    """The environment variable of a field."""
    return _names(field)[0]


def also_read(field: str) -> tuple[str, ...]:
    """Older names of a field's variable that still work."""
    return _names(field)[1:]


def secret(name: str) -> str | None:
    """The value of the environment variable a configuration file names, else ``None``."""
    return os.environ.get(name)


def _default(field: str) -> str:
    info = Settings.model_fields[field]
    value = info.get_default(call_default_factory=True)
    if field in ("graphiql", "introspection", "anonymous_read"):
        return "1 (0 in production)"
    if isinstance(value, bool):
        return str(int(value))
    if value in (None, "", ()):
        return "(none)"
    return str(value)


def table() -> str:
    """The Markdown table of every variable, by concern (the README carries it).

    >>> print(table().splitlines()[0])
    | variable | concern | meaning | default |
    """
    rows = ["| variable | concern | meaning | default |", "|---|---|---|---|"]
    for concern in CONCERNS:
        label = concern.__name__.removesuffix("Settings").lower()
        for field, info in concern.model_fields.items():
            names = " / ".join(f"`{name}`" for name in _names(field))
            meaning = (info.description or "").replace("``", "`").replace("|", "\\|")
            rows.append(f"| {names} | {label} | {meaning} | {_default(field)} |")
    return "\n".join(rows)
