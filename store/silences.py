"""Silences: mute an obligation, a unit, one unit's share of an obligation, or one member
county's share of a collective obligation, until a day."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy import Text
from sqlmodel import Field, Session, SQLModel, col, or_, select

from store.clock import utcnow
from store.tables import Place, Unit


class Silence(SQLModel, table=True):
    """Mute alerts for an obligation, a unit, or one unit's share of an obligation."""

    id: int | None = Field(default=None, primary_key=True)
    obligation_id: str | None = Field(default=None, max_length=128, index=True)
    unit_id: int | None = Field(default=None, foreign_key="unit.id", index=True)
    place_id: int | None = Field(default=None, foreign_key="place.id", index=True)  # a county's share
    until: dt.date  # inclusive: muted through this day
    reason: str = Field(default="", sa_type=Text)
    created_by: str = Field(default="anonymous", max_length=64)
    created_at: dt.datetime = Field(default_factory=utcnow)


def add_silence(
    *,
    session: Session,
    until: dt.date,
    obligation_id: str | None = None,
    unit_id: int | None = None,
    place_id: int | None = None,
    reason: str = "",
    created_by: str = "anonymous",
) -> Silence:
    """Mute alerts through ``until`` (inclusive).

    Parameters
    ----------
    session
        An open session (the caller commits).
    until
        The last muted day.
    obligation_id, unit_id
        What to mute; at least one.  Both together mute only that unit's alerts
        about that obligation.
    place_id
        A member county: only the alerts about its share (with ``obligation_id``: of that
        obligation; alone: of every collective obligation).
    reason, created_by
        Why, and the token id that asked.

    Returns
    -------
    Silence
        The stored silence.
    """
    if obligation_id is None and unit_id is None and place_id is None:
        raise ValueError("a silence needs an obligation, a unit or a county")
    silence = Silence(
        obligation_id=obligation_id,
        unit_id=unit_id,
        place_id=place_id,
        until=until,
        reason=reason,
        created_by=created_by,
    )
    session.add(silence)
    session.flush()
    return silence


def active_silences(*, session: Session, on: dt.date) -> Sequence[Silence]:
    """The silences still in force on day ``on``."""
    query = select(Silence).where(col(Silence.until) >= on).order_by(col(Silence.id))
    return session.exec(query).all()


def silences_in_force_named(*, session: Session, on: dt.date
                             ) -> list[tuple[Silence, str | None, str | None]]:
    """The silences still in force on day ``on``, by end day, each with its unit's name
    and its county's full name (``None`` when it names none).

    Parameters
    ----------
    session
        An open session.
    on
        The day asked about (the caller reads the clock).

    Returns
    -------
    list of (Silence, str or None, str or None)
    """
    query = (select(Silence, Unit.name, Place.full_name)
             .join(Unit, isouter=True).join(Place, isouter=True)
             .where(col(Silence.until) >= on).order_by(col(Silence.until)))
    return [(row, unit, county) for row, unit, county in session.exec(query).all()]


def is_silenced(
    *,
    session: Session,
    on: dt.date,
    obligation_id: str | None = None,
    unit_id: int | None = None,
    place_id: int | None = None,
) -> bool:
    """Whether an alert about ``obligation_id`` to ``unit_id`` is muted on day ``on``.

    A silence matches when each of its set fields equals the alert's: an
    obligation-only silence mutes every receiver, a unit-only silence mutes every
    obligation for that unit, a county silence mutes only alerts about that county's
    share (``place_id``).

    Parameters
    ----------
    session
        An open session.
    on
        The day of the alert run.
    obligation_id, unit_id
        The alert's obligation and receiving unit.
    place_id
        The member county whose share the alert is about, if any.

    Returns
    -------
    bool
        True when some silence in force covers the alert.
    """
    query = select(Silence.id).where(col(Silence.until) >= on)
    query = query.where(
        or_(col(Silence.obligation_id).is_(None), col(Silence.obligation_id) == obligation_id)
    )
    query = query.where(or_(col(Silence.unit_id).is_(None), col(Silence.unit_id) == unit_id))
    query = query.where(or_(col(Silence.place_id).is_(None), col(Silence.place_id) == place_id))
    return session.exec(query.limit(1)).first() is not None
