"""A request made in Chromium on the intake page and deposited through the real relay: what the
readers decrypt is exactly the container of docs/format.md §12.2 (files byte for byte), the
reply code shown derives the reply recipient inside and the lookup the relay keeps (§12.3), the
downloaded receipt holds the relay's signed proof, and every refusal (too many or too large
attachments, no subject, invisible characters) happens before anything is sent."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from crypto.intake_container import ChunkStream, ContainerReader, parse_reply_code, \
    reply_identity, reply_locator, reply_lookup
from crypto.proofs import parse_proof
from tests.intake_page.browser_flow import decrypted, fill, open_page, split_request, \
    submit_with_keyboard, wait_done
from tests.intake_page.conftest import Watched
from tests.relay.intake_support import NAME, IntakeWorld

PDF = b"%PDF-1.4 " + bytes(range(256)) * 300
NOTE = "Deuxième pièce, accentuée\n".encode()


def _deposit_row(intake: IntakeWorld, envelope_id: str) -> tuple:
    with intake.server.relay.db.transaction() as tx:
        return tuple(tx.one("SELECT intake, version, receipt_code, reply_lookup FROM "
                            "intake_deposits WHERE envelope_id = ?", (envelope_id,)))


def test_a_request_made_in_the_browser_is_exactly_the_container(
        intake: IntakeWorld, page: Watched, tmp_path: Path) -> None:
    base = intake.server.base_url
    open_page(page, base, NAME)
    fill(page, name="Jeanne Témoin", contact="jeanne@example.org",
         subject="Plainte contre X", message="Bonjour,\r\nvoici les faits.\n\tFin.",
         files=[("relevé d’audience.pdf", "application/pdf", PDF),
                ("note.txt", "text/plain", NOTE)])
    submit_with_keyboard(page)
    done = wait_done(page)
    page.clean(base)

    proof = parse_proof(json.dumps(done.receipt["proof"]).encode())
    assert proof.kind == "intake_deposit" and proof.signer_key == intake.server.relay_key
    assert proof.statement["receipt_code"] == done.receipt_code == done.receipt["receipt_code"]
    envelope_id = done.receipt["envelope_id"]
    assert proof.statement["envelope_id"] == envelope_id and proof.statement["intake"] == NAME

    sealed = intake.readers[0].download(envelope_id).content
    stanzas = sealed[:sealed.index(b"\n--- ")].split(b"\n-> ")[1:]
    assert [s.split(b" ")[0] for s in stanzas] == [b"mlkem768x25519"] * 2  # the readers only
    plains = [decrypted(reader, envelope_id) for reader in intake.readers]
    assert plains[0] == plains[1]  # encrypted to every recipient of the document
    header, files = split_request(plains[0])
    assert files == [PDF, NOTE]
    created = header.pop("created")
    assert created.endswith("Z") and len(created) == 20
    key = parse_reply_code(done.reply_code or "")
    assert header == {
        "type": "intake_request", "intake": NAME, "intake_version": 1, "language": "fr",
        "requester": {"name": "Jeanne Témoin", "contact": "jeanne@example.org"},
        # A text area gives its value with LF line ends (HTML's normalisation of CRLF).
        "subject": "Plainte contre X", "message": "Bonjour,\nvoici les faits.\n\tFin.",
        "reply_recipient": str(reply_identity(key).recipient()),
        "files": [{"name": "relevé d’audience.pdf", "size": len(PDF), "type": "application/pdf"},
                  {"name": "note.txt", "size": len(NOTE), "type": "text/plain"}]}
    assert _deposit_row(intake, envelope_id) == (
        NAME, 1, done.receipt_code, reply_lookup(reply_locator(key)).hex())
    # The desktop's own reader (crypto/intake_container) takes it as it is.
    reader = ContainerReader(ChunkStream([plains[0]]), "intake_request", intake=NAME)
    assert [(f.safe_name, part.read()) for f, part in reader.parts()] == [
        ("relevé d’audience.pdf", PDF), ("note.txt", NOTE)]
    _reference_age_reads_the_header(intake, envelope_id, tmp_path)


def _reference_age_reads_the_header(intake: IntakeWorld, envelope_id: str, tmp: Path) -> None:
    """Debian's `age` (1.1.1) predates hybrid recipients, so it cannot decrypt the request; it
    must still read the browser's header as a well-formed age file and say only that no
    identity of its own matches (not that the file is malformed)."""
    sealed = tmp / "request.age"
    sealed.write_bytes(intake.readers[0].download(envelope_id).content)
    key = tmp / "key.txt"
    subprocess.run(["age-keygen", "-o", str(key)], check=True, capture_output=True)
    tried = subprocess.run(["age", "-d", "-i", str(key), str(sealed)], capture_output=True)
    assert tried.returncode == 1
    assert b"no identity matched any of the recipients" in tried.stderr


def test_an_anonymous_request_without_reply(intake: IntakeWorld, page: Watched) -> None:
    base = intake.server.base_url
    open_page(page, base, NAME)
    fill(page, subject="Signalement", reply=False)
    page.page.click("#submit")
    done = wait_done(page)
    assert done.reply_code is None and page.page.is_visible("#no-reply")
    envelope_id = done.receipt["envelope_id"]
    header, files = split_request(decrypted(intake.readers[0], envelope_id))
    assert header["requester"] == {"name": None, "contact": None} and files == []
    assert header["reply_recipient"] is None and header["message"] == ""
    assert _deposit_row(intake, envelope_id)[3] is None
    page.clean(base)


def _sent_nothing(page: Watched) -> None:
    assert [u for u in page.requests if "/challenge" in u or "/deposits" in u] == []


def _refused(page: Watched, words: str) -> None:
    page.page.click("#submit")
    page.page.wait_for_selector("#error:not([hidden])")
    assert words in page.page.inner_text("#error")
    assert page.page.is_hidden("#done")
    _sent_nothing(page)


def test_refusals_happen_before_anything_is_sent(intake: IntakeWorld, page: Watched) -> None:
    open_page(page, intake.server.base_url, NAME)
    assert "Jusqu’à 5 fichiers, 1,0\u00a0Mo au total." in page.page.inner_text("#limits")
    fill(page, subject="Trop de pièces", files=[(f"p{i}.txt", "text/plain", b"x")
                                                for i in range(6)])
    assert "Trop de pièces jointes : 6, 5 au plus." in page.page.inner_text("#error")
    _refused(page, "Trop de pièces jointes")
    fill(page, subject="Trop lourd", files=[("gros.bin", "application/octet-stream",
                                              b"\0" * 1_000_001)])
    _refused(page, "Les pièces jointes font 1,0\u00a0Mo, 1,0\u00a0Mo au plus.")
    page.page.set_input_files("#files", [])
    fill(page, subject="")
    _refused(page, "Indiquez l’objet de votre demande.")
    fill(page, subject="Objet\u202egpj.exe")
    _refused(page, "Le champ «\u00a0Objet\u00a0» contient des caractères invisibles")
    fill(page, subject="Objet", message="Ligne\u200bcachée")
    _refused(page, "Le champ «\u00a0Message\u00a0» contient des caractères invisibles")
    fill(page, subject="x" * 10, name="n" * 201)
    assert page.page.input_value("#name") == "n" * 200  # the field itself stops at 200
    page.page.evaluate("document.getElementById('subject').removeAttribute('maxlength')")
    fill(page, subject="é" * 201)
    _refused(page, "Le champ «\u00a0Objet\u00a0» est trop long (201 caractères, 200 au plus).")
    with intake.server.relay.db.transaction() as tx:
        assert tx.all("SELECT envelope_id FROM intake_deposits") == []
