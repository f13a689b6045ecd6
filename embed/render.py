"""Turn a widget's data into a response: a page, a self-contained snippet or Markdown.

Jinja2 autoescaping is on for every HTML template, so names, quotes and the filter
values a visitor typed are escaped; Markdown output escapes through the ``md`` filter
(:func:`escaping.markdown.escape_markdown`, the one Markdown policy).
Every response carries the headers of :func:`embed.security.security_headers`.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, Response

from embed.security import security_headers
from escaping.markdown import escape_markdown
from graph.asof import BadParameter
from i18n import current_locale, t

EMBED_DIR = Path(__file__).resolve().parent
TEMPLATE_DIR = EMBED_DIR / "templates"
STATIC_DIR = EMBED_DIR / "static"
STATIC_URL = "/embed/static/"
WIDGET_FORMATS = ("html", "snippet", "md")

@lru_cache(maxsize=1)
def environment() -> Environment:
    """The template environment (HTML autoescaped, Markdown through ``md``)."""
    env = Environment(loader=FileSystemLoader(TEMPLATE_DIR),
                      autoescape=select_autoescape(["html", "svg"], default=False),
                      trim_blocks=False, lstrip_blocks=False)
    env.filters["md"] = escape_markdown
    # {{ _("status.OVERDUE") }}: the catalogue, in the request's language (``_`` because
    # templates loop with ``t`` for a task)
    env.globals["t"] = env.globals["_"] = t
    return env


@lru_cache(maxsize=1)
def inline_css() -> str:
    """The widget stylesheet, for snippets that may not reference anything."""
    return (STATIC_DIR / "embed.css").read_text(encoding="utf-8")


def page_url(request: Request) -> str:
    """The request's URL without ``format`` and ``access_token`` (safe to share)."""
    params = [(k, v) for k, v in request.query_params.multi_items()
              if k not in ("format", "access_token")]
    base = str(request.url.replace(query=""))
    return base + ("?" + urlencode(params) if params else "")


def oembed_link(request: Request) -> str:
    """The oEmbed discovery URL of the page being served."""
    return f"{request.base_url}oembed?url={quote(page_url(request), safe='')}&format=json"


def widget_format(request: Request) -> str:
    """``html`` (default), ``snippet`` or ``md``; ``BadParameter`` for anything else."""
    fmt = request.query_params.get("format", "html") or "html"
    if fmt not in WIDGET_FORMATS:
        raise BadParameter(t("widget.error.bad_format", formats=", ".join(WIDGET_FORMATS),
                             value=fmt[:20]))
    return fmt


def render_widget(request: Request, widget: str, *, title: str, as_of: str,
                  fmt: str = "html", status_code: int = 200, **context: Any) -> Response:
    """Render ``templates/<widget>.html`` (or ``md/<widget>.md``) as a response.

    Parameters
    ----------
    request
        The request (for the page and oEmbed URLs).
    widget
        The template's name: unit, overdue, place, document, timeline, network, …
    title
        The page title.
    as_of
        The day the data is as of (ISO), shown in every footer.
    fmt
        html, snippet or md.
    context
        Whatever the template reads (usually ``view``).
    """
    env = environment()
    values = {"title": title, "as_of": as_of, "widget": widget, "static_url": STATIC_URL,
              "page_url": page_url(request), "snippet": fmt == "snippet",
              "lang": "zh-CN" if current_locale() == "zh" else current_locale(),
              "css": inline_css() if fmt == "snippet" else "",
              "oembed_url": oembed_link(request) if request.url.path.startswith("/embed/")
              else "", **context}
    headers = security_headers(request)
    if fmt == "md":
        body = env.get_template(f"md/{widget}.md").render(**values)
        return PlainTextResponse(body, status_code=status_code, headers=headers,
                                 media_type="text/markdown; charset=utf-8")
    body = env.get_template(f"{widget}.html").render(**values)
    return HTMLResponse(body, status_code=status_code, headers=headers)


def error_response(request: Request, status_code: int, heading: str, message: str,
                   suggestions: list[str] | None = None, *, fmt: str = "html") -> Response:
    """An error a person can act on, in the widget's format (HTML page or plain text)."""
    if fmt == "md":
        hint = f" {t('widget.error.suggest')}{'、'.join(suggestions)}" if suggestions else ""
        return PlainTextResponse(escape_markdown(f"{heading}: {message}{hint}"),
                                 status_code=status_code, headers=security_headers(request))
    return render_widget(request, "error", title=heading, as_of="", fmt="html",
                         status_code=status_code, heading=heading, message=message,
                         suggestions=suggestions or [])
