"""The real server as a child process (``uvicorn --factory server:create_app``), so a test
can SIGKILL it; and a client process that streams progress reports."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class ServerProcess:
    """One uvicorn process on ``database_url``; ``kill()`` sends SIGKILL."""

    def __init__(self, database_url: str, log_path: Path) -> None:
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        env = {**os.environ, "DATABASE_URL": database_url, "POLICYGRAPH_RATE_LIMIT_IP": "0",
               "POLICYGRAPH_RATE_LIMIT_TOKEN": "0", "POLICYGRAPH_VERSION_CHECK_SECONDS": "3600",
               "PYTHONPATH": str(ROOT)}
        self.log = log_path.open("ab")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", "--factory", "server:create_app", "--host",
             "127.0.0.1", "--port", str(self.port), "--log-level", "warning"],
            cwd=ROOT, env=env, stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 60
        while True:
            if self.process.poll() is not None:
                raise RuntimeError(f"server exited with {self.process.returncode}; see {log_path}")
            try:
                if httpx.get(f"{self.base}/healthz", timeout=2).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                self.kill()
                raise RuntimeError(f"server did not start; see {log_path}")
            time.sleep(0.1)

    def kill(self) -> None:
        """SIGKILL: no shutdown handler runs, no buffer is flushed."""
        if self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=30)
        self.log.close()


REPORT = ('mutation($o: ID!, $n: String!) { reportProgress(input: {obligationId: $o, '
          'reportedOn: "2019-06-01", done: true, note: $n}) { report { id note } } }')


def stream_reports(bases: list[str], token: str, obligations: list[str], prefix: str,
                   count: int, ack_path: Path | None = None,
                   into: list[tuple[int, str]] | None = None) -> list[tuple[int, str]]:
    """Send ``count`` reports (round-robin over servers and obligations); return the
    acknowledged ones as (report id, note), appended to ``into`` and ``ack_path`` as
    they come (so another thread can watch the stream)."""
    acknowledged = [] if into is None else into
    headers = {"authorization": f"Bearer {token}"}
    with httpx.Client(timeout=10, headers=headers) as client:
        for i in range(count):
            note = f"{prefix}-{i}"
            try:
                answer = client.post(f"{bases[i % len(bases)]}/graphql", json={
                    "query": REPORT,
                    "variables": {"o": obligations[i % len(obligations)], "n": note}}).json()
            except (httpx.TransportError, ValueError):
                continue  # the server died under us: not acknowledged
            report = (answer.get("data") or {}).get("reportProgress")
            if report and report["report"]["note"] == note:
                acknowledged.append((int(report["report"]["id"]), note))
                if ack_path is not None:
                    with ack_path.open("a") as out:
                        out.write(f"{report['report']['id']}\t{note}\n")
    return acknowledged


if __name__ == "__main__":  # a writer process: bases token prefix count ack_path obligations…
    bases_arg, token_arg, prefix_arg, count_arg, ack_arg, *obligation_args = sys.argv[1:]
    stream_reports(bases_arg.split(","), token_arg, obligation_args, prefix_arg,
                   int(count_arg), Path(ack_arg))
