"""The catalogues cover every message the code asks for, in both languages."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest

from i18n import LOCALES, catalogue, t, use_locale

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ["schema", "embed", "cli", "feeds", "alerts", "hardening", "server.py", "i18n", "store"]
# t("key" …) and _("key" …) calls, and {{ t("key") }} in templates
CALL = re.compile(r"""\b(?:t|_)\(\s*["']([a-z][a-z0-9_]*(?:\.[a-z0-9_]+)+)["']""")


def used_keys() -> set[str]:
    keys: set[str] = set()
    for name in PACKAGES:
        base = ROOT / name
        files = [base] if base.is_file() else [*base.rglob("*.py"), *base.rglob("*.html"),
                                                *base.rglob("*.md")]
        for path in files:
            keys.update(CALL.findall(path.read_text(encoding="utf-8")))
    return keys


def placeholders(text: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(text) if field}


def test_every_key_the_code_uses_is_in_every_catalogue() -> None:
    keys = used_keys()
    assert keys, "no message keys found in the code"
    for locale in LOCALES:
        missing = sorted(keys - catalogue(locale).keys())
        assert not missing, f"{locale} lacks {missing}"


def test_translations_fill_the_same_placeholders() -> None:
    zh, en = catalogue("zh"), catalogue("en")
    for key, text in zh.items():
        assert placeholders(text) == placeholders(en[key]), key


def test_chinese_messages_are_chinese() -> None:
    han = re.compile(r"[\u4e00-\u9fff\u3000-\u303f\uff00-\uffef]")  # with CJK punctuation
    latin_only = [key for key, text in catalogue("zh").items() if not han.search(text)
                  and not key.startswith("code.")]
    assert not latin_only, latin_only


def test_an_unknown_key_is_an_error_not_a_blank() -> None:
    with pytest.raises(KeyError):
        t("no.such.message")


def test_english_is_chosen_per_block_and_chinese_comes_back() -> None:
    with use_locale("en"):
        assert t("error.not_found.unit", name="x").startswith("No unit")
    assert t("error.not_found.unit", name="x").startswith("没有")
