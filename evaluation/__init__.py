"""Scores the extractor against hand-written gold (``tests/extract/gold/*.yaml``).

``python -m evaluation`` (``make eval``) extracts every corpus document that has a gold
file, compares four parts (units by section, targets, deadlines, header) as sets, prints
recall, precision and F1 per document and part with micro totals, and writes ``EVAL.md``
and the regression floor ``evaluation/floor.json``.
"""
