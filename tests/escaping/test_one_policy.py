"""Every Markdown writer escapes by the one policy, and every spreadsheet writer by one escape.

The chat digests add their own link rule on top (only http(s) links survive), so the text
here has brackets but no link."""

from __future__ import annotations

import csv
import io

from alerts.chat_markdown import inline
from embed.render import environment
from escaping.markdown import escape_markdown
from exports.formats import to_csv, to_markdown
from exports.tables import Column, Table

HOSTILE = "# 标题 | `代码` [链接] <b>粗</b> & *强调*\n第二行"
# Written out by hand from the policy in escaping/markdown.py, not by the code.
INERT = "\\# 标题 \\| \\`代码\\` \\[链接\\] &lt;b&gt;粗&lt;/b&gt; &amp; \\*强调\\* 第二行"


def _table(*cells: str) -> Table:
    return Table("t", "表", [Column(f"c{i}", f"列{i}") for i in range(len(cells))], [list(cells)])


def test_the_escaper_makes_hostile_text_inert_on_one_line() -> None:
    assert escape_markdown(HOSTILE) == INERT


def test_widgets_exports_and_chat_digests_escape_markdown_alike() -> None:
    widget = environment().filters["md"](HOSTILE)
    exported = to_markdown(_table(HOSTILE)).decode("utf-8").splitlines()[-1]
    chat = inline(HOSTILE)
    assert widget == INERT
    assert exported == f"| {INERT} |"
    assert chat == INERT


def test_a_markdown_export_escapes_its_title_and_headings_too() -> None:
    table = Table("t", "# 表|1", [Column("a", "列|<i>")], [["x"]])
    lines = to_markdown(table).decode("utf-8").splitlines()
    assert lines[0] == "# \\# 表\\|1"
    assert lines[2] == "| 列\\|&lt;i&gt; |"


def test_csv_export_escapes_formula_like_cells_once() -> None:
    body = to_csv(_table("=1+1", "-3%", "市规划局", "'=x")).decode("utf-8").lstrip("\ufeff")
    header, row = list(csv.reader(io.StringIO(body)))
    assert header == ["列0", "列1", "列2", "列3"]
    assert row == ["'=1+1", "'-3%", "市规划局", "'=x"]
