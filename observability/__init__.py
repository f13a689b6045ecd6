"""Logs and metrics, shared by every package and importing none of the feature packages.

``metrics``
    One Prometheus registry per application (:class:`observability.metrics.Metrics`).
``accesslog``
    One JSON line per request on ``policygraph.access`` and the request metrics.
``redact``
    Secrets (``?access_token=…``, bearer tokens) become ``***`` in every log line.
``clientip``
    The client's address, believing ``X-Forwarded-For`` only from configured proxies
    (the access log and the rate limits both use it).
"""
