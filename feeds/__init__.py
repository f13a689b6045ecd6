"""Read-only feeds over the obligations: iCalendar per unit and per place, Prometheus metrics.

Mounted by :func:`feeds.routes.routes` into the Starlette app.
"""
