"""Prometheus Alertmanager: push each digest item as an alert to ``/api/v2/alerts``.

Body: a JSON list of ``postableAlert`` objects (Alertmanager API v2)::

    {"labels": {"alertname": "PolicyObligationOverdue", "unit": …, "obligation": …,
                "severity": …},
     "annotations": {"summary": …, "quote": …, "due": …, "path": …},
     "startsAt": RFC 3339, "endsAt": RFC 3339, "generatorURL": …}

Labels identify an alert in Alertmanager, so they depend only on the receiving unit,
the obligation and the severity: ``overdue`` is ``warning`` and ``escalation`` is
``critical`` (both ``PolicyObligationOverdue``), ``due_soon`` is
``PolicyObligationDueSoon``/``info``.  Firing alerts get ``endsAt`` = now +
``hold`` (default 48 h) because the engine does not re-send them every few minutes the
way Prometheus does, and Alertmanager would otherwise resolve them after its
``resolve_timeout``.  A ``resolved`` item is sent as every labelset the obligation could
have fired under, each with ``endsAt`` = now: the item does not say which one fired, and
resolving an alert that never fired notifies nobody.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import httpx

from alerts.channels.base import DeliveryResult, delivered
from alerts.channels.transport import make_timeout, post_json
from alerts.digest import AlertItem, AlertKind, Digest

#: (alertname, severity) of each firing kind.
FIRING_LABELS: dict[AlertKind, tuple[str, str]] = {
    "due_soon": ("PolicyObligationDueSoon", "info"),
    "overdue": ("PolicyObligationOverdue", "warning"),
    "escalation": ("PolicyObligationOverdue", "critical"),
}


def _rfc3339(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def _labels(digest: Digest, item: AlertItem, alertname: str, severity: str) -> dict[str, str]:
    return {
        "alertname": alertname,
        "unit": digest.receiver_unit,
        "obligation": item.obligation_id,
        "severity": severity,
    }


def postable_alerts(
    digest: Digest,
    *,
    now: dt.datetime,
    hold: dt.timedelta = dt.timedelta(hours=48),
    generator_url: str | None = None,
) -> list[dict[str, Any]]:
    """The v2 ``postableAlerts`` list for ``digest`` at the moment ``now`` (aware)."""
    alerts: list[dict[str, Any]] = []
    for item in digest.items:
        source = " ".join(filter(None, [item.document_number, item.path]))
        annotations = {
            "summary": f"{source} {item.summary}（期限 {item.due.isoformat()}）",
            "quote": item.quote,
            "due": item.due.isoformat(),
            "path": item.path,
            "owners": "、".join(item.owners),
        }
        if item.kind == "resolved":
            labelsets = list(FIRING_LABELS.values())
            ends = now
        else:
            labelsets = [FIRING_LABELS[item.kind]]
            ends = now + hold
        for alertname, severity in labelsets:
            alert: dict[str, Any] = {
                "labels": _labels(digest, item, alertname, severity),
                "annotations": annotations,
                "startsAt": _rfc3339(now),
                "endsAt": _rfc3339(ends),
            }
            if generator_url:
                alert["generatorURL"] = (
                    f"{generator_url.rstrip('/')}/obligation/{item.obligation_id}"
                )
            alerts.append(alert)
    return alerts


class AlertmanagerChannel:
    """Push digest items to an Alertmanager at ``url`` (its base URL)."""

    name = "alertmanager"

    def __init__(
        self,
        url: str,
        *,
        generator_url: str | None = None,
        hold: dt.timedelta = dt.timedelta(hours=48),
        bearer_token: str | None = None,
        timeout: httpx.Timeout | None = None,
        clock: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.UTC),
    ):
        self._endpoint = url.rstrip("/") + "/api/v2/alerts"
        self._generator_url = generator_url
        self._hold = hold
        self._token = bearer_token
        self._timeout = timeout or make_timeout()
        self._clock = clock

    def send(self, digest: Digest) -> DeliveryResult:
        """POST all alerts of the digest in one request; Alertmanager answers 200."""
        alerts = postable_alerts(
            digest, now=self._clock(), hold=self._hold, generator_url=self._generator_url
        )
        if not alerts:
            return delivered(status=None, parts_sent=0, detail="nothing to send")
        headers = {"Authorization": f"Bearer {self._token}"} if self._token else {}
        response = post_json(
            self._endpoint, alerts, timeout=self._timeout, headers=headers, secrets=[self._token]
        )
        if isinstance(response, DeliveryResult):
            return response
        return delivered(status=response.status_code, detail=f"{len(alerts)} alert(s) accepted")
