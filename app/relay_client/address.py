"""The relay's address: its accepted form, and the rule that keeps plain HTTP on this computer.

A rule of the core, applied when joining a relay (`join`) and by the command line before it
contacts one, so that neither face can reach a distant relay in clear.
"""

from __future__ import annotations

import ipaddress

import httpx

from app.relay_client.errors import RelayConfigError


def normalise_url(url: str) -> str:
    """The relay's base URL without a trailing slash; http(s) only, no query or fragment."""
    try:
        parsed = httpx.URL(url.strip())
    except (httpx.InvalidURL, TypeError):
        raise RelayConfigError("The relay address is not a valid URL.") from None
    if parsed.scheme not in ("http", "https") or not parsed.host or parsed.query or \
            parsed.fragment or parsed.userinfo:
        raise RelayConfigError("The relay address must be an http:// or https:// URL with no "
                               "query, fragment or credentials.")
    return str(parsed.copy_with(path=parsed.path.rstrip("/") or "")).rstrip("/")


def is_loopback_url(url: str) -> bool:
    """Whether the relay address names this computer: `localhost`, 127.0.0.0/8 or ::1."""
    host = httpx.URL(url).host.lower()
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def require_encrypted(url: str, *, allow_plain_http: bool = False) -> None:
    """Refuse a plain http:// relay address beyond this computer, unless explicitly allowed:
    the requests are signed, but their contents (fingerprints, sizes, envelope ids, the
    invitation code at enrolment) would cross the network in clear."""
    if allow_plain_http or httpx.URL(url).scheme != "http" or is_loopback_url(url):
        return
    raise RelayConfigError("The relay address uses plain http://, which crosses the network "
                           "unencrypted: use its https:// address. Plain HTTP is accepted only "
                           "for this computer (localhost, 127.0.0.1, ::1) or when insecure "
                           "plain HTTP is explicitly allowed.")
