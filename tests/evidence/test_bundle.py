"""Evidence bundles (app/evidence/): made from a real vault after a real exchange through the
relay and the local time-stamping authority, verified with nothing but the bundle, and every
tampered part named."""

from __future__ import annotations

import hashlib
import io
import json
import os
import zipfile
from pathlib import Path

import pypdfium2
import pytest

from app.evidence import EvidenceError, Subject, make_bundle, verify_bundle
from app.relay_client import Letter
from app.records import NotFoundError
from tests.cli_vault.conftest import run_scelle
from tests.relay_client.conftest import BODY, CLIENT_NAME, FILE_NAME, SUBJECT, Net, add_document
from tests.support.tsa import TestPki


def _exchange(net: Net, pki: TestPki) -> int:
    """The lawyer sends a case file to the officer, who opens it; the lawyer's message record."""
    lawyer, officer = net.lawyer, net.officer
    lawyer.relay.set_tsa_anchors(pki.root_pem)
    officer_at_lawyer, _ = net.befriend(lawyer, officer)
    doc = add_document(lawyer.session, FILE_NAME, os.urandom(20_000))
    item = lawyer.relay.send([doc], [officer_at_lawyer],
                             Letter(subject=SUBJECT, message=BODY, reference=CLIENT_NAME),
                             availability_days=3)
    officer.relay.sync()
    lawyer.relay.sync()
    [sent] = lawyer.relay.state.outbox()
    assert sent.message_record is not None and item.envelope_id
    return sent.message_record


def _members(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {n: archive.read(n) for n in archive.namelist()}


def _rezip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


def _pdf_text(data: bytes) -> str:
    pdf = pypdfium2.PdfDocument(data)
    return "\n".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))


def test_bundle_verifies_and_reveals_no_content(net: Net, pki: TestPki) -> None:
    record = _exchange(net, pki)
    data = make_bundle(net.lawyer.session, Subject("message", record), "preuves.zip")
    report = verify_bundle(data, tsa_pem=pki.root_pem,
                           relay_key_id=net.server.relay.key_id)
    text = "\n".join(report.lines())
    assert sorted(p.proof.kind for p in report.proofs) == ["delivery", "deposit", "receipt"]
    assert text.count("(verified against the authority certificate given)") == 3
    assert "certified by organisation 'Barreau'" in text
    assert "certified by organisation 'Police'" in text
    assert "linked" in text
    members = _members(data)
    pdf = _pdf_text(members["rapport.pdf"])
    for phrase in ("Rapport de preuves Scellé", "Dépôt", "Remise", "Accusé", "Horodatage",
                   "scelle proof verify preuves.zip", "Barreau", "Empreintes à comparer",
                   net.server.relay.key_id[:40]):
        assert phrase in pdf, phrase
    for secret in (CLIENT_NAME, SUBJECT, FILE_NAME, BODY):
        assert secret not in pdf
        assert all(secret.encode() not in part for part in members.values()), secret
    assert "evidence.bundle" in {e.action for e in net.lawyer.session.audit.entries()}


@pytest.mark.parametrize(("change", "named"), [
    ("alter_proofs", "proofs.json: this file was altered"),
    ("alter_report", "rapport.pdf: this file was altered"),
    ("add_file", "extra.txt: this file was added"),
    ("remove_card", "was removed from the bundle"),
    ("rehash_manifest", "manifest.sig: the manifest's signature does not verify"),
    ("not_a_zip", "not a readable zip archive"),
])
def test_every_tampered_part_is_named(net: Net, pki: TestPki, change: str, named: str) -> None:
    data = make_bundle(net.lawyer.session, Subject("message", _exchange(net, pki)), "p.zip")
    members = _members(data)
    if change == "alter_proofs":
        members["proofs.json"] = members["proofs.json"].replace(b'"size":', b'"size": ', 1)
    elif change == "alter_report":
        members["rapport.pdf"] += b"%"
    elif change == "add_file":
        members["extra.txt"] = b"x"
    elif change == "remove_card":
        del members[next(n for n in members if n.startswith("cards/"))]
    elif change == "rehash_manifest":  # a consistent manifest for an altered report
        members["rapport.pdf"] += b"%"
        manifest = json.loads(members["manifest.json"])
        manifest["files"]["rapport.pdf"] = hashlib.sha256(members["rapport.pdf"]).hexdigest()
        members["manifest.json"] = json.dumps(manifest).encode()
    tampered = b"PK\x03\x04 not really" if change == "not_a_zip" else _rezip(members)
    with pytest.raises(EvidenceError, match=named):
        verify_bundle(tampered)


def test_untrusted_authority_and_other_relay_are_refused(net: Net, pki: TestPki,
                                                         other_pki: TestPki,
                                                         tmp_path: Path) -> None:
    data = make_bundle(net.lawyer.session, Subject("message", _exchange(net, pki)), "p.zip")
    with pytest.raises(EvidenceError, match="proofs.json: Timestamp 1 .* not signed by a "
                                            "trusted"):
        verify_bundle(data, tsa_pem=other_pki.root_pem)
    with pytest.raises(EvidenceError, match="another relay key"):
        verify_bundle(data, relay_key_id="0" * 64)
    # The command line, on a machine that never saw the vault: exit status and one line.
    path = tmp_path / "p.zip"
    path.write_bytes(data)
    good = run_scelle("proof", "verify", path, "--tsa-ca", pki.root_path)
    assert good.returncode == 0 and "every part intact" in good.out, good
    bad = run_scelle("proof", "verify", path, "--tsa-ca", other_pki.root_path)
    assert bad.returncode == 1 and bad.err.startswith("scelle: proofs.json: Timestamp")
    assert "Traceback" not in bad.err


def test_nothing_to_bundle_is_a_clear_error(net: Net) -> None:
    with pytest.raises(NotFoundError):
        make_bundle(net.lawyer.session, Subject("message", 999), "p.zip")
    with pytest.raises(NotFoundError):
        make_bundle(net.lawyer.session, Subject("case", 999), "p.zip")


def test_command_line_bundle_then_verify(net: Net, pki: TestPki, tmp_path: Path) -> None:
    record = _exchange(net, pki)
    [item] = net.lawyer.relay.state.outbox()
    net.lawyer.relay.close()
    net.lawyer.session.lock()  # the command opens the vault itself
    recovery = tmp_path / "recovery.txt"
    recovery.write_text(net.lawyer.template.recovery_code + "\n")
    vault = ("--vault", net.lawyer.folder, "--recovery-file", recovery)
    out = tmp_path / "preuves.zip"
    both = run_scelle(*vault, "proof", "bundle", str(record), "--case", "1", "-o", out)
    assert both.returncode == 2 and "one of them" in both.err and not out.exists()
    made = run_scelle(*vault, "proof", "bundle", str(record), "-o", out)
    assert made.returncode == 0, made
    again = run_scelle(*vault, "proof", "bundle", str(record), "-o", out)
    assert again.returncode == 1 and "Traceback" not in again.err  # never over a file
    checked = run_scelle("proof", "verify", out, "--json")
    assert checked.returncode == 0
    value = json.loads(checked.out)
    assert "bundle's own tsa.pem" in value["timestamps"] and len(value["proofs"]) == 3
    shown = run_scelle(*vault, "relay", "tsa")
    assert shown.returncode == 0 and shown.out == pki.root_pem.decode()
    listed = run_scelle(*vault, "relay", "proofs", str(item.envelope_id))
    assert listed.returncode == 0 and listed.out.count("by CN=Test TSA (verified)") == 3, listed
    refused = run_scelle(*vault, "relay", "tsa", tmp_path / "recovery.txt")
    assert refused.returncode == 1 and "holds no PEM certificate" in refused.err
    net.lawyer.reopen()


def test_proofs_of_other_exchanges_cannot_be_mixed_in(net: Net, pki: TestPki) -> None:
    """Even by the holder, who can sign a new manifest: a delivery or receipt must belong to a
    deposit of the bundle."""
    from app.evidence.format import MANIFEST_DOMAIN
    from crypto.sealed.codec import b64encode, canonical_json

    data = make_bundle(net.lawyer.session, Subject("message", _exchange(net, pki)), "p.zip")
    members = _members(data)
    bundle = json.loads(members["proofs.json"])
    bundle["proofs"] = [p for p in bundle["proofs"] if p["statement"]["type"] != "deposit"]
    bundle["timestamps"] = []
    members["proofs.json"] = canonical_json(bundle)
    manifest = json.loads(members["manifest.json"])
    manifest["files"]["proofs.json"] = hashlib.sha256(members["proofs.json"]).hexdigest()
    members["manifest.json"] = canonical_json(manifest)
    signature = net.lawyer.session.identity.signing_key.sign(MANIFEST_DOMAIN +
                                                             members["manifest.json"])
    sig = json.loads(members["manifest.sig"])
    sig["signature"] = b64encode(signature)
    members["manifest.sig"] = canonical_json(sig)
    with pytest.raises(EvidenceError, match="is about no deposit of the bundle"):
        verify_bundle(_rezip(members))


def test_a_zip_bomb_is_refused_before_it_is_read() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for index in range(10):
            archive.writestr(f"part{index}", b"\0" * (15 * 1024 * 1024))
    with pytest.raises(EvidenceError, match="unpacks to too much data"):
        verify_bundle(out.getvalue())
