"""Order statistics for latency samples, and the medians the noisy machine calls for."""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence


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
