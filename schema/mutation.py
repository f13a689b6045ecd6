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
from urllib.parse import urlparse

import strawberry
from strawberry import relay
from strawberry.file_uploads import Upload
from strawberry.relay.types import GlobalIDValueError
from strawberry.types import Info

from graph.agenda import Assessed
from graph.build import node_id
from graph.obligations import Obligation, find_obligation
from graph.shares import collective_members, judge_obligation, scales_of
from graph.window import OutOfWindow
from i18n import t
from schema.admin_mutation import AdminMutations
from schema.auth import Principal, refuse, require_role
from schema.breakdown_import import BreakdownImportMutations, read_upload
from schema.context import Context, ctx
from schema.correction_mutation import CorrectionMutations
from schema.document_mutation import DocumentMutations
from schema.errors import bad_input, conflict, echo, missing
from schema.idempotent import idempotency
from schema.obligation import ObligationType
from schema.progress import (
    ProgressReportType,
    SheetImportType,
    SheetRowErrorType,
    county_named,
    county_of,
    may_report,
)
from schema.review import ReviewMutations
from schema.urge_mutation import UrgeMutations
from store.audit import record_audit
from store.crud.jurisdictions import find_jurisdictions
from store.crud.units import find_units, unit_jurisdiction
from store.progress.plausible import NeedsConfirmation, check_reported_on, check_scale
from store.progress.reports import (
    MAX_NOTE_CHARS,
    MAX_URL_CHARS,
    ConcurrentUpdate,
    get_report,
    report_progress,
    retract_report,
)
from store.progress.sheet import MAX_VALUE, SheetFormatError, check_value
from store.progress.sheet_import import import_sheet
from store.progress.tables import ProgressReport
from store.tables import Unit

WRITE_ROLES = ("reporter", "admin")


@strawberry.type(name="ReportPayload",
                 description="A progress report and its obligation's status as of the report's day.")
class ReportPayloadType:
    report: ProgressReportType
    obligation: ObligationType | None = strawberry.field(
        description="Null when the obligation is no longer in the graph")


@strawberry.input(description="A progress report on one obligation instance as of a day.")
class ReportProgressInput:
    obligation_id: strawberry.ID = strawberry.field(
        description="The obligation's `key` (deadline:…/二(二)1/1@2019) or its global `id`")
    reported_on: dt.date = strawberry.field(description="The day the report speaks of")
    done: bool = False
    value_reached: float | None = None
    note: str = ""
    evidence_url: str | None = None
    unit: str | None = strawberry.field(
        default=None, description="Admin tokens: the unit reporting (name, or "
                                  "jurisdiction/name)")
    county: str | None = strawberry.field(
        default=None, description="The member county (name, full name or division code) whose "
                                  "share of a collective obligation this report is about; a "
                                  "county's own reporter token reports its own share without it")
    idempotency_key: str | None = strawberry.field(
        default=None, description="Retry-safe: a retry with the same key returns the first "
                                  "report instead of storing another (or send the "
                                  "Idempotency-Key header)")
    confirm: bool = strawberry.field(
        default=False, description="Store a report that looks like a mistake: dated after "
                                   "today, or a value far outside its target's scale "
                                   "(refused otherwise)")


@strawberry.input(description="Which report to withdraw, at the version read.")
class RetractReportInput:
    report_id: int
    expected_version: int | None = strawberry.field(
        default=None, description="The report's `version` as read: CONFLICT when it changed")


@strawberry.input(description="A progress sheet (CSV or XLSX) as a GraphQL multipart upload.")
class ImportProgressSheetInput:
    file: Upload = strawberry.field(description="The sheet: a multipart file part (the GraphQL "
                                                "multipart request spec)")
    idempotency_key: str | None = strawberry.field(
        default=None, description="Retry-safe: a retry with the same key returns the first "
                                  "import's reports (or send the Idempotency-Key header)")
    confirm: bool = strawberry.field(default=False,
                                     description="Store rows dated after today (refused "
                                                 "otherwise)")


def obligation_key(value: str) -> str:
    """An obligation's key from its key or its global id (``Obligation:…`` in base64).

    >>> obligation_key("deadline:000/二(二)1/1")
    'deadline:000/二(二)1/1'
    >>> obligation_key("T2JsaWdhdGlvbjpkZWFkbGluZTowMDAv5LqMKOS6jCkxLzE=")
    'deadline:000/二(二)1/1'
    """
    if value.startswith(("deadline:", "target:", "task:")):
        return value
    try:
        found = relay.GlobalID.from_id(value)
    except GlobalIDValueError:
        return value
    return found.node_id if found.type_name == "Obligation" else value


def _obligation(context: Context, obligation_id: str) -> Obligation:
    found = find_obligation(context.graph, context.obligation_id(obligation_id))
    if found is None:
        raise missing(t("error.no_obligation", id=echo(obligation_id)),
                      argument="obligationId")
    return found


def _payload(context: Context, row: ProgressReport) -> ReportPayloadType:
    """The report and its obligation's status as of the report's day, reports included."""
    context.forget_reports()
    found = find_obligation(context.graph, row.obligation_id)
    view = None
    if found is not None:
        status = judge_obligation(context.graph, found, as_of=row.reported_on,
                                  reports=context.status_reports([found.id]),
                                  due_soon_days=context.settings.due_soon_days).status
        view = ObligationType.from_assessed(context.graph, Assessed(found, status),
                                            row.reported_on)
    return ReportPayloadType(report=ProgressReportType.from_row(row), obligation=view)


def _named_unit(context: Context, name: str, obligation: Obligation) -> Unit:
    """The unit an admin names: by name or alias in any jurisdiction, or qualified by its
    jurisdiction (``浙江省温州市/市发改委``); among namesakes of several governments, the
    one that owns ``obligation`` (or reports a county's share of it)."""
    session, graph = context.session, context.graph
    place, _, short = name.rpartition("/")
    found = [u for j in find_jurisdictions(session=session, name=place)
             for u in find_units(session=session, name=short, jurisdiction_id=j.id)
             ] if place else find_units(session=session, name=name)
    if not found:
        raise bad_input(t("error.no_unit", name=echo(name)), argument="unit")
    owners = {o.unit for o in obligation.owners}
    owning = [u for u in found if node_id("unit", u.id or 0) in owners
              or county_of(graph, unit_id=u.id, obligation=obligation) is not None]
    if len(found) == 1 or len(owning) == 1:
        return found[0] if len(found) == 1 else owning[0]
    names = "、".join(f"{unit_jurisdiction(session=session, unit=u).full_name}/{u.name}"
                     for u in found)
    raise bad_input(t("error.report.ambiguous_unit", name=echo(name), candidates=names),
                    argument="unit")


def _county(context: Context, name: str, obligation: Obligation) -> str:
    """The member county (Place node) an explicit ``county`` argument names."""
    place = county_named(context.graph, name, obligation)
    if place is None:
        members = collective_members(context.graph)
        listed = "、".join(dict.fromkeys(context.graph.nodes[p]["name"] for o in obligation.owners
                                         for p in members.get(o.unit, ())))
        raise bad_input(t("error.report.no_county", name=echo(name), id=obligation.id,
                          members=listed or t("error.report.no_owners")), argument="county")
    return place


def _place_id(context: Context, place: str | None) -> int | None:
    return None if place is None else int(context.graph.nodes[place]["db_id"])


def _reporting_unit(context: Context, principal: Principal, unit: str | None,
                    county: str | None, obligation: Obligation) -> tuple[int | None, int | None]:
    """The unit and the member county a report is stored under, after the ownership
    check (refusals audited)."""
    session, graph = context.session, context.graph
    if principal.role == "admin":
        unit_id = principal.unit_id if unit is None else _named_unit(context, unit, obligation).id
        if county is not None:
            return unit_id, _place_id(context, _county(context, county, obligation))
        return unit_id, _place_id(context, county_of(graph, unit_id=unit_id,
                                                     obligation=obligation))
    named = _named_unit(context, unit, obligation) if unit is not None else None
    if principal.unit_id is None or (named is not None and named.id != principal.unit_id):
        raise refuse(session=session, principal=principal, action="report_progress",
                     target=obligation.id, reason="not_owner",
                     message=t("error.report.own_unit_only",
                               unit=principal.unit_name or t("error.report.no_unit")))
    if not may_report(graph, unit_id=principal.unit_id, obligation=obligation):
        owners = "、".join(o.name for o in obligation.owners) or t("error.report.no_owners")
        raise refuse(session=session, principal=principal, action="report_progress",
                     target=obligation.id, reason="not_owner",
                     message=t("error.report.not_owner", unit=principal.unit_name,
                               id=obligation.id, path=obligation.path, owners=owners))
    own = county_of(graph, unit_id=principal.unit_id, obligation=obligation)
    if county is not None and _county(context, county, obligation) != own:
        # a county reports its own share, never a neighbour's
        mine = graph.nodes[own]["name"] if own else t("error.report.no_unit")
        raise refuse(session=session, principal=principal, action="report_progress",
                     target=obligation.id, reason="not_owner",
                     message=t("error.report.own_county_only", unit=principal.unit_name,
                               county=mine))
    return principal.unit_id, _place_id(context, own)


def _check_plausible(context: Context, principal: Principal, obligation: Obligation, *,
                     day: dt.date, value: float | None, confirm: bool) -> None:
    """Refuse a report dated after today or a value far outside its target's scale,
    unless confirmed; the refusal is audited (committed) before it is raised."""
    try:
        check_reported_on(day, today=dt.date.today(), confirmed=confirm)
        if value is not None:
            check_scale(value, targets=scales_of(context.graph, obligation), confirmed=confirm)
    except NeedsConfirmation as error:
        record_audit(session=context.session, action="report_progress", target=obligation.id,
                     actor=principal.actor, actor_unit=principal.unit_name,
                     actor_role=principal.role, outcome="refused",
                     new_value={"reason": error.key, "reported_on": day,
                                "value_reached": value})
        context.session.commit()
        raise bad_input(t(error.key, **error.params), argument=error.argument,
                        needsConfirmation=True) from None


def _check_evidence(url: str | None) -> None:
    if url is not None and len(url) > MAX_URL_CHARS:
        raise bad_input(t("error.evidence_url_length", limit=MAX_URL_CHARS),
                        argument="evidenceUrl")
    if url is not None and urlparse(url).scheme not in ("http", "https"):
        raise bad_input(t("error.evidence_url_scheme"), argument="evidenceUrl")


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
            return _payload(context, first[0])
        day = context.day(reported_on, "reportedOn")
        if value_reached is not None:
            try:
                check_value(value_reached)
            except ValueError:
                raise bad_input(t("error.value_reached_range", maximum=f"{MAX_VALUE:g}"),
                                argument="valueReached") from None
        if len(note) > MAX_NOTE_CHARS:
            raise bad_input(t("error.note_length", limit=MAX_NOTE_CHARS), argument="note")
        _check_evidence(evidence_url)
        obligation = _obligation(context, obligation_id)
        unit_id, place_id = _reporting_unit(context, principal, unit, county, obligation)
        _check_plausible(context, principal, obligation, day=day, value=value_reached,
                         confirm=confirm)
        row = report_progress(session=context.session, obligation_id=obligation.id,
                              unit_id=unit_id, place_id=place_id, reported_on=day, done=done,
                              value_reached=value_reached, note=note,
                              evidence_url=evidence_url, actor=principal.actor,
                              actor_unit=principal.unit_name, actor_role=principal.role)
        return _payload(context, retry.commit([row])[0])

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
        return _payload(context, row)

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
        units = {d["name"]: int(d["db_id"]) for _, d in graph.nodes(data=True)
                 if d["kind"] == "Unit"}

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
            return None if obligation is None else _place_id(
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

