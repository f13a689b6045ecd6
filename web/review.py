"""The review queue pages of the dashboard: ``/review`` (documents and their open counts)
and ``/review/{document}`` (a document's unsure facts, each with accept and dismiss).

Pages are rendered on the server and readable without JavaScript, under the read rule of
every data page (:func:`access.http.request_may_read`).  Deciding is a write, so it goes
through GraphQL with a bearer token: ``static/review/review.js`` takes an editor or admin
token typed into the page (kept in memory only: never in a URL, a cookie or storage) and
calls ``acceptReviewItem`` / ``dismissReviewItem``, which check the token's scope and
audit the decision.  The script is a file from this server, so the widgets' CSP
(``script-src 'self'``) holds.

The pages belong to the dashboard: they answer with its error page and its headers, which
the server hands to :func:`routes` (:class:`DashboardPages`), so web/ imports nothing of
the widgets.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache, partial
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape
from sqlmodel import Session
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import BaseRoute, Mount, Route

from access.http import request_may_read
from i18n import current_locale, t
from store.crud.document_pages import page_documents
from store.crud.documents import find_document
from store.labels import document_label
from store.review.items import count_review_items, count_review_items_of, list_review_items
from web.playground import PlaygroundStaticFiles
from web.review_rows import review_row

WEB_DIR = Path(__file__).resolve().parent
STATIC_DIR = WEB_DIR / "static" / "review"
STATIC_URL = "/review/static/"
# The page lists every open item of one document; a bound keeps a corrupt queue readable.
MAX_ROWS = 1000
# The index lists documents a page at a time, in key order (``?after=<key>`` for the next).
INDEX_PAGE = 100
MAX_KEY_LENGTH = 200


@dataclass(frozen=True)
class DashboardPages:
    """What the review pages share with the dashboard they belong to."""

    error_page: Callable[..., Response]
    """``error_page(request, status, heading, message)``: an error a person can act on."""
    headers: Callable[[Request], dict[str, str]]
    """The security headers (CSP with the framing policy) of a page answering ``request``."""


@lru_cache(maxsize=1)
def _environment() -> Environment:
    env = Environment(loader=FileSystemLoader(WEB_DIR / "templates"),
                      autoescape=select_autoescape(["html"]))
    env.globals["_"] = t
    return env


def _render(request: Request, pages: DashboardPages, template: str, status_code: int = 200,
            **values: Any) -> HTMLResponse:
    lang = "zh-CN" if current_locale() == "zh" else current_locale()
    body = _environment().get_template(template).render(static_url=STATIC_URL, lang=lang,
                                                        **values)
    headers = {**pages.headers(request), "Cache-Control": "no-store"}  # decisions change it
    return HTMLResponse(body, status_code=status_code, headers=headers)


def _refused(request: Request, pages: DashboardPages) -> Response:
    return pages.error_page(request, 401, t("widget.error.token_required"),
                          t("widget.error.token_required_message"))


def review_index(request: Request, pages: DashboardPages) -> Response:
    """``/review``: every stored document with its open review items."""
    if not request_may_read(request):
        return _refused(request, pages)
    after = request.query_params.get("after", "")[:MAX_KEY_LENGTH] or None
    with Session(request.app.state.holder.engine) as session:
        documents = page_documents(session=session, after=(after,) if after else None,
                                   limit=INDEX_PAGE + 1)
        shown = documents[:INDEX_PAGE]
        counts = count_review_items_of(session=session, document_ids=[d.id or 0 for d in shown])
        rows = [(d.key, document_label(d.number, d.title,
                                       None if d.number or d.title else d.text),
                 counts[d.id or 0]) for d in shown]
    following = shown[-1].key if len(documents) > INDEX_PAGE else None
    return _render(request, pages, "review_index.html", title=t("review.title"), documents=rows,
                   following=following)


def review_page(request: Request, pages: DashboardPages) -> Response:
    """``/review/{document}`` (key, 文号 or title): the document's open review items."""
    if not request_may_read(request):
        return _refused(request, pages)
    reference = request.path_params["document"]
    with Session(request.app.state.holder.engine) as session:
        document = find_document(session=session, reference=reference)
        if document is None:
            return pages.error_page(request, 404, t("widget.error.not_found.document"),
                                  t("documents.not_found", reference=reference[:60]))
        items = list_review_items(session=session, document_id=document.id, limit=MAX_ROWS)
        rows = [review_row(id=i.id or 0, kind=i.kind, task_path=i.task_path, quote=i.quote,
                           detail=i.detail) for i in items]
        counts = count_review_items(session=session, document_id=document.id)
        label = document_label(document.number, document.title, document.text)
        key = document.key
    return _render(request, pages, "review.html", title=t("review.title.document", document=label),
                   document_key=key, rows=rows, counts=counts)


def routes(pages: DashboardPages) -> list[BaseRoute]:
    """The review pages and their script, for ``Starlette(routes=[…, *routes(pages)])``."""
    return [
        Mount("/review/static", app=PlaygroundStaticFiles(directory=STATIC_DIR),
              name="review-static"),
        Route("/review", partial(review_index, pages=pages), methods=["GET"]),
        Route("/review/{document:path}", partial(review_page, pages=pages), methods=["GET"]),
    ]
