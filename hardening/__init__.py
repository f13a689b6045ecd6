"""Hardening: query limits, body size, time budget, rate limits, the JSON
access log and request metrics.

``server.create_app`` installs :func:`hardening.stack.hardening_middleware` and the view
mixin :class:`hardening.view.HardenedView`, and builds the schema with
:func:`hardening.stack.schema_extensions` (the schema itself imports nothing of
hardening).  Every limit is a field of :class:`settings.Settings`, which the server
reads at start and passes in; the access log and secret redaction are in
:mod:`observability`.
"""
