"""Progress reports: append, retract, and read them back as of a date.

Reports are never updated in place except to retract them, so racing reporters each
get their own row.  A retraction checks the row's ``version`` in its ``UPDATE``
(optimistic concurrency): if someone else retracted it first, the loser is told.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any

from sqlalchemy import bindparam, update
from sqlmodel import Session, col, select

from store.audit import ANONYMOUS, record_audit
from store.clock import utcnow
from store.lists import among, for_dialect, listed, per_dialect
from store.progress.cells import check_value
from store.progress.tables import ProgressReport

#: Longest free-text note and evidence link a report keeps (characters).
MAX_NOTE_CHARS = 2000
MAX_URL_CHARS = 2000


class ReportNotFound(LookupError):
    """No progress report has this id."""


class ConcurrentUpdate(RuntimeError):
    """The report changed between reading and writing it (or is already retracted)."""


@dataclass(frozen=True)
class ReportFact:
    """What the obligation-status function needs from one report.

    The graph's pure status function takes these (or anything with the same
    attributes); ``reports_as_of`` returns them alongside the rows.
    """

    obligation_id: str
    reported_on: dt.date
    done: bool
    value_reached: float | None
    retracted: bool


def as_fact(report: ProgressReport) -> ReportFact:
    """Convert a stored report into the status function's input.

    >>> r = ProgressReport(obligation_id="deadline:17@2019", reported_on=dt.date(2019, 3, 1), done=True)
    >>> as_fact(r)
    ReportFact(obligation_id='deadline:17@2019', reported_on=datetime.date(2019, 3, 1), done=True, value_reached=None, retracted=False)
    """
    return ReportFact(
        obligation_id=report.obligation_id,
        reported_on=report.reported_on,
        done=report.done,
        value_reached=report.value_reached,
        retracted=report.retracted_at is not None,
    )


def _snapshot(report: ProgressReport) -> dict[str, object]:
    return {
        "id": report.id,
        "obligation_id": report.obligation_id,
        "unit_id": report.unit_id,
        "place_id": report.place_id,
        "reported_on": report.reported_on,
        "done": report.done,
        "value_reached": report.value_reached,
        "note": report.note,
        "evidence_url": report.evidence_url,
        "retracted": report.retracted_at is not None,
        "version": report.version,
    }


def report_progress(
    *,
    session: Session,
    obligation_id: str,
    unit_id: int | None,
    reported_on: dt.date,
    done: bool,
    place_id: int | None = None,
    value_reached: float | None = None,
    note: str = "",
    evidence_url: str | None = None,
    actor: str = ANONYMOUS,
    actor_unit: str | None = None,
    actor_role: str | None = None,
) -> ProgressReport:
    """Store a new progress report and audit it (flushed, committed by the caller).

    Parameters
    ----------
    session
        An open session.
    obligation_id
        The graph's stable obligation id, e.g. ``deadline:17@2019``.
    unit_id
        The reporting unit (``None`` for an admin reporting on nobody's behalf).
    place_id
        The member county whose share of a collective obligation it is about
        (``None``: the unit's own share).
    reported_on
        The day the progress is stated for; status as of a date uses only reports
        dated on or before it.
    done, value_reached
        Completion, and the quantity reached for a quantitative target.
    note, evidence_url
        Free text and a link to supporting material (佐证材料).
    actor, actor_unit, actor_role
        The token id writing it (or ``"anonymous"``), its unit's name and its role,
        kept in the audit entry.

    Returns
    -------
    ProgressReport
        The new row, with its id.
    """
    if not obligation_id:
        raise ValueError("obligation_id must not be empty")
    if value_reached is not None:
        check_value(value_reached)  # finite, not negative, not absurd
    if len(note) > MAX_NOTE_CHARS or len(evidence_url or "") > MAX_URL_CHARS:
        raise ValueError(f"note and evidence_url are limited to {MAX_NOTE_CHARS} characters")
    report = ProgressReport(
        obligation_id=obligation_id,
        unit_id=unit_id,
        place_id=place_id,
        reported_on=reported_on,
        done=done,
        value_reached=value_reached,
        note=note,
        evidence_url=evidence_url,
        created_by=actor,
    )
    session.add(report)
    session.flush()
    record_audit(
        session=session,
        action="report_progress",
        target=obligation_id,
        actor=actor,
        actor_unit=actor_unit,
        actor_role=actor_role,
        previous_value=None,
        new_value=_snapshot(report),
    )
    return report


def retract_report(
    *,
    session: Session,
    report_id: int,
    actor: str = ANONYMOUS,
    expected_version: int | None = None,
    actor_unit: str | None = None,
    actor_role: str | None = None,
) -> ProgressReport:
    """Withdraw a report; it stays stored (and audited) but no longer counts.

    Parameters
    ----------
    session
        An open session.
    report_id
        The report to retract.
    actor, actor_unit, actor_role
        The token id doing it, its unit's name and role (for the audit entry).
    expected_version
        The version the caller read; defaults to the version read now.

    Returns
    -------
    ProgressReport
        The retracted report.

    Raises
    ------
    ReportNotFound
        No such report.
    ConcurrentUpdate
        Already retracted, or changed by another writer since it was read.
    """
    report = session.get(ProgressReport, report_id)
    if report is None:
        raise ReportNotFound(f"no progress report with id {report_id}")
    if report.retracted_at is not None:
        raise ConcurrentUpdate(f"progress report {report_id} is already retracted")
    version = report.version if expected_version is None else expected_version
    before = _snapshot(report)
    now = utcnow()
    result = session.execute(
        update(ProgressReport)
        .where(col(ProgressReport.id) == report_id)
        .where(col(ProgressReport.version) == version)
        .where(col(ProgressReport.retracted_at).is_(None))
        .values(retracted_at=now, retracted_by=actor, version=version + 1)
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]
        raise ConcurrentUpdate(f"progress report {report_id} changed meanwhile; reload it")
    session.refresh(report)
    record_audit(
        session=session,
        action="retract_report",
        target=report.obligation_id,
        actor=actor,
        actor_unit=actor_unit,
        actor_role=actor_role,
        previous_value=before,
        new_value=_snapshot(report),
    )
    return report


def get_report(*, session: Session, report_id: int) -> ProgressReport | None:
    """One progress report by id (retracted or not), or ``None``."""
    return session.get(ProgressReport, report_id)


def reports_as_of(
    *,
    session: Session,
    as_of: dt.date,
    obligation_ids: Iterable[str] | None = None,
    include_retracted: bool = False,
) -> Sequence[ProgressReport]:
    """The reports dated on or before ``as_of``, oldest first.

    Parameters
    ----------
    session
        An open session.
    as_of
        Reports dated after this day are left out.
    obligation_ids
        Only these obligations; ``None`` means all.
    include_retracted
        Keep retracted reports too (for history views); off by default.

    Returns
    -------
    Sequence[ProgressReport]
        Ordered by obligation, reported_on, then id.
    """
    listed_ids = None if obligation_ids is None else list(obligation_ids)
    if listed_ids == []:
        return []
    dialect = session.get_bind().dialect.name
    statement = for_dialect(_AS_OF[(listed_ids is not None, include_retracted)], dialect)
    values: dict[str, Any] = {"as_of": as_of}
    if listed_ids is not None:
        values["ids"] = listed(dialect, listed_ids)
    return session.exec(statement, params=values).all()


def _as_of_statement(dialect: str, *, by_ids: bool, include_retracted: bool) -> Any:
    """:func:`reports_as_of`'s select for one dialect and form, its values bound when run."""
    query = select(ProgressReport).where(col(ProgressReport.reported_on) <= bindparam("as_of"))
    if by_ids:
        query = query.where(among(ProgressReport.obligation_id, "ids", dialect))
    if not include_retracted:
        query = query.where(col(ProgressReport.retracted_at).is_(None))
    return query.order_by(
        col(ProgressReport.obligation_id), col(ProgressReport.reported_on), col(ProgressReport.id)
    )


# Built once: every list page reads its obligations' reports, and building the select with
# an IN list of the page's ids (one bound parameter per id) cost more than the database
# took to answer it; the ids are one list parameter here (store.lists.among).
_AS_OF = {(by_ids, retracted): per_dialect(partial(_as_of_statement, by_ids=by_ids,
                                                   include_retracted=retracted))
          for by_ids in (False, True) for retracted in (False, True)}
