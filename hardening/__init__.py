"""Hardening: query limits, body size, time budget, rate limits, the JSON
access log and request metrics.

``server.create_app`` installs :func:`hardening.stack.hardening_middleware`, the view
mixin :class:`hardening.view.HardenedView`; ``schema.query`` adds
:func:`hardening.stack.schema_extensions`.  Every limit is a setting of
:class:`hardening.settings.HardeningSettings`, which the server builds from its
configuration and passes in.
"""
