"""The 责任分解表 as a source: read a table (XLSX, CSV, .docx), match its rows to a
document's tasks, preview the differences from the current breakdown and apply them as
corrections (:mod:`store.breakdown.importer`).

Modules: ``read`` (file → grid, merges filled, size limits), ``rows`` (header, sections,
typed rows; headings in ``headings.tsv``), ``cells`` (how cells list units, deadlines and
targets — shared with the export), ``match`` (row → task), ``diff`` (row → corrections),
``importer`` (preview, apply).
"""
