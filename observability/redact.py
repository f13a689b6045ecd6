"""Secrets never reach a log line: query-string tokens and bearer tokens are masked.

A widget or calendar opened with ``?access_token=…`` puts the token in the request
line uvicorn's access log prints; an error may quote a header.  :class:`RedactSecrets`
is a :class:`logging.Filter` that rewrites a record's message and its arguments (so
uvicorn's ``AccessFormatter``, which reads ``record.args``, keeps working).
:func:`install_redaction` puts it on uvicorn's loggers, the project's access log and
every handler they write through; :func:`uvicorn_log_config` is uvicorn's own logging
configuration with the filter on each handler, for ``policygraph serve``.
"""

from __future__ import annotations

import copy
import logging
import re
from typing import Any

MASK = "***"
# Parameter names that carry credentials in a URL.
_SECRET_PARAMS = r"access_token|token|api_key|apikey|auth|key|secret|password|signature"
_QUERY = re.compile(rf"(?i)((?:^|[?&;])(?:{_SECRET_PARAMS})=)[^&;\s\"'#]*")
_BEARER = re.compile(r"(?i)(bearer(?:%20|\+|\s)+)[A-Za-z0-9._~+/=%-]+")
_TOKEN = re.compile(r"\bpg_[A-Za-z0-9]+_[A-Za-z0-9_-]{6,}")
LOGGERS = ("uvicorn", "uvicorn.error", "uvicorn.access", "policygraph.access")


def redact(text: str) -> str:
    """``text`` with query-string secrets, bearer tokens and token-shaped words masked.

    >>> redact('GET /embed/unit/x?asOf=2019-01-01&access_token=pg_7_s3cr3tXYZ HTTP/1.1')
    'GET /embed/unit/x?asOf=2019-01-01&access_token=*** HTTP/1.1'
    >>> redact("Authorization: Bearer abc.def")
    'Authorization: Bearer ***'
    >>> redact("refused pg_12_AbCdEfGh123")
    'refused pg_***'
    >>> redact("/calendar/unit.ics?monkey=1")
    '/calendar/unit.ics?monkey=1'
    """
    if not text:
        return text
    text = _QUERY.sub(rf"\g<1>{MASK}", text)
    text = _BEARER.sub(rf"\g<1>{MASK}", text)
    return _TOKEN.sub(f"pg_{MASK}", text)


def _clean(value: Any) -> Any:
    if isinstance(value, str):
        return redact(value)
    if isinstance(value, bytes):
        return redact(value.decode("latin-1")).encode("latin-1")
    return value


class RedactSecrets(logging.Filter):
    """Mask secrets in a record's message and arguments; never drops a record."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str):
            record.msg = redact(record.msg)
        if isinstance(record.args, tuple):
            record.args = tuple(_clean(a) for a in record.args)
        elif isinstance(record.args, dict):
            record.args = {k: _clean(v) for k, v in record.args.items()}
        return True


def _has_filter(target: logging.Filterer) -> bool:
    return any(isinstance(f, RedactSecrets) for f in target.filters)


def install_redaction(names: tuple[str, ...] = LOGGERS) -> None:
    """Put :class:`RedactSecrets` on the named loggers and on every handler of theirs and
    of the root logger (records propagated from elsewhere pass the handlers). Idempotent."""
    loggers = [logging.getLogger(name) for name in names] + [logging.getLogger()]
    for logger in loggers:
        if not _has_filter(logger):
            logger.addFilter(RedactSecrets())
        for handler in logger.handlers:
            if not _has_filter(handler):
                handler.addFilter(RedactSecrets())


def uvicorn_log_config() -> dict[str, Any]:
    """uvicorn's default logging configuration with every handler redacting secrets."""
    from uvicorn.config import LOGGING_CONFIG

    config = copy.deepcopy(LOGGING_CONFIG)
    config.setdefault("filters", {})["redact"] = {"()": "observability.redact.RedactSecrets"}
    for handler in config["handlers"].values():
        handler["filters"] = [*handler.get("filters", []), "redact"]
    return config
