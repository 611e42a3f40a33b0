"""The intake page's files and headers over real HTTP (relay/intake_pages.py,
relay/intake_headers.py): the same HTML for every intake point, a 404 page for none, only the
files listed at start with their media types, and the security headers on every answer of the
intake routes, errors included, never a cookie."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from relay import intake_pages
from relay.config import Limits
from relay.intake_headers import CSP
from tests.relay.conftest import World
from tests.relay.intake_support import NAME, POW_BITS, Browser, intake_world

SITE = {
    "index.html": b"<!doctype html><title>depot</title><script src=\"app.js\"></script>",
    "reponse.html": b"<!doctype html><title>reponse</title>",
    "introuvable.html": b"<!doctype html><title>introuvable</title>",
    "app.js": b"console.log('depot');",
    "style.css": b"body{}",
    "vendor/age.bundle.js": b"export {};",
    "fonts/sans.woff2": b"wOF2",
    "logo.svg": b"<svg/>",
    "programme.exe": b"MZ",
    ".cache.js": b"hidden",
}


@pytest.fixture
def limits() -> Limits:
    return Limits(intake_pow_bits=POW_BITS)


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "intake-site"
    for name, data in SITE.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(data)
    (tmp_path / "secret.js").write_bytes(b"secret")
    (root / "lien.js").symlink_to(tmp_path / "secret.js")
    monkeypatch.setattr(intake_pages, "STATIC_DIR", root)
    return root


def _secured(response: httpx.Response) -> None:
    headers = response.headers
    assert headers["content-security-policy"] == CSP
    assert headers["referrer-policy"] == "no-referrer"
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["cache-control"] == "no-store"
    assert headers["cross-origin-opener-policy"] == "same-origin"
    assert "camera=()" in headers["permissions-policy"]
    assert "set-cookie" not in headers


def test_pages_and_files_with_their_headers(world: World, site: Path) -> None:
    intake_world(world, readers=1)
    browser = Browser(world.server)
    get = browser.http.get
    page = get(f"/depot/{NAME}")
    assert page.status_code == 200 and page.content == SITE["index.html"]
    assert page.headers["content-type"] == "text/html; charset=utf-8"
    _secured(page)
    reply = get(f"/depot/{NAME}/reponse")
    assert reply.status_code == 200 and reply.content == SITE["reponse.html"]
    for missing in ("/depot/personne", "/depot/personne/reponse", "/depot/AB"):
        answer = get(missing)
        assert answer.status_code == 404 and answer.content == SITE["introuvable.html"]
        _secured(answer)
    expected = {"app.js": "text/javascript; charset=utf-8", "style.css": "text/css; charset=utf-8",
                "vendor/age.bundle.js": "text/javascript; charset=utf-8",
                "fonts/sans.woff2": "font/woff2", "logo.svg": "image/svg+xml"}
    for name, media in expected.items():
        answer = get(f"/depot/static/{name}")
        assert (answer.status_code, answer.content) == (200, SITE[name])
        assert answer.headers["content-type"] == media
        _secured(answer)
    (site / "later.js").write_bytes(b"added after the list was made")
    for refused in ("programme.exe", ".cache.js", "lien.js", "later.js", "../secret.js",
                    "%2e%2e/secret.js", "vendor", "index"):
        answer = get(f"/depot/static/{refused}")
        assert answer.status_code == 404, refused
        _secured(answer)
    browser.close()


def test_api_answers_and_errors_carry_the_headers(world: World, site: Path) -> None:
    intake_world(world, readers=1)
    browser = Browser(world.server)
    for path, status in ((f"/v1/intake/{NAME}", 200), (f"/v1/intake/{NAME}/challenge", 200),
                         ("/v1/intake/personne", 404), ("/v1/intake/replies", 400)):
        answer = browser.http.get(path)
        assert answer.status_code == status, path
        _secured(answer)
    other = browser.http.get("/v1/relay")
    assert "content-security-policy" not in other.headers  # the rest of the API is unchanged
    refused = browser.deposit(b"x", solved=("0" * 80, "00"))
    assert refused.status_code == 403
    _secured(refused)
    browser.close()


def test_without_the_page_folder_nothing_is_served(world: World, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(intake_pages, "STATIC_DIR", tmp_path / "absent")
    intake_world(world, readers=1)
    browser = Browser(world.server)
    page = browser.http.get(f"/depot/{NAME}")
    assert page.status_code == 404 and page.json()["error"]["code"] == "not_found"
    _secured(page)
    browser.close()


def test_every_shipped_page_file_is_served() -> None:
    """What the page's build puts in relay/static/intake/ is all on the list (a file of another
    type, or with an unusual name, would silently answer not_found)."""
    root = intake_pages.STATIC_DIR
    shipped = {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}
    served = intake_pages.load(root)
    assert set(served) == shipped
    for page in (intake_pages.PAGE, intake_pages.REPLY_PAGE, intake_pages.NOT_FOUND_PAGE):
        assert served[page].media_type == "text/html; charset=utf-8"
