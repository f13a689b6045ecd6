"""The hand-made SQLite export a Datasette user would publish: one flat table per question.

``units(name, jurisdiction, level, aliases)`` (a name is one unit per government), ``obligations(id, path, due_date, owners, …, jurisdiction)`` (its document's government) (recurring
ones expanded through :data:`THROUGH_YEAR`, owners as ``|市规划局|市招商局|`` so a
substring filter finds a unit's) and ``targets(path, value, unit, quote)``.  Indexes on
what the questions filter by, as a careful publisher would add.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import networkx as nx

from graph.obligations import expand

THROUGH_YEAR = 2030

SCHEMA = """
CREATE TABLE units (name TEXT, jurisdiction TEXT, level TEXT, aliases TEXT,
                    PRIMARY KEY (name, jurisdiction));
CREATE TABLE obligations (id TEXT PRIMARY KEY, path TEXT, due_date TEXT, owners TEXT,
                          text TEXT, document TEXT, jurisdiction TEXT);
CREATE TABLE targets (id INTEGER PRIMARY KEY, path TEXT, value REAL, unit TEXT, quote TEXT);
CREATE INDEX obligations_due ON obligations(due_date);
CREATE INDEX units_name ON units(name);
"""


def export_sqlite(graph: nx.MultiDiGraph, path: Path) -> dict[str, int]:
    """Write the three tables for ``graph`` into a new SQLite file at ``path``.

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
                            data.get("unit", ""), data.get("source_quote", "")))
    obligations = [(ob.id, ob.path, ob.due.isoformat(),
                    "|" + "|".join(o.name for o in ob.owners) + "|", ob.text, ob.document,
                    government(graph.nodes[ob.document].get("jurisdiction_id")))
                   for ob in expand(graph, through_year=THROUGH_YEAR)]
    connection = sqlite3.connect(path)
    try:
        connection.executescript(SCHEMA)
        connection.executemany("INSERT INTO units VALUES (?, ?, ?, ?)", units)
        connection.executemany("INSERT INTO obligations VALUES (?, ?, ?, ?, ?, ?, ?)",
                               obligations)
        connection.executemany("INSERT INTO targets VALUES (?, ?, ?, ?, ?)", targets)
        connection.commit()
    finally:
        connection.close()
    return {"units": len(units), "obligations": len(obligations), "targets": len(targets)}
