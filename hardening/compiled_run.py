"""Answering a query by its compiled plan (:mod:`hardening.compiled`), in the operation's
worker, or saying the full path must answer it.

The full path is strawberry's ``Schema.execute``: its extensions (the schema's guards
and the query limits), then graphql-core's execution.  A compiled query skips the
execution context, the extension runner and the executor, but never what they decide:

1. the document is parsed through the same cache with the same token limit, so it is
   the very document the full path would run;
2. the checks run in the full path's order: validation under the limit rules
   (:func:`hardening.limits.invalid_under_limits`), the schema's access guard (a bad
   token, an anonymous read when those are off: :meth:`schema.query.PolicySchema.refuses`),
   its string limits (:meth:`schema.query.PolicySchema.overlong`), then the page sizes
   and the cost (:func:`hardening.limits.refused_by_limits`); an over-long string is
   refused here with the guards' own error, any other refusal goes the full way to be
   refused there with the right error;
3. the variables are coerced by graphql-core's own function;
4. each root field is resolved by the very resolver graphql-core would call (strawberry's,
   with its argument conversion and field extensions) with a resolve-info object built
   as graphql-core builds it, and its value answered by the plain-leaf plans.

Anything not ordinary sends the operation the full way: a schema with an extension this
path does not know, a refusal of access, validation, size or cost, a resolver raising an
error without a code or awaiting, a null where the schema says non-null, a value the
plans cannot answer.  Queries change nothing a second run would see twice (a refusal a
resolver audits raises an error with a code, which is answered here, as graphql-core
answers it), so the full path then runs the operation from the start and answers exactly
as it always did (errors masked, located and coded by strawberry and graphql-core).  An
operation whose cancel token is set stops as the executor stops it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from graphql import (
    DocumentNode,
    GraphQLError,
    GraphQLResolveInfo,
    GraphQLSchema,
    Undefined,
    located_error,
)
from graphql.execution.values import VariableValues, get_argument_values, get_variable_values
from graphql.pyutils import Path
from strawberry.execution.is_awaitable import optimized_is_awaitable
from strawberry.types import ExecutionResult

from hardening.cancellation import stop_if_cancelled
from hardening.compiled import CompiledQueries, CompiledQuery
from hardening.limits import (
    QueryLimits,
    invalid_under_limits,
    parse_cache,
    refused_by_limits,
    settings_of,
)

#: What graphql-core's execution, as strawberry runs it, gives a resolver to tell an
#: awaitable; no helpers for awaiting, as no resolver here awaits.
_IS_AWAITABLE: Any = optimized_is_awaitable
_NO_HELPERS: Any = None

#: The compiled queries of the process (bounded: :data:`hardening.compiled.MOST_COMPILED`).
COMPILED = CompiledQueries()


@dataclass(frozen=True, slots=True)
class Asked:
    """An operation as the query limits read it (what strawberry's execution context
    holds of it)."""

    query: str
    schema: Any
    graphql_document: DocumentNode
    operation_name: str | None
    variables: dict[str, Any] | None
    context: Any


def compiled_data(schema: Any, query: str, variables: dict[str, Any] | None,
                  operation_name: str | None, context: Any,
                  root_value: Any = None) -> ExecutionResult | None:
    """The result of the operation answered by its compiled query, or ``None`` when the
    full path must answer it (see the module docstring).  A result has ``errors`` only
    when they carry a code: a string over the limit, or a resolver's refusal.

    Parameters
    ----------
    schema
        The strawberry schema as served (its extensions decide whether this path may
        answer at all).
    query, variables, operation_name
        The request's operation.
    context
        The request's context, prepared (its caller and snapshot fixed).
    root_value
        What the view passes as the root value.
    """
    if (not isinstance(query, str) or not isinstance(operation_name, str | None)
            or not isinstance(variables, dict | None) or not _known_extensions(schema)):
        return None  # a malformed request: the full path says what is wrong
    settings = settings_of(context)
    try:
        document = parse_cache()(query, max_tokens=settings.max_tokens)
    except Exception:  # a syntax error, too many tokens: the full path says which
        return None
    core: GraphQLSchema = schema._schema
    compiled = COMPILED.of(core, query, operation_name, document)
    asked = Asked(query, schema, document, operation_name, variables, context)
    # the full path's order: validation, the guards (access, then string lengths), then
    # the page sizes and the cost
    if (compiled is None or invalid_under_limits(asked, settings)
            or schema.refuses(context)):
        return None
    overlong = schema.overlong(context, query, document, variables)
    if overlong is not None:  # refused here, not walked again the full way
        return ExecutionResult(data=None, errors=[overlong])
    if refused_by_limits(asked, settings):
        return None
    coerced = get_variable_values(core, compiled.operation.variable_definitions or (),
                                  variables or {})
    if isinstance(coerced, list):  # variables that do not coerce: the errors say how
        return None
    result = run_compiled(compiled, core, coerced, context, root_value)
    if result is None:
        COMPILED.missed(core, query, operation_name, compiled)
    elif compiled.misses[0]:
        compiled.misses[0] = 0
    return result


def _known_extensions(schema: Any) -> bool:
    """Whether every extension of ``schema`` is one this path checks for (the schema's
    guards and the query limits): a new extension turns the path off, not around."""
    guards = getattr(schema, "guard_extension", None)
    checks = getattr(schema, "refuses", None), getattr(schema, "overlong", None)
    return guards is not None and None not in checks and all(
        extension in (guards, QueryLimits) for extension in schema.extensions)


def run_compiled(compiled: CompiledQuery, schema: GraphQLSchema, variables: VariableValues,
                 context: Any, root_value: Any = None) -> ExecutionResult | None:
    """Every root field of ``compiled`` resolved and answered, or ``None`` at the first
    one that is not ordinary (see the module docstring).

    A resolver that raises an error with a code (a refusal, a name not found) is answered
    as graphql-core answers it, not run again the full way: its error located at the
    field, the field null, or the whole ``data`` null when the field is non-null.
    """
    query_type = schema.query_type
    assert query_type is not None  # a compiled query has one
    data: dict[str, Any] = {}
    errors: list[GraphQLError] = []
    for field in compiled.fields:
        stop_if_cancelled()
        node, definition = field.nodes[0], field.definition
        path = Path(None, field.response_name, query_type.name)
        info = GraphQLResolveInfo(
            node.name.value, field.nodes, definition.type, query_type, path, schema, {},
            root_value, compiled.operation, variables, context, _IS_AWAITABLE, None,
            _NO_HELPERS)
        try:
            if field.call is not None:
                value = field.call(root_value, info)
            else:
                arguments = (get_argument_values(definition, node, variables)
                             if definition.args or node.arguments else {})
                value = definition.resolve(root_value, info, **arguments)  # type: ignore[misc]
        except GraphQLError as raised:
            if not (raised.extensions or {}).get("code"):
                return None  # an unexpected error: masked and logged the full way
            errors.append(located_error(raised, field.nodes, path.as_list()))
            if not field.nullable:
                return ExecutionResult(data=None, errors=errors)
            data[field.response_name] = None
            continue
        except Exception:
            stop_if_cancelled()  # a cancelled operation stops here, as the executor would
            return None
        answer = _answered(field, value)
        if answer is None:
            return None
        data[field.response_name] = None if answer is _NULL else answer
    return ExecutionResult(data=data, errors=errors or None)


#: A field answered null (``None`` says the full path must answer).
_NULL = object()


def _answered(field: Any, value: Any) -> Any:
    """``value`` of a root field answered by its plan, :data:`_NULL`, or ``None`` when
    it is not ordinary (an awaitable, an error returned, a null the schema forbids, a
    value the plans cannot answer)."""
    if optimized_is_awaitable(value):
        getattr(value, "close", lambda: None)()  # never awaited: closed, no warning
        return None
    if value is None or value is Undefined:
        return _NULL if field.nullable else None
    if isinstance(value, Exception):
        return None
    try:
        answer = field.complete(value)
    except Exception:
        stop_if_cancelled()
        return None
    return None if answer is Undefined else answer


def compiled_result(view: Any, request: Any, options: dict[str, Any],
                    answered: dict[int, Any]) -> Any:
    """For :class:`hardening.view.HardenedView`, in the operation's worker once the context
    is prepared: the result of a query its compiled plan answers, with the request's
    session closed as the guards close it after an operation; ``None`` sends it the full
    way.  An answer without errors is shaped and encoded here (kept in ``answered`` for
    the view's ``process_result``); one with errors is shaped there, as the full path's.

    ``options`` are the view's ``execute_single`` keyword arguments (the request's data,
    context, root value).
    """
    settings = request.app.state.hardening
    asked, context = options.get("request_data"), options.get("context")
    if (not settings.compiled_queries or asked is None or context is None
            or not isinstance(asked.query, str)
            or getattr(request.state, "policygraph_compiled_tried", False)
            or getattr(request.state, "policygraph_sub_response", None) is None):
        return None
    try:
        result = compiled_data(view.schema, asked.query, asked.variables, asked.operation_name,
                               context, options.get("root_value"))
    except BaseException:
        context.close()  # stopped (cancelled): nobody else closes an abandoned one
        raise
    if result is None:
        return None
    if not result.errors:
        response = {"data": result.data}  # strawberry's answer to a result without errors
        answered[id(result)] = (result, response, None,
                                view._encode_and_keep(request, result, response, None))
    context.close()
    return result
