"""The schema's guards, one extension: access refused first, then over-long strings;
unexpected errors masked; the session closed whatever happened."""

from __future__ import annotations

import asyncio
from types import SimpleNamespace
from typing import Any

import pytest

from access.principal import Principal
from i18n import use_locale
from schema.context import Context
from schema.query import make_schema, schema
from settings import Settings

LONG_NAME = '{ unit(name: "%s") { name } }' % ("局" * 1001)


class Session:
    """Counts what the guards do with the request's session."""

    def __init__(self) -> None:
        self.rollbacks = 0
        self.closed = 0

    def rollback(self) -> None:
        self.rollbacks += 1

    def close(self) -> None:
        self.closed += 1


def _context(principal: Principal, settings: Settings) -> Any:
    return SimpleNamespace(principal=principal, settings=settings, session=Session())


def _run(query: str, context: Any, locale: str = "en") -> Any:
    with use_locale(locale):
        return asyncio.run(schema.execute(query, context_value=context))


def test_an_invalid_token_is_refused_before_an_overlong_argument_is_looked_at():
    context = _context(Principal(invalid=True), Settings())
    result = _run(LONG_NAME, context)
    assert [e.extensions["reason"] for e in result.errors] == ["invalid_token"]
    assert result.data is None


def test_an_anonymous_read_is_refused_when_anonymous_reads_are_off():
    context = _context(Principal(), Settings(anonymous_read=False))
    result = _run('{ unit(name: "市规划局") { name } }', context)
    assert [e.extensions["reason"] for e in result.errors] == ["missing_token"]


def test_an_overlong_argument_is_refused_before_anything_runs():
    context = _context(Principal(), Settings())
    result = _run(LONG_NAME, context)
    assert [e.extensions["code"] for e in result.errors] == ["BAD_USER_INPUT"]
    assert result.errors[0].extensions["argument"] == "name"


@pytest.mark.parametrize(("locale", "message"), [("en", "Internal error; it has been logged."),
                                                 ("zh", "内部错误;已记录日志。")])
def test_an_unexpected_resolver_error_is_masked_in_the_request_language(locale, message):
    # a context without a graph: the resolver fails with an AttributeError naming internals
    context = _context(Principal(), Settings())
    result = _run('{ unit(name: "市规划局") { name } }', context, locale)
    assert [e.message for e in result.errors] == [message]
    assert "AttributeError" not in str(result.errors[0].formatted)


class ClosingContext(Context):
    """A context whose closing is counted and whose graph raises (no snapshot)."""

    def __init__(self) -> None:  # no session, loaders or snapshot needed
        self.closes = 0

    def close(self) -> None:
        self.closes += 1

    def __getattr__(self, name: str) -> Any:
        raise RuntimeError(f"no {name} here")


def test_the_session_is_closed_after_an_operation_that_failed():
    context = ClosingContext()
    result = asyncio.run(make_schema().execute('{ unit(name: "市规划局") { name } }',
                                               context_value=context))
    assert result.errors
    assert context.closes == 1


def test_the_schema_adds_one_guard_extension_before_the_servers():
    marker = object()
    built = make_schema(extensions=[lambda: marker])
    names = [getattr(e, "__name__", type(e).__name__) for e in built.extensions]
    assert names[0] == "OperationGuards" and len(names) == 2
