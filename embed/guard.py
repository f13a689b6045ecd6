"""A widget request's common path: the day asked about and its context, the widget
cache, the read rule, and the errors every widget page answers the same way.

Used by :mod:`embed.routes`; handlers call :func:`guarded` with what they render.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from starlette.requests import Request
from starlette.responses import Response

from access.http import request_may_read
from embed.cache import WidgetCache, progress_marker
from embed.render import error_response, widget_format
from embed.security import security_headers
from graph.asof import AsOfContext, BadParameter, as_of_context, parse_as_of
from graph.names import AmbiguousName, UnknownName
from graph.window import allowed_window
from i18n import current_locale, t
from i18n.wording import ambiguous_message, kind_name
from settings import Settings

KIND_HEADINGS = ("unit", "place", "document")


def asked_day(request: Request) -> dt.date:
    """The ``asOf`` parameter, inside the window of :mod:`graph.window` (BadParameter)."""
    graph = request.app.state.holder.current().graph
    settings: Settings = request.app.state.settings  # what the app started with
    today = dt.date.today()
    return parse_as_of(request.query_params.get("asOf"), today=today,
                       window=allowed_window(graph, today=today,
                                             margin_years=settings.date_margin_years))


def request_context(request: Request) -> AsOfContext:
    holder = request.app.state.holder
    settings: Settings = request.app.state.settings
    return as_of_context(holder.current().graph, holder.engine, asked_day(request),
                        due_soon_days=settings.due_soon_days)


def query_filters(request: Request) -> dict[str, str | None]:
    return {k: request.query_params.get(k) for k in ("unit", "place", "document", "jurisdiction")}


def cached(request: Request, render: Callable[[], Response]) -> Response:
    """``render()`` through the app's widget cache, keyed on what the answer depends on:
    data version, progress marker, the day asked about (today when unsaid) and the URL."""
    cache: WidgetCache | None = getattr(request.app.state, "widget_cache", None)
    if cache is None:
        return render()
    holder = request.app.state.holder
    key = (holder.current().version, progress_marker(holder.engine),
           asked_day(request), str(request.url), current_locale())
    response = cache.get_or_render(key, render)
    response.headers.update(security_headers(request))  # the framing policy as configured now
    return response


def guarded(request: Request, answer: Callable[[AsOfContext, str], Response]) -> Response:
    """Access check, parameter errors and unknown names, shared by every page."""
    fmt = "html"
    try:
        fmt = widget_format(request)
        if not request_may_read(request):
            return error_response(request, 401, t("widget.error.token_required"),
                                  t("widget.error.token_required_message"), fmt=fmt)
        return cached(request, lambda: answer(request_context(request), fmt))
    except BadParameter as error:
        return error_response(request, 400, t("widget.error.bad_parameter"), str(error), fmt=fmt)
    except (ValueError, OverflowError):
        # Python's own words ("year 10000 is out of range") are not for the reader
        return error_response(request, 400, t("widget.error.bad_parameter"),
                              t("widget.error.unreadable_parameter"), fmt=fmt)
    except UnknownName as error:
        kind = error.kind if error.kind in KIND_HEADINGS else "other"
        return error_response(request, 404, t(f"widget.error.not_found.{kind}"),
                              t("error.not_found.named", name=error.name[:60],
                                kind=kind_name(error.kind), hint=""),
                              error.suggestions, fmt=fmt)
    except AmbiguousName as error:
        return error_response(request, 404, t("widget.error.ambiguous"),
                              ambiguous_message(error.kind, error.name, error.candidates), error.candidates, fmt=fmt)
