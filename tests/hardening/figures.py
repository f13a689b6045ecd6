"""The load and limit figures the hardening README quotes, printed and merged into
test-artifacts/hardening-figures.json by the tests that measure them."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

FIGURES = Path(__file__).resolve().parents[2] / "test-artifacts" / "hardening-figures.json"


def record_figure(name: str, value: Any) -> None:
    """Print a figure for the closing note and merge it into the figures file."""
    print(f"hardening figure: {name} = {json.dumps(value, ensure_ascii=False)}")
    FIGURES.parent.mkdir(exist_ok=True)
    figures = json.loads(FIGURES.read_text()) if FIGURES.exists() else {}
    figures[name] = value
    FIGURES.write_text(json.dumps(figures, ensure_ascii=False, indent=1, sort_keys=True))
