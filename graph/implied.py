"""Node values implied by others, left out of a snapshot's nodes at build.

Each value a node keeps costs a slot of its attribute dict for as long as a snapshot
serves; most nodes of a kind carry the same nothing (no correction, no horizon, no upper
bound) and a fact's ``source_path`` is its own ``path``.  :func:`implied_out` drops
those values; every reader asks with ``.get`` and the same default (``None``, the
``path``), so it reads what the row said.

>>> implied_out({"path": "二(一)", "source_path": "二(一)", "correction_id": None,
...              "horizon": None, "due": None, "readings": "[]"})
{'path': '二(一)', 'due': None}
>>> implied_out({"path": "二", "source_path": "三", "value_max": 5.0})
{'path': '二', 'source_path': '三', 'value_max': 5.0}
"""

from __future__ import annotations

from typing import Any

__all__ = ["implied_out"]

# names a reader asks for with .get(name) and takes None for "none"
_NONE = frozenset({"correction_id", "horizon", "value_max", "month", "day"})


def implied_out(attrs: dict[str, Any]) -> dict[str, Any]:
    """``attrs`` without the values readers take by default: ``None`` for
    :data:`_NONE`, ``source_path`` equal to ``path``, and empty ``readings``."""
    return {name: value for name, value in attrs.items()
            if not ((value is None and name in _NONE)
                    or (name == "source_path" and value == attrs.get("path"))
                    or (name == "readings" and value in ("", "[]")))}
