"""Name suggestions on a miss: difflib over every name (the old path) against rapidfuzz
(:func:`graph.names.suggest`), on generated unit-like names.

``python -m bench.suggestions [COUNT ...]`` prints the median seconds per miss of each.
Not part of ``make test``.
"""

from __future__ import annotations

import difflib
import statistics
import sys
import time
from collections.abc import Callable

from graph.names import suggest

OFFICES = ("发展和改革委员会", "财政局", "商务局", "农业农村局")


def generated_names(count: int) -> list[str]:
    """``count`` distinct unit-like names."""
    return [f"浙江省第{n}号{OFFICES[n % len(OFFICES)]}" for n in range(count)]


def difflib_suggest(known: list[str], name: str, *, limit: int = 5) -> list[str]:
    """The suggestions as they were made before rapidfuzz."""
    close = difflib.get_close_matches(name, known, n=limit, cutoff=0.6)
    contained = [k for k in known if (name in k or k in name) and k not in close]
    return (close + sorted(contained, key=len))[:limit]


def seconds_per_miss(fn: Callable[[list[str], str], list[str]], known: list[str],
                     runs: int = 5) -> float:
    """Median wall time of ``runs`` misses."""
    times = []
    for run in range(runs):
        started = time.perf_counter()
        fn(known, f"浙江省第{run * 997}号财政局X")
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main(argv: list[str]) -> None:
    for count in [int(a) for a in argv] or [20_000]:
        known = generated_names(count)
        old = seconds_per_miss(difflib_suggest, known)
        new = seconds_per_miss(suggest, known)
        print(f"{count} names: difflib {old:.3f} s, rapidfuzz {new:.4f} s per miss "
              f"({old / new:.0f}x)")


if __name__ == "__main__":
    main(sys.argv[1:])
