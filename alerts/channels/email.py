"""E-mail over SMTP: one multipart/alternative message (plain text + HTML) per digest.

The subject is the digest title in Chinese; :class:`email.message.EmailMessage` encodes
it as an RFC 2047 UTF-8 encoded word, and both body parts are UTF-8.  The Message-ID
is derived from the digest id so that a mail client can spot a repeat delivery.
Optional STARTTLS (verified against the system CAs or ``cafile``) and login; the
password comes from the environment variable named by ``password_env`` (e.g.
``SMTP_PASSWORD``).
"""

from __future__ import annotations

import html
import smtplib
import ssl
from collections.abc import Sequence
from email.message import EmailMessage
from email.utils import formatdate

from alerts.channels.base import DEFAULT_TIMEOUT, DeliveryResult, delivered, failed, redact
from alerts.digest import KIND_HEADINGS, KIND_ORDER, Digest, render_text
from i18n import current_locale, t


def render_html(digest: Digest) -> str:
    """The digest as a small HTML document, every value escaped."""
    e = html.escape
    rows = [
        "<!DOCTYPE html>",
        f'<html lang="{"zh-CN" if current_locale() == "zh" else current_locale()}"><head>'
        '<meta charset="utf-8">',
        f"<title>{e(digest.title)}</title></head><body>",
        f"<h2>{e(t('digest.header', unit=digest.receiver_unit))}</h2>",
        f"<p>{e(t('digest.as_of', day=digest.as_of.isoformat()))}</p>",
    ]
    for kind in KIND_ORDER:
        items = digest.of_kind(kind)
        if not items:
            continue
        rows.append(f"<h3>{e(t('digest.group', heading=KIND_HEADINGS[kind], count=len(items)))}"
                    "</h3><ol>")
        for item in items:
            source = " ".join(filter(None, [item.document_number, item.path]))
            rows.append(
                f"<li><strong>{e(source)}</strong> {e(item.summary)}"
                f"<br>{e(t('digest.deadline', deadline=item.due.isoformat()))}"
                f"<br>{e(t('digest.owners', owners='、'.join(item.owners)))}"
                f"<blockquote>{e(item.quote)}</blockquote></li>"
            )
        rows.append("</ol>")
    rows.append("</body></html>")
    return "\n".join(rows) + "\n"


def build_message(digest: Digest, *, sender: str, recipients: Sequence[str]) -> EmailMessage:
    """The e-mail for ``digest``: text part first, HTML alternative second."""
    message = EmailMessage()
    message["Subject"] = digest.title
    message["From"] = sender
    message["To"] = ", ".join(recipients)
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = f"<{digest.digest_id}@policygraph>"
    message.set_content(render_text(digest), charset="utf-8")
    message.add_alternative(render_html(digest), subtype="html", charset="utf-8")
    return message


class EmailChannel:
    """Send digests by SMTP to a fixed list of recipients."""

    name = "email"

    def __init__(
        self,
        *,
        host: str,
        port: int,
        sender: str,
        recipients: Sequence[str],
        starttls: bool = False,
        username: str | None = None,
        password: str | None = None,
        cafile: str | None = None,
        timeout: float = DEFAULT_TIMEOUT,
    ):
        if not recipients:
            raise ValueError("an e-mail channel needs at least one recipient")
        self._host, self._port = host, port
        self._sender, self._recipients = sender, list(recipients)
        self._starttls = starttls
        self._username, self._password = username, password
        self._cafile = cafile  # a private CA, common for intranet mail servers
        self._timeout = timeout

    def send(self, digest: Digest) -> DeliveryResult:
        """Hand the message to the SMTP server; success is its 250 to ``DATA``."""
        message = build_message(digest, sender=self._sender, recipients=self._recipients)
        try:
            with smtplib.SMTP(self._host, self._port, timeout=self._timeout) as smtp:
                if self._starttls:
                    smtp.starttls(context=ssl.create_default_context(cafile=self._cafile))
                if self._username and self._password:
                    smtp.login(self._username, self._password)
                refused = smtp.send_message(message, self._sender, self._recipients)
        except smtplib.SMTPRecipientsRefused as exc:
            codes = [code for code, _ in exc.recipients.values()]
            return failed(
                retryable=all(400 <= c < 500 for c in codes),
                status=codes[0] if codes else None,
                detail=f"all recipients refused: {sorted(exc.recipients)}",
            )
        except smtplib.SMTPResponseException as exc:
            # 4xx is a temporary refusal (greylisting, mailbox busy), 5xx is permanent.
            error = exc.smtp_error
            text = error.decode("utf-8", "replace") if isinstance(error, bytes) else str(error)
            return failed(
                retryable=400 <= exc.smtp_code < 500,
                status=exc.smtp_code,
                detail=redact(f"SMTP {exc.smtp_code}: {text}", [self._password]),
            )
        except (smtplib.SMTPException, OSError) as exc:
            # Refused or dropped connections and timeouts: the server may come back.
            return failed(
                retryable=True, detail=redact(f"{type(exc).__name__}: {exc}", [self._password])
            )
        if refused:
            return delivered(status=250, detail=f"accepted, but refused for {sorted(refused)}")
        return delivered(status=250, detail=f"sent to {len(self._recipients)} recipient(s)")
