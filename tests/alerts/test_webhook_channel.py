"""The generic webhook against a real receiver that checks the HMAC signature."""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable

from alerts.channels.webhook import WebhookChannel
from alerts.digest import Digest, digest_to_json
from tests.alerts.conftest import Answer, Handler, Receiver, Request

SECRET = "webhook-shared-secret"


def verifying(secret: str) -> Handler:
    """A receiver that rejects bodies whose signature does not match, like GitHub's."""

    def handle(request: Request) -> Answer:
        expected = "sha256=" + hmac.new(secret.encode(), request.body, hashlib.sha256).hexdigest()
        given = request.headers.get("x-policygraph-signature", "")
        if not hmac.compare_digest(expected, given):
            return 401, {"error": "bad signature"}
        return 202, None

    return handle


def test_signed_digest_is_accepted_and_arrives_whole(
    start_receiver: Callable[[Handler], Receiver], investment_digest: Digest
) -> None:
    receiver = start_receiver(verifying(SECRET))
    result = WebhookChannel(receiver.url + "/hook", secret=SECRET).send(investment_digest)
    assert result.ok and result.status == 202
    (request,) = receiver.requests
    assert request.json() == digest_to_json(investment_digest)
    assert request.headers["x-policygraph-digest-id"] == investment_digest.digest_id
    assert request.json()["items"][1]["days"] == 123


def test_wrong_secret_is_a_final_failure(
    start_receiver: Callable[[Handler], Receiver], investment_digest: Digest
) -> None:
    receiver = start_receiver(verifying(SECRET))
    result = WebhookChannel(receiver.url, secret="another").send(investment_digest)
    assert not result.ok and not result.retryable
    assert result.status == 401 and "bad signature" in result.detail
    assert "another" not in result.detail


def test_server_error_is_retryable(
    start_receiver: Callable[[Handler], Receiver], investment_digest: Digest
) -> None:
    receiver = start_receiver(lambda request: (500, {"error": "database down"}))
    result = WebhookChannel(receiver.url).send(investment_digest)
    assert not result.ok and result.retryable and result.status == 500


def test_refused_connection_is_retryable_not_raised(
    refused_url: str, investment_digest: Digest
) -> None:
    result = WebhookChannel(refused_url, secret=SECRET).send(investment_digest)
    assert not result.ok and result.retryable and result.status is None
    assert "ConnectError" in result.detail
