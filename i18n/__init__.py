"""Every message a person reads, in Chinese first and in English on request.

API
---
``t(key, /, **params)`` (also importable as ``gettext``, for ``as _``)
    The message ``key`` in the current locale, its ``{name}`` placeholders filled from
    ``params``.  Messages live in Babel catalogues kept in the repository,
    ``i18n/locales/<locale>/LC_MESSAGES/policygraph.po`` (msgid = the key, msgstr = the
    text), read with :func:`babel.messages.pofile.read_po` on first use: no compile step.
    A key missing from the English catalogue falls back to Chinese; a key missing
    everywhere raises ``KeyError`` (a typo must fail a test, not reach a user).
``translate(locale, key, /, **params)``
    The same in a given locale (a digest for a receiver who reads English).
``label(group, code)``
    What a code is called (``label("status", "OVERDUE")`` is 逾期); unknown codes as-is.
``current_locale()``
    ``"zh"`` or ``"en"``: the locale of this request or command.
``use_locale(locale)``
    Context manager setting the locale inside a block (a request, a CLI command).
``negotiate(accept_language, default)``
    The supported locale an ``Accept-Language`` header asks for, else the default.
``default_locale()``
    ``zh``: the locale outside any request or command.  The configured language
    (``POLICYGRAPH_LANG``, :attr:`settings.Settings.lang`) is read at the edges and set
    from there: the CLI speaks it through ``use_locale``, the server through
    ``LocaleMiddleware(default=...)``.
``i18n.asgi.LocaleMiddleware``
    ASGI middleware choosing the locale of each HTTP request from ``?lang=``, then
    ``Accept-Language``, then the configured language.
``i18n.jsonio.dumps(obj)``
    JSON as UTF-8 text without ``\\uXXXX`` escapes (what every JSON answer sends).

Codes (``NOT_FOUND``, ``OVERDUE`` in a machine-readable column, ISO dates) are not
messages and are never translated.

Examples
--------
>>> t("error.not_found.unit", name="市规划局")
'没有名为“市规划局”的单位。'
>>> with use_locale("en"):
...     t("error.not_found.unit", name="市规划局")
'No unit is named “市规划局”.'
>>> negotiate("en-US,en;q=0.9")
'en'
>>> negotiate("fr")
'zh'
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from contextvars import ContextVar
from functools import lru_cache
from pathlib import Path

from babel.core import Locale, UnknownLocaleError
from babel.messages.pofile import read_po

LOCALES = ("zh", "en")
FALLBACK = "zh"
DOMAIN = "policygraph"
LOCALE_DIR = Path(__file__).resolve().parent / "locales"

_current: ContextVar[str | None] = ContextVar("policygraph_locale", default=None)


def default_locale() -> str:
    """The locale outside any request or command: Chinese, the service's first language."""
    return FALLBACK


def current_locale() -> str:
    """The locale of the running request or command, else :func:`default_locale`."""
    return _current.get() or default_locale()


@contextlib.contextmanager
def use_locale(locale: str | None) -> Iterator[str]:
    """Speak ``locale`` (``zh``/``en``; ``None`` = the default) inside the block."""
    chosen = locale if locale in LOCALES else default_locale()
    token = _current.set(chosen)
    try:
        yield chosen
    finally:
        _current.reset(token)


def negotiate(accept_language: str | None, default: str | None = None) -> str:
    """The supported locale an ``Accept-Language`` header prefers, else the default.

    >>> negotiate("zh-CN,zh;q=0.9,en;q=0.8")
    'zh'
    >>> negotiate("de;q=0.9, en;q=0.5")
    'en'
    >>> negotiate(None) == default_locale(), negotiate("fr", default="en")
    (True, 'en')
    """
    fallback = default if default in LOCALES else default_locale()
    if not accept_language:
        return fallback
    ranked: list[tuple[float, int, str]] = []
    for position, part in enumerate(accept_language.split(",")[:20]):
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                quality = 0.0
        ranked.append((-quality, position, tag.strip()))
    for quality, _, tag in sorted(ranked):
        if quality >= 0 or not tag:
            continue
        try:
            language = Locale.parse(tag, sep="-").language if tag != "*" else fallback
        except (ValueError, UnknownLocaleError):
            continue
        if language in LOCALES:
            return language
    return fallback


@lru_cache(maxsize=len(LOCALES))
def catalogue(locale: str) -> dict[str, str]:
    """The messages of ``locale``'s ``.po`` file, key → text (empty translations skipped)."""
    path = LOCALE_DIR / locale / "LC_MESSAGES" / f"{DOMAIN}.po"
    with path.open("rb") as handle:
        po = read_po(handle, locale=locale)
    return {str(m.id): str(m.string) for m in po if m.id and m.string}


def t(key: str, /, **params: object) -> str:
    """The message ``key`` in the current locale, filled with ``params``."""
    return translate(current_locale(), key, **params)


def translate(locale: str, key: str, /, **params: object) -> str:
    """The message ``key`` in ``locale`` (``zh``/``en``; anything else: the current one).

    >>> translate("en", "error.not_found.unit", name="X")
    'No unit is named “X”.'
    """
    chosen = locale if locale in LOCALES else current_locale()
    text = catalogue(chosen).get(key)
    if text is None:
        text = catalogue(FALLBACK)[key]
    return text.format(**params) if params else text


def label(group: str, code: str) -> str:
    """What a code (a status, a period) is called: the message ``group.code``, else the
    code itself (a code the catalogue does not know yet is still shown, never lost).

    >>> label("status", "OVERDUE"), label("period", "yearly"), label("period", "odd")
    ('逾期', '每年', 'odd')
    """
    key = f"{group}.{code}"
    known = catalogue(current_locale()).keys() | catalogue(FALLBACK).keys()
    return t(key) if key in known else code


gettext = t

__all__ = ["LOCALES", "current_locale", "default_locale", "gettext", "label", "negotiate", "t",
           "translate", "use_locale"]
