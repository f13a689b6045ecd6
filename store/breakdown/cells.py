"""How a 责任分解表 cell lists units, deadlines and targets — written by the export, read
by the import, so an exported table reads back as the breakdown it came from.

* units: ``市招商局、结对县(市、区)党委、政府`` (、 or , between names, never inside brackets);
* deadlines: one per line (or 、 ; between them), each ``2018年7月底前`` or, as exported,
  ``2018年7月底前(2018-07-31)`` — a recurring one with each instance's date,
  ``每年年底前(2018-12-31、2019-12-31、2020-12-31)``;
* targets: one per line (or ; between them), each ``山海协作产业项目到位资金≥40亿元`` —
  metric, comparator sign, value (``a~b`` for a range), unit — or any sentence the
  extractor reads a target from (``全市每年到位资金不少于40亿元``).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from extract.unit_names import split_unit_list

JOIN = "、"  # between unit names
LINE = "\n"  # the export puts each deadline and each target on its own line
#: Target comparators as stored, and the sign written in a cell.
SIGNS = {">=": "≥", "<=": "≤", "=": "=", ">": ">", "<": "<", "range": "~"}
_SIGN_OF = {sign: comparator for comparator, sign in SIGNS.items() if comparator != "range"}
_TARGET = re.compile(r"(?P<metric>.+?)(?P<sign>[≥≤=><])(?P<value>\d+(?:\.\d+)?)"
                     r"(?:~(?P<max>\d+(?:\.\d+)?))?(?P<unit>[^\d\s]{0,16})")
_DATE = r"\d{4}-\d{2}-\d{2}"
_DEADLINE = re.compile(rf"(?P<raw>.+?)[(（](?P<dues>{_DATE}(?:、{_DATE})*)[)）]")


def split_units(cell: str) -> list[str]:
    """The unit names of a cell, in order.

    >>> split_units("市招商局〈经合办〉、市发改委,结对县〈市、区〉党委、政府")
    ['市招商局〈经合办〉', '市发改委', '结对县〈市、区〉党委、政府']
    >>> split_units("市农业局\\n市商务局")
    ['市农业局', '市商务局']
    """
    names: list[str] = []
    for line in cell.replace("\r", "\n").split("\n"):
        names += [line[s:e].strip() for s, e in split_unit_list(line)]
    return [n for n in names if n]


def split_lines(cell: str, separators: str) -> list[str]:
    """A cell's items: its lines, each split further on ``separators`` outside brackets.

    >>> split_lines("每年年底前、2020年(2020-12-31)", "、;；")
    ['每年年底前', '2020年(2020-12-31)']
    """
    items: list[str] = []
    for line in cell.replace("\r", "\n").split("\n"):
        depth, start = 0, 0
        for index, char in enumerate(line):
            depth += (char in "(（〈《" and 1) or 0
            depth -= (char in ")）〉》" and 1) or 0
            if depth <= 0 and char in separators:
                items.append(line[start:index])
                start, depth = index + 1, 0
        items.append(line[start:])
    return [i.strip() for i in items if i.strip()]


@dataclass(frozen=True)
class CellDeadline:
    """A deadline as a cell writes it; ``dues`` only when the cell says them (a recurring
    deadline lists each instance's date)."""

    raw: str
    dues: tuple[dt.date, ...] = ()


def format_deadline(raw: str, dues: list[dt.date]) -> str:
    """A deadline as the export writes it: its phrase, then its date — each instance's,
    for a recurring one — in brackets.

    >>> format_deadline("2018年7月底前", [dt.date(2018, 7, 31)])
    '2018年7月底前(2018-07-31)'
    >>> format_deadline("每年年底前", [dt.date(2018, 12, 31), dt.date(2019, 12, 31)])
    '每年年底前(2018-12-31、2019-12-31)'
    """
    return f"{raw}({JOIN.join(d.isoformat() for d in dues)})" if dues else raw


def parse_deadlines(cell: str) -> list[CellDeadline]:
    """The deadlines of a cell, with the dates where the cell writes them.

    >>> parse_deadlines("2018年7月底前(2018-07-31)\\n每年年底前")
    [CellDeadline(raw='2018年7月底前', dues=(datetime.date(2018, 7, 31),)), CellDeadline(raw='每年年底前', dues=())]
    >>> parse_deadlines("每年(2018-12-31、2019-12-31)")[0].dues[1]
    datetime.date(2019, 12, 31)
    """
    out = []
    for item in split_lines(cell, "、;；"):
        match = _DEADLINE.fullmatch(item)
        if match:
            dues = tuple(dt.date.fromisoformat(d) for d in match["dues"].split(JOIN))
            out.append(CellDeadline(match["raw"].strip(), dues))
        else:
            out.append(CellDeadline(item))
    return out


@dataclass(frozen=True)
class CellTarget:
    """A target as a cell writes it: metric, comparator (as stored), value(s), unit."""

    metric: str
    comparator: str
    value: float
    value_max: float | None
    unit: str


def format_target(metric: str, comparator: str, value: float, value_max: float | None,
                  unit: str) -> str:
    """A target as the export writes it: metric, sign, value (``a~b``), unit.

    >>> format_target("山海协作产业项目到位资金", ">=", 40.0, None, "亿元")
    '山海协作产业项目到位资金≥40亿元'
    >>> format_target("增速", "range", 6.0, 8.0, "%")
    '增速=6~8%'
    """
    sign = "=" if comparator == "range" else SIGNS.get(comparator, "=")
    upper = f"~{value_max:g}" if value_max is not None else ""
    return f"{metric}{sign}{value:g}{upper}{unit}"


def parse_target(item: str) -> CellTarget | None:
    """A target written as :func:`format_target` writes it; ``None`` otherwise.

    >>> parse_target("山海协作产业项目到位资金≥40亿元")
    CellTarget(metric='山海协作产业项目到位资金', comparator='>=', value=40.0, value_max=None, unit='亿元')
    >>> parse_target("增速=6~8%").comparator, parse_target("尽快完成") is None
    ('range', True)
    """
    match = _TARGET.fullmatch(item.strip())
    if match is None:
        return None
    upper = float(match["max"]) if match["max"] else None
    comparator = "range" if upper is not None else _SIGN_OF[match["sign"]]
    return CellTarget(match["metric"].strip(), comparator, float(match["value"]), upper,
                      match["unit"])
