"""The connection's protocol checks (:func:`schema.connection.conforms`) answer what
``isinstance`` answers, remembered only for classes whose objects cannot differ."""

from __future__ import annotations

from typing import Any

import pytest

from schema.connection import Pages, _Listed, conforms
from schema.document_pages import DocumentPages
from schema.keyed_pages import KeyedPages
from schema.obligation_pages import ObligationPages


def _bare(kind: type) -> Any:
    return kind.__new__(kind)  # the checks read the class and the object, not its data


@pytest.mark.parametrize("protocol", [Pages, KeyedPages])
@pytest.mark.parametrize("value", [_bare(ObligationPages), _Listed([1]), [1, 2], (1,),
                                   (i for i in range(2)), _bare(DocumentPages)],
                         ids=["obligation pages", "listed", "list", "tuple", "generator",
                              "document pages"])
def test_a_verdict_is_what_isinstance_says_asked_once_or_twice(value: Any,
                                                                protocol: type) -> None:
    expected = isinstance(value, protocol)
    assert conforms(value, protocol) is expected
    assert conforms(value, protocol) is expected


def test_the_obligation_pages_are_pages_and_not_keyed() -> None:
    pages = _bare(ObligationPages)
    assert conforms(pages, Pages) and not conforms(pages, KeyedPages)


class Growing:
    """A class whose objects may gain the members of a protocol one by one."""


def test_an_object_that_gains_the_members_afterwards_is_judged_anew() -> None:
    first, later = Growing(), Growing()
    assert not conforms(first, Pages)
    later.cut = lambda start, stop: []  # type: ignore[attr-defined]
    later.total = lambda: 0  # type: ignore[attr-defined]
    later.build = lambda items: []  # type: ignore[attr-defined]
    assert conforms(later, Pages)
    assert not conforms(first, Pages)
