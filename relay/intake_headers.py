"""The headers every answer of the intake page and its API carries (docs/relay.md "Intake").

An ASGI middleware outside the relay's own (which signs the answer first: none of these headers
is covered by the response signature). The policy allows the page's own scripts, styles and
requests only: no inline code, no other origin, no framing, no form posts, no referrer, no
cache. No answer of these routes may set a cookie; one set by mistake is removed here.
"""

from __future__ import annotations

from typing import Any

CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "connect-src 'self'; form-action 'none'; frame-ancestors 'none'; base-uri 'none'")
# Only features Chromium knows: it writes a console warning for each one it does not
# (`bluetooth`, `web-share`), and the page's tests require a silent console.
PERMISSIONS = ("accelerometer=(), autoplay=(), camera=(), display-capture=(), "
               "encrypted-media=(), fullscreen=(), geolocation=(), gyroscope=(), hid=(), "
               "idle-detection=(), magnetometer=(), microphone=(), midi=(), payment=(), "
               "picture-in-picture=(), publickey-credentials-get=(), screen-wake-lock=(), "
               "serial=(), usb=(), xr-spatial-tracking=()")
HEADERS: tuple[tuple[bytes, bytes], ...] = tuple(
    (k.encode("latin-1"), v.encode("latin-1")) for k, v in (
        ("content-security-policy", CSP),
        ("referrer-policy", "no-referrer"),
        ("x-content-type-options", "nosniff"),
        ("cross-origin-opener-policy", "same-origin"),
        ("cross-origin-resource-policy", "same-origin"),
        ("permissions-policy", PERMISSIONS),
        ("cache-control", "no-store"),
    ))
_REPLACED = {k for k, _ in HEADERS} | {b"set-cookie"}
PREFIXES = ("/depot/", "/v1/intake/")


def is_intake_path(path: str) -> bool:
    return path.startswith(PREFIXES)


class IntakeHeaders:
    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http" or not is_intake_path(scope.get("path", "")):
            await self.app(scope, receive, send)
            return

        async def with_headers(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                kept = [(k, v) for k, v in message.get("headers", [])
                        if k.lower() not in _REPLACED]
                message = {**message, "headers": [*kept, *HEADERS]}
            await send(message)

        await self.app(scope, receive, with_headers)
