"""Who is asking, for every surface that shows or changes data: bearer tokens, roles,
the read rule, and the count of failed authentications.

A request carries ``Authorization: Bearer pg_<id>_<secret>`` (tokens come from
``policygraph token create``; only their SHA-256 is stored).  Roles:

========  ==================================================================
viewer    reads everything, including the audit trail
reporter  reads; reports progress for the obligations its unit owns, and, for a
          unit of a member county's jurisdiction (泰顺县人民政府), that county's own
          share of the pairing collective's obligations, never another county's
editor    reads; corrects the extracted breakdown of the documents of its
          jurisdiction and of the jurisdictions inside it, and urges (催办) their units
admin     everything, for any unit
========  ==================================================================

Anonymous requests may read when :attr:`settings.Settings.anonymous_read` is on (the
default, off when ``POLICYGRAPH_ENV=production``) and may never write.

This package sits under the features (the API, the widgets, the feeds, the review
pages) so they all read under one rule without importing each other:

:mod:`access.principal`
    :class:`Principal`, the roles, reading a principal from request headers, the read rule
    :func:`may_read` and the jurisdiction walk :func:`within_jurisdiction`.
:mod:`access.failures`
    Failed authentications counted per reason (``policygraph_auth_failures_total``).
:mod:`access.http`
    The read rule of HTTP routes (:func:`request_may_read`) and the principal of a
    websocket (:func:`websocket_principal`).

How the API refuses and audits (FORBIDDEN errors) stays in :mod:`schema.auth`.
"""
