"""The snapshot's sections by (document id, path), keyed per document.

Every task finds its section (its heading, :func:`graph.obligation_types.task_heading`)
and every judged report its place (:mod:`graph.judged`) through
``graph.graph["section_by_path"]``.  Keyed by ``(document id, path)`` tuples it kept a
tuple per section (2.4 MB at scale M) for as long as a snapshot serves; a dict per
document keyed by the sections' own (shared) path strings holds the same look-up.
Readers still ask with the tuple.

Examples
--------
>>> paths = SectionPaths({1: {"二": "section:4", "二(二)": "section:5"}})
>>> paths.get((1, "二(二)")), paths.get((1, "三")), paths.get((9, "二")), (1, "二") in paths
('section:5', None, None, True)
>>> paths[(1, "二")], len(paths), list(paths)
('section:4', 2, [(1, '二'), (1, '二(二)')])
>>> paths[(2, "二")]
Traceback (most recent call last):
...
KeyError: (2, '二')
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

__all__ = ["SectionPaths"]

Key = tuple[int | None, str]


class SectionPaths(Mapping[Key, str]):
    """``(document id, path) → section node id``, kept as ``{document id: {path: node}}``."""

    __slots__ = ("_by_document",)

    def __init__(self, by_document: dict[int | None, dict[str, str]]) -> None:
        self._by_document = by_document

    def get(self, key: Key, default: Any = None) -> Any:
        paths = self._by_document.get(key[0])
        return default if paths is None else paths.get(key[1], default)

    def __getitem__(self, key: Key) -> str:
        found = self.get(key)
        if found is None:
            raise KeyError(key)
        return str(found)

    def __contains__(self, key: object) -> bool:
        return isinstance(key, tuple) and len(key) == 2 and self.get(key) is not None

    def __iter__(self) -> Iterator[Key]:
        return ((document, path) for document, paths in self._by_document.items()
                for path in paths)

    def __len__(self) -> int:
        return sum(len(paths) for paths in self._by_document.values())
