"""What a requester does on the intake pages, as Playwright steps, and what the tests read back:
the deposit's envelope decrypted by a reader and split into the exact parts of docs/format.md
§12.2."""

from __future__ import annotations

import io
import json
import struct
from dataclasses import dataclass
from typing import Any

from crypto.age import decrypt_stream
from tests.intake_page.conftest import Watched
from tests.support.relay_server import RelayClient

MAGIC = b"scelle intake request v1\n"
WAIT_MS = 180_000  # a bound for slow shared machines, never a timing assertion


@dataclass(frozen=True)
class Deposited:
    receipt_code: str
    reply_code: str | None
    receipt: dict[str, Any]


def open_page(page: Watched, base_url: str, name: str, fragment: str = "") -> None:
    page.page.goto(f"{base_url}/depot/{name}{fragment}")
    page.page.wait_for_selector("#form:not([hidden]), #error:not([hidden])", timeout=WAIT_MS)


def fill(page: Watched, *, subject: str, message: str = "", name: str = "", contact: str = "",
         files: list[tuple[str, str, bytes]] = (), reply: bool = True) -> None:  # type: ignore
    p = page.page
    p.fill("#name", name)
    p.fill("#contact", contact)
    p.fill("#subject", subject)
    p.fill("#message", message)
    if files:
        p.set_input_files("#files", [{"name": n, "mimeType": t, "buffer": b}
                                     for n, t, b in files])
    if not reply:
        p.uncheck("#want-reply")


def submit_with_keyboard(page: Watched) -> None:
    """Enter in the subject field submits the form, as a keyboard user would."""
    page.page.focus("#subject")
    page.page.keyboard.press("Enter")


def wait_done(page: Watched) -> Deposited:
    p = page.page
    p.wait_for_selector("#done:not([hidden]), #error:not([hidden])", timeout=WAIT_MS)
    assert p.is_hidden("#error"), p.inner_text("#error")
    reply = None if p.is_hidden("#reply-box") else p.inner_text("#reply-code")
    with p.expect_download() as download:
        p.click("#receipt-download")
    receipt = json.loads(open(download.value.path(), "rb").read())
    return Deposited(p.inner_text("#receipt-code"), reply, receipt)


def decrypted(reader: RelayClient, envelope_id: str) -> bytes:
    got = reader.download(envelope_id)
    assert got.status_code == 200, got.text
    out = io.BytesIO()
    decrypt_stream(io.BytesIO(got.content), out, reader.identity.age_identities())
    return out.getvalue()


def split_request(plain: bytes) -> tuple[dict[str, Any], list[bytes]]:
    """§12.2 by hand: magic, u32be length, the JSON header, the files back to back, nothing
    after."""
    assert plain.startswith(MAGIC)
    (length,) = struct.unpack(">I", plain[len(MAGIC):len(MAGIC) + 4])
    start = len(MAGIC) + 4
    header = json.loads(plain[start:start + length].decode("utf-8"))
    at, files = start + length, []
    for entry in header["files"]:
        files.append(plain[at:at + entry["size"]])
        at += entry["size"]
    assert at == len(plain)
    return header, files
