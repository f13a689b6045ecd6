"""The hand-made SQLite export a Datasette user would publish: the fair baseline.

``units(name, jurisdiction, level, aliases)`` (a name is one unit per government),
``obligations(id, path, due_date, …, jurisdiction)`` (its document's government; recurring
ones expanded through :data:`THROUGH_YEAR`), ``owners(obligation_id, unit, jurisdiction,
role)``, one row per obligation and responsible unit (the unit's government), and
``targets(path, value, unit, quote)``.  Owners are a normalised table with an index on
each side, not a delimited column a question would have to LIKE-scan; with the index on
due dates, "a unit's overdue obligations" is two index look-ups for SQLite, as a careful
publisher would make it.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import networkx as nx

from graph.obligations import expand
from graph.quotes import quote_of

THROUGH_YEAR = 2030

SCHEMA = """
CREATE TABLE units (name TEXT, jurisdiction TEXT, level TEXT, aliases TEXT,
                    PRIMARY KEY (name, jurisdiction));
CREATE TABLE obligations (id TEXT PRIMARY KEY, path TEXT, due_date TEXT,
                          text TEXT, document TEXT, jurisdiction TEXT);
CREATE TABLE owners (obligation_id TEXT NOT NULL REFERENCES obligations(id),
                     unit TEXT NOT NULL, jurisdiction TEXT NOT NULL, role TEXT,
                     PRIMARY KEY (obligation_id, unit, jurisdiction));
CREATE TABLE targets (id INTEGER PRIMARY KEY, path TEXT, value REAL, unit TEXT, quote TEXT);
CREATE INDEX obligations_due ON obligations(due_date);
CREATE INDEX owners_obligation ON owners(obligation_id);
CREATE INDEX owners_unit ON owners(unit, jurisdiction);
CREATE INDEX units_name ON units(name);
"""
INDEXES: dict[str, tuple[str, ...]] = {
    "obligations_due": ("obligations", "due_date"),
    "owners_obligation": ("owners", "obligation_id"),
    "owners_unit": ("owners", "unit", "jurisdiction"),
}
"""The indexes the shared questions rely on: name → (table, columns…)."""


def export_sqlite(graph: nx.MultiDiGraph, path: Path) -> dict[str, int]:
    """Write the four tables for ``graph`` into a new SQLite file at ``path``.

    Returns
    -------
    dict
        Rows written per table.
    """
    path.unlink(missing_ok=True)
    units, targets = [], []
    jurisdictions = graph.graph.get("jurisdictions", {})

    def government(jurisdiction_id: int | None) -> str:
        return str(jurisdictions.get(jurisdiction_id, {}).get("full_name", ""))

    for nid, data in graph.nodes(data=True):
        if data["kind"] == "Unit":
            units.append((data["name"], government(data.get("jurisdiction_id")), data["level"],
                          "|".join(data.get("aliases", ()))))
        elif data["kind"] == "Target":
            targets.append((int(nid.split(":")[1]), data.get("path", ""), data.get("value"),
                            data.get("unit", ""), quote_of(graph, data)))
    obligations: list[tuple[str, ...]] = []
    owners: list[tuple[str, str, str, str]] = []
    for ob in expand(graph, through_year=THROUGH_YEAR):
        obligations.append((ob.id, ob.path, ob.due.isoformat(), ob.text, ob.document,
                            government(graph.nodes[ob.document].get("jurisdiction_id"))))
        roles: dict[tuple[str, str, str], str] = {}  # a unit named twice is one owner
        for o in ob.owners:
            unit_government = government(graph.nodes[o.unit].get("jurisdiction_id"))
            roles.setdefault((ob.id, o.name, unit_government), o.role)
        owners.extend((*key, role) for key, role in roles.items())
    connection = sqlite3.connect(path)
    try:
        connection.executescript(SCHEMA)
        connection.executemany("INSERT INTO units VALUES (?, ?, ?, ?)", units)
        connection.executemany("INSERT INTO obligations VALUES (?, ?, ?, ?, ?, ?)",
                               obligations)
        connection.executemany("INSERT INTO owners VALUES (?, ?, ?, ?)", owners)
        connection.executemany("INSERT INTO targets VALUES (?, ?, ?, ?, ?)", targets)
        connection.commit()
    finally:
        connection.close()
    return {"units": len(units), "obligations": len(obligations), "owners": len(owners),
            "targets": len(targets)}
