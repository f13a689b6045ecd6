"""The progress reports one request reads: only those of the obligations its answer
shows, each read at most once.

A province keeps tens of thousands of reports; reading all of them for every request
cost 0.5 s even when the answer showed three obligations.  Resolvers ask for the
reports of given obligation ids; the obligations a list resolver is about to return are
announced first (:meth:`ReportCache.expect`), so the first of them to ask reads them all
in one batch instead of one query per obligation.  A question about so many obligations
that an ``IN`` list would not pay reads every report once.

``Obligation.reports`` loads through :attr:`ReportCache.by_obligation`, a DataLoader keyed
by obligation id: the obligations of one response whose reports are asked for in the same
tick are read in one ``SELECT … IN (…)`` whichever resolver listed them, and what was read
stays in this cache for the fields that judge status.
"""

from __future__ import annotations

import datetime as dt
import weakref
from collections.abc import Iterable, Sequence

from sqlmodel import Session
from strawberry.dataloader import DataLoader

from graph.cancel import checkpoint
from store.progress.reports import reports_as_of
from store.progress.tables import ProgressReport

# Every stored report is dated on or before this; status functions filter by day themselves.
_END_OF_TIME = dt.date(9999, 12, 31)
READ_ALL_ABOVE = 2000
"""Obligations asked about at once beyond which every report is read in one query."""


class ReportCache:
    """Unretracted reports of one request, by obligation id, read lazily."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self._all: Sequence[ProgressReport] | None = None
        self._by_obligation: dict[str, list[ProgressReport]] = {}
        self._expected: dict[str, None] = {}  # ordered set
        # No DataLoader cache of its own: this object is the cache, and forget() empties it.
        # The loader reaches this object weakly: a bound method would make the two a
        # cycle, freed only by the cyclic collector rather than with the request.
        this = weakref.ref(self)

        async def load(obligation_ids: list[str]) -> list[list[ProgressReport]]:
            cache = this()
            if cache is None:  # pragma: no cover - the loader lives inside the cache
                raise RuntimeError("the request's report cache is gone")
            return await cache._load(obligation_ids)

        self.by_obligation: DataLoader[str, list[ProgressReport]] = DataLoader(
            load_fn=load, cache=False)

    async def _load(self, obligation_ids: list[str]) -> list[list[ProgressReport]]:
        """Each obligation's reports, oldest first, for one batch of the DataLoader."""
        checkpoint()  # an operation stopped for its time budget reads no more
        grouped: dict[str, list[ProgressReport]] = {i: [] for i in obligation_ids}
        for row in self.of(obligation_ids):
            grouped[row.obligation_id].append(row)
        return [grouped[i] for i in obligation_ids]

    def all(self) -> Sequence[ProgressReport]:
        """Every unretracted report, ordered by obligation, day, then id."""
        if self._all is None:
            self._all = reports_as_of(session=self.session, as_of=_END_OF_TIME)
            self._by_obligation = {}
            for row in self._all:
                self._by_obligation.setdefault(row.obligation_id, []).append(row)
        return self._all

    def expect(self, obligation_ids: Iterable[str]) -> None:
        """Announce obligations whose reports may be asked for (read with the next batch)."""
        self._expected.update(dict.fromkeys(obligation_ids))

    def of(self, obligation_ids: Iterable[str]) -> list[ProgressReport]:
        """The reports of these obligations, each obligation's oldest first."""
        wanted = list(dict.fromkeys(obligation_ids))
        if self._all is None:
            missing = [i for i in wanted if i not in self._by_obligation]
            if missing:
                batch = [*missing, *(i for i in self._expected
                                     if i not in self._by_obligation and i not in missing)]
                self._expected = {}
                if len(batch) > READ_ALL_ABOVE:
                    self.all()
                else:
                    self._read(batch)
        return [row for i in wanted for row in self._by_obligation.get(i, ())]

    def _read(self, obligation_ids: list[str]) -> None:
        for row in reports_as_of(session=self.session, as_of=_END_OF_TIME,
                                 obligation_ids=obligation_ids):
            self._by_obligation.setdefault(row.obligation_id, []).append(row)
        for obligation_id in obligation_ids:
            self._by_obligation.setdefault(obligation_id, [])

    def forget(self) -> None:
        """Drop what was read (after this request wrote a report)."""
        self._all = None
        self._by_obligation = {}
