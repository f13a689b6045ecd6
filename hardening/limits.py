"""Query limits as a Strawberry schema extension: depth, aliases, tokens, introspection
and the largest ``first`` a connection accepts, all read from the request's
:class:`settings.Settings` (the defaults when the context carries none: the limits never
fail open) so each server can be configured on its own.

Every refusal is a GraphQL error with an ``extensions.code`` (see :data:`LIMIT_CODES`);
:mod:`hardening.view` turns those codes into HTTP 4xx statuses.

The same extension parses and validates through strawberry's shared LRU caches: one
extension object with four hooks costs an operation less than three with one or two
each (strawberry wraps every hook of every extension in a context manager per
operation).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from functools import lru_cache
from typing import Any

from cachetools import LRUCache
from graphql import (
    ExecutionResult,
    GraphQLError,
    ValidationContext,
    ValidationRule,
    specified_rules,
)
from graphql.validation import NoSchemaIntrospectionCustomRule
from sqlalchemy.exc import TimeoutError as PoolTimeout
from strawberry.extensions import SchemaExtension

from graph.sizes import Sizes, sizes_of
from hardening.admission import SERVER_BUSY
from hardening.cost import estimate
from hardening.page_sizes import FIRST_ARGUMENT_CHARS, oversized_first
from hardening.shape import shape_rule
from hardening.validated import validated
from i18n import t
from settings import Settings

DEFAULTS = Settings()
"""The limits of a request whose context carries no settings."""

TOO_DEEP = "QUERY_TOO_DEEP"
TOO_MANY_ALIASES = "TOO_MANY_ALIASES"
TOO_MANY_TOKENS = "TOO_MANY_TOKENS"
TOO_MANY_SPREADS = "TOO_MANY_FRAGMENT_SPREADS"
TOO_COSTLY = "QUERY_TOO_COSTLY"
INTROSPECTION_DISABLED = "INTROSPECTION_DISABLED"
BAD_USER_INPUT = "BAD_USER_INPUT"
LIMIT_CODES = frozenset({TOO_DEEP, TOO_MANY_ALIASES, TOO_MANY_TOKENS, TOO_MANY_SPREADS,
                         TOO_COSTLY, INTROSPECTION_DISABLED})
"""Codes of documents refused before execution (HTTP 400)."""


def tag(error: GraphQLError, code: str) -> GraphQLError:
    """Give ``error`` an ``extensions.code`` (in place; returned for chaining)."""
    error.extensions = {**(error.extensions or {}), "code": code}
    return error


def coded(rule: type[ValidationRule], code: str) -> type[ValidationRule]:
    """A validation rule like ``rule`` whose errors carry ``extensions.code = code``.

    Strawberry's depth and alias rules report from ``__init__`` through the shared
    validation context, so the context's ``report_error`` is wrapped only while the
    wrapped rule is constructed; visitor rules report through ``self.report_error``.
    """

    class Coded(rule):  # type: ignore[valid-type, misc]
        def __init__(self, context: ValidationContext) -> None:
            original = context.report_error
            context.report_error = lambda error: original(tag(error, code))  # type: ignore[method-assign]
            try:
                super().__init__(context)
            finally:
                del context.report_error  # the class's method again, for the other rules

        def report_error(self, error: GraphQLError) -> None:
            super().report_error(tag(error, code))

    Coded.__name__ = f"Coded{rule.__name__}"
    return Coded


@lru_cache(maxsize=32)
def limit_rules(max_depth: int, max_aliases: int, introspection: bool,
                max_spreads: int = 500) -> tuple[type[ValidationRule], ...]:
    """The extra validation rules for one configuration.

    Depth, aliases and fragment spreads are measured in one linear pass
    (:mod:`hardening.shape`); strawberry's own validators are exponential in nested
    fragments.  Cached so the same settings always give the same rule classes:
    strawberry's :class:`~strawberry.extensions.ValidationCache` keys on them.
    """
    rules: list[type[ValidationRule]] = [shape_rule(
        max_depth=max_depth, max_aliases=max_aliases, max_spreads=max_spreads,
        codes=(TOO_DEEP, TOO_MANY_ALIASES, TOO_MANY_SPREADS))]
    if not introspection:
        rules.append(coded(NoSchemaIntrospectionCustomRule, INTROSPECTION_DISABLED))
    return tuple(rules)


def operation_rules(settings: Settings, principal: Any) -> tuple[type[ValidationRule], ...]:
    """The limit rules an operation by ``principal`` is validated with: introspection is
    refused (when ``settings`` turn it off) to anonymous callers only."""
    authenticated = principal is not None and not (principal.anonymous or principal.invalid)
    return limit_rules(settings.max_depth, settings.max_aliases,
                       settings.introspection or authenticated, settings.max_fragment_spreads)


def invalid_under_limits(asked: Any, settings: Settings) -> bool:
    """Whether :class:`QueryLimits` finds an operation parsed within its token limit
    invalid under the limit rules (the depth, introspection for anonymous callers) and
    graphql-core's own.  ``asked`` has what strawberry's execution context has
    (``query``, ``schema``, ``graphql_document``, ``operation_name``, ``variables``,
    ``context``); for a path that answers without strawberry's execution, which goes the
    full way when refused."""
    rules = (*specified_rules, *operation_rules(settings,
                                                getattr(asked.context, "principal", None)))
    return bool(validated(asked.schema._schema, asked.graphql_document, rules,
                          _validation_cache()))


def refused_by_limits(asked: Any, settings: Settings) -> bool:
    """Whether :class:`QueryLimits` refuses a valid operation (:func:`invalid_under_limits`)
    before it runs: a page over the largest, or too costly."""
    if oversized_first(asked.graphql_document, asked.variables, settings.max_page_size,
                       query=asked.query) is not None:
        return True
    return too_costly(asked, settings) is not None


def settings_of(context: Any) -> Settings:
    """The settings a request's context carries, else :data:`DEFAULTS`.

    >>> settings_of(object()).max_depth
    12
    """
    found = getattr(context, "settings", None)
    return found if isinstance(found, Settings) else DEFAULTS


#: Documents strawberry's parser cache keeps (the response cache parses through it too).
PARSER_CACHE_SIZE = 256
#: Validation results kept, by schema, document and rules.
VALIDATION_CACHE_SIZE = 256


def parse_cache() -> Callable[..., Any]:
    """graphql-core's ``parse`` through the LRU cache strawberry's ``ParserCache`` shares
    (module level, keyed by its size); plain ``parse`` if strawberry stops sharing it."""
    try:
        from strawberry.extensions.parser_cache import _get_parse_cache
    except ImportError:  # pragma: no cover - a strawberry without the shared cache
        from graphql import parse

        return parse
    shared: Callable[..., Any] = _get_parse_cache(PARSER_CACHE_SIZE)
    return shared


def _validation_cache() -> Callable[..., Any]:
    """strawberry's ``validate_document`` through the LRU cache ``ValidationCache`` shares."""
    from strawberry.extensions.validation_cache import _get_validate_cache

    shared: Callable[..., Any] = _get_validate_cache(VALIDATION_CACHE_SIZE)
    return shared


class QueryLimits(SchemaExtension):
    """Apply the request's settings: depth, alias, token and introspection limits at
    validation, and the largest ``first`` before execution; parse and validate through
    the shared caches (what strawberry's ``ParserCache`` and ``ValidationCache`` do,
    without two more extension objects per operation)."""

    def __init__(self) -> None:
        super().__init__()
        self.parse, self.validate = parse_cache(), _validation_cache()

    def on_parse(self) -> Iterator[None]:
        context = self.execution_context
        context.graphql_document = self.parse(context.query, **context.parse_options)
        yield

    def on_validate(self) -> Iterator[None]:
        context = self.execution_context
        assert context.graphql_document is not None  # validation follows a parse
        # the limit rules of on_operation are part of the key: a stricter server or an
        # anonymous caller never reuses a laxer validation; remembered by the parsed
        # document itself (hardening.validated), the shared cache behind it
        context.pre_execution_errors = validated(
            context.schema._schema, context.graphql_document, context.validation_rules,
            self.validate)
        yield

    def on_operation(self) -> Iterator[None]:
        # the request context's settings (schema.context); the defaults when it has none,
        # so a context built without them never turns the limits off
        settings = settings_of(self.execution_context.context)
        context = self.execution_context
        # Introspection off (production) hides the schema from anonymous callers; a
        # caller with a valid token (tools, the audit suite) may still introspect.
        context.validation_rules = (*context.validation_rules, *operation_rules(
            settings, getattr(context.context, "principal", None)))
        context.parse_options["max_tokens"] = settings.max_tokens
        yield
        # A resolver that found no pooled connection in time: the server is busy (503),
        # not broken; coded here, before error masking, which would hide the cause.
        for error in getattr(self.execution_context.result, "errors", None) or []:
            if isinstance(error.original_error, PoolTimeout):
                error.message = "The server is busy: no database connection came free in time."
                tag(error, SERVER_BUSY)

    def on_execute(self) -> Iterator[None]:
        context = self.execution_context
        settings = settings_of(context.context)
        # A result already set (an access refusal) wins: say FORBIDDEN before page sizes.
        if (context.graphql_document is not None
                and context.result is None):
            found = oversized_first(context.graphql_document, context.variables,
                                    settings.max_page_size, query=context.query)
            if found is not None:
                field, value = found
                error = GraphQLError(
                    t("error.page_too_large", field=field, value=value,
                      maximum=settings.max_page_size),
                    extensions={"code": BAD_USER_INPUT, "argument": "first",
                                "maximum": settings.max_page_size})
                # A result set here makes strawberry skip execution entirely.
                context.result = ExecutionResult(data=None, errors=[error])
        if (settings is not None and context.result is None
                and context.graphql_document is not None):
            refused = too_costly(context, settings)
            if refused is not None:
                context.result = ExecutionResult(data=None, errors=[refused])
        yield


def too_costly(execution: Any, settings: Settings) -> GraphQLError | None:
    """A QUERY_TOO_COSTLY error when the operation's estimated cost (:mod:`hardening.cost`,
    list sizes from the request's snapshot) is over ``max_query_cost``, else ``None``."""
    budget = settings.max_query_cost
    snapshot = getattr(execution.context, "snapshot", None)
    if budget <= 0 or snapshot is None:
        return None
    try:
        cost = remembered_estimate(execution, sizes_of(snapshot.graph), settings.max_page_size)
    except RecursionError:  # nested deeper than Python recurses: no ordinary query is
        cost = budget + 1
    if cost <= budget:
        return None
    return GraphQLError(
        t("error.too_costly", cost=f"{cost:,}", maximum=f"{budget:,}"),
        extensions={"code": TOO_COSTLY, "cost": cost, "maximum": budget})


#: Estimates of documents asked without variables, by schema, text, operation name and
#: page maximum, each with the snapshot's sizes it was made with: the estimate depends on
#: nothing else, so asked again on the same snapshot the document is not walked again; a
#: new snapshot (new sizes) estimates anew.  Bounded like the parser cache.
REMEMBERED_ESTIMATES = 256
_estimates: LRUCache[tuple[int, str, str | None, int], tuple[Sizes, int]] = LRUCache(
    maxsize=REMEMBERED_ESTIMATES)
_estimates_lock = threading.Lock()


def remembered_estimate(execution: Any, sizes: Sizes, max_page: int) -> int:
    """:func:`hardening.cost.estimate` of the operation, remembered (see
    :data:`_estimates`) when it has no variables and a text of at most
    :data:`hardening.page_sizes.FIRST_ARGUMENT_CHARS` characters."""
    query, schema = execution.query, execution.schema._schema

    def estimated() -> int:
        return estimate(schema, execution.graphql_document, sizes,
                        operation_name=execution.operation_name,
                        variables=execution.variables, max_page=max_page)

    if execution.variables or not isinstance(query, str) or len(query) > FIRST_ARGUMENT_CHARS:
        return estimated()
    key = (id(schema), query, execution.operation_name, max_page)
    with _estimates_lock:
        found = _estimates.get(key)
    if found is not None and found[0] is sizes:  # the very sizes: not a reused id
        return found[1]
    cost = estimated()
    with _estimates_lock:
        _estimates[key] = (sizes, cost)
    return cost
