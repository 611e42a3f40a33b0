"""Shared by the HTTP message signature targets: fixed keys and clock, and the line format the
fuzzer mutates.

An input is a message as text (latin-1, as an ASGI server hands header bytes to the relay):
a start line ("METHOD URL" for a request, "STATUS" for a response), then "name: value" header
lines, a blank line, and the body. Real signed messages made with the keys below seed the corpus.
"""

from __future__ import annotations

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

#: The fixed "now" of the targets; seeds are signed at this moment.
NOW = 1_800_000_000
MEMBER_KEY = Ed25519PrivateKey.from_private_bytes(bytes(range(1, 33)))
RELAY_KEY = Ed25519PrivateKey.from_private_bytes(bytes(range(101, 133)))
MEMBER_KEY_ID = "a" * 64


def split_message(text: str) -> tuple[str, list[tuple[str, str]], bytes]:
    """(start line, header pairs, body) of one message in the line format."""
    head, _, body = text.partition("\n\n")
    start, *lines = head.split("\n")
    headers = []
    for line in lines:
        name, _, value = line.partition(":")
        headers.append((name, value.strip(" ")))
    return start, headers, body.encode("latin-1")


def join_message(start: str, headers: list[tuple[str, str]], body: bytes) -> bytes:
    """The line format of a message (used to write seeds)."""
    lines = [start, *[f"{name}: {value}" for name, value in headers]]
    return ("\n".join(lines) + "\n\n").encode("latin-1") + body
