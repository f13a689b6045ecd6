"""Responsibility clauses in every form the extractor supports, with the units they name.

Forms (``form`` in the manifest):

``paren``
    ``(责任单位:市招商局〈经合办〉、市发改委,结对县〈市、区〉党委、政府)`` closing a task.
``line``
    ``责任单位:市财政局、市商务局`` on its own line after the task.
``lead-co``
    ``牵头单位:市发改委 配合单位:市财政局、市统计局``; the lead is the 牵头单位.
``subject``
    ``省发改委、省财政厅等有关部门要…``: the units are the sentence's subject.

In every form but ``lead-co`` the first unit listed is the lead, the rest are ``co``.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any

from bench.vocabulary import (
    CITY_BUREAUS,
    COLLECTIVE_UNITS,
    COUNTY_BUREAUS,
    PROVINCE_BUREAUS,
    Bureau,
)

FORMS: tuple[str, ...] = ("paren", "line", "lead-co", "subject")


@dataclass(frozen=True)
class Punctuation:
    """The document's punctuation width: real documents come in both."""

    open: str
    close: str
    colon: str
    comma: str
    semicolon: str

    @property
    def full(self) -> bool:
        """Whether this is the full-width set."""
        return self.colon == "："


HALF = Punctuation("(", ")", ":", ",", ";")
FULL = Punctuation("（", "）", "：", "，", "；")


def bureaus_for(level: str) -> tuple[Bureau, ...]:
    """The departments an issuer of ``level`` (province/city/county) assigns work to."""
    return {"province": PROVINCE_BUREAUS, "city": CITY_BUREAUS}.get(level, COUNTY_BUREAUS)


def _unit(prefix: str, level: str, bureau: Bureau, role: str) -> tuple[str, dict[str, Any]]:
    name = prefix + bureau.stem
    raw = f"{name}〈{bureau.alias}〉" if bureau.alias else name
    truth = {"name": name, "raw": raw, "aliases": [bureau.alias] if bureau.alias else [],
             "role": role, "level": level, "collective": False}
    return raw, truth


def _collective(raw: str) -> dict[str, Any]:
    name = raw.replace("〈", "(").replace("〉", ")")
    return {"name": name, "raw": raw, "aliases": [], "role": "co", "level": "county",
            "collective": True}


def responsibility_clause(
    rng: random.Random, *, form: str, prefix: str, level: str, punct: Punctuation,
    verb_phrase: str,
) -> tuple[str, list[dict[str, Any]]]:
    """Write one responsibility clause of ``form`` and the units it names, in order.

    Parameters
    ----------
    rng
        The document's random source.
    form
        One of :data:`FORMS`.
    prefix, level
        The issuer's level prefix (省/市/县/区) and level name (province/city/county).
    punct
        The document's punctuation width.
    verb_phrase
        For ``subject`` clauses, what the units must do (…要{verb_phrase}).

    Returns
    -------
    tuple
        ``(text, units)``; ``units[i]["raw"]`` occurs in ``text`` as written.
    """
    picked = rng.sample(bureaus_for(level), k=rng.randint(2 if form == "lead-co" else 1, 5))
    listed = [_unit(prefix, level, b, "co") for b in picked]
    listed[0][1]["role"] = "lead"
    raws = [raw for raw, _ in listed]
    units = [truth for _, truth in listed]
    if form == "subject":
        tail = "等有关部门" if rng.random() < 0.7 else ""
        return "、".join(raws) + tail + "要" + verb_phrase, units
    collective = None
    if level != "province" and rng.random() < 0.4:
        collective = rng.choice(COLLECTIVE_UNITS)
    if form == "lead-co":
        lead_count = 1 if len(raws) < 3 or rng.random() < 0.8 else 2
        for unit in units[:lead_count]:
            unit["role"] = "lead"
        co = "、".join(raws[lead_count:] + ([collective] if collective else []))
        text = f"牵头单位{punct.colon}" + "、".join(raws[:lead_count])
        if co:
            gap = rng.choice((" ", punct.semicolon, "\n"))
            text += f"{gap}配合单位{punct.colon}{co}"
        if collective:
            units.append(_collective(collective))
        return text, units
    body = "、".join(raws)
    if collective:
        body += rng.choice((punct.comma, punct.comma, punct.semicolon)) + collective
        units.append(_collective(collective))
    if form == "paren":
        return f"{punct.open}责任单位{punct.colon}{body}{punct.close}", units
    return f"责任单位{punct.colon}{body}", units
