"""A length limit on every string argument, literal or variable, before anything runs;
and no NUL characters or lone surrogates, which no database column can hold.

Names, paths, dates and search phrases are short; a megabyte in ``unit(name:)`` is an
attack, and would otherwise be fuzzy-matched against every name and echoed back.  Each
argument may be at most :attr:`settings.Settings.max_string_length` characters
unless :data:`ARGUMENT_LIMITS` says otherwise (a progress sheet travels as base64 and is
bounded by the request body limit instead).  A refusal is BAD_USER_INPUT naming the
argument, its length and the limit, never the value.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Mapping
from typing import Any

from cachetools import LRUCache
from graphql import (
    ArgumentNode,
    DocumentNode,
    ExecutionResult,
    GraphQLError,
    ListValueNode,
    ObjectValueNode,
    StringValueNode,
    ValueNode,
    VariableNode,
    visit,
)
from graphql.language import Visitor
from strawberry.types import ExecutionContext

from i18n import t

DEFAULT_MAX_STRING_LENGTH = 1000
#: Arguments with their own limit (characters); ``None``: bounded by the body limit only.
ARGUMENT_LIMITS: dict[str, int | None] = {
    "note": 2000,  # store.progress.reports.MAX_NOTE_CHARS
    "evidenceUrl": 2000,
}


def _values(value: Any, name: str) -> Iterator[tuple[str, str]]:
    """Every string inside a variable's value (lists and input objects too), each with the
    name it is given under: its input field's (``note`` of ``input``), else ``name``."""
    if isinstance(value, str):
        yield name, value
    elif isinstance(value, Mapping):
        for key, item in value.items():
            yield from _values(item, str(key))
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _values(item, name)


def _strings(node: ValueNode, variables: Mapping[str, Any],
             name: str) -> Iterator[tuple[str, str]]:
    """Every string an argument's value holds, literal or through a variable, with the
    name of the argument or input field holding it (mutations take ``input`` objects)."""
    if isinstance(node, StringValueNode):
        yield name, node.value
    elif isinstance(node, VariableNode):
        yield from _values(variables.get(node.name.value), name)
    elif isinstance(node, ListValueNode):
        for item in node.values:
            yield from _strings(item, variables, name)
    elif isinstance(node, ObjectValueNode):
        for field in node.fields:
            yield from _strings(field.value, variables, field.name.value)


def _unstorable(text: str) -> bool:
    """NUL (PostgreSQL refuses it in text) or a lone surrogate (not encodable as UTF-8).

    >>> _unstorable("市规划局"), _unstorable("a\\x00b"), _unstorable("\\ud800")
    (False, True, True)
    """
    if "\x00" in text:
        return True
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


class _Arguments(Visitor):
    def __init__(self, variables: Mapping[str, Any], default: int) -> None:
        super().__init__()
        self.variables, self.default = variables, default
        self.error: GraphQLError | None = None

    def enter_argument(self, node: ArgumentNode, *_: Any) -> Any:
        if self.error is not None:
            return None
        for name, text in _strings(node.value, self.variables, node.name.value):
            limit = ARGUMENT_LIMITS.get(name, self.default)
            if limit is not None and len(text) > limit:
                self.error = GraphQLError(
                    t("error.argument_too_long", name=name, length=len(text), limit=limit),
                    extensions={"code": "BAD_USER_INPUT", "argument": name, "limit": limit})
            elif _unstorable(text):
                self.error = GraphQLError(
                    t("error.argument_unstorable", name=name),
                    extensions={"code": "BAD_USER_INPUT", "argument": name})
            if self.error is not None:
                return Visitor.BREAK
        return None


def overlong_argument(document: DocumentNode, variables: Mapping[str, Any] | None,
                      default: int = DEFAULT_MAX_STRING_LENGTH) -> GraphQLError | None:
    """The error for the first string argument over its limit, else ``None``.

    >>> from graphql import parse
    >>> overlong_argument(parse('{ unit(name: "市规划局") { name } }'), {}) is None
    True
    >>> overlong_argument(parse('query($n: String!) { unit(name: $n) { name } }'),
    ...                   {"n": "局" * 1001}).message
    '`name` is 1001 characters long; the limit is 1000.'
    >>> overlong_argument(parse('mutation($i: ReportProgressInput!) { reportProgress(input: $i) '
    ...                         '{ report { id } } }'), {"i": {"note": "进" * 1500}}) is None
    True
    >>> overlong_argument(parse('mutation { reportProgress(input: {note: "%s"}) { report { id } } }'
    ...                         % ("进" * 2001)), {}).message
    '`note` is 2001 characters long; the limit is 2000.'
    """
    arguments = _Arguments(variables or {}, default)
    visit(document, arguments)
    return arguments.error


#: Documents asked without variables whose every string argument was found within the
#: limit, by text and limit: asked again they are not walked again (graphql-core's
#: visitor took 60–70 µs a request).  A document with variables is always walked (their
#: values change), and so is one that was refused.
PASSED_DOCUMENTS = 256
#: The longest document remembered as passed (characters).
PASSED_CHARS = 20_000
_passed: LRUCache[tuple[str, int], bool] = LRUCache(maxsize=PASSED_DOCUMENTS)
_passed_lock = threading.Lock()


def known_to_pass(query: object, variables: Mapping[str, Any] | None, limit: int) -> bool:
    """Whether ``query`` without variables was found within ``limit`` before.

    >>> remember_passed("{ a }", None, 1000)
    >>> known_to_pass("{ a }", None, 1000), known_to_pass("{ a }", {"x": 1}, 1000)
    (True, False)
    >>> known_to_pass("{ a }", None, 10)  # another limit: walked again
    False
    """
    if variables or not isinstance(query, str):
        return False
    with _passed_lock:
        return (query, limit) in _passed


def remember_passed(query: object, variables: Mapping[str, Any] | None, limit: int) -> None:
    """Remember that ``query`` without variables passed ``limit`` (see :data:`_passed`)."""
    if variables or not isinstance(query, str) or len(query) > PASSED_CHARS:
        return
    with _passed_lock:
        _passed[(query, limit)] = True


def overlong(query: object, document: DocumentNode, variables: Mapping[str, Any] | None,
             limit: int) -> GraphQLError | None:
    """:func:`overlong_argument`, not walked again for a document without variables
    that passed ``limit`` before (:func:`known_to_pass`)."""
    if known_to_pass(query, variables, limit):
        return None
    error = overlong_argument(document, variables, limit)
    if error is None:
        remember_passed(query, variables, limit)
    return error


def refuse_overlong(execution: ExecutionContext) -> None:
    """Refuse an operation whose string arguments are too long, before it runs (the
    refusal is set as its result; one already set, an access refusal, wins).
    :class:`schema.guards.OperationGuards` calls this before execution."""
    document = execution.graphql_document
    if document is not None and execution.result is None:
        settings = getattr(execution.context, "settings", None)
        limit = getattr(settings, "max_string_length", DEFAULT_MAX_STRING_LENGTH)
        error = overlong(execution.query, document, execution.variables, limit)
        if error is not None:
            # A result set before execution makes strawberry skip executing.
            execution.result = ExecutionResult(data=None, errors=[error])
