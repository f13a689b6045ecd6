"""Alertmanager: the real Debian binary on loopback, plus a contract check of the v2 body.

The real-binary tests start ``prometheus-alertmanager`` (Debian package of that name)
with gossip off and a receiver that goes nowhere; they skip, saying why, when the
binary is not installed.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import shutil
import socket
import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from alerts.channels.alertmanager import AlertmanagerChannel, postable_alerts
from alerts.digest import Digest
from tests.alerts.conftest import Answer, Handler, Receiver, Request

BINARY = shutil.which("prometheus-alertmanager") or shutil.which("alertmanager")
CONFIG = """\
route:
  receiver: blackhole
receivers:
  - name: blackhole
"""


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def alertmanager(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real Alertmanager on 127.0.0.1; yields its base URL."""
    if BINARY is None:
        pytest.skip(
            "prometheus-alertmanager is not installed (apt-get install prometheus-alertmanager)"
        )
    home: Path = tmp_path_factory.mktemp("alertmanager")
    (home / "alertmanager.yml").write_text(CONFIG)
    port = _free_port()
    process = subprocess.Popen(
        [BINARY, f"--config.file={home / 'alertmanager.yml'}", f"--storage.path={home / 'data'}",
         f"--web.listen-address=127.0.0.1:{port}", "--cluster.listen-address="],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 15
        while True:
            try:
                if httpx.get(f"{url}/-/ready", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline or process.poll() is not None:
                pytest.fail("alertmanager did not become ready")
            time.sleep(0.1)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


def _alerts(url: str, unit: str) -> list[dict[str, Any]]:
    reply = httpx.get(f"{url}/api/v2/alerts", params={"filter": f'unit="{unit}"'}, timeout=5)
    reply.raise_for_status()
    return sorted(reply.json(), key=lambda a: a["labels"]["obligation"])


def test_digest_items_become_labelled_alerts_in_alertmanager(
    alertmanager: str, investment_digest: Digest
) -> None:
    channel = AlertmanagerChannel(alertmanager, generator_url="http://policygraph.local")
    result = channel.send(investment_digest)
    assert result.ok and result.status == 200, result.detail
    alerts = _alerts(alertmanager, "市招商局")
    assert [a["labels"]["obligation"] for a in alerts] == [
        "wz2018-26/二(二)1", "wz2018-26/二(二)2", "wz2018-26/二(二)3",
    ]  # fmt: skip
    escalated = alerts[0]
    assert escalated["labels"] == {
        "alertname": "PolicyObligationOverdue",
        "unit": "市招商局",
        "obligation": "wz2018-26/二(二)1",
        "severity": "critical",
    }
    assert escalated["annotations"]["quote"].startswith(
        "2018年7月底前,按照《浙江省山海协作产业园管理办法》"
    )
    assert escalated["annotations"]["due"] == "2018-07-31"
    assert escalated["generatorURL"] == "http://policygraph.local/obligation/wz2018-26/二(二)1"
    assert escalated["status"]["state"] == "active"
    assert {a["labels"]["alertname"] for a in alerts[1:]} == {"PolicyObligationDueSoon"}
    assert {a["labels"]["severity"] for a in alerts[1:]} == {"info"}


def test_resolved_item_ends_the_firing_alert(alertmanager: str, planning_digest: Digest) -> None:
    channel = AlertmanagerChannel(alertmanager)
    assert channel.send(planning_digest).ok
    firing = [a for a in _alerts(alertmanager, "市规划局") if a["status"]["state"] == "active"]
    assert [a["labels"]["obligation"] for a in firing] == ["wz2018-26/二(二)2"]
    done = dataclasses.replace(planning_digest.items[1], kind="resolved", days=0)
    later = Digest.build(receiver_unit="市规划局", as_of=dt.date(2019, 1, 20), items=(done,))
    time.sleep(1.1)  # endsAt has one-second precision: make "now" strictly later
    assert channel.send(later).ok
    still_firing = [
        a
        for a in _alerts(alertmanager, "市规划局")
        if a["status"]["state"] == "active"
        and dt.datetime.fromisoformat(a["endsAt"]) > dt.datetime.now(dt.UTC)
    ]
    assert still_firing == []


def test_refused_connection_is_retryable(refused_url: str, investment_digest: Digest) -> None:
    result = AlertmanagerChannel(refused_url).send(investment_digest)
    assert not result.ok and result.retryable


def v2_contract(request: Request) -> Answer:
    """Check the body against Alertmanager's v2 ``postableAlerts`` schema."""
    if request.path != "/api/v2/alerts":
        return 404, None
    body = request.json()
    if not isinstance(body, list) or not body:
        return 400, "body must be a non-empty array"
    for alert in body:
        allowed = {"labels", "annotations", "startsAt", "endsAt", "generatorURL"}
        if set(alert) - allowed or not alert.get("labels"):
            return 422, f"unexpected fields or no labels: {sorted(alert)}"
        for mapping in (alert["labels"], alert.get("annotations", {})):
            if not all(isinstance(k, str) and isinstance(v, str) for k, v in mapping.items()):
                return 422, "labels and annotations map strings to strings"
        starts = dt.datetime.fromisoformat(alert["startsAt"])
        ends = dt.datetime.fromisoformat(alert["endsAt"])
        if starts.tzinfo is None or ends < starts:
            return 422, "times must be RFC 3339 with a zone, endsAt not before startsAt"
    return 200, None


def test_body_follows_the_v2_schema(
    start_receiver: Callable[[Handler], Receiver], planning_digest: Digest
) -> None:
    receiver = start_receiver(v2_contract)
    moment = dt.datetime(2019, 1, 1, 9, 0, tzinfo=dt.UTC)
    channel = AlertmanagerChannel(receiver.url, clock=lambda: moment)
    assert channel.send(planning_digest).ok
    sent = receiver.requests[0].json()
    # The resolved item is sent under each of the three labelsets it may have fired
    # under, plus one firing alert for the overdue item: 4 alerts.
    assert len(sent) == 4
    overdue = sent[3]
    assert overdue["labels"]["severity"] == "warning"
    assert (overdue["startsAt"], overdue["endsAt"]) == (
        "2019-01-01T09:00:00Z",
        "2019-01-03T09:00:00Z",
    )
    assert {a["endsAt"] for a in sent[:3]} == {"2019-01-01T09:00:00Z"}


def test_alerts_for_a_digest_at_a_fixed_moment_are_pure(investment_digest: Digest) -> None:
    moment = dt.datetime(2018, 12, 1, 8, 30, tzinfo=dt.UTC)
    first = postable_alerts(investment_digest, now=moment, hold=dt.timedelta(hours=24))
    assert first == postable_alerts(investment_digest, now=moment, hold=dt.timedelta(hours=24))
    assert first[1]["endsAt"] == "2018-12-02T08:30:00Z"
