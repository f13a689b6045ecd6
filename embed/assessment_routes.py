"""The assessment (考核) routes: the ranking table widget and its download.

``/embed/assessment`` and ``/export/assessment.{fmt}``, listed by
:func:`embed.routes.routes`.  Both read the assessment configuration the settings name
(``assessment_config``); an invalid one is the server's fault, answered 500 and logged.
"""

from __future__ import annotations

import logging

from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response

from embed.guard import guarded
from embed.render import error_response, render_widget
from embed.security import security_headers
from exports.assessment import assessment_table, assessment_xlsx
from exports.formats import FORMATS, render
from graph.asof import AsOfContext
from graph.assessment_config import ConfigError, load_config
from graph.assessment_view import (
    MAX_ROWS,
    AssessmentView,
    assessment_view,
    parse_first,
    parse_kind,
)
from i18n import t


def _assessment(request: Request, context: AsOfContext, *, rows: str | None = None
                ) -> AssessmentView:
    q = request.query_params
    config = load_config(request.app.state.settings.assessment_config)
    return assessment_view(context, config=config, kind=parse_kind(q.get("kind")),
                           jurisdiction=q.get("jurisdiction"),
                           first=parse_first(q.get("first") or rows))


def _bad_config(request: Request, error: ConfigError, fmt: str) -> Response:
    """The configured assessment file is invalid: the reader is told, the log says which
    field (never a 400: the request was fine)."""
    # logged under the routes module's name, as before the handlers moved here
    logging.getLogger("embed.routes").error("assessment config: %s", error)
    return error_response(request, 500, t("widget.title.assessment"),
                          t("assessment.config_error"), fmt=fmt)


def assessment_page(request: Request) -> Response:
    """``/embed/assessment?asOf=&jurisdiction=&kind=unit|place&first=``: the ranking table."""
    def answer(context: AsOfContext, fmt: str) -> Response:
        try:
            view = _assessment(request, context)
        except ConfigError as error:
            return _bad_config(request, error, fmt)
        return render_widget(request, "assessment", title=view.title,
                             as_of=context.as_of.isoformat(), fmt=fmt, view=view)
    return guarded(request, answer)


def assessment_export(request: Request) -> Response:
    """``/export/assessment.{xlsx,csv,md,json}?asOf=&jurisdiction=&kind=``: the 考核表
    (every ranked subject, up to ``first`` = 500)."""
    fmt = request.path_params["fmt"]
    if fmt not in FORMATS:
        return PlainTextResponse(t("widget.error.unknown_export", whats="assessment",
                                   formats="|".join(FORMATS)),
                                 status_code=404, headers=security_headers())

    def answer(context: AsOfContext, _fmt: str) -> Response:
        try:
            view = _assessment(request, context, rows=str(MAX_ROWS))
        except ConfigError as error:
            return _bad_config(request, error, "html")
        body = assessment_xlsx(view) if fmt == "xlsx" else render(assessment_table(view), fmt)
        headers = security_headers()
        headers["Content-Disposition"] = f'attachment; filename="assessment.{fmt}"'
        return Response(body, headers=headers, media_type=FORMATS[fmt])
    return guarded(request, answer)
