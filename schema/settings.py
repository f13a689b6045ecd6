"""Server settings, read once from the environment (``POLICYGRAPH_*``, ``DATABASE_URL``).

=====================================  =======================================  =======
variable                               meaning                                  default
=====================================  =======================================  =======
``DATABASE_URL``                       any SQLAlchemy URL                       data/policygraph.db
``POLICYGRAPH_DUE_SOON_DAYS``          DUE_SOON window, days                    30
``POLICYGRAPH_VERSION_CHECK_SECONDS``  seconds between two data-version checks  2
``POLICYGRAPH_GRAPHIQL``               serve the playground (0 to turn off)     1
=====================================  =======================================  =======
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from graph.status import DEFAULT_DUE_SOON_DAYS


@dataclass(frozen=True)
class Settings:
    """What the server and the schema's resolvers are configured with."""

    database_url: str | None = None
    due_soon_days: int = DEFAULT_DUE_SOON_DAYS
    version_check_seconds: float = 2.0
    graphiql: bool = True
    max_page_size: int = 500

    @classmethod
    def from_env(cls) -> Settings:
        """Settings from the process environment, defaults where unset."""
        env = os.environ
        return cls(
            database_url=env.get("DATABASE_URL") or None,
            due_soon_days=int(env.get("POLICYGRAPH_DUE_SOON_DAYS", DEFAULT_DUE_SOON_DAYS)),
            version_check_seconds=float(env.get("POLICYGRAPH_VERSION_CHECK_SECONDS", "2")),
            graphiql=env.get("POLICYGRAPH_GRAPHIQL", "1") not in ("0", "false", "no"),
        )
