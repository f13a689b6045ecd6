"""The JSON access log, the /metrics counters, and rate limiting per token and per IP."""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable
from contextlib import AbstractContextManager

import httpx
import pytest

from tests.hardening.conftest import post

Live = Callable[..., AbstractContextManager[str]]


def test_each_request_writes_one_json_line(live: Live, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="policygraph.access")
    with live() as base:
        caplog.clear()
        post(base, "query Units { units { name } }")
        httpx.get(f"{base}/healthz")
        post(base, "{ __typename }", headers={"authorization": "Bearer pg_abc_secret"})
    lines = [json.loads(r.getMessage()) for r in caplog.records if r.name == "policygraph.access"]
    assert [(x["method"], x["path"], x["operation"], x["status"]) for x in lines] == [
        ("POST", "/graphql", "Units", 200), ("GET", "/healthz", None, 200),
        ("POST", "/graphql", None, 200)]
    assert set(lines[0]) == {"time", "method", "path", "route", "operation", "duration_ms",
                             "status", "client"}
    assert lines[0]["client"] == "127.0.0.1" and lines[0]["duration_ms"] > 0
    assert "secret" not in json.dumps(lines)


def test_metrics_count_requests_errors_and_latency(live: Live) -> None:
    with live(max_body_bytes=1000) as base:
        for _ in range(3):
            post(base, "{ __typename }")
        assert httpx.post(f"{base}/graphql", content=b"x" * 2000).status_code == 413
        text = httpx.get(f"{base}/metrics").text
    # prometheus-client writes labels in alphabetical order and values as floats
    assert 'policygraph_http_requests_total{method="POST",route="/graphql",status="200"} 3.0' in text
    assert 'policygraph_http_requests_total{method="POST",route="/graphql",status="413"} 1.0' in text
    assert 'policygraph_http_errors_total{kind="client",route="/graphql"} 1.0' in text
    assert 'policygraph_http_errors_total{kind="server",route="/graphql"}' not in text
    assert 'policygraph_http_request_duration_seconds_count{route="/graphql"} 4.0' in text
    assert 'policygraph_http_request_duration_seconds_bucket{le="+Inf",route="/graphql"} 4.0' in text
    assert "policygraph_http_request_duration_seconds_count" in text
    assert "policygraph_obligations{" in text, "the feed's gauges are still on the page"


def test_rate_limit_per_token_then_per_ip(live: Live) -> None:
    with live(rate_limit_ip=5, rate_limit_token=3) as base:
        # all within one minute: at its turn the sliding window weighs the previous
        # minute a little less than whole and may let one more through
        while time.time() % 60 > 45:
            time.sleep(0.5)
        token = {"authorization": "Bearer pg_x_y"}
        statuses = [post(base, "{ __typename }", headers=token).status_code for _ in range(4)]
        assert statuses == [200, 200, 200, 429]
        anonymous = post(base, "{ __typename }")  # the IP bucket still has one left
        assert anonymous.status_code == 200
        refused = post(base, "{ __typename }")
        assert refused.status_code == 429
        assert int(refused.headers["retry-after"]) >= 1
        assert refused.json()["errors"][0]["extensions"]["code"] == "RATE_LIMITED"
        assert "客户端地址" in refused.json()["errors"][0]["message"]
        assert httpx.get(f"{base}/healthz").status_code == 200  # health checks are exempt
