"""Answering by a plan of plain leaves (:mod:`hardening.leaves`): one object, a list of
objects, or a list answered from the rows its objects would be built from.

Every function here returns ``None`` where graphql-core must answer instead (a null for
a non-null field, a value its type does not coerce, an exception, something awaitable):
its own pass then reports the error at its path.  A plan holds only what outlives an
operation (readers, coercions, the types' checks and the hook called before each
object), never the operation's execution, so plans may be kept between operations
(:mod:`hardening.leaf_plans`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from graphql import GraphQLObjectType, Undefined

#: One plain leaf: its response name, reader (of the source), completion (coercion, or
#: the answer of a nested object or list), whether it may be null, and what its coercion
#: says a loop may do without calling it (:func:`hardening.leaf_fields.coercer`): the
#: type answered as it is, and the values already coerced with the types they are of.
#: Made by :func:`leaf`.
Leaf = tuple[str, Callable[[Any], Any], Any, bool, type | None, dict[Any, Any] | None,
             tuple[type, ...]]

#: Values that are neither an exception nor awaitable (checked before asking).
_ORDINARY = frozenset({str, int, float, bool, list, tuple, dt.date})

#: Classes of lists whose row plans one object answer keeps (lists carrying rows are
#: few: one per kind of item the schema builds from rows).
_MOST_ROW_PLANS = 16


def leaf(response_name: str, read: Callable[[Any], Any], complete: Any, nullable: bool) -> Leaf:
    """The plain leaf answered as ``response_name`` by ``complete(read(source))``."""
    return (response_name, read, complete, nullable, getattr(complete, "exact", None),
            getattr(complete, "memo", None), getattr(complete, "kinds", ()))


def resolve_leaves(plan: tuple[Leaf, ...], source: Any) -> dict[str, Any] | None:
    """The object's answer by ``plan``, or ``None`` when graphql-core must say why not
    (a null for a non-null field, a value its type does not coerce, an exception).  A
    coercion whose answer is the value itself, or already known, is not called (a page
    reads many objects).

    >>> from graphql import GraphQLInt, GraphQLString
    >>> from types import SimpleNamespace as Obj
    >>> from operator import attrgetter as read
    >>> from hardening.leaf_fields import coercer
    >>> plan = (leaf("name", read("name"), coercer(GraphQLString), False),
    ...         leaf("rank", read("rank"), coercer(GraphQLInt), True))
    >>> resolve_leaves(plan, Obj(name="市规划局", rank=None))
    {'name': '市规划局', 'rank': None}
    >>> resolve_leaves(plan, Obj(name=7, rank=1))  # not a str: graphql-core's coercion
    {'name': '7', 'rank': 1}
    >>> resolve_leaves(plan, Obj(name=None, rank=1)) is None  # non-null: graphql-core's error
    True
    >>> resolve_leaves(plan, Obj(name="x", rank="many")) is None  # does not coerce
    True
    """
    answer: dict[str, Any] = {}
    try:
        for response_name, read, coerce, nullable, exact, memo, kinds in plan:
            value = read(source)
            kind = type(value)
            if kind is exact:
                answer[response_name] = value
                continue
            if kind in kinds:
                found = memo.get(value)  # type: ignore[union-attr]  # kinds come with a memo
                if found is not None:
                    answer[response_name] = found
                    continue
            if value is None or value is Undefined:
                if not nullable:
                    return None
                answer[response_name] = None
                continue
            if kind not in _ORDINARY and (
                    isinstance(value, Exception) or hasattr(value, "__await__")):
                return None
            coerced = coerce(value)
            if coerced is None or coerced is Undefined:
                return None
            answer[response_name] = coerced
    except Exception:  # graphql-core's own pass reports it, located
        return None
    return answer


def answer_rows(plan: tuple[Leaf, ...], rows: Iterable[Any], reached: Callable[[], None]
                ) -> list[dict[str, Any]] | None:
    """Every row's answer by ``plan`` (``reached()`` before each), or ``None`` at the
    first one it cannot answer."""
    answers = []
    for row in rows:
        reached()
        answer = resolve_leaves(plan, row)
        if answer is None:
            return None
        answers.append(answer)
    return answers


class ObjectAnswer:
    """The completion of a nested object selecting plain leaves (``owners { name }``):
    its type checked, ``reached()`` called, then its plan; a list of such objects that
    carries their rows is answered from the rows (:meth:`from_rows`)."""

    __slots__ = (
        "_row_plans",
        "grouped_field_set",
        "is_type_of",
        "object_type",
        "plan",
        "reached",
    )

    def __init__(self, object_type: GraphQLObjectType, grouped_field_set: Any,
                 plan: tuple[Leaf, ...], is_type_of: Callable[[Any, Any], bool] | None,
                 reached: Callable[[], None]) -> None:
        self.object_type, self.grouped_field_set = object_type, grouped_field_set
        self.plan, self.is_type_of, self.reached = plan, is_type_of, reached
        self._row_plans: dict[type, tuple[Leaf, ...] | None] = {}

    def __call__(self, value: Any) -> Any:
        self.reached()
        if self.is_type_of is not None and not self.is_type_of(value, None):
            return None
        return resolve_leaves(self.plan, value)

    def from_rows(self, items: Any) -> list[dict[str, Any]] | None:
        """The answers of a list carrying its objects' rows, read from the rows; ``None``
        when it carries none, or a field is not plainly read from a row."""
        from hardening.leaf_plans import row_plan, rows_of  # the plans module imports this

        rows = rows_of(items, self.object_type)
        if rows is None:
            return None
        kind = type(items)
        if kind not in self._row_plans:
            if len(self._row_plans) >= _MOST_ROW_PLANS:
                self._row_plans.clear()
            self._row_plans[kind] = row_plan(self.object_type, self.grouped_field_set,
                                             self.plan, kind.row_readers)
        plan = self._row_plans[kind]
        return None if plan is None else answer_rows(plan, rows, self.reached)


def complete_list(item: Callable[[Any], Any], nullable: bool, value: Any) -> Any:
    """The answer of a list whose items ``item`` completes (``nullable``: an item may be
    null), or ``None`` where graphql-core must answer.  A list that is not a ``list`` or
    ``tuple`` is answered from the rows it carries (:meth:`ObjectAnswer.from_rows`), else
    item by item when it is a sequence (read again as often as asked), never when it is
    an iterator graphql-core would then find spent.
    """
    if not isinstance(value, list | tuple):
        from_rows = getattr(item, "from_rows", None)
        answers = None if from_rows is None else from_rows(value)
        if answers is not None or not isinstance(value, Sequence) or isinstance(value,
                                                                               str | bytes):
            return answers
    answers = []
    for element in value:
        if element is None:
            if not nullable:
                return None
            answers.append(None)
            continue
        if isinstance(element, Exception) or hasattr(element, "__await__"):
            return None
        answer = item(element)
        if answer is None or answer is Undefined:
            return None
        answers.append(answer)
    return answers

