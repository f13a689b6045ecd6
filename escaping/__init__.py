"""One escaping helper per output format, so every writer of a format applies one policy.

- Markdown (widgets' ``?format=md``, Markdown exports, chat-robot digests):
  :func:`escaping.markdown.escape_markdown`.
- Spreadsheet cells (CSV and XLSX exports, and the breakdown reader undoing the CSV
  escape): :mod:`escaping.spreadsheet`.
- HTML: the standard library's :func:`html.escape` and Jinja2's autoescaping (MarkupSafe);
  nothing here reimplements them.

The package sits under every other one and imports nothing of the project, so the
widgets, the alerts and the store use the same functions without importing each other.
"""
