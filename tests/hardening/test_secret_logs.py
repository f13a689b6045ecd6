"""No token reaches a log line: ``policygraph serve`` started for real, asked with tokens
in headers and in query strings, then its whole output (uvicorn's access log, its error
log and the project's JSON access log) is read."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from tests.hardening.server_process import ROOT, free_port

pytestmark = pytest.mark.slow


def cli(env: dict[str, str], *args: str) -> str:
    done = subprocess.run([sys.executable, "-m", "cli.main", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120, check=True)
    return done.stdout


def wait_until_up(base: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert process.poll() is None, "the server exited"
        try:
            if httpx.get(f"{base}/healthz", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            time.sleep(0.2)
    raise AssertionError("the server did not start")


def test_tokens_in_headers_and_query_strings_never_reach_the_logs(tmp_path: Path) -> None:
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'pg.db'}",
           "PYTHONPATH": str(ROOT), "POLICYGRAPH_RATE_LIMIT_IP": "0",
           "POLICYGRAPH_RATE_LIMIT_TOKEN": "0", "POLICYGRAPH_JSON_LOGS": "1"}
    valid = cli(env, "token", "create", "--role", "viewer").strip().splitlines()[-1]
    assert valid.startswith("pg_")
    forged = "pg_999_ForgedSecretValue0123456789"
    opaque = "Zq8opaqueQueryStringSecret"  # a token of no known shape
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    out, err = tmp_path / "stdout.log", tmp_path / "stderr.log"
    with out.open("wb") as stdout, err.open("wb") as stderr:
        server = subprocess.Popen([sys.executable, "-m", "cli.main", "serve", "--host",
                                   "127.0.0.1", "--port", str(port)],
                                  cwd=ROOT, env=env, stdout=stdout, stderr=stderr)
        try:
            wait_until_up(base, server)
            for token in (valid, forged, opaque):
                bearer = {"authorization": f"Bearer {token}"}
                httpx.get(f"{base}/embed/overdue?asOf=2019-01-01&access_token={token}")
                httpx.get(f"{base}/embed/unit/%E5%B8%82?access_token={token}&format=md")
                httpx.get(f"{base}/calendar/x.ics?token={token}")
                httpx.get(f"{base}/graphql?query=%7B__typename%7D&access_token={token}")
                httpx.post(f"{base}/graphql", json={"query": "{ __typename }"}, headers=bearer)
                httpx.post(f"{base}/graphql", json={"query": "mutation { refreshGraph }"},
                           headers=bearer)
                httpx.get(f"{base}/export/obligations.csv", headers=bearer)
        finally:
            server.send_signal(signal.SIGINT)
            server.wait(timeout=30)
    logs = out.read_text(encoding="utf-8") + err.read_text(encoding="utf-8")
    # the logs did record the requests: uvicorn's request lines and the JSON access lines
    assert re.search(r'"GET /embed/overdue\?asOf=2019-01-01&access_token=\*\*\* HTTP', logs), logs
    assert logs.count('"path": "/graphql"') >= 9
    for token in (valid, forged, opaque):
        assert token not in logs
        assert token[-12:] not in logs  # not even the secret's tail
    assert not re.search(r"(?i)bearer\s+(?!\*\*\*)\S", logs)
