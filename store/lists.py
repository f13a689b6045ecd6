"""A list of values bound as one parameter, so a statement's SQL text does not depend on
the list's length.

SQLAlchemy's expanding ``IN`` renders a statement again for every length of its list, and
SQLite prepares each rendering again: for the few-hundred-id reads of a page or a batch
that cost more than the database took to answer.  Here the list is one parameter, JSON
text read with ``json_each`` on SQLite and an array compared with ``= ANY`` on PostgreSQL
(an expanding ``IN`` on any other dialect), and the statement is built once per dialect.

Examples
--------
>>> from sqlalchemy import column, select, table
>>> unit = table("unit", column("id"))
>>> statements = per_dialect(lambda d: select(unit.c.id).where(among(unit.c.id, "ids", d)))
>>> print(for_dialect(statements, "postgresql"))  # doctest: +NORMALIZE_WHITESPACE
SELECT unit.id
FROM unit
WHERE unit.id = any(:ids)
>>> listed("sqlite", [1, 2]), listed("postgresql", [1, 2])
('[1, 2]', [1, 2])
>>> for_dialect(statements, "mysql") is statements[""]
True
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any, TypeVar

from sqlalchemy import bindparam, func, literal_column
from sqlalchemy import select as sa_select
from sqlmodel import col

S = TypeVar("S")


def among(column: Any, name: str, dialect: str) -> Any:
    """``column`` among the values of the list parameter ``name`` (JSON text on SQLite, an
    array on PostgreSQL, :func:`listed`): one SQL text whatever the list's length, where an
    expanding IN is rendered again, and on SQLite prepared again, for each length."""
    if dialect == "sqlite":
        return col(column).in_(sa_select(literal_column("value"))
                               .select_from(func.json_each(bindparam(name))))
    if dialect == "postgresql":
        return col(column) == func.any(bindparam(name))
    return col(column).in_(bindparam(name, expanding=True))


def listed(dialect: str, values: list[Any]) -> Any:
    """A list as :func:`among`'s parameter."""
    return json.dumps(values) if dialect == "sqlite" else values


def per_dialect(build: Callable[[str], S]) -> dict[str, S]:
    """A statement built with :func:`among` for each dialect (``""``: any other)."""
    return {dialect: build(dialect) for dialect in ("sqlite", "postgresql", "")}


def for_dialect(statements: dict[str, S], dialect: str) -> S:
    """The statement of :func:`per_dialect` for ``dialect``."""
    return statements.get(dialect, statements[""])
