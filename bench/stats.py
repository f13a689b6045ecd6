"""Order statistics for latency samples, the medians the noisy machine calls for, and the
rule that no ratio or median is made of a run that had errors."""

from __future__ import annotations

import math
import statistics
from collections.abc import Mapping, Sequence
from typing import Any


def percentile(values: Sequence[float], q: float) -> float:
    """The ``q``-th percentile (0-100) by the nearest-rank method.

    Nearest rank keeps p99 an observed latency rather than an interpolation.

    >>> percentile([5.0, 1.0, 3.0, 2.0, 4.0], 50)
    3.0
    >>> percentile([float(n) for n in range(1, 101)], 99)
    99.0
    """
    if not values:
        return math.nan
    ordered = sorted(values)
    rank = max(1, math.ceil(q / 100 * len(ordered)))
    return ordered[rank - 1]


def median(values: Sequence[float]) -> float:
    """The median, NaN for no values (a skipped measurement stays visible).

    >>> median([3.0, 1.0, 2.0])
    2.0
    """
    return statistics.median(values) if values else math.nan


def ratio(numerator: float, denominator: float) -> float:
    """``numerator / denominator``, NaN when either is missing or the denominator is 0.

    >>> ratio(3.0, 2.0)
    1.5
    """
    if not denominator or math.isnan(numerator) or math.isnan(denominator):
        return math.nan
    return numerator / denominator


def errors_of(figures: Mapping[str, Any]) -> str:
    """``"3 errors of 24"`` for a run that had errors, ``""`` for a clean one.

    >>> errors_of({"errors": 3, "requests": 24}), errors_of({"errors": 0, "requests": 24})
    ('3 errors of 24', '')
    """
    return f"{figures['errors']} errors of {figures['requests']}" if figures["errors"] else ""


def clean_ratio(numerator: Mapping[str, Any], denominator: Mapping[str, Any],
                key: str) -> float | None:
    """``numerator[key] / denominator[key]`` of two runs' figures; ``None`` if either had errors.

    A run with errors timed error responses (a time-out, a 503), not answers: its
    latencies compare nothing, so no ratio is made of them.

    >>> clean = {"errors": 0, "requests": 10, "rps": 30.0}
    >>> clean_ratio(clean, {"errors": 0, "requests": 10, "rps": 20.0}, "rps")
    1.5
    >>> clean_ratio(clean, {"errors": 1, "requests": 10, "rps": 90.0}, "rps") is None
    True
    """
    if numerator["errors"] or denominator["errors"]:
        return None
    value = ratio(float(numerator[key]), float(denominator[key]))
    return None if math.isnan(value) else value


def clean_median(runs: Sequence[Mapping[str, Any]], key: str) -> float | None:
    """The median of ``key`` over runs, ``None`` when any run had errors (or there is none).

    >>> clean_median([{"errors": 0, "p50_ms": 3.0}, {"errors": 0, "p50_ms": 5.0}], "p50_ms")
    4.0
    >>> clean_median([{"errors": 0, "p50_ms": 3.0}, {"errors": 2, "p50_ms": 9.0}], "p50_ms") is None
    True
    """
    if not runs or any(run["errors"] for run in runs):
        return None
    return median([float(run[key]) for run in runs])
