"""The root Mutation type: progress reports, retractions, progress sheets, graph refresh.

Writes need a token (:mod:`schema.auth`): ``reporter`` for the obligations its unit may
report on (:func:`schema.progress.may_report`), ``admin`` for any.  Reports are
append-only rows, so two reports racing on one obligation are both kept; a retraction
checks the report's ``version`` (``expectedVersion``) and fails with CONFLICT when
someone changed it first.  Every write and every refusal is audited.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from functools import cache

import strawberry
from strawberry.types import Info

from graph.kinds import nodes_of, of_kind
from graph.obligations import Obligation, find_obligation
from graph.window import OutOfWindow
from i18n import t
from schema.admin_mutation import AdminMutations
from schema.auth import refuse, require_role
from schema.breakdown_import import BreakdownImportMutations, read_upload
from schema.context import ctx
from schema.correction_mutation import CorrectionMutations
from schema.document_mutation import DocumentMutations
from schema.errors import bad_input, conflict, echo, missing
from schema.idempotent import idempotency
from schema.progress import (
    ProgressReportType,
    SheetImportType,
    SheetRowErrorType,
    county_of,
    may_report,
)
from schema.reporting import (
    WRITE_ROLES,
    ImportProgressSheetInput,
    ReportPayloadType,
    ReportProgressInput,
    RetractReportInput,
    check_evidence,
    check_plausible,
    obligation_key,
    obligation_or_missing,
    place_id_named,
    report_payload,
    reporting_unit,
)
from schema.review import ReviewMutations
from schema.urge_mutation import UrgeMutations
from store.audit import record_audit
from store.progress.cells import MAX_VALUE, check_value
from store.progress.reports import (
    MAX_NOTE_CHARS,
    ConcurrentUpdate,
    get_report,
    report_progress,
    retract_report,
)
from store.progress.sheet import SheetFormatError
from store.progress.sheet_import import import_sheet
from store.progress.tables import ProgressReport


@strawberry.type
class Mutation(DocumentMutations, AdminMutations, CorrectionMutations, ReviewMutations,
               BreakdownImportMutations, UrgeMutations):
    @strawberry.mutation(description="Rebuild this process's graph now; returns the data version. "
                                     "Needs an admin token (a rebuild is costly at scale).")
    def refresh_graph(self, info: Info) -> int:
        # No input, one number out: kept a scalar (`mutation { refreshGraph }`), unlike
        # the mutations that take and return objects.
        context = ctx(info)
        require_role(session=context.session, principal=context.principal,
                     action="refresh_graph", target="graph", roles=("admin",))
        holder = context.holder
        if holder is None:
            return ctx(info).snapshot.version
        return holder.refresh().version

    @strawberry.mutation(description="Report progress on an obligation instance as of a day. "
                                     "Reporter tokens report for their own unit (a county's, "
                                     "for its own share of a collective obligation); admin "
                                     "tokens may name any `unit` and `county`.")
    def report_progress(self, info: Info, input: ReportProgressInput) -> ReportPayloadType:
        obligation_id, reported_on = obligation_key(input.obligation_id), input.reported_on
        done, value_reached, note = input.done, input.value_reached, input.note
        evidence_url, unit, county = input.evidence_url, input.unit, input.county
        idempotency_key, confirm = input.idempotency_key, input.confirm
        context = ctx(info)
        principal = require_role(session=context.session, principal=context.principal,
                                 action="report_progress", target=obligation_id,
                                 roles=WRITE_ROLES)
        retry = idempotency(context, actor=principal.actor, action="report_progress",
                            argument=idempotency_key, arguments={
                                "obligation_id": obligation_id,
                                "reported_on": reported_on.isoformat(),
                                "done": done, "value_reached": value_reached, "note": note,
                                "evidence_url": evidence_url, "unit": unit,
                                **({"county": county} if county is not None else {})})
        first = retry.previous()
        if first:
            return report_payload(context, first[0])
        day = context.day(reported_on, "reportedOn")
        if value_reached is not None:
            try:
                check_value(value_reached)
            except ValueError:
                raise bad_input(t("error.value_reached_range", maximum=f"{MAX_VALUE:g}"),
                                argument="valueReached") from None
        if len(note) > MAX_NOTE_CHARS:
            raise bad_input(t("error.note_length", limit=MAX_NOTE_CHARS), argument="note")
        check_evidence(evidence_url)
        obligation = obligation_or_missing(context, obligation_id)
        unit_id, place_id = reporting_unit(context, principal, unit, county, obligation)
        check_plausible(context, principal, obligation, day=day, value=value_reached,
                         confirm=confirm)
        row = report_progress(session=context.session, obligation_id=obligation.id,
                              unit_id=unit_id, place_id=place_id, reported_on=day, done=done,
                              value_reached=value_reached, note=note,
                              evidence_url=evidence_url, actor=principal.actor,
                              actor_unit=principal.unit_name, actor_role=principal.role)
        return report_payload(context, retry.commit([row])[0])

    @strawberry.mutation(description="Withdraw a progress report (it stays in the audit trail). "
                                     "Pass the `version` you read as `expectedVersion`.")
    def retract_report(self, info: Info, input: RetractReportInput) -> ReportPayloadType:
        report_id, expected_version = input.report_id, input.expected_version
        context = ctx(info)
        session = context.session
        principal = require_role(session=session, principal=context.principal,
                                 action="retract_report", target=f"report:{report_id}",
                                 roles=WRITE_ROLES)
        row = get_report(session=session, report_id=report_id)
        if row is None:
            raise missing(t("error.no_report", id=report_id), argument="reportId")
        if principal.role != "admin" and row.unit_id != principal.unit_id:
            raise refuse(session=session, principal=principal, action="retract_report",
                         target=f"report:{report_id}", reason="not_owner",
                         message=t("error.report.retract_own_only"))
        try:
            row = retract_report(session=session, report_id=report_id, actor=principal.actor,
                                 expected_version=expected_version,
                                 actor_unit=principal.unit_name, actor_role=principal.role)
        except ConcurrentUpdate as error:
            session.rollback()
            record_audit(session=session, action="retract_report", target=f"report:{report_id}",
                         actor=principal.actor, actor_unit=principal.unit_name,
                         actor_role=principal.role, outcome="failed",
                         new_value={"reason": "concurrent_update",
                                    "expected_version": expected_version})
            session.commit()
            raise conflict(f"{error}.") from None
        session.commit()
        return report_payload(context, row)

    @strawberry.mutation(description="Import a progress sheet (CSV or XLSX) sent as a "
                                     "multipart upload (the GraphQL multipart request spec; "
                                     "send the header `Apollo-Require-Preflight: true` or "
                                     "`X-Requested-With`): every row is stored, or none and "
                                     "every row's error is returned.")
    def import_progress_sheet(self, info: Info, input: ImportProgressSheetInput
                              ) -> SheetImportType:
        idempotency_key, confirm = input.idempotency_key, input.confirm
        context = ctx(info)
        session = context.session
        filename = str(getattr(input.file, "filename", "") or "upload")
        principal = require_role(session=session, principal=context.principal,
                                 action="import_sheet", target=filename[:200], roles=WRITE_ROLES)
        data, filename = read_upload(input.file, "file")
        retry = idempotency(context, actor=principal.actor, action="import_sheet",
                            argument=idempotency_key, arguments={
                                "filename": filename,
                                "sha256": hashlib.sha256(data).hexdigest()})
        first = retry.previous()
        if first is not None:
            return SheetImportType(stored=len(first),
                                   reports=[ProgressReportType.from_row(r) for r in first],
                                   errors=[])
        graph = context.graph
        window = context.window()
        units = {d["name"]: int(d["db_id"])
                 for d in nodes_of(graph, of_kind(graph, "Unit"))}

        @cache
        def known(obligation_id: str) -> Obligation | None:
            try:  # an instance year outside the window is no known obligation
                window.check_obligation_id(obligation_id)
            except OutOfWindow:
                return None
            return find_obligation(graph, obligation_id)

        def owns(unit_name: str, obligation_id: str) -> bool:
            if principal.role != "admin" and unit_name != principal.unit_name:
                return False  # a reporter fills in rows for its own unit only
            obligation = known(obligation_id)
            unit_id = units.get(unit_name, principal.unit_id if unit_name == principal.unit_name
                                else None)
            return (obligation is not None and unit_id is not None
                    and may_report(graph, unit_id=unit_id, obligation=obligation))

        def county(unit_id: int, obligation_id: str) -> int | None:
            obligation = known(obligation_id)  # a county's row is about its own share
            return None if obligation is None else place_id_named(
                context, county_of(graph, unit_id=unit_id, obligation=obligation))

        try:
            result = import_sheet(session=session, data=data, filename=filename,
                                  known_obligation=lambda oid: known(oid) is not None,
                                  owns=owns, actor=principal.actor,
                                  county_of=county,
                                  days=(window.first, window.last),
                                  actor_unit=principal.unit_name, actor_role=principal.role,
                                  today=dt.date.today(), confirmed=confirm)
        except SheetFormatError as error:
            raise bad_input(f"{echo(filename)}: {error}", argument="file") from None
        if result.errors:
            session.commit()  # only the audit entry of the refused sheet; the key stays free
            stored: list[ProgressReport] = []
        else:
            stored = retry.commit(result.stored)
        context.forget_reports()
        return SheetImportType(stored=len(stored),
                               reports=[ProgressReportType.from_row(r) for r in stored],
                               errors=[SheetRowErrorType.from_error(e) for e in result.errors])

