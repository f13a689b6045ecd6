"""The build's neighbour tables in their final form from the first edge on.

NetworkX gives every node two neighbour dicts when it is added (``_succ`` and ``_pred``)
and grows them edge by edge; :mod:`graph.compact` used to replace them with small
read-only mappings (:mod:`graph.neighbours`) at the end of the build.  Those dicts were
then freed among objects the snapshot keeps (they were made as each node was added,
between its attribute dict and its id), so the blocks they held stayed free and could
not be given back: about 200 MB at province scale.  The build now places a node's
neighbours as :data:`NOBODY`, then a :class:`~graph.neighbours.One`, a
:class:`~graph.neighbours.Two`, a :class:`~graph.neighbours.Many` and only from nine
neighbours on a dict, replacing the smaller one as it grows; what it replaces is freed while the build still allocates
objects of its size, so those blocks are used again.

Readers see what NetworkX makes: neighbours in the order their first edge was added,
each with its key dict (:func:`put` replaces a pair's key dict in place).

Examples
--------
>>> succ = {"task:1": NOBODY}
>>> put(succ, "task:1", "section:1", {"PART_OF": {}})
>>> type(succ["task:1"]).__name__, dict(succ["task:1"])
('One', {'section:1': {'PART_OF': {}}})
>>> put(succ, "task:1", "place:2", {"CONCERNS": {}})
>>> put(succ, "task:1", "section:1", {"PART_OF": {}, "X": {}})
>>> type(succ["task:1"]).__name__, list(succ["task:1"]), sorted(succ["task:1"]["section:1"])
('Two', ['section:1', 'place:2'], ['PART_OF', 'X'])
>>> put(succ, "task:1", "target:3", {"HAS_TARGET": {}})
>>> type(succ["task:1"]).__name__, list(succ["task:1"])
('Many', ['section:1', 'place:2', 'target:3'])
>>> put(succ, "task:1", "place:2", {"CONCERNS": {}, "Y": {}})
>>> list(succ["task:1"]), sorted(succ["task:1"]["place:2"])
(['section:1', 'place:2', 'target:3'], ['CONCERNS', 'Y'])
>>> for n in range(4, MANY + 2):
...     put(succ, "task:1", f"target:{n}", {"HAS_TARGET": {}})
>>> type(succ["task:1"]).__name__, len(succ["task:1"]), list(succ["task:1"])[-1]
('dict', 9, 'target:9')
"""

from __future__ import annotations

from collections.abc import MutableMapping
from typing import Any

from graph.neighbours import MANY, Many, One, Two
from graph.shared_values import NOBODY

__all__ = ["NOBODY", "put"]


def put(adjacency: MutableMapping[Any, Any], u: Any, v: Any, keydict: Any) -> None:
    """Make ``keydict`` the key dict of neighbour ``v`` in ``adjacency[u]``: a new last
    neighbour, or the same place with a new key dict when ``v`` is there already.

    >>> pred = {"task:1": {}}  # as NetworkX's own add_node leaves a node
    >>> put(pred, "task:1", "unit:1", "kd")
    >>> pred["task:1"]
    {'unit:1': 'kd'}
    >>> put(pred, "task:1", "unit:1", "other")
    >>> type(pred["task:1"]).__name__, pred["task:1"]["unit:1"]
    ('One', 'other')
    """
    current = adjacency[u]
    kind = type(current)
    if kind is One:
        if current._key is v or current._key == v:
            adjacency[u] = One(current._key, keydict)
        else:
            adjacency[u] = Two(current._key, current._value, v, keydict)
    elif kind is Two:
        if current._k1 is v or current._k1 == v:
            adjacency[u] = Two(current._k1, keydict, current._k2, current._v2)
        elif current._k2 is v or current._k2 == v:
            adjacency[u] = Two(current._k1, current._v1, current._k2, keydict)
        else:
            adjacency[u] = Many((current._k1, current._k2, v), (current._v1, current._v2, keydict))
    elif kind is Many:
        keys, values = current.halves()
        if v in current:  # its place, with the new key dict
            at = keys.index(v)
            adjacency[u] = Many(keys, (*values[:at], keydict, *values[at + 1:]))
        elif len(keys) < MANY:
            adjacency[u] = Many((*keys, v), (*values, keydict))
        else:
            adjacency[u] = {**dict(zip(keys, values, strict=True)), v: keydict}
    elif kind is dict and current:
        current[v] = keydict  # the node's own dict: more than MANY neighbours
    else:  # NOBODY, or the empty dict of a node NetworkX added
        adjacency[u] = One(v, keydict)
