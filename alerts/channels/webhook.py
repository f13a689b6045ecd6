"""The generic JSON webhook: POST the whole digest as JSON to any HTTP endpoint.

Body: :func:`alerts.digest.digest_to_json`, serialised with sorted keys as UTF-8.
Headers:

``X-PolicyGraph-Digest-Id``
    the digest's stable id, so that the receiver can drop a repeat delivery;
``X-PolicyGraph-Signature``
    only when a secret is configured: ``sha256=`` + hex HMAC-SHA256 of the exact body
    bytes with the secret as key (the GitHub webhook convention), so the receiver can
    check that the digest came from us and was not altered.
"""

from __future__ import annotations

import hashlib
import hmac

import httpx

from alerts.channels.base import DeliveryResult, delivered
from alerts.channels.transport import make_timeout, post
from alerts.digest import Digest, digest_json_bytes

SIGNATURE_HEADER = "X-PolicyGraph-Signature"
DIGEST_ID_HEADER = "X-PolicyGraph-Digest-Id"


def sign_body(body: bytes, secret: str) -> str:
    """The signature header value for ``body``: ``sha256=<hex HMAC-SHA256>``."""
    mac = hmac.new(secret.encode("utf-8"), body, hashlib.sha256).hexdigest()
    return f"sha256={mac}"


class WebhookChannel:
    """POST digests as JSON to ``url``, optionally signed with ``secret``."""

    name = "webhook"

    def __init__(
        self, url: str, *, secret: str | None = None, timeout: httpx.Timeout | None = None
    ):
        self._url = url
        self._secret = secret
        self._timeout = timeout or make_timeout()

    def send(self, digest: Digest) -> DeliveryResult:
        """POST the digest; any 2xx status is success."""
        body = digest_json_bytes(digest)
        headers = {
            "Content-Type": "application/json; charset=utf-8",
            DIGEST_ID_HEADER: digest.digest_id,
        }
        if self._secret:
            headers[SIGNATURE_HEADER] = sign_body(body, self._secret)
        response = post(
            self._url, content=body, headers=headers, timeout=self._timeout, secrets=[self._secret]
        )
        if isinstance(response, DeliveryResult):
            return response
        return delivered(status=response.status_code, detail=f"HTTP {response.status_code}")
