"""Word's automatic list numbers, written out as the reader sees them.

A .docx may number its headings with Word lists (``numbering.xml``) instead of typed
numbers: the paragraph text is then "完善道路" while the page shows "（一）完善道路".  The
heading reader needs the printed number, so each numbered paragraph gets its label: the
level's ``lvlText`` (``%1、``, ``（%1）``, ``%1.``) with the counters in the level's format
(decimal, Chinese counting, circled, letters, roman).  Bullets get no label.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import cn2an

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_ROMAN = [(1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
          (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")]


def format_number(value: int, fmt: str) -> str:
    """One counter in a numbering format.

    >>> [format_number(n, "chineseCounting") for n in (1, 10, 12)]
    ['一', '十', '十二']
    >>> format_number(3, "decimalEnclosedCircle"), format_number(4, "upperRoman")
    ('③', 'IV')
    """
    if fmt in ("chineseCounting", "chineseCountingThousand", "taiwaneseCounting",
               "taiwaneseCountingThousand", "chineseLegalSimplified"):
        return str(cn2an.an2cn(value, "up" if fmt == "chineseLegalSimplified" else "low"))
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese") and 0 < value <= 20:
        return _CIRCLED[value - 1]
    if fmt == "decimalFullWidth":
        return str(value).translate({ord(d): chr(0xFF10 + int(d)) for d in "0123456789"})
    if fmt in ("lowerLetter", "upperLetter"):
        letter = chr(ord("a") + (value - 1) % 26)
        return letter.upper() if fmt == "upperLetter" else letter
    if fmt in ("lowerRoman", "upperRoman"):
        roman, rest = "", value
        for amount, numeral in _ROMAN:
            while rest >= amount:
                roman, rest = roman + numeral, rest - amount
        return roman.upper() if fmt == "upperRoman" else roman
    if fmt == "none":
        return ""
    return str(value)


@dataclass
class _Level:
    fmt: str
    text: str
    start: int


@dataclass
class Numbering:
    """The lists of one document and their running counters."""

    levels: dict[str, dict[int, _Level]] = field(default_factory=dict)  # abstract id -> levels
    nums: dict[str, str] = field(default_factory=dict)  # numId -> abstract id
    overrides: dict[str, dict[int, int]] = field(default_factory=dict)  # numId -> level -> start
    style_nums: dict[str, tuple[str, int]] = field(default_factory=dict)  # style -> (numId, ilvl)
    counters: dict[str, dict[int, int]] = field(default_factory=dict)
    started: set[str] = field(default_factory=set)

    def label(self, paragraph: Any) -> str:
        """The printed number of a paragraph ("" when it has none), advancing the counters."""
        found = self._num_of(paragraph)
        if found is None:
            return ""
        num_id, ilvl = found
        abstract = self.nums.get(num_id)
        levels = self.levels.get(abstract or "")
        if not levels or ilvl not in levels or levels[ilvl].fmt == "bullet":
            return ""
        counters = self.counters.setdefault(abstract or "", {})
        if num_id not in self.started:
            self.started.add(num_id)
            for level, start in self.overrides.get(num_id, {}).items():
                counters[level] = start - 1
        counters[ilvl] = counters.get(ilvl, levels[ilvl].start - 1) + 1
        for deeper in [lvl for lvl in counters if lvl > ilvl]:
            del counters[deeper]
        text = levels[ilvl].text
        for level in range(ilvl, -1, -1):
            if f"%{level + 1}" in text:
                value = counters.get(level, levels[level].start if level in levels else 1)
                fmt = levels[level].fmt if level in levels else "decimal"
                text = text.replace(f"%{level + 1}", format_number(value, fmt))
        return text

    def _num_of(self, paragraph: Any) -> tuple[str, int] | None:
        props = paragraph.find(f"{_W}pPr")
        if props is None:
            return None
        num = props.find(f"{_W}numPr")
        style = props.find(f"{_W}pStyle")
        from_style = self.style_nums.get(style.get(f"{_W}val", "")) if style is not None else None
        if num is not None:
            num_id = _attr(num.find(f"{_W}numId"))
            ilvl = _attr(num.find(f"{_W}ilvl"))
            if num_id is None and from_style is not None:
                num_id = from_style[0]
            if num_id is None or num_id == "0":
                return None
            level = int(ilvl) if ilvl is not None and ilvl.isdigit() else (
                from_style[1] if from_style else 0)
            return num_id, level
        return from_style


def _attr(element: Any) -> str | None:
    return None if element is None else element.get(f"{_W}val")


def read_numbering(numbering: Any, styles: Any) -> Numbering:
    """Read the list definitions (``numbering.xml``) and styles that carry a list."""
    result = Numbering()
    style_levels: dict[str, int] = {}
    if numbering is not None:
        for abstract in numbering.iterfind(f"{_W}abstractNum"):
            levels = {}
            for lvl in abstract.iterfind(f"{_W}lvl"):
                start = _attr(lvl.find(f"{_W}start"))
                linked = _attr(lvl.find(f"{_W}pStyle"))
                if linked:  # a heading style bound to this level of the list
                    style_levels[linked] = int(lvl.get(f"{_W}ilvl", "0"))
                levels[int(lvl.get(f"{_W}ilvl", "0"))] = _Level(
                    _attr(lvl.find(f"{_W}numFmt")) or "decimal",
                    _attr(lvl.find(f"{_W}lvlText")) or "",
                    int(start) if start and start.lstrip("-").isdigit() else 1)
            result.levels[abstract.get(f"{_W}abstractNumId", "")] = levels
        for num in numbering.iterfind(f"{_W}num"):
            num_id = num.get(f"{_W}numId", "")
            result.nums[num_id] = _attr(num.find(f"{_W}abstractNumId")) or ""
            for override in num.iterfind(f"{_W}lvlOverride"):
                start = _attr(override.find(f"{_W}startOverride"))
                if start and start.isdigit():
                    level = int(override.get(f"{_W}ilvl", "0"))
                    result.overrides.setdefault(num_id, {})[level] = int(start)
    if styles is not None:
        for style in styles.iterfind(f"{_W}style"):
            num = style.find(f"{_W}pPr/{_W}numPr")
            num_id = _attr(num.find(f"{_W}numId")) if num is not None else None
            if num is not None and num_id:
                ilvl = _attr(num.find(f"{_W}ilvl"))
                style_id = style.get(f"{_W}styleId", "")
                result.style_nums[style_id] = (
                    num_id, int(ilvl) if ilvl and ilvl.isdigit() else style_levels.get(style_id, 0))
    return result
