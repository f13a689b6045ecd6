"""Values an object already holds, answered without its resolver.

A GraphQL object built from the request's snapshot may hold a field's answer (a task's
owners, a unit's task count); the field's strawberry metadata then names a *plain reader*
under :data:`PLAIN_READER`, which the server's plain-leaf path
(``hardening.leaf_fields``) calls instead of awaiting the resolver.
"""

from __future__ import annotations

from typing import Any

PLAIN_READER = "plain_reader"
"""The field metadata key naming a function of the object alone that answers what the
field's resolver answers, or raises when the object does not hold the answer: the
server's plain-leaf path (``hardening.leaf_fields``) reads it instead of awaiting the
resolver, and falls back to the resolver when it raises."""


def held(attribute: str) -> Any:
    """The plain reader of a value an object holds in ``attribute`` (``None``: not held).

    >>> from types import SimpleNamespace
    >>> held("held_owners")(SimpleNamespace(held_owners=[]))
    []
    >>> held("held_owners")(SimpleNamespace(held_owners=None))
    Traceback (most recent call last):
    ...
    LookupError: held_owners
    """
    def read(source: Any) -> Any:
        value = getattr(source, attribute)
        if value is None:
            raise LookupError(attribute)
        return value
    return read
