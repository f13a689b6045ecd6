"""Store a parsed progress sheet: validate every row, then all rows or none.

Validation needs facts from elsewhere (which obligations exist, which unit owns
what), so they come in as callables; the GraphQL layer passes the graph's, tests pass
their own.  Every row's every error is reported; if there is any, nothing is written.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlmodel import Session

from i18n import t
from store.audit import ANONYMOUS, record_audit
from store.crud.units import find_unit
from store.progress.plausible import NeedsConfirmation, check_reported_on
from store.progress.reports import MAX_NOTE_CHARS, MAX_URL_CHARS, report_progress
from store.progress.sheet import ParsedSheet, RowError, RowKey, read_sheet
from store.progress.tables import ProgressReport

#: Is this an obligation id the graph knows?
KnownObligation = Callable[[str], bool]
#: May this unit (canonical name) report for this obligation?
OwnershipCheck = Callable[[str, str], bool]
#: The member county (place id) whose share this unit (id) reports of this obligation, if any.
CountyOf = Callable[[int, str], int | None]


@dataclass
class ImportResult:
    """Rows stored (empty when any row failed) and every error found."""

    stored: list[ProgressReport] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when the sheet was stored."""
        return not self.errors


def validate_rows(
    *,
    session: Session,
    keys: list[RowKey],
    known_obligation: KnownObligation,
    owns: OwnershipCheck | None = None,
) -> tuple[dict[int, int], list[RowError]]:
    """Check every row's key cells: obligation known, unit known, unit an owner.

    Blank key cells are left alone (the parser already reported them).

    Returns
    -------
    tuple[dict[int, int], list[RowError]]
        Row number → resolved unit id, and the errors.
    """
    unit_ids: dict[int, int] = {}
    errors: list[RowError] = []
    for row in keys:
        known = bool(row.obligation_id) and known_obligation(row.obligation_id)
        if row.obligation_id and not known:
            errors.append(RowError(row.row, "obligation_id", f"未知任务编号 (unknown obligation) {row.obligation_id[:80]!r}"))
        if not row.unit:
            continue
        try:
            unit = find_unit(session=session, name=row.unit)
        except LookupError as error:  # several governments have a unit of this name
            errors.append(RowError(row.row, "unit", str(error)[:300]))
            continue
        if unit is None or unit.id is None:
            errors.append(RowError(row.row, "unit", f"未知单位 (unknown unit) {row.unit[:80]!r}"))
            continue
        unit_ids[row.row] = unit.id
        if owns is not None and known and not owns(unit.name, row.obligation_id):
            errors.append(
                RowError(row.row, "unit", f"{unit.name} 不是 {row.obligation_id} 的责任单位 (not an owner)")
            )
    return unit_ids, errors


def check_rows(sheet: ParsedSheet, days: tuple[dt.date, dt.date] | None,
               today: dt.date | None = None, confirmed: bool = False) -> list[RowError]:
    """Errors of rows the store would refuse: a day outside ``days`` (first, last), a
    day after ``today`` (unless ``confirmed``), a note or an evidence link too long to
    keep."""
    errors: list[RowError] = []
    for row in sheet.rows:
        if today is not None:
            try:
                check_reported_on(row.reported_on, today=today, confirmed=confirmed)
            except NeedsConfirmation as error:
                errors.append(RowError(row.row, "reported_on",
                                       t("progress.sheet.future_day", **error.params)))
        if days is not None and not days[0] <= row.reported_on <= days[1]:
            errors.append(RowError(row.row, "reported_on",
                                   f"日期超出范围 (the day must lie from {days[0]} to {days[1]})"))
        if len(row.note) > MAX_NOTE_CHARS:
            errors.append(RowError(row.row, "note", f"备注过长 (longer than {MAX_NOTE_CHARS} "
                                                    f"characters)"))
        if len(row.evidence_url or "") > MAX_URL_CHARS:
            errors.append(RowError(row.row, "evidence_url", f"链接过长 (longer than "
                                                            f"{MAX_URL_CHARS} characters)"))
    return errors


def import_sheet(
    *,
    session: Session,
    data: bytes,
    filename: str,
    known_obligation: KnownObligation,
    owns: OwnershipCheck | None = None,
    county_of: CountyOf | None = None,
    actor: str = ANONYMOUS,
    days: tuple[dt.date, dt.date] | None = None,
    actor_unit: str | None = None,
    actor_role: str | None = None,
    today: dt.date | None = None,
    confirmed: bool = False,
) -> ImportResult:
    """Parse, validate and (only if every row is good) store a progress sheet.

    Parameters
    ----------
    session
        An open session; rows are flushed inside a savepoint and committed with the
        caller's transaction, so they land together or not at all.
    data, filename
        The file's bytes and its name (the suffix picks CSV or XLSX).
    known_obligation
        True for obligation ids that exist.
    owns
        ``owns(unit_name, obligation_id)``; when given, a row whose unit is not an
        owner of its obligation is an error.
    county_of
        ``county_of(unit_id, obligation_id)``: the member county whose share a row of a
        county's unit is about (stored as the report's ``place_id``).
    actor, actor_unit, actor_role
        The token id importing the sheet, its unit's name and role (audited).
    days
        The first and last day a row may be dated (the caller's window); any by default.
    today, confirmed
        Rows dated after ``today`` are errors unless ``confirmed`` (a typo in the year
        is likelier than a report from the future).

    Returns
    -------
    ImportResult
        The stored reports, or every error with its row number and nothing stored.

    Raises
    ------
    store.progress.sheet.SheetFormatError
        The file is not a readable progress sheet at all.
    """
    sheet = read_sheet(data, filename)
    rows = sheet.rows
    unit_ids, more = validate_rows(session=session, keys=sheet.keys, known_obligation=known_obligation, owns=owns)
    errors = sorted([*sheet.errors, *more, *check_rows(sheet, days, today, confirmed)], key=lambda e: (e.row, e.column or ""))
    if errors:
        record_audit(
            session=session,
            action="import_sheet",
            target=filename[:200],
            actor=actor,
            actor_unit=actor_unit,
            actor_role=actor_role,
            new_value={"rows": len(rows), "errors": len(errors)},
            # a sheet refused is a failure: forbidden when a row was not the unit's to report
            outcome="forbidden" if any("not an owner" in e.message for e in errors) else "refused",
        )
        return ImportResult(stored=[], errors=errors)
    stored: list[ProgressReport] = []
    with session.begin_nested():
        for row in rows:
            stored.append(
                report_progress(
                    session=session,
                    obligation_id=row.obligation_id,
                    unit_id=unit_ids[row.row],
                    place_id=county_of(unit_ids[row.row], row.obligation_id) if county_of else None,
                    reported_on=row.reported_on,
                    done=row.done,
                    value_reached=row.value_reached,
                    note=row.note,
                    evidence_url=row.evidence_url,
                    actor=actor,
                    actor_unit=actor_unit,
                    actor_role=actor_role,
                )
            )
        record_audit(
            session=session,
            action="import_sheet",
            target=filename[:200],
            actor=actor,
            actor_unit=actor_unit,
            actor_role=actor_role,
            new_value={"rows": len(rows), "report_ids": [r.id for r in stored]},
        )
    return ImportResult(stored=stored, errors=[])
