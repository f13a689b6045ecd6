"""The ``Date`` scalar: Strawberry's ISO day (``2019-01-01``), refusing a malformed one in
the reader's language.

Strawberry's own scalar explains a bad day in Python's English (``month must be in
1..12``); this one says what to send, from the catalogue (:mod:`i18n`).  It replaces
Strawberry's ``Date`` through the schema's ``scalar_map`` (:mod:`schema.query`): same name, same
ISO text both ways.
"""

from __future__ import annotations

import datetime as dt

import strawberry
from graphql import GraphQLError

from i18n import t
from schema.errors import echo


def parse_day(value: object) -> dt.date:
    """A day from its ISO text; a GraphQL error saying what to send otherwise.

    >>> parse_day("2019-01-01")
    datetime.date(2019, 1, 1)
    >>> parse_day("2019-13-01")
    Traceback (most recent call last):
    ...
    graphql.error.graphql_error.GraphQLError: 须为 YYYY-MM-DD 格式的日期,如 2019-01-01;收到的是“2019-13-01”。
    """
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        raise GraphQLError(t("error.bad_day", value=echo(value)),
                           extensions={"code": "BAD_USER_INPUT"}) from None


#: For ``StrawberryConfig(scalar_map={dt.date: DATE})``.
DATE = strawberry.scalar(name="Date", description="Date (isoformat)",
                         serialize=dt.date.isoformat, parse_value=parse_day)
