"""The facts the extractor yields, as plain frozen dataclasses.

This module is the contract between the text pipeline (``extract``) and everything
downstream (``store`` ingest, the CLI's ``extract --format json``).  Field names follow
the public extraction format; ``to_json`` renders exactly that format.

Every fact carries a :class:`Provenance`: the document key, the section path, and the
character span ``[start, end)`` into :attr:`Extraction.text`, so that
``extraction.text[p.start:p.end] == p.quote`` always holds.
"""

from __future__ import annotations

import calendar
import dataclasses
import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Literal

Role = Literal["lead", "co"]
Level = Literal["province", "city", "county", "township", "unknown"]
Precision = Literal["day", "month", "quarter", "half", "year"]
Comparator = Literal[">=", "<=", "=", ">", "<", "range"]
Period = Literal["yearly", "cumulative", "once"]
CitationKind = Literal["cites", "implements"]
Recurrence = Literal["once", "yearly", "half-yearly", "quarterly", "monthly", "ongoing"]


@dataclass(frozen=True)
class Provenance:
    """Where a fact was read: document, section path, span and the quoted sentence."""

    document: str
    path: str
    start: int
    end: int
    quote: str


@dataclass(frozen=True)
class Citation:
    """A document cited by number (``浙委发〔2018〕3号``) and/or title (``《…》``).

    ``kind`` is ``implements`` when the citing sentence says it carries the cited
    document out (为深入贯彻落实《…》, 根据《…》), else ``cites``.
    """

    number: str | None
    title: str | None
    source: Provenance
    kind: CitationKind = "cites"


@dataclass(frozen=True)
class DocumentHeader:
    title: str | None
    number: str | None
    issuer: str | None
    issued_on: dt.date | None
    cites: tuple[Citation, ...] = ()


@dataclass(frozen=True)
class Section:
    """A heading of the GB/T 9704 hierarchy and the text it governs.

    ``path`` concatenates the labels with ASCII parentheses: ``二(二)3``.
    ``start``/``end`` cover the heading line and its body up to the next heading
    of the same or a higher level.
    """

    path: str
    label: str  # this level's own label: "二", "(二)", "3", "(1)"
    level: int  # -2 第一章, -1 第一节, 0 第一条, 1 一、, 2 (一), 3 1., 4 (1), 5 1), 6 ①
    heading: str
    start: int
    end: int
    part: str = ""  # which plan: "" for the first (or only) one, "附件2" for a second


@dataclass(frozen=True)
class UnitRef:
    """A responsible unit as named in one clause, resolved to a canonical name."""

    name: str  # canonical name, e.g. 市商务局
    raw: str  # as written, e.g. 市商务局〈口岸办〉
    aliases: tuple[str, ...] = ()  # e.g. ("经合办",)
    role: Role = "co"
    level: Level = "unknown"
    collective: bool = False  # e.g. 结对县(区)党委、政府


@dataclass(frozen=True)
class Task:
    """A unit of work: a leaf section's body, with the units responsible for it."""

    path: str
    text: str
    units: tuple[UnitRef, ...]
    start: int
    end: int
    source: Provenance  # quote = the responsibility clause or subject sentence


@dataclass(frozen=True)
class Deadline:
    """A deadline phrase and its reading(s).

    ``readings`` keeps every plausible due date of an ambiguous phrase
    (``2019年前``: before 2019 → 2018-12-31, or by the end of 2019 → 2019-12-31);
    ``due`` is the one chosen under the active :class:`extract.config.ExtractConfig`.

    ``recurrence`` says how often the work falls due:

    - ``once``: ``due`` is the date;
    - ``yearly`` (``每年10月底前``): ``month``/``day`` hold the yearly anchor;
    - ``half-yearly`` (``每半年``) and ``quarterly`` (``每季度末``): at the end of each period;
    - ``monthly`` (``每月10日前``): ``day`` is the day of the month, ``None`` the month end;
    - ``ongoing`` (``长期坚持``, ``持续推进``): no due date at all (``due`` is ``None``).

    A recurring deadline's ``due`` is its first instance on or after the issue date.
    """

    path: str
    raw: str
    due: dt.date | None
    precision: Precision
    recurrence: Recurrence
    readings: tuple[dt.date, ...]
    source: Provenance
    month: int | None = None  # yearly anchor
    day: int | None = None  # yearly anchor's day, or the monthly day (None: month end)
    horizon: dt.date | None = None  # the end of the recurrence (到2020年), if stated

    @property
    def key(self) -> str | None:
        """The deadline as one comparable key, the evaluation's gold format.

        ``2018-07-31``, ``yearly:10-31``, ``half-yearly``, ``quarterly``,
        ``monthly:10`` / ``monthly:end``, ``ongoing``; ``None`` when a one-off phrase
        could not be dated.

        >>> source = Provenance("k", "一", 0, 6, "每月10日前")
        >>> Deadline("一", "每月10日前", None, "day", "monthly", (), source, day=10).key
        'monthly:10'
        >>> Deadline("一", "每年", None, "year", "yearly", (), source, month=12, day=31).key
        'yearly:12-31'
        """
        if self.recurrence == "once":
            return self.due.isoformat() if self.due else None
        if self.recurrence == "yearly":
            if self.month is None:
                return "yearly:12-31"
            return f"yearly:{self.month:02d}-{self.day or _month_end(self.month):02d}"
        if self.recurrence == "monthly":
            return f"monthly:{self.day:02d}" if self.day else "monthly:end"
        return self.recurrence


def _month_end(month: int) -> int:
    # A leap year: a yearly anchor of 2月底 is the 29th where there is one.
    return calendar.monthrange(2000, month)[1]


@dataclass(frozen=True)
class Target:
    """A quantitative target: 全区每年…引进资金不少于25亿元."""

    path: str
    quote: str
    metric: str
    comparator: Comparator
    value: float
    unit: str  # 亿元, 个, 人次, %, …
    base_value: float | None  # value in the base unit: yuan, persons, items
    base_unit: str | None
    scope: str | None  # 全市, 每个领域, 结对县, …
    period: Period
    due: dt.date | None
    source: Provenance
    value_max: float | None = None  # upper bound of a range (1—2个)


@dataclass(frozen=True)
class Place:
    """An administrative unit or named platform mentioned in the text."""

    name: str
    kind: str  # province, city, county, district, township, street, park, enclave
    source: Provenance


@dataclass(frozen=True)
class Extraction:
    """Everything read from one document."""

    document_key: str
    text: str  # the text all spans index into (decoded, newline-normalised)
    document: DocumentHeader
    sections: tuple[Section, ...]
    tasks: tuple[Task, ...]
    targets: tuple[Target, ...]
    deadlines: tuple[Deadline, ...]
    places: tuple[Place, ...]
    warnings: tuple[str, ...] = field(default=())

    def to_json(self) -> dict[str, Any]:
        """Render the public extraction format; dates as ISO 8601, each deadline with its key."""
        return {
            "document": _jsonable(self.document),
            "sections": [_jsonable(s) for s in self.sections],
            "tasks": [_jsonable(t) for t in self.tasks],
            "targets": [_jsonable(t) for t in self.targets],
            "deadlines": [{**_jsonable(d), "key": d.key} for d in self.deadlines],
            "places": [_jsonable(p) for p in self.places],
            "warnings": list(self.warnings),
        }


def _jsonable(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value
