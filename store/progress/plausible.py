"""Reports that are probably mistakes: refused unless the reporter confirms them.

Two mistakes are common in 进展填报: a report dated after today (a typo in the year,
2099-01-15), and a value in the wrong magnitude (4,000,000,000 sent against a target of
40亿元: the reporter wrote 元 where the target counts 亿元).  Both are refused with a
message saying what looks wrong, unless the caller confirms (``confirm: true``).  The
checks are pure: ``today`` and the target come from the caller.

Each refusal carries a message key of :mod:`i18n` and its parameters, so the edge that
shows it speaks its user's language.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

#: A value more than this many times the target (or less than its this-many-th part,
#: yet above zero) is taken for a magnitude mistake.
SCALE_FACTOR = 1000.0


class NeedsConfirmation(ValueError):
    """A report that looks like a mistake; stored only when the caller confirms it."""

    def __init__(self, key: str, argument: str, **params: object) -> None:
        super().__init__(key)
        self.key = key
        self.argument = argument
        self.params = params


def check_reported_on(day: dt.date, *, today: dt.date, confirmed: bool = False) -> None:
    """Refuse a report dated after ``today`` unless ``confirmed``.

    >>> check_reported_on(dt.date(2019, 1, 2), today=dt.date(2019, 1, 2))
    >>> check_reported_on(dt.date(2099, 1, 15), today=dt.date(2019, 1, 2))
    Traceback (most recent call last):
    ...
    store.progress.plausible.NeedsConfirmation: progress.confirm.future_day
    >>> check_reported_on(dt.date(2099, 1, 15), today=dt.date(2019, 1, 2), confirmed=True)
    """
    if day > today and not confirmed:
        raise NeedsConfirmation("progress.confirm.future_day", "reportedOn",
                                day=day.isoformat(), today=today.isoformat())


def check_scale(value: float, *, targets: Sequence[tuple[float, str]], confirmed: bool = False,
                factor: float = SCALE_FACTOR) -> None:
    """Refuse a value far outside the scale of every target (value, unit) of its
    obligation, unless ``confirmed``.

    >>> forty = [(1.0, "次"), (40.0, "亿元"), (65.0, "%")]
    >>> check_scale(41.2, targets=forty)
    >>> check_scale(0.0, targets=forty)
    >>> check_scale(4_000_000_000, targets=forty)
    Traceback (most recent call last):
    ...
    store.progress.plausible.NeedsConfirmation: progress.confirm.scale_high
    >>> check_scale(0.6, targets=[(6000.0, "人次")])
    Traceback (most recent call last):
    ...
    store.progress.plausible.NeedsConfirmation: progress.confirm.scale_low
    >>> check_scale(4_000_000_000, targets=forty, confirmed=True)
    >>> check_scale(4_000_000_000, targets=[])
    """
    known = [(v, u) for v, u in targets if v > 0]
    if confirmed or not known or value <= 0:
        return
    if all(value > v * factor for v, _ in known):
        key = "progress.confirm.scale_high"
    elif all(value < v / factor for v, _ in known):
        key = "progress.confirm.scale_low"
    else:
        return
    raise NeedsConfirmation(key, "valueReached", value=f"{value:g}", factor=f"{factor:g}",
                            targets="、".join(f"{v:g}{u}" for v, u in known),
                            units="、".join(dict.fromkeys(u for _, u in known if u)))
