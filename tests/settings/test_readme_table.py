"""The README's settings table is the one the models generate: a new or changed field
shows up there or this test fails."""

from __future__ import annotations

import re
from pathlib import Path

from settings import Settings, table, variable

README = Path(__file__).resolve().parents[2] / "README.md"
BLOCK = re.compile(r"<!-- settings-table:start -->\n(.*?)\n<!-- settings-table:end -->", re.S)


def test_the_readme_carries_the_generated_settings_table() -> None:
    found = BLOCK.search(README.read_text(encoding="utf-8"))
    assert found is not None, "README.md lost its settings-table markers"
    assert found.group(1) == table(), (
        "regenerate: python -c 'from settings import table; print(table())'")


def test_the_table_names_every_field_once() -> None:
    rows = table().splitlines()[2:]
    assert len(rows) == len(Settings.model_fields)
    assert all(any(f"`{variable(field)}`" in row for row in rows) for field in Settings.model_fields)
