"""The load generator: every request timed, over the connections asked for, each
connection warmed before the clock starts, and every status and GraphQL error counted."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from bench.load import Request, run_load


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as the bench server

    def do_GET(self) -> None:
        self._answer(404 if self.path == "/missing" else 200, b'{"data": {"ok": 1}}')

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        self.server.bodies.append(body)  # type: ignore[attr-defined]
        answer = (b'{"data": null, "errors": [{"message": "no"}]}' if body.get("fail")
                  else b'{"data": {"ok": 1}}')
        self._answer(200, answer)

    def _answer(self, status: int, body: bytes) -> None:
        self.server.peers.add(self.client_address)  # type: ignore[attr-defined]
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def server() -> Iterator[Any]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.peers, httpd.bodies = set(), []  # type: ignore[attr-defined]
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd
    httpd.shutdown()
    httpd.server_close()


def _url(httpd: Any) -> str:
    return f"http://127.0.0.1:{httpd.server_address[1]}"


def test_every_request_is_timed_over_the_connections_asked_for(server: Any) -> None:
    result = run_load(_url(server), Request("/ok"), requests=40, concurrency=4)
    assert result.requests == 40 and len(result.latencies_ms) == 40
    assert result.warmups == 4  # one per connection, before the clock
    assert len(server.peers) == 4  # keep-alive: the same four connections throughout
    assert result.errors == 0 and result.statuses == {200: 40}
    assert result.rps > 0 and result.p99 >= result.p50 > 0


def test_other_statuses_and_graphql_errors_are_counted(server: Any) -> None:
    missing = run_load(_url(server), Request("/missing"), requests=6, concurrency=2)
    assert (missing.errors, missing.non_200, missing.statuses) == (6, 6, {404: 6})
    failing = run_load(_url(server), Request("/graphql", body={"fail": True}), requests=5,
                       concurrency=1)
    assert (failing.errors, failing.non_200) == (5, 0)
    assert server.bodies[-1] == {"fail": True}  # sent as JSON


def test_a_server_that_is_gone_counts_as_failed_requests() -> None:
    with ThreadingHTTPServer(("127.0.0.1", 0), _Handler) as gone:
        url = _url(gone)  # bound, then closed: nothing listens there
    result = run_load(url, Request("/ok"), requests=3, concurrency=1)
    assert result.failed == 3 and result.errors == 3
