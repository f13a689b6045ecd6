"""Readers of document formats (HTML, .docx, PDF) into plain text lines.

Each reader keeps the document's reading order, puts every paragraph on its own line and
renders a table as one row per line with tab-separated cells (a cell covered by a merge or
a span from another cell is empty).  :mod:`extract.decode` chooses the reader.
"""
