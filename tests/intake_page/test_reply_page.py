"""The reply page in Chromium against replies made in Python (crypto/intake_container, the
desktop's writer): from a code written any way the page derives the same locator and reply
identity as Python (docs/format.md §12.3), decrypts, shows the texts and offers the files (an
unsafe name saved as piece-<n>); a code with no reply, a badly written code and a reply made for
another intake point are each told in words."""

from __future__ import annotations

import io
import json
import struct
from datetime import UTC, datetime
from pathlib import Path

from crypto.age import encrypt_stream
from crypto.intake_container import format_reply_code, new_reply_code, reply_identity, \
    reply_locator, reply_lookup
from crypto.intake_headers import IntakeFileEntry, IntakeReply
from tests.intake_page.browser_flow import WAIT_MS
from tests.intake_page.conftest import Watched
from tests.relay.intake_support import NAME, Browser, IntakeWorld, encrypt_for

ANNEX = b"%PDF-1.4 convocation"
SCRIPT = b"#!/bin/sh\necho nothing\n"


def _reply(key: bytes, envelope_id: str, intake: str = NAME) -> bytes:
    files = [("convocation.pdf", ANNEX), ("../.profile", SCRIPT)]
    header = IntakeReply(
        intake=intake, request=envelope_id, created=datetime(2026, 12, 6, 9, 30, tzinfo=UTC),
        organisation="Barreau", subject="Convocation", message="Madame,\n\tvenez le 12.",
        files=tuple(IntakeFileEntry(n, len(d), "application/pdf") for n, d in files))
    # By hand, not write_container: the desktop's writer refuses the unsafe name this test
    # needs, and the page must cope with a reply written by anyone holding the recipient.
    encoded = json.dumps(header.to_json()).encode("utf-8")
    plain = b"scelle intake reply v1\n" + struct.pack(">I", len(encoded)) + encoded + \
        b"".join(d for _, d in files)
    out = io.BytesIO()
    encrypt_stream(io.BytesIO(plain), out, [reply_identity(key).recipient()])
    return out.getvalue()


def _posted(intake: IntakeWorld, key: bytes, intake_name: str = NAME) -> None:
    browser = Browser(intake.server)
    try:
        lookup = reply_lookup(reply_locator(key)).hex()
        deposited = browser.deposit(encrypt_for(intake.readers, b"demande"), reply_lookup=lookup)
        assert deposited.status_code == 201, deposited.text
    finally:
        browser.close()
    envelope_id = deposited.json()["envelope_id"]
    reader = intake.readers[0]
    assert reader.download(envelope_id).status_code == 200
    posted = reader.call("POST", f"/v1/intake/replies?envelope={envelope_id}",
                         body=_reply(key, envelope_id, intake_name),
                         headers=[("Content-Type", "application/octet-stream")])
    assert posted.status_code == 201, posted.text


def _read(page: Watched, base: str, code: str) -> None:
    p = page.page
    p.goto(f"{base}/depot/{NAME}/reponse")
    p.fill("#code", code)
    p.click("#read")  # disables the button until the answer is shown (no string evaluation:
    # the page's CSP forbids it, and Playwright's wait_for_function would need it)
    p.wait_for_selector("#read:not([disabled])", timeout=WAIT_MS)


def test_a_reply_made_in_python_reads_in_the_browser(intake: IntakeWorld, page: Watched) -> None:
    base = intake.server.base_url
    key = new_reply_code()
    _posted(intake, key)
    _read(page, base, "  " + format_reply_code(key).lower().replace("-", " - ") + " ")
    p = page.page
    assert p.inner_text("#status") == "1 réponse(s)."
    assert p.inner_text("article.reply h2") == "Convocation"
    assert p.inner_text("article.reply .message") == "Madame,\n\tvenez le 12."
    links = p.locator("article.reply .files a")
    assert links.count() == 2
    saved = []
    for index in range(2):
        with p.expect_download() as download:
            links.nth(index).click()
        saved.append((download.value.suggested_filename,
                      Path(download.value.path()).read_bytes()))
    assert saved == [("convocation.pdf", ANNEX), ("piece-2", SCRIPT)]
    page.page.click("#lang-switch")
    assert p.inner_text("article.reply .hint").startswith("From Barreau, on 6 December 2026")
    assert p.inner_text("article.reply .files li >> nth=1") == "Download “piece-2” (23 bytes)"
    page.clean(base)
    # The code never left the page: only the locator did, in a header.
    code = format_reply_code(key).replace("-", "")
    assert not any(code in u.upper() or reply_locator(key).hex() in u for u in page.requests)


def test_codes_without_reply_badly_written_or_for_another_intake(
        intake: IntakeWorld, page: Watched) -> None:
    base = intake.server.base_url
    _read(page, base, format_reply_code(new_reply_code()))
    assert page.page.inner_text("#status").startswith("Aucune réponse pour ce code")
    _read(page, base, "ABCD-EFGH-1234")
    assert "Ce code de réponse est mal écrit" in page.page.inner_text("#error")
    other = new_reply_code()
    _posted(intake, other, intake_name="autre-point")
    _read(page, base, format_reply_code(other))
    assert "Une réponse n’a pas pu être lue avec ce code." in page.page.inner_text("#error")
    assert page.page.locator("article.reply").count() == 0
    page.page.click("#lang-switch")
    assert "A reply could not be read with this code." in page.page.inner_text("#error")
