"""Start a server subprocess on a free loopback port, wait until it answers, read its memory."""

from __future__ import annotations

import os
import socket
import subprocess
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    """A TCP port on 127.0.0.1 nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def memory_from_status(status: str) -> dict[str, int]:
    """Resident set size now and at its peak, in bytes, from a ``/proc/PID/status`` text.

    >>> memory_from_status("Name:\\tpython\\nVmHWM:\\t  2048 kB\\nVmRSS:\\t  1024 kB\\n")
    {'rss_bytes': 1048576, 'peak_rss_bytes': 2097152}
    """
    fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)

    def kib(name: str) -> int:
        return int(fields[name].split()[0]) * 1024

    return {"rss_bytes": kib("VmRSS"), "peak_rss_bytes": kib("VmHWM")}


def cpu_from_stat(stat: str, ticks_per_second: int) -> float:
    """User plus system CPU seconds from a ``/proc/<pid>/stat`` line (every thread of
    the process; the command name in parentheses may hold spaces).

    >>> cpu_from_stat("42 (python x) S 1 2 3 4 5 6 7 8 9 10 250 50 0 0", 100)
    3.0
    """
    fields = stat.rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / ticks_per_second


@dataclass(frozen=True)
class Served:
    """A running server: its base URL and its process."""

    url: str
    pid: int
    ready_seconds: float = 0.0
    """From the process's start to its first 200 on the ready path."""

    def memory(self) -> dict[str, int]:
        """The serving process's RSS now and its peak so far (Linux ``/proc``)."""
        return memory_from_status(Path(f"/proc/{self.pid}/status").read_text())

    def cpu_seconds(self) -> float:
        """CPU seconds the serving process has used so far, all threads (Linux ``/proc``):
        what a request costs the server, whatever the load generator beside it costs."""
        return cpu_from_stat(Path(f"/proc/{self.pid}/stat").read_text(),
                             os.sysconf("SC_CLK_TCK"))


@contextmanager
def serving(command: list[str], *, port: int, ready_path: str, env: Mapping[str, str] = {},
            timeout: float = 300.0, log: Path | None = None) -> Iterator[Served]:
    """Run ``command`` (which must listen on ``port``); yield it as :class:`Served`; stop it after.

    Parameters
    ----------
    command
        The server command line.
    port
        The port it listens on.
    ready_path
        A path that answers 200 once start-up (the graph build) is over.
    env
        Extra environment variables.
    timeout
        Seconds to wait for readiness; start-up builds the graph, which is slow at L.
    log
        File for the server's output (``/dev/null`` otherwise).
    """
    url = f"http://127.0.0.1:{port}"
    sink = log.open("wb") if log else subprocess.DEVNULL
    process = subprocess.Popen(command, cwd=ROOT, env={**os.environ, **env},
                               stdout=sink, stderr=subprocess.STDOUT)
    try:
        started = time.monotonic()
        deadline = started + timeout
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"{command[0]} exited with {process.returncode} "
                                   f"(see {log})")
            try:
                if httpx.get(url + ready_path, timeout=5).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise TimeoutError(f"{command[0]} not ready after {timeout:.0f} s")
            time.sleep(0.2)
        yield Served(url, process.pid, round(time.monotonic() - started, 1))
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        if log and not isinstance(sink, int):
            sink.close()


def policygraph_command(python: str, port: int) -> list[str]:
    """uvicorn serving the bench app: one process, one worker, no access log."""
    return [python, "-m", "uvicorn", "--factory", "bench.app:create_bench_app",
            "--host", "127.0.0.1", "--port", str(port), "--workers", "1",
            "--log-level", "warning", "--no-access-log"]
