"""The shape of a document in linear time: selection depth, aliases and fragment spreads,
counted through fragments with one pass per fragment.

Strawberry's depth and alias validators walk a fragment again at every spread, so a
document whose fragments each spread the next one twice costs 2^n: forty levels (1.6 KB)
kept a worker busy forever.  Here each fragment's figures are computed once and reused
(memoised), and the number of spreads the document would expand to is itself a limit
(``max_fragment_spreads``).

Examples
--------
>>> from graphql import parse
>>> doubling = "{ ...F0 } " + " ".join(
...     f"fragment F{i} on Query {{ ...F{i + 1} ...F{i + 1} }}" for i in range(40)
... ) + " fragment F40 on Query { a: units { name } }"
>>> shape = measure(parse(doubling))
>>> shape.depth, shape.spreads == 2 ** 41 - 1, shape.aliases == 2 ** 40
(1, True, True)
>>> measure(parse("{ units { tasks { owners { unit { name } } } } }")).depth
4
"""

from __future__ import annotations

import sys
from dataclasses import dataclass

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
    ValidationContext,
    ValidationRule,
)

from i18n import t


@dataclass(frozen=True)
class Shape:
    """Figures of a selection set with its fragments expanded."""

    depth: int = 0
    aliases: int = 0
    spreads: int = 0


_EMPTY = Shape()


class _Measure:
    """One document's fragments, each measured at most once."""

    def __init__(self, document: DocumentNode) -> None:
        self.fragments = {d.name.value: d for d in document.definitions
                          if isinstance(d, FragmentDefinitionNode)}
        self.done: dict[str, Shape] = {}
        self.active: set[str] = set()  # a cycle is reported by NoFragmentCyclesRule

    def fragment(self, name: str) -> Shape:
        if name in self.done:
            return self.done[name]
        definition = self.fragments.get(name)
        if definition is None or name in self.active:
            return _EMPTY
        self.active.add(name)
        try:
            shape = self.selections(definition.selection_set)
        finally:
            self.active.discard(name)
        self.done[name] = shape
        return shape

    def selections(self, selection_set: SelectionSetNode | None) -> Shape:
        depth = aliases = spreads = 0
        for node in selection_set.selections if selection_set is not None else ():
            if isinstance(node, FieldNode):
                inner = self.selections(node.selection_set)
                aliases += inner.aliases + (1 if node.alias else 0)
                spreads += inner.spreads
                # As strawberry counts depth: introspection fields and leaves add nothing.
                if node.selection_set is not None and not node.name.value.startswith("__"):
                    depth = max(depth, 1 + inner.depth)
            elif isinstance(node, InlineFragmentNode):
                inner = self.selections(node.selection_set)
                depth, aliases = max(depth, inner.depth), aliases + inner.aliases
                spreads += inner.spreads
            elif isinstance(node, FragmentSpreadNode):
                inner = self.fragment(node.name.value)
                depth, aliases = max(depth, inner.depth), aliases + inner.aliases
                spreads += 1 + inner.spreads
        return Shape(depth, aliases, spreads)


def measure(document: DocumentNode) -> Shape:
    """The deepest operation, and aliases and spreads summed over every operation."""
    measurer = _Measure(document)
    shapes = [measurer.selections(d.selection_set) for d in document.definitions
              if isinstance(d, OperationDefinitionNode)]
    return Shape(max((s.depth for s in shapes), default=0), sum(s.aliases for s in shapes),
                 sum(s.spreads for s in shapes))


def shape_rule(*, max_depth: int, max_aliases: int, max_spreads: int,
               codes: tuple[str, str, str]) -> type[ValidationRule]:
    """A validation rule refusing documents deeper, with more aliases or with more
    expanded fragment spreads than allowed; ``codes`` are the ``extensions.code`` of
    each refusal, in that order."""
    deep, aliased, spread = codes

    class ShapeLimits(ValidationRule):
        def __init__(self, context: ValidationContext) -> None:
            super().__init__(context)
            try:
                shape = measure(context.document)
            except RecursionError:  # fragments chained deeper than Python recurses
                shape = Shape(spreads=sys.getrecursionlimit())
            if shape.spreads > max_spreads:
                context.report_error(GraphQLError(
                    t("error.too_many_spreads", count=_count(shape.spreads),
                      maximum=max_spreads),
                    extensions={"code": spread, "maximum": max_spreads}))
            if shape.depth > max_depth:
                context.report_error(GraphQLError(
                    t("error.too_deep", depth=shape.depth, maximum=max_depth),
                    extensions={"code": deep, "maximum": max_depth}))
            if shape.aliases > max_aliases:
                context.report_error(GraphQLError(
                    t("error.too_many_aliases", count=_count(shape.aliases),
                      maximum=max_aliases),
                    extensions={"code": aliased, "maximum": max_aliases}))

    return ShapeLimits


def _count(value: int) -> str:
    """A count for a message: exact up to a million, else its order of magnitude.

    >>> _count(1234), _count(2 ** 41)
    ('1234', 'about 10^12')
    """
    return str(value) if value <= 1_000_000 else f"about 10^{len(str(value)) - 1}"
