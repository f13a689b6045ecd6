"""Ingest made faster stores exactly the rows it stored before, table by table.

The expected digests were written by the code before (:mod:`tests.store.ingest_golden`
says how); here today's code stores the same files and must give the same rows.
"""

from __future__ import annotations

import json
from pathlib import Path

from tests.store.ingest_golden import ingest_and_digest

EXPECTED = Path(__file__).parent / "data" / "ingest_rows.json"


def test_ingest_stores_the_rows_the_code_before_it_stored(tmp_path: Path) -> None:
    expected = json.loads(EXPECTED.read_text(encoding="utf-8"))
    # the files give something of every kind of fact (else the comparison proves little)
    for table in ("document", "section", "task", "unit", "unitalias", "taskunit", "target",
                  "deadline", "place", "placemention", "citation", "review_item"):
        assert expected[table][0] > 0, table
    assert expected["document"][0] == 32  # the edited, respelled and repeated files found
    found = ingest_and_digest(tmp_path)
    assert sorted(found) == sorted(expected)
    for table, digest in expected.items():
        assert found[table] == digest, table
