"""E-mail delivery to a real SMTP server (aiosmtpd) on 127.0.0.1."""

from __future__ import annotations

import email
import email.policy
import shutil
import socket
import ssl
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass, field
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from alerts.channels.email import EmailChannel
from alerts.digest import Digest

SENDER = "policygraph@wenzhou.example"
TO = "dubanchu@wenzhou.example"


@dataclass
class Mailbox:
    """An aiosmtpd handler that keeps what it accepts and refuses chosen recipients."""

    refuse: dict[str, str] = field(default_factory=dict)  # address -> SMTP reply
    received: list[tuple[str, list[str], bytes]] = field(default_factory=list)

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, options: Any
    ) -> str:
        if address in self.refuse:
            return self.refuse[address]
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.received.append((envelope.mail_from, list(envelope.rcpt_tos), envelope.content))
        return "250 Message accepted for delivery"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def smtp_server() -> Iterator[tuple[Mailbox, int]]:
    mailbox = Mailbox()
    controller = Controller(mailbox, hostname="127.0.0.1", port=_free_port())
    controller.start()
    try:
        yield mailbox, controller.port
    finally:
        controller.stop()


def _parse(raw: bytes) -> EmailMessage:
    message = email.message_from_bytes(raw, policy=email.policy.default)
    assert isinstance(message, EmailMessage)
    return message


def test_digest_arrives_with_chinese_subject_text_and_html(
    smtp_server: tuple[Mailbox, int], planning_digest: Digest
) -> None:
    mailbox, port = smtp_server
    channel = EmailChannel(host="127.0.0.1", port=port, sender=SENDER, recipients=[TO])
    result = channel.send(planning_digest)
    assert result.ok and result.status == 250, result.detail
    ((mail_from, rcpt_tos, raw),) = mailbox.received
    assert (mail_from, rcpt_tos) == (SENDER, [TO])
    # On the wire the subject is an RFC 2047 encoded word, not raw UTF-8.
    subject_line = next(line for line in raw.split(b"\r\n") if line.startswith(b"Subject:"))
    assert subject_line.isascii() and b"=?utf-8?" in subject_line
    message = _parse(raw)
    assert message["Subject"] == "【督办提醒】市规划局 2019-01-01：逾期未完成1项，已办结1项"
    text = message.get_body(preferencelist=("plain",))
    html = message.get_body(preferencelist=("html",))
    assert text is not None and html is not None
    assert "   期限：2018-12-31（已逾期 1 天）\n" in text.get_content()
    assert "原文：于2018年四季度前完成规划评审并报省发改委备案" in text.get_content()
    assert "<h3>🔴 逾期未完成（1项）</h3>" in html.get_content()
    assert (
        "<blockquote>于2018年四季度前完成规划评审并报省发改委备案</blockquote>"
        in html.get_content()
    )
    assert message["Message-ID"] == f"<{planning_digest.digest_id}@policygraph>"


def test_permanently_refused_recipient_is_a_final_failure(
    smtp_server: tuple[Mailbox, int], planning_digest: Digest
) -> None:
    mailbox, port = smtp_server
    mailbox.refuse[TO] = "550 5.1.1 No such user"
    result = EmailChannel(host="127.0.0.1", port=port, sender=SENDER, recipients=[TO]).send(
        planning_digest
    )
    assert not result.ok and not result.retryable and result.status == 550
    assert mailbox.received == []


def test_greylisted_recipient_is_retryable(
    smtp_server: tuple[Mailbox, int], planning_digest: Digest
) -> None:
    mailbox, port = smtp_server
    mailbox.refuse[TO] = "451 4.7.1 Greylisted, try again later"
    result = EmailChannel(host="127.0.0.1", port=port, sender=SENDER, recipients=[TO]).send(
        planning_digest
    )
    assert not result.ok and result.retryable and result.status == 451


def test_refused_connection_is_retryable_not_raised(planning_digest: Digest) -> None:
    channel = EmailChannel(host="127.0.0.1", port=_free_port(), sender=SENDER, recipients=[TO])
    result = channel.send(planning_digest)
    assert not result.ok and result.retryable and "ConnectionRefusedError" in result.detail


@pytest.fixture
def tls_files(tmp_path: Path) -> tuple[Path, Path]:
    if shutil.which("openssl") is None:
        pytest.skip("openssl is not installed, so no certificate for the STARTTLS test")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
         "-keyout", str(key), "-out", str(cert), "-subj", "/CN=127.0.0.1",
         "-addext", "subjectAltName=IP:127.0.0.1"],
        check=True, capture_output=True,
    )  # fmt: skip
    return cert, key


def test_starttls_and_login_with_password_from_environment(
    tls_files: tuple[Path, Path], planning_digest: Digest
) -> None:
    cert, key = tls_files
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    logins: list[tuple[bytes, bytes]] = []

    def authenticator(
        server: Any, session: Any, envelope: Any, mechanism: str, data: Any
    ) -> AuthResult:
        assert isinstance(data, LoginPassword)
        logins.append((data.login, data.password))
        # handled=False makes aiosmtpd answer "535" itself (its default sends nothing).
        return AuthResult(success=data.password == b"s3cret-pw", handled=False)

    mailbox = Mailbox()
    controller = Controller(
        mailbox, hostname="127.0.0.1", port=_free_port(), tls_context=context,
        require_starttls=True, authenticator=authenticator, auth_required=True,
    )  # fmt: skip
    controller.start()
    try:
        channel = EmailChannel(
            host="127.0.0.1", port=controller.port, sender=SENDER, recipients=[TO],
            starttls=True, username="policygraph", password="s3cret-pw", cafile=str(cert),
        )  # fmt: skip
        result = channel.send(planning_digest)
        wrong = EmailChannel(
            host="127.0.0.1", port=controller.port, sender=SENDER, recipients=[TO],
            starttls=True, username="policygraph", password="guess", cafile=str(cert),
        ).send(planning_digest)  # fmt: skip
    finally:
        controller.stop()
    assert result.ok, result.detail
    assert len(mailbox.received) == 1 and logins[0] == (b"policygraph", b"s3cret-pw")
    assert not wrong.ok and not wrong.retryable and wrong.status == 535
    assert "guess" not in wrong.detail
