"""Due dates of a due-ordered list of obligation instances, read from the instances.

The agenda index (:mod:`graph.agenda_index`) finds a date range of its lists with
:mod:`bisect`, which needs each list's due dates as a sequence.  Copied out, those
dates were a second tuple beside every unit's and task's list and a list beside the
whole expansion, held for as long as a snapshot serves (about 3 MB at scale M); a
:class:`Dues` view reads ``ob.due`` where bisect looks, about 17 reads for 57,000
instances.

Examples
--------
>>> import bisect, datetime as dt
>>> from types import SimpleNamespace as Ob
>>> found = (Ob(due=dt.date(2019, 1, 1)), Ob(due=dt.date(2019, 6, 30)), Ob(due=dt.date(2020, 1, 1)))
>>> dues = Dues(found)
>>> len(dues), dues[1], bisect.bisect_left(dues, dt.date(2019, 6, 30))
(3, datetime.date(2019, 6, 30), 1)
>>> tuple(DuesOf({"unit:1": found})["unit:1"]) == tuple(ob.due for ob in found)
True
>>> "unit:2" in DuesOf({"unit:1": found}), len(DuesOf({"unit:1": found}))
(False, 1)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping, Sequence
from typing import Any, overload

__all__ = ["Dues", "DuesOf"]


class Dues(Sequence[dt.date]):
    """The due dates of ``found`` (anything with ``.due``), read on demand."""

    __slots__ = ("_found",)

    def __init__(self, found: Sequence[Any]) -> None:
        self._found = found

    def __len__(self) -> int:
        return len(self._found)

    @overload
    def __getitem__(self, i: int) -> dt.date: ...

    @overload
    def __getitem__(self, i: slice) -> list[dt.date]: ...

    def __getitem__(self, i: int | slice) -> dt.date | list[dt.date]:
        if isinstance(i, slice):
            return [ob.due for ob in self._found[i]]
        return self._found[i].due


class DuesOf(Mapping[str, Dues]):
    """``{key: Dues(found)}`` for each list of ``lists``, made when asked for."""

    __slots__ = ("_lists",)

    def __init__(self, lists: Mapping[str, Sequence[Any]]) -> None:
        self._lists = lists

    def __getitem__(self, key: str) -> Dues:
        return Dues(self._lists[key])

    def __contains__(self, key: object) -> bool:
        return key in self._lists

    def __iter__(self) -> Iterator[str]:
        return iter(self._lists)

    def __len__(self) -> int:
        return len(self._lists)
