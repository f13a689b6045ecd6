"""Divisions named inside a string: at its start (深圳市福田区发展改革局 → 深圳市, 福田区),
with the caution a unit's name needs (公安局 is no bureau of 公安县).

Pure look-ups over :mod:`extract.divisions`; used by :mod:`extract.jurisdictions`.
"""

from __future__ import annotations

from extract.divisions import Division, ancestors, closest, named, stem_of
from extract.wordlists import table

# Single-character organ words that end a bureau's name (公安厅): kinds of institution.
_ORGAN_WORDS = {kind for kind in table("bureau_kinds.tsv") if len(kind) == 1}


def leading_divisions(s: str, near: Division | None = None, *,
                      stems_near: bool = False) -> list[Division]:
    """The divisions named one after another at the start of ``s``.

    >>> [d.name for d in leading_divisions("深圳市福田区发展改革局")]
    ['深圳市', '福田区']
    >>> [d.name for d in leading_divisions("平潭综合实验区管委会")]
    ['平潭县']
    >>> leading_divisions("市发改委")
    []

    With ``stems_near``, a stem counts only near ``near`` (公安局 in a 平潭 document is
    not 湖北's 公安县): a city's stem inside ``near``'s province, a county's inside its city.
    """
    found: list[Division] = []
    position = 0
    while position < len(s):
        context = found[-1] if found else near
        match = _longest_at(s, position, context, near if stems_near else None)
        if match is None:
            break
        division, length = match
        found.append(division)
        position += length
    return found


def _longest_at(s: str, position: int, near: Division | None,
                stems_near: Division | None) -> tuple[Division, int] | None:
    for end in range(min(len(s), position + 12), position + 1, -1):
        word = s[position:end]
        candidates = named(word)
        if word == stem_of(word) and organ_follows(s, end):
            candidates = tuple(c for c in candidates if c.level != "county")
        if stems_near is not None and word == stem_of(word):
            candidates = tuple(c for c in candidates if _near_enough(c, stems_near))
        if not candidates:
            continue
        if near is not None:  # a name after its parent lies inside it
            inside = tuple(c for c in candidates if near in ancestors(c))
            candidates = inside or candidates
        chosen = closest(candidates, near)
        if chosen is not None:
            return chosen, end - position
    return None


def city_scope(issuer: Division) -> Division:
    """The issuer's city (a county's document), else the issuer itself."""
    if issuer.level == "county":
        cities = [d for d in ancestors(issuer) if d.level == "city"]
        return cities[-1] if cities else issuer
    return issuer


def organ_follows(s: str, end: int) -> bool:
    """Whether an organ word (局, 厅) follows directly: 公安局 is no bureau of 公安县."""
    return s[end:end + 1] in _ORGAN_WORDS


def _near_enough(candidate: Division, issuer: Division) -> bool:
    lineage = (*ancestors(issuer), issuer)
    wanted = "province" if candidate.level != "county" else "city"
    scope = [d for d in lineage if d.level == wanted]
    if candidate.level == "county" and issuer.level == "county":
        scope = scope or [issuer]
    return bool(scope) and (candidate == scope[0] or scope[0] in ancestors(candidate))
