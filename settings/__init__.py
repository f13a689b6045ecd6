"""One settings module read by everything: what the service is configured with.

The bottom of the house: every package may import it, it imports none of them.  The
models (:mod:`settings.concerns`) hold and validate the values, one per concern;
:func:`read_settings` (:mod:`settings.environment`) reads them from ``POLICYGRAPH_*``
variables at the edges, and the values are passed down from there.
"""

from settings.concerns import (
    CONCERNS,
    AlertSettings,
    DatabaseSettings,
    EmbedSettings,
    GraphSettings,
    LanguageSettings,
    LiveSettings,
    ServerSettings,
    Settings,
)
from settings.environment import read_settings, secret, table, variable

__all__ = [
    "CONCERNS",
    "AlertSettings",
    "DatabaseSettings",
    "EmbedSettings",
    "GraphSettings",
    "LanguageSettings",
    "LiveSettings",
    "ServerSettings",
    "Settings",
    "read_settings",
    "secret",
    "table",
    "variable",
]
