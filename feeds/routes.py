"""Starlette routes of the feeds: ``/calendar/{unit}.ics``, ``/calendar/place/{place}.ics``,
``/metrics``.

They read the app's :class:`graph.state.GraphHolder` (``app.state.holder``) and its
engine for progress reports, like ``/graphql``.  The handlers are plain functions, so
Starlette runs them in its thread pool: their database reads and graph walks never
block the event loop.  ``?as_of=2019-01-01`` judges status on
another day (default: today); calendars list every instance through next year.  Refusals
and errors are worded in the request's language (``?lang=``, ``Accept-Language``).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

from sqlmodel import Session
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import BaseRoute, Route

from access.http import request_may_read
from feeds.ical import render_calendar
from feeds.metrics import obligations_page, outbox_family
from graph.judged import assess_with_reports, stored_reports
from graph.names import AmbiguousName, UnknownName, resolve_place, resolve_unit
from graph.places import obligations_of_place
from graph.window import OutOfWindow, allowed_window
from i18n import t
from observability.metrics import CONTENT_TYPE, Metrics
from settings import Settings
from store.outbox import count_messages_by_status

CALENDAR_TYPE = "text/calendar; charset=utf-8"


def _count(request: Request, route: str) -> None:
    """Count a feed request in the application's registry (``app.state.metrics``, set by
    ``server.create_app``; an app without one counts nothing)."""
    metrics: Metrics | None = getattr(request.app.state, "metrics", None)
    if metrics is not None:
        metrics.count_feed_request(route)


def _as_of(request: Request) -> dt.date:
    """``?as_of=``, default today; ValueError when malformed or outside the window of
    :mod:`graph.window` (a calendar through year 9999 + 1 would not even fit a date)."""
    text = request.query_params.get("as_of")
    today = dt.date.today()
    day = dt.date.fromisoformat(text) if text else today
    settings: Settings = request.app.state.settings  # what the app started with
    graph = request.app.state.holder.current().graph
    return allowed_window(graph, today=today,
                          margin_years=settings.date_margin_years).check(day, "as_of")


def _refused() -> Response:
    """401 for a caller the read rule (:func:`access.http.request_may_read`) refuses."""
    return PlainTextResponse(t("feed.error.token_required"), status_code=401,
                             headers={"WWW-Authenticate": "Bearer"})


def _day_asked(request: Request, route: str) -> dt.date | Response:
    """The day a feed is judged on, or the response refusing the request: counted in
    the metrics, then the read rule, then ``?as_of=`` (a 400 saying why)."""
    _count(request, route)
    if not request_may_read(request):
        return _refused()
    try:
        return _as_of(request)
    except OutOfWindow as error:
        return PlainTextResponse(str(error), status_code=400)
    except ValueError:
        return PlainTextResponse(t("error.bad_date", argument="as_of",
                                   value=request.query_params.get("as_of", "")[:40]),
                                 status_code=400)


def unit_calendar(request: Request) -> Response:
    """All obligations a unit owns (by canonical name or alias) as an iCalendar feed;
    ``?jurisdiction=`` picks whose unit a name shared by several governments is."""
    as_of = _day_asked(request, "/calendar/{unit}.ics")
    if isinstance(as_of, Response):
        return as_of
    holder = request.app.state.holder
    graph = holder.current().graph
    try:
        unit = resolve_unit(graph, request.path_params["unit"],
                            request.query_params.get("jurisdiction"))
    except (UnknownName, AmbiguousName) as exc:
        return PlainTextResponse(str(exc), status_code=404)
    with Session(holder.engine) as session:
        assessed = assess_with_reports(graph, session=session, as_of=as_of,
                                       through_year=as_of.year + 1, unit=unit)
    title = f"{graph.nodes[unit]['name']} 督办事项"
    return Response(render_calendar(graph, assessed, name=title), media_type=CALENDAR_TYPE)


def place_calendar(request: Request) -> Response:
    """Obligations of a place (via its collective units and the tasks naming it)."""
    as_of = _day_asked(request, "/calendar/place/{place}.ics")
    if isinstance(as_of, Response):
        return as_of
    holder = request.app.state.holder
    graph = holder.current().graph
    try:
        place = resolve_place(graph, request.path_params["place"])
    except (UnknownName, AmbiguousName) as exc:
        return PlainTextResponse(str(exc), status_code=404)
    with Session(holder.engine) as session:
        reports = stored_reports(session=session, as_of=as_of)
    assessed = obligations_of_place(graph, place, as_of=as_of, reports=reports,
                                    through_year=as_of.year + 1)  # next year's items too
    title = f"{graph.nodes[place]['name']} 督办事项"
    return Response(render_calendar(graph, assessed, name=title), media_type=CALENDAR_TYPE)


def metrics(request: Request) -> Response:
    """Prometheus metrics: obligations per unit and status and the alert outbox on
    ``as_of``, then the application's registry (requests, latency, failed logins)."""
    as_of = _day_asked(request, "/metrics")
    if isinstance(as_of, Response):
        return as_of
    holder = request.app.state.holder
    graph = holder.current().graph
    with Session(holder.engine) as session:
        reports = stored_reports(session=session, as_of=as_of)
        counts = count_messages_by_status(session=session)
    outbox: Counter[str] = Counter({s: 0 for s in ("pending", "sending", "sent", "failed")})
    outbox.update(counts)
    metrics: Metrics | None = getattr(request.app.state, "metrics", None)
    # two pages one after the other are one page: families are independent blocks
    page = (obligations_page(graph, as_of=as_of, reports=reports)  # an app without a
            + (metrics or Metrics()).exposition([outbox_family(outbox)]))  # registry: gauges
    return Response(page, media_type=CONTENT_TYPE)


def routes() -> list[BaseRoute]:
    """The feed routes, to add to the application's route list."""
    return [
        # names may hold "/" (sent as %2F): path converters; places are matched first
        Route("/calendar/place/{place:path}.ics", place_calendar, methods=["GET"]),
        Route("/calendar/{unit:path}.ics", unit_calendar, methods=["GET"]),
        Route("/metrics", metrics, methods=["GET"]),
    ]
