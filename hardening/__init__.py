"""Hardening: query limits, body size, time budget, rate limits, the JSON
access log and request metrics.

``server.create_app`` installs :func:`hardening.stack.hardening_middleware`, the view
mixin :class:`hardening.view.HardenedView`; ``schema.query`` adds
:func:`hardening.stack.schema_extensions`.  Every limit is a setting in
:class:`schema.settings.Settings`.
"""
