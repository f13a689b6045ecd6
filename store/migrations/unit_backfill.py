"""Split and merge the units of a database made before jurisdictions (part of 0006).

Before 0006 a unit was one row per name across every document: 杭州's and 宁波's
市发改委 were one unit.  Now a unit is (jurisdiction, standard name), so:

* a unit whose tasks all resolve (:func:`extract.jurisdictions.unit_division`) in one
  jurisdiction moves there, under its standard name (:func:`store.crud.units.unit_key`);
* a unit named by documents of several jurisdictions is split, one row per
  jurisdiction, the old row kept by the jurisdiction with the most of its tasks;
* units of one jurisdiction whose standard names coincide (市发改委 + 市发展改革委) are
  merged into the first of them.

Every row that pointed at an old unit follows: task links by their task's document,
progress reports by their obligation's document, tokens and silences to the row with
the most tasks (logged when the unit was split, since a person may want to re-issue
them).  Old names and aliases stay as aliases of every row the unit became.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import text
from sqlalchemy.engine import Connection

from extract.divisions import Division
from extract.jurisdictions import unit_division
from store.crud.units import unit_key

log = logging.getLogger(__name__)

Key = tuple[int, str]  # (jurisdiction id, standard name)


@dataclass
class UnitMoves:
    """Where each old unit went: ``rows[(old id, jurisdiction id)]`` → new unit id."""

    rows: dict[tuple[int, int], int] = field(default_factory=dict)
    primary: dict[int, int] = field(default_factory=dict)  # old id → row with most tasks
    renamed: dict[str, str] = field(default_factory=dict)  # old name → standard name
    deleted: list[int] = field(default_factory=list)  # old rows merged into others
    decisions: list[str] = field(default_factory=list)  # split units with tokens/silences
    # (old unit name, document id or None) → (new row, its jurisdiction id)
    row_for: Callable[[str, int | None], tuple[int, int] | None] = lambda _n, _d: None


def obligation_document_key(obligation_id: str) -> str:
    """The document key inside an obligation id (see :mod:`graph.obligation_ids`).

    >>> obligation_document_key("deadline:000_a92242b81cc0d015/三(二)/1@2019")
    '000_a92242b81cc0d015'
    >>> obligation_document_key("target:17_pingtan/一/2")
    '17_pingtan'
    """
    rest = obligation_id.split(":", 1)[-1]
    return rest.split("/", 1)[0].split("@", 1)[0]


def move_units(connection: Connection, *, issuers: dict[int, Division | None],
               jurisdiction_of: Callable[[Division | None], int],
               full_names: dict[int, str]) -> UnitMoves:
    """Move every unit to its jurisdiction(s) and every row that points at one after it.

    Parameters
    ----------
    connection
        The migration's connection.
    issuers
        Each document's issuing division (``None``: not placed).
    jurisdiction_of
        The jurisdiction id of a division, created when missing.
    full_names
        Jurisdiction id → full name, for the log.
    """
    units = {id_: (name, level, collective) for id_, name, level, collective in connection.execute(
        text("SELECT id, name, level, collective FROM unit ORDER BY id")).all()}
    links = connection.execute(text(
        "SELECT tu.id, tu.task_id, tu.unit_id, tu.role, tu.position, tu.raw, t.document_id "
        "FROM taskunit tu JOIN task t ON t.id = tu.task_id ORDER BY tu.id")).all()
    resolved: dict[tuple[str, int], int] = {}

    def resolve(unit_id: int, document_id: int | None) -> int:
        name = units[unit_id][0]
        cache = (name, document_id if document_id is not None else -1)
        if cache not in resolved:
            issuer = issuers.get(document_id) if document_id is not None else None
            resolved[cache] = jurisdiction_of(unit_division(name, issuer))
        return resolved[cache]

    uses: dict[int, Counter[int]] = {id_: Counter() for id_ in units}
    for link in links:
        uses[link.unit_id][resolve(link.unit_id, link.document_id)] += 1
    for id_, counts in uses.items():
        if not counts:  # named by no task: its own name may still place it (泰顺县人民政府)
            counts[resolve(id_, None)] = 0

    moves = _assign(connection, units, uses)
    _repoint_links(connection, links, moves, lambda link: resolve(link.unit_id, link.document_id))
    _rebuild_aliases(connection, units, moves)
    documents = dict(connection.execute(text("SELECT key, id FROM document")).all())
    reports = connection.execute(text(
        "SELECT id, obligation_id, unit_id FROM progress_report WHERE unit_id IS NOT NULL")).all()
    for report_id, obligation_id, unit_id in reports:
        document_id = documents.get(obligation_document_key(obligation_id))
        row = moves.rows.get((unit_id, resolve(unit_id, document_id)), moves.primary[unit_id])
        if row != unit_id:
            connection.execute(text("UPDATE progress_report SET unit_id = :u WHERE id = :id"),
                               {"u": row, "id": report_id})
    for table in ("api_token", "silence"):
        _follow_primary(connection, table, moves, full_names)
    by_name = {name: id_ for id_, (name, _, _) in sorted(units.items(), reverse=True)}
    jurisdiction_of_row = {row: j for (_, j), row in moves.rows.items()}

    def row_for(name: str, document_id: int | None) -> tuple[int, int] | None:
        if name not in by_name:
            return None
        old = by_name[name]
        found = moves.rows.get((old, resolve(old, document_id)), moves.primary[old])
        return found, jurisdiction_of_row[found]

    moves.row_for = row_for
    if moves.deleted:
        connection.execute(text("DELETE FROM unit WHERE id = :id"),
                           [{"id": id_} for id_ in moves.deleted])
    return moves


def _assign(connection: Connection, units: dict[int, tuple[str, str, bool]],
            uses: dict[int, Counter[int]]) -> UnitMoves:
    """Decide each (old unit, jurisdiction)'s row: its own, a merged one or a new one."""
    moves = UnitMoves()
    by_key: dict[Key, int] = {}
    claimed: set[int] = set()
    for old_id, (name, level, collective) in units.items():
        standard = unit_key(name)
        moves.renamed[name] = standard
        for jurisdiction in sorted(uses[old_id], key=lambda j: (-uses[old_id][j], j)):
            key = (jurisdiction, standard)
            if key in by_key:  # 市发展改革委 after 市发改委 in the same government
                row = by_key[key]
                if level != "unknown":
                    connection.execute(text(
                        "UPDATE unit SET level = :l WHERE id = :id AND level = 'unknown'"),
                        {"l": level, "id": row})
            elif old_id not in claimed:
                row = old_id
                claimed.add(old_id)
                connection.execute(text(
                    "UPDATE unit SET name = :n, jurisdiction_id = :j WHERE id = :id"),
                    {"n": standard, "j": jurisdiction, "id": old_id})
            else:  # the same name in another government's documents: a unit of its own
                row = connection.execute(text(
                    "INSERT INTO unit (name, level, collective, jurisdiction_id) "
                    "VALUES (:n, :l, :c, :j) RETURNING id"),
                    {"n": standard, "l": level, "c": collective, "j": jurisdiction}).scalar_one()
            by_key[key] = row
            moves.rows[(old_id, jurisdiction)] = row
            moves.primary.setdefault(old_id, row)
        if old_id not in claimed:
            moves.deleted.append(old_id)
    return moves


def _repoint_links(connection: Connection, links: list, moves: UnitMoves,
                   jurisdiction: Callable[..., int]) -> None:
    """Point each task link at its unit's row for the task's document.

    Links that change are deleted and inserted again with their ids (so no transient
    duplicate trips UNIQUE(task_id, unit_id)); when two old units of one task merge,
    the lead link (else the first) is kept.
    """
    final: dict[tuple[int, int], list] = {}
    for link in links:
        row = moves.rows[(link.unit_id, jurisdiction(link))]
        final.setdefault((link.task_id, row), []).append((link, row))
    changed, dropped = [], []
    for group in final.values():
        group.sort(key=lambda pair: (pair[0].role != "lead", pair[0].position, pair[0].id))
        (keep, row), rest = group[0], group[1:]
        dropped.extend(link.id for link, _ in rest)
        if row != keep.unit_id:
            changed.append({"id": keep.id, "task_id": keep.task_id, "unit_id": row,
                            "role": keep.role, "position": keep.position, "raw": keep.raw})
    gone = [{"id": id_} for id_ in (*dropped, *(c["id"] for c in changed))]
    if gone:
        connection.execute(text("DELETE FROM taskunit WHERE id = :id"), gone)
    if changed:
        connection.execute(text(
            "INSERT INTO taskunit (id, task_id, unit_id, role, position, raw) "
            "VALUES (:id, :task_id, :unit_id, :role, :position, :raw)"), changed)


def _rebuild_aliases(connection: Connection, units: dict[int, tuple[str, str, bool]],
                     moves: UnitMoves) -> None:
    """Every row an old unit became answers to the old name and the old aliases, unless
    its jurisdiction already has a unit or alias of that spelling."""
    aliases: dict[int, list[str]] = {}
    for unit_id, alias in connection.execute(text(
            "SELECT unit_id, alias FROM unitalias ORDER BY id")).all():
        aliases.setdefault(unit_id, []).append(alias)
    taken: set[Key] = {(j, unit_key(units[old][0])) for old, j in moves.rows}
    rows = []
    for (old, jurisdiction), row in sorted(moves.rows.items()):
        for alias in (units[old][0], *aliases.get(old, ())):
            if (jurisdiction, alias) in taken:
                continue
            taken.add((jurisdiction, alias))
            rows.append({"u": row, "j": jurisdiction, "a": alias})
    connection.execute(text("DELETE FROM unitalias"))
    if rows:
        connection.execute(text(
            "INSERT INTO unitalias (unit_id, jurisdiction_id, alias, source) "
            "VALUES (:u, :j, :a, 'extracted')"), rows)


def _follow_primary(connection: Connection, table: str, moves: UnitMoves,
                    full_names: dict[int, str]) -> None:
    """Point ``table``'s unit ids at their unit's row with the most tasks; say so for a
    unit that was split, whose token or silence may have been meant for another row."""
    for row_id, unit_id in connection.execute(text(
            f"SELECT id, unit_id FROM {table} WHERE unit_id IS NOT NULL")).all():
        target = moves.primary[unit_id]
        if target != unit_id:
            connection.execute(text(f"UPDATE {table} SET unit_id = :u WHERE id = :id"),
                               {"u": target, "id": row_id})
        rows = sorted({(j, r) for (old, j), r in moves.rows.items() if old == unit_id})
        if len({r for _, r in rows}) > 1:
            chosen = next(j for j, r in rows if r == target)
            others = [full_names.get(j, str(j)) for j, r in rows if r != target]
            message = (f"{table} {row_id}: unit {unit_id} was split; kept with "
                       f"{full_names.get(chosen, chosen)} (most tasks), not "
                       f"{', '.join(others)}")
            moves.decisions.append(message)
            log.warning(message)
