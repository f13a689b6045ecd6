"""Progress reports through the API: the inputs and payload of reportProgress,
retractReport and importProgressSheet, and the checks a report passes before it is
stored (who may report for which unit or county, plausible day and scale, evidence URL).

The Mutation type (:mod:`schema.mutation`) keeps only the resolvers.
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlparse

import strawberry
from strawberry import relay
from strawberry.file_uploads import Upload
from strawberry.relay.types import GlobalIDValueError

from access.principal import Principal
from graph.agenda import Assessed
from graph.build import node_id
from graph.obligations import Obligation, find_obligation
from graph.shares import collective_members, judge_obligation, scales_of
from i18n import t
from schema.auth import refuse
from schema.context import Context
from schema.errors import bad_input, echo, missing
from schema.obligation import ObligationType
from schema.progress import (
    ProgressReportType,
    county_named,
    county_of,
    may_report,
)
from store.audit import record_audit
from store.crud.jurisdictions import find_jurisdictions
from store.crud.units import find_units, unit_jurisdiction
from store.progress.plausible import NeedsConfirmation, check_reported_on, check_scale
from store.progress.reports import (
    MAX_URL_CHARS,
)
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


def obligation_or_missing(context: Context, obligation_id: str) -> Obligation:
    found = find_obligation(context.graph, context.obligation_id(obligation_id))
    if found is None:
        raise missing(t("error.no_obligation", id=echo(obligation_id)),
                      argument="obligationId")
    return found


def report_payload(context: Context, row: ProgressReport) -> ReportPayloadType:
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


def named_unit(context: Context, name: str, obligation: Obligation) -> Unit:
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


def county_share(context: Context, name: str, obligation: Obligation) -> str:
    """The member county (Place node) an explicit ``county`` argument names."""
    place = county_named(context.graph, name, obligation)
    if place is None:
        members = collective_members(context.graph)
        listed = "、".join(dict.fromkeys(context.graph.nodes[p]["name"] for o in obligation.owners
                                         for p in members.get(o.unit, ())))
        raise bad_input(t("error.report.no_county", name=echo(name), id=obligation.id,
                          members=listed or t("error.report.no_owners")), argument="county")
    return place


def place_id_named(context: Context, place: str | None) -> int | None:
    return None if place is None else int(context.graph.nodes[place]["db_id"])


def reporting_unit(context: Context, principal: Principal, unit: str | None,
                    county: str | None, obligation: Obligation) -> tuple[int | None, int | None]:
    """The unit and the member county a report is stored under, after the ownership
    check (refusals audited)."""
    session, graph = context.session, context.graph
    if principal.role == "admin":
        unit_id = principal.unit_id if unit is None else named_unit(context, unit, obligation).id
        if county is not None:
            return unit_id, place_id_named(context, county_share(context, county, obligation))
        return unit_id, place_id_named(context, county_of(graph, unit_id=unit_id,
                                                     obligation=obligation))
    named = named_unit(context, unit, obligation) if unit is not None else None
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
    if county is not None and county_share(context, county, obligation) != own:
        # a county reports its own share, never a neighbour's
        mine = graph.nodes[own]["name"] if own else t("error.report.no_unit")
        raise refuse(session=session, principal=principal, action="report_progress",
                     target=obligation.id, reason="not_owner",
                     message=t("error.report.own_county_only", unit=principal.unit_name,
                               county=mine))
    return principal.unit_id, place_id_named(context, own)


def check_plausible(context: Context, principal: Principal, obligation: Obligation, *,
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


def check_evidence(url: str | None) -> None:
    if url is not None and len(url) > MAX_URL_CHARS:
        raise bad_input(t("error.evidence_url_length", limit=MAX_URL_CHARS),
                        argument="evidenceUrl")
    if url is not None and urlparse(url).scheme not in ("http", "https"):
        raise bad_input(t("error.evidence_url_scheme"), argument="evidenceUrl")
