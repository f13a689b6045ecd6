"""/metrics in the Prometheus text format, counted by hand from 温政发〔2018〕26号.

As of 2019-01-01: 市规划局's 二(二)2 (2018年四季度前) and 二(二)3 (力争2018年) are overdue;
its 2019年前 / 2020年前 / 2020 年前 phrases are open.  市商务局's only task, 二(三)4
(到2020年), is open.
"""

from __future__ import annotations

import doctest

from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy.engine import Engine
from starlette.testclient import TestClient

import feeds.ical
import feeds.metrics
import observability.metrics
from server import create_app
from settings import Settings
from tests.alerts.corpus_copy import corpus_db, corpus_template, corpus_url  # noqa: F401
from tests.schema.conftest import as_token, make_token, post_query


def _metrics(client: TestClient) -> tuple[str, dict[str, float]]:
    """The page and its samples keyed ``name{label="value",…}`` with labels sorted
    (prometheus-client's writer orders them so; order carries no meaning)."""
    response = client.get("/metrics", params={"as_of": "2019-01-01"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain; version=0.0.4")
    samples = {}
    for family in text_string_to_metric_families(response.text):  # fails on a malformed page
        for sample in family.samples:
            labels = ",".join(f'{k}="{v}"' for k, v in sorted(sample.labels.items()))
            samples[f"{sample.name}{{{labels}}}"] = sample.value
    return response.text, samples


def test_obligation_gauges_per_unit_and_status(feed_client: TestClient) -> None:
    text, samples = _metrics(feed_client)
    assert "# TYPE policygraph_obligations gauge" in text
    assert samples['policygraph_obligations{jurisdiction="浙江省温州市",status="OVERDUE",unit="市规划局"}'] == 2
    assert samples['policygraph_obligations{jurisdiction="浙江省温州市",status="DUE_SOON",unit="市规划局"}'] == 0
    # open: 二(二)3's 2019年前 and its 2020年前 / 2020 年前 (one due date, one instance), and
    # 二(二)2's "2020年…总投资237.7亿元" (due 2020-12-31)
    assert samples['policygraph_obligations{jurisdiction="浙江省温州市",status="OPEN",unit="市规划局"}'] == 3
    assert samples['policygraph_obligations{jurisdiction="浙江省温州市",status="OVERDUE",unit="市商务局"}'] == 0
    assert samples['policygraph_obligations{jurisdiction="浙江省温州市",status="OPEN",unit="市商务局"}'] == 1


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
    assert doctest.testmod(observability.metrics).failed == 0


def test_each_application_counts_only_its_own_feed_requests(feed_client: TestClient,
                                                           corpus_db: Engine) -> None:  # noqa: F811
    # The feed counter was one per process: every app in it reported every app's requests.
    calendar = 'policygraph_feed_requests_total{route="/calendar/{unit}.ics"}'
    with TestClient(create_app(corpus_db, settings=Settings(version_check_seconds=0))) as other:
        _, before = _metrics(other)
        for _ in range(3):
            assert feed_client.get("/calendar/经合办.ics").status_code == 200
        _, after = _metrics(other)
        _, mine = _metrics(feed_client)
    assert after.get(calendar, 0) == before.get(calendar, 0)
    assert mine[calendar] == 3


def test_one_scrape_lists_each_metric_family_once(feed_client: TestClient) -> None:
    feed_client.post("/graphql", json={"query": "{ __typename }"})
    text, _ = _metrics(feed_client)
    types = [line.split()[2] for line in text.splitlines() if line.startswith("# TYPE")]
    assert len(types) == len(set(types))
    assert {"policygraph_obligations", "policygraph_http_requests_total",
            "policygraph_feed_requests_total", "policygraph_auth_failures_total",
            "policygraph_alert_outbox_messages"} <= set(types)


OVERDUE_PLANNING = 'policygraph_obligations{jurisdiction="浙江省温州市",status="OVERDUE",unit="市规划局"}'
DONE_PLANNING = 'policygraph_obligations{jurisdiction="浙江省温州市",status="DONE",unit="市规划局"}'
PLANNING_OVERDUE = """{ obligations(asOf: "2019-01-01", unit: "市规划局", status: OVERDUE, first: 10) {
  nodes { id path } } }"""
# on nobody's behalf: it counts for every owner's share, so the whole instance is done
REPORT = """mutation($id: ID!) {
  reportProgress(input: {obligationId: $id, reportedOn: "2018-12-20", done: true}) {
    report { id } } }"""
RETRACT = """mutation($id: Int!) { retractReport(input: {reportId: $id}) { report { id } } }"""


def test_a_report_filed_or_retracted_moves_the_gauges_at_the_next_scrape(
        feed_client: TestClient, corpus_db: Engine) -> None:  # noqa: F811
    _, before = _metrics(feed_client)
    assert _metrics(feed_client)[1][OVERDUE_PLANNING] == before[OVERDUE_PLANNING] == 2
    nodes = post_query(feed_client, PLANNING_OVERDUE)["data"]["obligations"]["nodes"]
    assert len(nodes) == 2
    admin = make_token(corpus_db, "admin")
    filed = as_token(feed_client, admin, REPORT, id=nodes[0]["id"])
    assert "errors" not in filed, filed
    _, after = _metrics(feed_client)
    assert after[OVERDUE_PLANNING] == 1 and after[DONE_PLANNING] == before[DONE_PLANNING] + 1
    report_id = filed["data"]["reportProgress"]["report"]["id"]
    retracted = as_token(feed_client, admin, RETRACT, id=int(report_id))
    assert "errors" not in retracted, retracted
    assert _metrics(feed_client)[1][OVERDUE_PLANNING] == 2
