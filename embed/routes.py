"""The embed routes: widgets under ``/embed/``, ``/oembed``, ``/export/…`` and the dashboard.

Mounted by ``server.create_app`` with ``*embed.routes.routes()``.  Handlers are plain
functions (Starlette runs them in its thread pool) reading the app's lifespan state:
``app.state.holder`` (the graph) and ``app.state.settings``.  The assessment's handlers
are in :mod:`embed.assessment_routes`.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import BaseRoute, Mount, Route
from starlette.types import ASGIApp

from embed.assessment_routes import assessment_export, assessment_page
from embed.guard import guarded, query_filters
from embed.oembed import BadDimension, FormatNotImplemented, NotEmbeddable, oembed_response
from embed.paging import Window, parse_window, with_offset
from embed.render import STATIC_DIR, render_widget
from embed.security import security_headers
from embed.svg.network import network_svg
from embed.views.dashboard import dashboard
from embed.views.document import document_outline
from embed.views.map import county_map
from embed.views.network import cytoscape_elements, responsibility_network
from embed.views.overdue import overdue_list
from embed.views.place import place_card
from embed.views.timeline import timeline
from embed.views.totals import totals_table
from embed.views.trend import TrendChart, trend_chart
from embed.views.unit import Pages, unit_card
from embed.warmup import warm_process
from exports.formats import FORMATS, render
from exports.tables import WHAT, export_table
from graph.asof import AsOfContext, urge_lines
from graph.assessment_config import load_config
from i18n import t

UNIT_OFFSETS = ("offset", "tasksOffset", "targetsOffset")
"""The unit card's lists: obligations, tasks and targets, each paged on its own."""


def unit_page(request: Request) -> Response:
    """``/embed/unit/{name}?first=&offset=&tasksOffset=&targetsOffset=``: the unit card."""
    name = request.path_params["name"]

    def answer(context: AsOfContext, fmt: str) -> Response:
        obligations, tasks, targets = (_window(request, which) for which in UNIT_OFFSETS)
        view = unit_card(context, name, request.query_params.get("jurisdiction"),
                         urges_of=lambda unit_id: urge_lines(request.app.state.holder.engine,
                                                             unit_id),
                         pages=Pages(obligations=obligations, tasks=tasks, targets=targets))
        links = {offset: _pages(request, fmt, offset) for offset in UNIT_OFFSETS}
        return render_widget(request, "unit", title=t("widget.title.unit", name=name),
                             as_of=context.as_of.isoformat(), fmt=fmt, view=view,
                             page_links=links,
                             breakdown=_export_link(request, "breakdown", context, unit=view.name,
                                                    **_in(view.jurisdiction)))
    return guarded(request, answer)


def place_page(request: Request) -> Response:
    """``/embed/place/{name}``: the place card."""
    name = request.path_params["name"]
    return guarded(request, lambda r, fmt: render_widget(
        request, "place", title=t("widget.title.place", name=name), as_of=r.as_of.isoformat(), fmt=fmt,
        view=place_card(r, name)))


def document_page(request: Request) -> Response:
    """``/embed/document/{key}``: the document outline (key, number or title)."""
    name = request.path_params["key"]
    return guarded(request, lambda r, fmt: render_widget(
        request, "document", title=t("widget.title.document", name=name), as_of=r.as_of.isoformat(), fmt=fmt,
        view=document_outline(r, name)))


def _window(request: Request, offset_name: str = "offset") -> Window:
    """``?first=`` and ``?offset=`` (:mod:`embed.paging`; BadParameter outside their ranges)."""
    q = request.query_params
    return parse_window(q.get("first"), q.get(offset_name), offset_name=offset_name)


def _pages(request: Request, fmt: str, name: str = "offset") -> Callable[[int], str]:
    """The absolute link to the page at an offset, every other query parameter kept (an
    ``access_token`` only in a page, which navigates inside its frame: never in a snippet
    or Markdown meant to be pasted elsewhere)."""
    params = [(k, v) for k, v in request.query_params.multi_items()
              if fmt == "html" or k != "access_token"]
    base = str(request.url.replace(query=""))
    return lambda offset: base + with_offset(params, name, offset)


def _export_link(request: Request, what: str, context: AsOfContext, **filters: str) -> str:
    """The absolute link to the XLSX export ``what`` as of the day asked about."""
    query = urlencode({"asOf": context.as_of.isoformat(), **filters})
    return f"{request.base_url}export/{what}.xlsx?{query}"


def _in(jurisdiction: str) -> dict[str, str]:
    """``jurisdiction=`` for a link naming a unit: its canonical name may be every city's."""
    return {"jurisdiction": jurisdiction} if jurisdiction else {}


def overdue_page(request: Request) -> Response:
    """``/embed/overdue?asOf=&unit=&place=&document=&first=&offset=``: one page of it."""
    return guarded(request, lambda r, fmt: render_widget(
        request, "overdue", title=t("widget.title.overdue"), as_of=r.as_of.isoformat(), fmt=fmt,
        view=overdue_list(r, **query_filters(request), window=_window(request)),
        page_link=_pages(request, fmt), whole_list=_export_link(request, "obligations", r)))


def timeline_page(request: Request) -> Response:
    """``/embed/timeline?unit=&place=&document=``: the Gantt-like SVG in a page."""
    return guarded(request, lambda r, fmt: render_widget(
        request, "timeline", title=t("widget.title.timeline"), as_of=r.as_of.isoformat(), fmt=fmt,
        view=timeline(r, unit=request.query_params.get("unit"),
                      place=request.query_params.get("place"),
                      document=request.query_params.get("document"),
                      jurisdiction=request.query_params.get("jurisdiction"))))


def totals_page(request: Request) -> Response:
    """``/embed/totals?asOf=&groupBy=unit,year&unit=&place=&document=&year=&jurisdiction=``:
    targets committed vs reached, summed in one base unit of measure each."""
    q = request.query_params
    return guarded(request, lambda r, fmt: render_widget(
        request, "totals", title=t("widget.title.totals"), as_of=r.as_of.isoformat(), fmt=fmt,
        view=totals_table(r, group_by=q.get("groupBy"), year=q.get("year"),
                          **query_filters(request))))


def _trend(request: Request, context: AsOfContext) -> TrendChart:
    q = request.query_params
    return trend_chart(context, start=q.get("from"), end=q.get("to"), unit=q.get("unit"),
                       place=q.get("place"), jurisdiction=q.get("jurisdiction"))


def trend_page(request: Request) -> Response:
    """``/embed/trend?asOf=&from=2018-06&to=2019-03&unit=|place=|jurisdiction=``: due,
    done and overdue at each month's end, the chart in a page (or a table in Markdown)."""
    return guarded(request, lambda r, fmt: render_widget(
        request, "trend", title=t("widget.title.trend"), as_of=r.as_of.isoformat(), fmt=fmt,
        view=_trend(request, r)))


def trend_svg_page(request: Request) -> Response:
    """``/embed/trend.svg?…``: the trend chart alone."""
    return guarded(request, lambda r, _fmt: Response(
        _trend(request, r).svg, headers=security_headers(), media_type="image/svg+xml"))


def network_svg_page(request: Request) -> Response:
    """``/embed/network.svg?unit=|place=|document=``: the responsibility network picture."""
    def answer(context: AsOfContext, _fmt: str) -> Response:
        network = responsibility_network(context, **query_filters(request))
        return Response(network_svg(network.nodes, network.edges), headers=security_headers(request),
                        media_type="image/svg+xml")
    return guarded(request, answer)


def network_page(request: Request) -> Response:
    """``/embed/network?…``: the interactive network (vendored cytoscape)."""
    def answer(context: AsOfContext, fmt: str) -> Response:
        filters = query_filters(request)
        network = responsibility_network(context, **filters)
        # "</" must not appear inside a <script> element, whatever the data says.
        elements = json.dumps(cytoscape_elements(network), ensure_ascii=False)
        elements = elements.replace("<", "\\u003c").replace(">", "\\u003e")
        query = request.url.query
        return render_widget(request, "network", title=t("widget.title.network"), as_of=context.as_of.isoformat(),
                             fmt="html", elements_json=elements, node_count=len(network.nodes),
                             filters={k: v for k, v in filters.items() if v},
                             svg_url="/embed/network.svg" + (f"?{query}" if query else ""))
    return guarded(request, answer)


def map_svg_page(request: Request) -> Response:
    """``/embed/map.svg?asOf=&jurisdiction=``: the county map picture."""
    def answer(context: AsOfContext, _fmt: str) -> Response:
        view = county_map(context, request.query_params.get("jurisdiction"),
                          config=load_config(request.app.state.settings.assessment_config))
        return Response(view.svg, headers=security_headers(), media_type="image/svg+xml")
    return guarded(request, answer)


def map_page(request: Request) -> Response:
    """``/embed/map?asOf=&jurisdiction=``: the county map with its table of bands."""
    def answer(context: AsOfContext, fmt: str) -> Response:
        view = county_map(context, request.query_params.get("jurisdiction"),
                          config=load_config(request.app.state.settings.assessment_config))
        return render_widget(request, "map", title=t("widget.title.map", region=view.jurisdiction),
                             as_of=context.as_of.isoformat(), fmt=fmt, view=view)
    return guarded(request, answer)


def dashboard_page(request: Request) -> Response:
    """``/?asOf=&jurisdiction=``: the supervisor's desk (ranking, totals, trend, county map,
    counts by status, the most overdue units, upcoming deadlines, links)."""
    return guarded(request, lambda r, fmt: render_widget(
        request, "dashboard", title=t("widget.title.dashboard"), as_of=r.as_of.isoformat(), fmt="html",
        view=dashboard(r, jurisdiction=request.query_params.get("jurisdiction"))))


def oembed_endpoint(request: Request) -> Response:
    """``/oembed?url=…&maxwidth=…&maxheight=…&format=json``."""
    params = request.query_params
    try:
        body: dict[str, Any] = oembed_response(
            params.get("url", ""), host=request.url.netloc, maxwidth=params.get("maxwidth"),
            maxheight=params.get("maxheight"), fmt=params.get("format", "json"))
    except NotEmbeddable as error:
        return PlainTextResponse(str(error), status_code=404, headers=security_headers(request))
    except FormatNotImplemented as error:
        return PlainTextResponse(str(error), status_code=501, headers=security_headers(request))
    except BadDimension as error:
        return PlainTextResponse(str(error), status_code=400, headers=security_headers(request))
    return JSONResponse(body, headers=security_headers(request))


def export_endpoint(request: Request) -> Response:
    """``/export/{what}.{fmt}``: obligations, targets or breakdown as csv/xlsx/md/json."""
    what, fmt = request.path_params["what"], request.path_params["fmt"]
    if what not in WHAT or fmt not in FORMATS:
        return PlainTextResponse(t("widget.error.unknown_export", whats="|".join(WHAT),
                                   formats="|".join(FORMATS)),
                                 status_code=404, headers=security_headers(request))

    def answer(context: AsOfContext, _fmt: str) -> Response:
        headers = security_headers(request)
        headers["Content-Disposition"] = f'attachment; filename="{what}.{fmt}"'
        # ?document=, ?unit= and ?jurisdiction= filter every table, as the CLI's options
        q = request.query_params
        table = export_table(context, what, document=q.get("document"), unit=q.get("unit"),
                             jurisdiction=q.get("jurisdiction"))
        return Response(render(table, fmt), headers=headers,
                         media_type=FORMATS[fmt])
    return guarded(request, answer)


def routes(static_files: Callable[..., ASGIApp]) -> list[BaseRoute]:
    """Every route of the embed package, for ``Starlette(routes=[…, *routes(…)])``.

    ``static_files(directory=…)`` serves the widgets' scripts and styles: the server
    passes the playground's, with explicit content types (.js as text/javascript
    whatever the host's mime.types says) and caching headers.  The message catalogues
    and templates are made ready here, not by the first view (:mod:`embed.warmup`).
    """
    warm_process()
    return [
        Route("/", dashboard_page, methods=["GET"]),
        # names may hold "/" (sent as %2F): the path converter takes the rest of the path
        Route("/embed/unit/{name:path}", unit_page, methods=["GET"]),
        Route("/embed/place/{name:path}", place_page, methods=["GET"]),
        Route("/embed/document/{key:path}", document_page, methods=["GET"]),
        Route("/embed/overdue", overdue_page, methods=["GET"]),
        Route("/embed/timeline", timeline_page, methods=["GET"]),
        Route("/embed/totals", totals_page, methods=["GET"]),
        Route("/embed/trend.svg", trend_svg_page, methods=["GET"]),
        Route("/embed/trend", trend_page, methods=["GET"]),
        Route("/embed/network.svg", network_svg_page, methods=["GET"]),
        Route("/embed/network", network_page, methods=["GET"]),
        Route("/embed/map.svg", map_svg_page, methods=["GET"]),
        Route("/embed/map", map_page, methods=["GET"]),
        Route("/embed/assessment", assessment_page, methods=["GET"]),
        Route("/export/assessment.{fmt}", assessment_export, methods=["GET"]),
        Route("/oembed", oembed_endpoint, methods=["GET"]),
        Route("/export/{what}.{fmt}", export_endpoint, methods=["GET"]),
        Mount("/embed/static", app=static_files(directory=STATIC_DIR),
              name="embed-static"),
    ]
