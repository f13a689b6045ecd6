"""The units and the place the bench asks about, taken from what the generator writes.

The questions of :mod:`bench.answers` and :mod:`bench.datasette` name these units and
nothing else, so every question about a unit is about one the corpus names at every
scale.  A unit of a city is written ``市`` + its bureau's stem in that city's documents
(:mod:`bench.responsibility`); asked with a leading division (温州市自然资源和规划局) it
resolves in that city's government.

:func:`workloads` counts, from the manifest, the tasks naming each asked unit in the
first documents of each scale (document ``i`` is the same at every scale, so a smaller
scale's corpus is a prefix of a larger one's); :func:`check_growth` (through
:func:`corpus_workloads`, which ``bench.run`` calls first) refuses a run whose
asked units do not get more work from one scale to the next: a look-up that stays flat
because its answer does not grow says nothing about the scale.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.generate import MANIFEST, SCALES, generate_documents
from bench.vocabulary import CITY_BUREAUS, COUNTIES, Bureau, full_name


class WorkloadError(ValueError):
    """An asked unit's work does not grow with the scale: the run would measure nothing."""


@dataclass(frozen=True)
class AskedUnit:
    """A city bureau the bench asks about: its city and its bureau of the vocabulary."""

    city: str
    bureau: Bureau

    @property
    def name(self) -> str:
        """Its name as the city's documents write it: 市自然资源和规划局."""
        return "市" + self.bureau.stem

    @property
    def asked(self) -> str:
        """The name the questions use, with its city leading: 温州市自然资源和规划局."""
        return self.city + self.bureau.stem

    @property
    def alias_asked(self) -> str:
        """Its alias with its city leading (温州市经合办), else :attr:`asked`."""
        return self.city + self.bureau.alias if self.bureau.alias else self.asked

    @property
    def jurisdiction(self) -> str:
        """The full name of its government: 浙江省温州市."""
        return full_name(self.city)


def _bureau(stem: str) -> Bureau:
    return next(b for b in CITY_BUREAUS if b.stem == stem)


CITY = "温州市"  # the bundled corpus's city: its real documents name the same bureaus
PLANNING = AskedUnit(CITY, _bureau("自然资源和规划局"))
INVESTMENT = AskedUnit(CITY, _bureau("招商局"))  # alias 经合办
COMMERCE = AskedUnit(CITY, _bureau("商务局"))
ASKED_UNITS: tuple[AskedUnit, ...] = (PLANNING, INVESTMENT, COMMERCE)
"""Every unit a question names (overdue and the owners' look-up: PLANNING; the unit card
and co-responsibility: INVESTMENT; the path's start: COMMERCE)."""

PLACE = next(c.name for c in COUNTIES if c.name == "泰顺县")
"""The county ``place`` and ``shortestPath`` ask about (one of the vocabulary's)."""


def task_count(records: Iterable[Mapping[str, Any]], unit: AskedUnit) -> int:
    """How many generated tasks name ``unit`` (its name, in its government's documents).

    >>> record = {"jurisdiction": "浙江省温州市", "tasks": [
    ...     {"units": [{"name": "市自然资源和规划局"}, {"name": "市商务局"}]},
    ...     {"units": [{"name": "市商务局"}]}]}
    >>> task_count([record], PLANNING), task_count([record], COMMERCE)
    (1, 2)
    >>> task_count([{**record, "jurisdiction": "浙江省杭州市"}], COMMERCE)
    0
    """
    return sum(1 for record in records if record["jurisdiction"] == unit.jurisdiction
               for task in record["tasks"]
               if any(u["name"] == unit.name for u in task["units"]))


def workloads(records: Sequence[Mapping[str, Any]], scales: Mapping[str, int],
              ) -> dict[str, dict[str, int]]:
    """Tasks naming each asked unit in the first documents of each scale ``records`` covers.

    Parameters
    ----------
    records
        Manifest records in document order (the first ``n`` are scale ``n``'s corpus).
    scales
        Scale name → document count; scales with more documents than ``records`` are left out.

    Returns
    -------
    dict
        Asked name → scale → tasks.
    """
    covered = {scale: n for scale, n in scales.items() if n <= len(records)}
    return {unit.asked: {scale: task_count(records[:n], unit) for scale, n in covered.items()}
            for unit in ASKED_UNITS}


def check_growth(found: Mapping[str, Mapping[str, int]], scales: Mapping[str, int]) -> None:
    """Raise unless every asked unit has work at each scale and more at each larger one.

    >>> scales = {"S": 100, "M": 2000}
    >>> check_growth({"温州市商务局": {"S": 3, "M": 40}}, scales)
    >>> check_growth({"温州市商务局": {"S": 0, "M": 40}}, scales)
    Traceback (most recent call last):
    ...
    bench.asked.WorkloadError: 温州市商务局: no task at S (S 0, M 40): the bench would ask about a unit the corpus does not name
    >>> check_growth({"温州市商务局": {"S": 5, "M": 5}}, scales)
    Traceback (most recent call last):
    ...
    bench.asked.WorkloadError: 温州市商务局: 5 tasks at M, not more than at S (S 5, M 5): its answers would not grow with the scale
    """
    for name, per_scale in found.items():
        ordered = sorted(per_scale.items(), key=lambda item: scales[item[0]])
        shown = ", ".join(f"{scale} {n}" for scale, n in ordered)
        for (smaller, before), (larger, after) in itertools.pairwise(ordered):
            if after <= before:
                raise WorkloadError(f"{name}: {after} tasks at {larger}, not more than at "
                                    f"{smaller} ({shown}): its answers would not grow with "
                                    "the scale")
        if ordered and ordered[0][1] == 0:
            raise WorkloadError(f"{name}: no task at {ordered[0][0]} ({shown}): the bench "
                                "would ask about a unit the corpus does not name")


def corpus_workloads(corpus: Path, *, seed: int, count: int) -> dict[str, dict[str, int]]:
    """Tasks naming each asked unit at every scale up to this run's, checked to grow.

    A run smaller than two scales also counts the next scale's documents (generated in
    memory, not written), so even S checks that its units get more work at M.

    Raises
    ------
    WorkloadError
        When an asked unit has no task in this run's corpus or at a scale, or no more
        at a larger scale.
    """
    records = [json.loads(line) for line in
               (corpus / MANIFEST).read_text(encoding="utf-8").splitlines()]
    unnamed = [unit.asked for unit in ASKED_UNITS if task_count(records, unit) == 0]
    if unnamed:
        raise WorkloadError(f"no task of {'、'.join(unnamed)} in the {count} documents: the "
                            "questions about them would have no answer (use more documents)")
    covered = [n for n in SCALES.values() if n <= count]
    if len(covered) < 2:
        larger = sorted(n for n in SCALES.values() if n > count)[:2 - len(covered)]
        if larger:
            records += [record for _, _, record in generate_documents(
                seed=seed, count=larger[-1] - len(records), start=len(records))]
    found = workloads(records, SCALES)
    check_growth(found, SCALES)
    return found
