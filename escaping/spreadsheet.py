"""Spreadsheet cells that cannot run: the CSV/XLSX formula-injection escape, and its undoing.

A spreadsheet reads a cell starting with ``=``, ``+``, ``-`` or ``@`` as a formula (and
some strip a leading tab or carriage return first), so text from documents and reports
that starts so is written with the usual leading apostrophe in CSV, and as a string with
Excel's quote prefix in XLSX.  Reading a CSV back (a 责任分解表 exported and edited)
removes exactly that apostrophe and no other.
"""

from __future__ import annotations

from typing import Any

#: What a spreadsheet takes for the start of a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def is_formula_like(value: Any) -> bool:
    """Whether ``value`` is text a spreadsheet would take for a formula.

    >>> is_formula_like('=HYPERLINK("http://x","y")'), is_formula_like(-1.5), is_formula_like("市规划局")
    (True, False, False)
    >>> is_formula_like("\\t=1"), is_formula_like("+86 577"), is_formula_like("@SUM(A1)")
    (True, True, True)
    """
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def csv_cell(value: Any) -> Any:
    """A value safe in a CSV cell: formula-like text gets a leading apostrophe, numbers
    stay numbers, ``None`` is empty.

    >>> csv_cell("=1+1"), csv_cell("@SUM(A1)"), csv_cell(-3), csv_cell(None)
    ("'=1+1", "'@SUM(A1)", -3, '')
    """
    if value is None:
        return ""
    return "'" + value if is_formula_like(value) else value


def csv_uncell(text: str) -> str:
    """A CSV cell without the apostrophe :func:`csv_cell` puts before formula-like text.

    >>> csv_uncell("'-3%"), csv_uncell("'市农业局"), csv_uncell("市农业局")
    ('-3%', "'市农业局", '市农业局')
    >>> all(csv_uncell(csv_cell(s)) == s for s in ("=1", "-3%", "'a", "a"))
    True
    """
    return text[1:] if text.startswith("'") and text[1:2] in FORMULA_STARTS else text
