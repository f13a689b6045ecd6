"""/metrics in the Prometheus text format, counted by hand from 温政发〔2018〕26号.

As of 2019-01-01: 市规划局's 二(二)2 (2018年四季度前) and 二(二)3 (力争2018年) are overdue;
its 2019年前 / 2020年前 / 2020 年前 phrases are open.  市商务局's only task, 二(三)4
(到2020年), is open.
"""

from __future__ import annotations

import doctest
import re

from starlette.testclient import TestClient

import feeds.ical
import feeds.metrics

SAMPLE = re.compile(r'^[a-z_]+\{([a-z_]+="(?:[^"\\]|\\.)*",?)+\} \d+(?:\.\d+)?$')


def _metrics(client: TestClient) -> tuple[str, dict[str, float]]:
    response = client.get("/metrics", params={"as_of": "2019-01-01"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain; version=0.0.4")
    samples = {}
    for line in response.text.splitlines():
        if not line.startswith("#"):
            assert SAMPLE.match(line), line
            name, value = line.rsplit(" ", 1)
            samples[name] = float(value)  # hardening's latency sums are not whole
    return response.text, samples


def test_obligation_gauges_per_unit_and_status(feed_client: TestClient) -> None:
    text, samples = _metrics(feed_client)
    assert "# TYPE policygraph_obligations gauge" in text
    assert samples['policygraph_obligations{unit="市规划局",status="OVERDUE"}'] == 2
    assert samples['policygraph_obligations{unit="市规划局",status="DUE_SOON"}'] == 0
    # open: 二(二)3's 2019年前 and its 2020年前 / 2020 年前 (one due date, one instance), and
    # 二(二)2's "2020年…总投资237.7亿元" (due 2020-12-31)
    assert samples['policygraph_obligations{unit="市规划局",status="OPEN"}'] == 3
    assert samples['policygraph_obligations{unit="市商务局",status="OVERDUE"}'] == 0
    assert samples['policygraph_obligations{unit="市商务局",status="OPEN"}'] == 1


def test_outbox_and_request_counters(feed_client: TestClient) -> None:
    _, before = _metrics(feed_client)
    assert before['policygraph_alert_outbox_messages{status="pending"}'] == 0
    feed_client.get("/calendar/市规划局.ics")
    _, after = _metrics(feed_client)
    route = 'policygraph_feed_requests_total{route="/metrics"}'
    assert after[route] == before[route] + 1
    calendar = 'policygraph_feed_requests_total{route="/calendar/{unit}.ics"}'
    assert after[calendar] == before.get(calendar, 0) + 1


def test_feed_doctests_pass() -> None:
    assert doctest.testmod(feeds.ical).failed == 0
    assert doctest.testmod(feeds.metrics).failed == 0
