"""The throwaway PostgreSQL cluster the tests start: it lives in bench/pg_cluster.py.

The benchmark starts the same cluster for ``python -m bench.run --database postgresql``;
the tests import it from here as before.
"""

from bench.pg_cluster import INSTALL_HINT, PgCluster, find_bindir, free_port, start_cluster

__all__ = ["INSTALL_HINT", "PgCluster", "find_bindir", "free_port", "start_cluster"]
