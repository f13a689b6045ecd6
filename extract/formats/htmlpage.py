"""HTML pages (government sites included) to text lines.

Block tags become line breaks, so a page written on one line reads as paragraphs; tables
become one row per line (:mod:`extract.formats.tables`); scripts, styles and navigation
(``<nav>``, breadcrumbs, menus) and hidden elements are dropped.  A page whose body is one run of paragraphs
indented with full-width spaces is split at those indents.  When the page declares its
article title (``<meta name="ArticleTitle">``, the site convention, else a ``<title>`` the
body repeats, site name cut), it opens the text as a ``# title:`` line for the header reader.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from extract.formats.tables import Cell, render_rows

_BLOCK_TAGS = {
    "p", "div", "br", "li", "table", "h1", "h2", "h3", "h4", "h5", "h6", "section",
    "article", "ul", "ol", "blockquote", "pre", "hr", "caption", "dd", "dt", "center",
    "header", "main", "aside", "figure", "figcaption", "form", "fieldset", "address",
}
_SKIP_TAGS = {"script", "style", "noscript", "template", "head", "nav", "select", "button",
              "iframe", "object", "svg"}
# Site chrome named by its class or id on most government CMSs.
_CHROME = re.compile(r"(^|[\s_-])(nav|navbar|menu|crumbs?|breadcrumbs?|position|location|"
                     r"share|toolbar|footer|foot|sitemap)([\s_-]|$)", re.IGNORECASE)
# Text a reader never sees (print-only copies, share widgets) must not be read twice.
_HIDDEN = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_VOID = {"br", "hr", "img", "meta", "link", "input", "col", "area", "base", "wbr", "source"}
_TITLE_META = ("articletitle", "title", "og:title")
# A GB/T 9704 paragraph opens with two full-width spaces; mid-line, after a sentence end or
# a colon, they mark a paragraph whose break the page lost.
_LOST_BREAK = re.compile(r"(?<=[。；;：:！？!?）)])[ \t]*\u3000{2,}")
_SITE_SUFFIX = re.compile(r"\s*(?:[_|｜—–]|\s-\s).*$")


class _Table:
    def __init__(self) -> None:
        self.rows: list[list[Cell]] = []
        self.cell: list[str] | None = None  # the open cell's text parts
        self.nested = False  # holds another table: page layout, not a table of the text

    def open_row(self) -> None:
        self.close_cell()
        self.rows.append([])

    def open_cell(self, attrs: dict[str, str | None]) -> None:
        self.close_cell()
        if not self.rows:
            self.rows.append([])
        self.cell = []
        self.rows[-1].append(Cell("", _span(attrs.get("rowspan")), _span(attrs.get("colspan"))))

    def close_cell(self) -> None:
        if self.cell is not None and self.rows and self.rows[-1]:
            self.rows[-1][-1].text = _lines("".join(self.cell))
        self.cell = None


def _span(value: str | None) -> int:
    try:
        return max(1, min(int(str(value).strip()), 1000))
    except ValueError:
        return 1


def _lines(text: str) -> str:
    lines = (re.sub(r"^[^\S\t\n]+|[^\S\t\n]+$", "", line) for line in text.split("\n"))
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip("\n")


class _TextParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.tables: list[_Table] = []
        self.skipping: list[tuple[str, int]] = []  # (tag, depth) of each skipped element
        self.depth: dict[str, int] = {}
        self.meta_title: str | None = None  # declared by <meta>: trusted
        self.head_title: str | None = None  # <title>: trusted only if the body repeats it
        self.page_title: list[str] | None = None

    def _out(self) -> list[str]:
        table = self.tables[-1] if self.tables else None
        if table is not None and table.cell is not None:
            return table.cell
        return self.parts

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        named = dict(attrs)
        if tag == "meta":
            name = (named.get("name") or named.get("property") or "").lower()
            if name in _TITLE_META and named.get("content") and self.meta_title is None:
                self.meta_title = (named["content"] or "").strip()
            return
        if tag == "title" and self.page_title is None:
            self.page_title = []
        if tag in _VOID:
            if not self.skipping and tag in _BLOCK_TAGS:
                self._out().append("\n")
            return
        self.depth[tag] = self.depth.get(tag, 0) + 1
        chrome = _CHROME.search(f"{named.get('class') or ''} {named.get('id') or ''}") \
            or _HIDDEN.search(named.get("style") or "") or "hidden" in named
        if self.skipping or tag in _SKIP_TAGS or chrome:
            if not self.skipping or tag == self.skipping[-1][0]:
                self.skipping.append((tag, self.depth[tag]))
            return
        if tag == "table":
            if self.tables and self.tables[-1].cell is not None:
                self.tables[-1].nested = True
            self._out().append("\n")
            self.tables.append(_Table())
        elif tag == "tr" and self.tables:
            self.tables[-1].open_row()
        elif tag in ("td", "th") and self.tables:
            self.tables[-1].open_cell(named)
        elif tag in _BLOCK_TAGS:
            self._out().append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _VOID:
            return
        depth = self.depth.get(tag, 0)
        self.depth[tag] = max(0, depth - 1)
        if tag == "title" and self.page_title and self.head_title is None:
            self.head_title = _SITE_SUFFIX.sub("", "".join(self.page_title).strip()) or None
        if self.skipping:
            if self.skipping[-1] == (tag, depth):
                self.skipping.pop()
            return
        if tag == "table" and self.tables:
            table = self.tables.pop()
            table.close_cell()
            rendered = render_rows(table.rows, layout=table.nested)
            self._out().append("\n" + "\n".join(rendered) + "\n")
        elif tag in ("td", "th") and self.tables:
            self.tables[-1].close_cell()
        elif tag in _BLOCK_TAGS:
            self._out().append("\n")

    def handle_data(self, data: str) -> None:
        if self.page_title is not None and self.head_title is None and self.skipping \
                and self.skipping[-1][0] == "head":
            self.page_title.append(data)
        if not self.skipping:
            # Inside a block, source line breaks are layout, not content.
            self._out().append(re.sub(r"[ \t]*[\r\n]+[ \t]*", "", data).replace("\t", " "))


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def html_to_text(html: str) -> str:
    """Strip tags, scripts, styles and site navigation, keeping blocks and table rows as lines.

    Parameters
    ----------
    html
        Decoded HTML source.

    Returns
    -------
    str
        Plain text; runs of blank lines collapsed to one blank line.

    Examples
    --------
    >>> html_to_text('<html><head><title>关于修路的通知_青湖县人民政府</title></head>'
    ...              '<body><div class="crumbs">首页 > 文件</div><h1>关于修路的通知</h1><p>一、修路</p>'
    ...              '<table><tr><td>序号</td><td>牵头单位</td></tr>'
    ...              '<tr><td>1</td><td>县交通局</td></tr></table></body></html>')
    '# title: 关于修路的通知\\n关于修路的通知\\n\\n一、修路\\n\\n序号\\t牵头单位\\n1\\t县交通局\\n'
    """
    parser = _TextParser()
    parser.feed(html)
    parser.close()
    while parser.tables:  # a table never closed still holds text
        table = parser.tables.pop()
        table.close_cell()
        parser._out().append("\n" + "\n".join(render_rows(table.rows, layout=table.nested))
                             + "\n")
    body = "".join(parser.parts).replace("\xa0", " ")
    body = _LOST_BREAK.sub("\n\u3000\u3000", body)
    text = _lines(body)
    title = parser.meta_title
    if not title and parser.head_title and _squeeze(parser.head_title) in _squeeze(text):
        title = parser.head_title
    if title and "\n" not in title:
        text = f"# title: {title}\n{text}"
    return text + "\n"
