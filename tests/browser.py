"""Debian's chromium through Playwright, with every request outside 127.0.0.1 blocked.

Shared by the playground and widget tests: deployments sit on isolated intranets, so a
page that reaches for a CDN must fail here rather than in production.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, BrowserContext, Route, sync_playwright

CHROMIUM = Path("/usr/bin/chromium")
# Without the background-networking flags chromium phones home at start-up.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


@dataclass
class Traffic:
    """Every request a page made: to loopback, blocked elsewhere, and failed ones."""

    loopback: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)


@contextmanager
def chromium() -> Iterator[Browser]:
    """Launch Debian's chromium (never a downloaded browser build)."""
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: run scripts/install-system-deps.sh", pytrace=False)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def loopback_only(browser: Browser, *, width: int, height: int,
                  locale: str = "zh-CN") -> tuple[BrowserContext, Traffic]:
    """A context (zh-CN unless said) whose requests to any host but 127.0.0.1 are aborted
    and recorded."""
    traffic = Traffic()
    context = browser.new_context(viewport={"width": width, "height": height}, locale=locale)

    def gate(route: Route) -> None:
        url = route.request.url
        if urlsplit(url).hostname == "127.0.0.1":
            traffic.loopback.append(url)
            route.continue_()
        else:
            traffic.blocked.append(url)
            route.abort("blockedbyclient")

    context.route("**/*", gate)
    return context, traffic
