"""The sentence a Task, Target or Obligation node was read from, kept as a span of its
task's text.

A task's ``source_quote`` (its responsibility clause), most targets' and most deadline
obligations' (their sentence) are spans of the task's text, which the snapshot holds anyway: the build
drops such a quote (:func:`spanned`) and :func:`quote_of` cuts it from the text when
read, so a snapshot holds one string per task instead of two.  A quote that is no such
span (a target whose sentence lies outside its task, a corrected one) is kept as read.
Every reader of a node's quote goes through :func:`quote_of`.

>>> task = {"kind": "Task", "text": "做好规划。(责任单位:市规划局)", "start": 100,
...         "source_start": 105, "source_end": 116, "source_quote": "(责任单位:市规划局)"}
>>> kept = spanned(task, task)
>>> "source_quote" in kept, quote_of(None, kept)
(False, '(责任单位:市规划局)')
>>> quote_of(None, {"kind": "Unit"})
''
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import networkx as nx

__all__ = ["quote_of", "spanned"]

_SPANNED = frozenset({"Task", "Target", "Obligation"})  # the kinds whose quote may be left out


def spanned(attrs: dict[str, Any], task: Mapping[str, Any] | None) -> dict[str, Any]:
    """``attrs`` without ``source_quote`` when it is ``task``'s text from
    ``source_start`` to ``source_end`` (offsets in the document, as the task's
    ``start``), else ``attrs`` as they are."""
    if task is None or "source_quote" not in attrs:
        return attrs
    offset = task["start"]
    cut = task["text"][attrs["source_start"] - offset:attrs["source_end"] - offset]
    if attrs["source_start"] < offset or cut != attrs["source_quote"]:
        return attrs
    return {name: value for name, value in attrs.items() if name != "source_quote"}


def quote_of(graph: nx.MultiDiGraph | None, data: Mapping[str, Any]) -> str:
    """A node's quoted sentence: its own ``source_quote``, else (a Task, Target or
    Obligation whose quote was a span of its task's text) that span; ``""`` for a node without one."""
    quote = data.get("source_quote")
    if quote is not None:
        return str(quote)
    if data.get("kind") not in _SPANNED:
        return ""
    task = data if data["kind"] == "Task" else graph.nodes[f"task:{data['task_id']}"]  # type: ignore[union-attr]
    offset = task["start"]
    return str(task["text"][data["source_start"] - offset:data["source_end"] - offset])
