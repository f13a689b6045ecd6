"""A throwaway PostgreSQL cluster on loopback, for the test session and the benchmark.

Real PostgreSQL, not a mock: ``initdb`` into a temporary directory, ``pg_ctl start``
on a free 127.0.0.1 port with trust authentication, one fresh database per request.
``initdb`` refuses to run as root, so under root (CI) the binaries run as the
``postgres`` OS user through ``runuser`` with the directory chowned to it.
(``tests/pg_cluster.py`` re-exports it for the tests; ``bench.run --database postgresql``
runs the benchmark on one.)
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from dataclasses import dataclass
from pathlib import Path

INSTALL_HINT = (
    "PostgreSQL server binaries (initdb, pg_ctl) not found in /usr/lib/postgresql/*/bin "
    "or on PATH; install them with `bash scripts/install-system-deps.sh` (Debian package "
    "'postgresql'). The storage tests run against a real server and do not skip."
)


def find_bindir() -> Path | None:
    """The newest ``/usr/lib/postgresql/N/bin`` holding initdb, else the PATH's."""
    candidates = sorted(
        glob.glob("/usr/lib/postgresql/*/bin"),
        key=lambda p: int(Path(p).parent.name) if Path(p).parent.name.isdigit() else 0,
    )
    for directory in reversed(candidates):
        if (Path(directory) / "initdb").exists() and (Path(directory) / "pg_ctl").exists():
            return Path(directory)
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class PgCluster:
    """A running cluster: where it lives and how to reach it."""

    bindir: Path
    datadir: Path
    root: Path
    port: int
    as_postgres: bool

    def _run(self, *args: str) -> subprocess.CompletedProcess[str]:
        cmd = list(args)
        if self.as_postgres:
            cmd = ["runuser", "-u", "postgres", "--", *cmd]
        return subprocess.run(cmd, capture_output=True, text=True, check=False, timeout=120)

    def url(self, database: str) -> str:
        """SQLAlchemy URL of ``database`` on this cluster."""
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"

    def create_database(self, prefix: str = "t") -> str:
        """Create an empty database with a unique name; return its URL."""
        import psycopg

        from store.readback.postgres import create_database

        name = f"{prefix}_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(
            f"host=127.0.0.1 port={self.port} user=postgres dbname=postgres", autocommit=True
        ) as conn:
            create_database(connection=conn, name=name)
        return self.url(name)

    def stop(self) -> None:
        """Stop the server (fast mode) and delete its files."""
        self._run(str(self.bindir / "pg_ctl"), "-D", str(self.datadir), "-m", "immediate", "stop")
        shutil.rmtree(self.root, ignore_errors=True)


def cluster_locale(available: str | None = None) -> str:
    """``C.UTF-8`` where the machine has it, else ``C``.

    Under ``C`` the character classes are ASCII only, so ``pg_trgm`` finds no trigram in
    Chinese text and its GIN indexes never help a search; ``C.UTF-8`` classifies every
    character and still sorts by code point, as ``C`` does.  ``available`` is ``locale
    -a``'s output (read when ``None``).

    >>> cluster_locale("C\\nC.utf8\\nPOSIX\\n"), cluster_locale("C\\nPOSIX\\n")
    ('C.UTF-8', 'C')
    """
    if available is None:
        try:
            available = subprocess.run(["locale", "-a"], capture_output=True, text=True,
                                       check=False).stdout
        except OSError:
            available = ""
    names = {line.strip().lower().replace("-", "") for line in available.splitlines()}
    return "C.UTF-8" if "c.utf8" in names else "C"


def start_cluster() -> PgCluster:
    """initdb + pg_ctl start on a free loopback port; raise RuntimeError with the log."""
    bindir = find_bindir()
    if bindir is None:
        raise RuntimeError(INSTALL_HINT)
    as_postgres = os.geteuid() == 0
    root = Path(tempfile.mkdtemp(prefix="policygraph-pg-"))
    datadir = root / "data"
    if as_postgres:
        shutil.chown(root, user="postgres", group="postgres")
    root.chmod(0o700)
    cluster = PgCluster(bindir, datadir, root, free_port(), as_postgres)
    init = cluster._run(
        str(bindir / "initdb"), "-D", str(datadir), "-U", "postgres", "--auth=trust",
        "--encoding=UTF8", f"--locale={cluster_locale()}", "--no-sync",
    )  # fmt: skip
    if init.returncode != 0:
        shutil.rmtree(root, ignore_errors=True)
        raise RuntimeError(f"initdb failed:\n{init.stdout}\n{init.stderr}")
    # Speed over durability: the cluster dies with the test session.
    options = (
        f"-p {cluster.port} -c listen_addresses=127.0.0.1 -k {root} "
        "-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200"
    )
    start = cluster._run(
        str(bindir / "pg_ctl"), "-D", str(datadir), "-o", options, "-l", str(root / "log"),
        "-w", "-t", "60", "start",
    )  # fmt: skip
    if start.returncode != 0:
        log = (root / "log").read_text(errors="replace") if (root / "log").exists() else ""
        shutil.rmtree(root, ignore_errors=True)
        raise RuntimeError(f"pg_ctl start failed:\n{start.stdout}\n{start.stderr}\n{log}")
    return cluster
