"""The intake page in a real browser: Debian's Chromium, headless, driven by Playwright (which
never downloads a browser here: it launches /usr/bin/chromium), against the real relay on
loopback with an intake point published by the organisation's admin (tests/relay/intake_support).

`watched(page)` records what a page did: console messages, uncaught errors, Content-Security-
Policy violations (a listener added before any of the page's own scripts run), every request's
URL and every response's Set-Cookie header."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from relay.config import Limits
from tests.relay_client.conftest import templates  # noqa: F401 (fixtures)
from tests.relay.conftest import World
from tests.relay.intake_support import IntakeWorld, intake_world
from tests.support.postgres import postgres_server, postgres_url  # noqa: F401 (fixtures)
from tests.support.relay_server import RunningRelay, running_relay

CHROMIUM = "/usr/bin/chromium"
# The machine's network is closed and the tests must not depend on Google's services.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--disable-default-apps",
                 "--no-first-run", "--disable-extensions"]
# Low enough that a test's deposit is quick, high enough that the worker really searches.
POW_BITS = 8

_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__cspViolations.push(e.violatedDirective + " " + e.blockedURI);
});
"""


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    if shutil.which(CHROMIUM) is None:
        pytest.fail("Chromium is missing: `make bootstrap` installs Debian's chromium")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield launched
        finally:
            launched.close()


@dataclass
class Watched:
    page: Any
    console: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    set_cookies: list[str] = field(default_factory=list)

    def violations(self) -> list[str]:
        return list(self.page.evaluate("window.__cspViolations || []"))

    def console_errors(self) -> list[str]:
        return [line for line in self.console if line.startswith(("error", "warning"))]

    def foreign_requests(self, base_url: str) -> list[str]:
        return [url for url in self.requests
                if not url.startswith((base_url + "/", "blob:", "data:"))]

    def clean(self, base_url: str) -> None:
        """No CSP violation, no console error or warning, nothing but the relay, no cookie."""
        assert self.violations() == []
        assert self.console_errors() == [] and self.errors == []
        assert self.foreign_requests(base_url) == []
        assert self.set_cookies == [] and self.page.context.cookies() == []


def watched(page: Any) -> Watched:
    seen = Watched(page)
    page.add_init_script(_VIOLATIONS)
    page.on("console", lambda m: seen.console.append(f"{m.type}: {m.text}"))
    page.on("pageerror", lambda e: seen.errors.append(str(e)))
    page.on("request", lambda r: seen.requests.append(r.url))

    def _response(response: Any) -> None:
        cookie = response.headers.get("set-cookie")
        if cookie:
            seen.set_cookies.append(cookie)

    page.on("response", _response)
    return seen


@pytest.fixture
def context(browser: Any) -> Iterator[Any]:
    made = browser.new_context(accept_downloads=True, locale="fr-FR")
    try:
        yield made
    finally:
        made.close()


@pytest.fixture
def page(context: Any) -> Watched:
    return watched(context.new_page())


@pytest.fixture
def relay(tmp_path: Path) -> Iterator[RunningRelay]:
    """SQLite; the end-to-end test runs on both back ends with its own fixture."""
    with running_relay(tmp_path / "relay-data", limits=Limits(intake_pow_bits=POW_BITS)) as server:
        yield server


@pytest.fixture
def intake(relay: RunningRelay) -> IntakeWorld:
    """Barreau's intake point `ordre-barreau` for two hybrid readers, 5 files, 1 000 000 bytes."""
    barreau, notaires, police = (relay.create_org(n) for n in ("Barreau", "Notaires", "Police"))
    world = World(relay, barreau, notaires, police, alice=relay.member(barreau, "Alice Martin"),
                  carol=relay.member(barreau, "Carol Petit"),
                  bob=relay.member(notaires, "Bob Durand"),
                  mallory=relay.member(police, "Mallory Roux"))
    return intake_world(world, readers=2)
