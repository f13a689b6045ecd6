"""oEmbed (https://oembed.com): a pasted widget link becomes a live card in the wiki.

``/oembed?url=…&maxwidth=…&maxheight=…&format=json`` answers a ``rich`` response whose
``html`` is an ``<iframe>`` of the widget.  Only this server's own widget URLs are
answered (same host, a path under ``/embed/``); anything else is 404, as the spec asks,
so the endpoint cannot be used to frame other sites.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl, quote, unquote, urlencode, urlsplit, urlunsplit

from i18n import t

PROVIDER = "政策知识图谱 policygraph"
DEFAULT_WIDTH = 600

# widget path pattern → (title, default height)
_WIDGETS: list[tuple[re.Pattern[str], str, int]] = [
    (re.compile(r"^/embed/unit/[^/]+$"), "单位卡片", 480),
    (re.compile(r"^/embed/place/[^/]+$"), "地区卡片", 480),
    (re.compile(r"^/embed/document/[^/]+$"), "文件提纲", 640),
    (re.compile(r"^/embed/overdue$"), "逾期事项", 400),
    (re.compile(r"^/embed/timeline$"), "期限时间轴", 420),
    (re.compile(r"^/embed/network$"), "责任网络", 640),
    (re.compile(r"^/embed/network\.svg$"), "责任网络", 640),
    (re.compile(r"^/embed/assessment$"), "分类分档考核", 560),
    (re.compile(r"^/embed/map$"), "县域地图", 940),
    (re.compile(r"^/embed/map\.svg$"), "县域地图", 620),
    (re.compile(r"^/embed/totals$"), "量化目标完成合计", 480),
    (re.compile(r"^/embed/trend$"), "到期、完成与逾期趋势", 440),
    (re.compile(r"^/embed/trend\.svg$"), "到期、完成与逾期趋势", 300),
]


class NotEmbeddable(LookupError):
    """The URL is not one of this server's widgets (answered with 404)."""


class FormatNotImplemented(ValueError):
    """Only ``format=json`` is offered (answered with 501, as the spec says)."""


@dataclass(frozen=True)
class Widget:
    """A widget URL that passed validation."""

    url: str  # normalised: no format / access_token parameters
    title: str
    height: int


def parse_widget_url(url: str, *, host: str) -> Widget:
    """Check that ``url`` is a widget of the server answering on ``host``.

    Parameters
    ----------
    url
        The pasted link.
    host
        The ``host[:port]`` this server was reached at.

    Raises
    ------
    NotEmbeddable
        For another host, a non-HTTP scheme or a path that is not a widget.

    Examples
    --------
    >>> parse_widget_url("http://wiki.local:8000/embed/unit/%E7%BB%8F%E5%90%88%E5%8A%9E?format=md",
    ...                  host="wiki.local:8000").title
    '单位卡片 · 经合办'
    >>> parse_widget_url("http://evil.example/embed/overdue", host="wiki.local:8000")
    Traceback (most recent call last):
    ...
    embed.oembed.NotEmbeddable: 不是本服务的小部件:http://evil.example/embed/overdue
    """
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or parts.netloc.lower() != host.lower():
        raise NotEmbeddable(t("widget.error.not_embeddable", url=url[:100]))
    path = parts.path
    for pattern, title, height in _WIDGETS:
        if pattern.match(path):
            name = unquote(path.rsplit("/", 1)[1]) if path.count("/") == 3 else ""
            query = [(k, v) for k, v in parse_qsl(parts.query)
                     if k not in ("format", "access_token")]
            # Re-encode the path: a pasted link may carry raw Chinese or be percent-encoded.
            clean = urlunsplit((parts.scheme, parts.netloc, quote(unquote(path), safe="/"),
                                urlencode(query), ""))
            return Widget(url=clean, title=f"{title} · {name}" if name else title, height=height)
    raise NotEmbeddable(t("widget.error.not_embeddable", url=url[:100]))


class BadDimension(ValueError):
    """``maxwidth`` or ``maxheight`` is not a positive whole number of pixels."""


def _bound(value: str | None, default: int, name: str = "maxwidth") -> int:
    """``min(default, value)`` for a positive integer parameter; ``default`` when absent.

    >>> _bound("300", 600), _bound(None, 600), _bound("", 600)
    (300, 600, 600)
    >>> _bound("9" * 4301, 600)
    Traceback (most recent call last):
    ...
    embed.oembed.BadDimension: maxwidth 须为 1 至 99999 的整数像素。
    """
    if not value:
        return default
    # at most five digits: int() of thousands of digits is refused by Python itself
    if not (value.isascii() and value.isdigit() and len(value) <= 5 and int(value) > 0):
        raise BadDimension(t("widget.error.bad_dimension", name=name))
    return min(default, int(value))


def oembed_response(url: str, *, host: str, maxwidth: str | None = None,
                    maxheight: str | None = None, fmt: str | None = "json") -> dict[str, Any]:
    """The oEmbed JSON for a widget URL.

    Raises
    ------
    NotEmbeddable
        When ``url`` is not one of this server's widgets.
    FormatNotImplemented
        For ``format`` other than json.
    BadDimension
        For a ``maxwidth`` or ``maxheight`` that is not a positive whole number.
    """
    if fmt not in (None, "", "json"):
        raise FormatNotImplemented(t("widget.error.oembed_format", format=fmt[:20]))
    widget = parse_widget_url(url, host=host)
    width = _bound(maxwidth, DEFAULT_WIDTH)
    height = _bound(maxheight, widget.height, "maxheight")
    frame = (f'<iframe src="{html.escape(widget.url, quote=True)}" width="{width}" '
             f'height="{height}" title="{html.escape(widget.title, quote=True)}" '
             'style="border:0" loading="lazy"></iframe>')
    return {"version": "1.0", "type": "rich", "provider_name": PROVIDER,
            "title": widget.title, "html": frame, "width": width, "height": height,
            "cache_age": 300}
