"""The four compared parts of one document, as sets of hashable tuples.

- ``units``: (path, unit name)
- ``targets``: (path, value, unit, comparator, value_max) — value_max is None unless a range
- ``deadlines``: (path, key) with keys ``YYYY-MM-DD``, ``yearly:MM-DD``, ``half-yearly``,
  ``quarterly``, ``monthly:DD|end``, ``ongoing``
- ``header``: (field, value) for title, number, issuer and issued_on when known
- ``jurisdiction``: ("jurisdiction", full name) of the government that issued the document
  (浙江省温州市), when it is placed in a division
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from evaluation.normalize import deadline_key, norm_comparator, norm_text, norm_value
from extract.divisions import full_name
from extract.jurisdictions import issuer_division
from extract.model import Extraction

PARTS = ("units", "targets", "deadlines", "header", "jurisdiction")
HEADER_FIELDS = ("title", "number", "issuer", "issued_on")

Fact = tuple[Any, ...]


@dataclass(frozen=True)
class Facts:
    """One document's facts, each part a set of normalised tuples."""

    units: frozenset[Fact]
    targets: frozenset[Fact]
    deadlines: frozenset[Fact]
    header: frozenset[Fact]
    jurisdiction: frozenset[Fact] = frozenset()

    def part(self, name: str) -> frozenset[Fact]:
        """The set of one part (``units``, ``targets``, ``deadlines`` or ``header``)."""
        if name not in PARTS:
            raise KeyError(name)
        facts: frozenset[Fact] = getattr(self, name)
        return facts


def target_fact(path: Any, value: Any, unit: Any, comparator: Any, value_max: Any) -> Fact:
    """One target as compared: range bounds kept only for ranges.

    >>> target_fact("一(一)", 1.2, "万 人", "=", None)
    ('一(一)', 1.2, '万人', '=', None)
    """
    comp = norm_comparator(comparator)
    upper = norm_value(value_max) if comp == "range" and value_max is not None else None
    return (norm_text(path), norm_value(value), norm_text(unit), comp, upper)


def header_facts(values: dict[str, Any]) -> frozenset[Fact]:
    """(field, value) pairs for the header fields that have a value.

    >>> sorted(header_facts({"title": "关于 印发方案", "number": None, "issued_on": "2022-10-01"}))
    [('issued_on', '2022-10-01'), ('title', '关于印发方案')]
    """
    found = set()
    for name in HEADER_FIELDS:
        value = values.get(name)
        if value is None or norm_text(value) == "":
            continue
        found.add((name, norm_text(value)))
    return frozenset(found)


def extraction_facts(extraction: Extraction) -> Facts:
    """The compared facts of an extraction.

    Units come from the tasks (each task's path with each of its units), targets and
    deadlines from their own lists, each under the section path the extractor gave it.
    """
    units = {(norm_text(t.path), norm_text(u.name)) for t in extraction.tasks for u in t.units}
    targets = {
        target_fact(t.path, t.value, t.unit, t.comparator, getattr(t, "value_max", None))
        for t in extraction.targets
    }
    deadlines = {
        (norm_text(d.path),
         deadline_key(str(d.recurrence), d.due, getattr(d, "month", None),
                      getattr(d, "day", None), d.raw))
        for d in extraction.deadlines
    }
    header = extraction.document
    fields = {"title": header.title, "number": header.number, "issuer": header.issuer,
              "issued_on": header.issued_on.isoformat() if header.issued_on else None}
    division = issuer_division(issuer=header.issuer, title=header.title, number=header.number,
                               text=extraction.text)
    return Facts(frozenset(units), frozenset(targets), frozenset(deadlines), header_facts(fields),
                 jurisdiction_facts(full_name(division) if division else None))


def jurisdiction_facts(name: str | None) -> frozenset[Fact]:
    """The one jurisdiction fact, or none for a document placed in no division.

    >>> sorted(jurisdiction_facts("浙江省 温州市")), jurisdiction_facts(None)
    ([('jurisdiction', '浙江省温州市')], frozenset())
    """
    return frozenset({("jurisdiction", norm_text(name))}) if name else frozenset()
