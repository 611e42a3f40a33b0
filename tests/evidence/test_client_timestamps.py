"""The vault keeps and checks the relay's timestamps (app/relay_client/stamps.py), exports them
in proof bundles, and `scelle relay proof verify --tsa-ca` checks them offline."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from app.relay_client import Letter, ProofRejected, verify_proof_file
from tests.cli_vault.conftest import run_scelle
from tests.relay_client.conftest import FILE_NAME, SUBJECT, Net, add_document
from tests.support.tsa import RunningTsa, TestPki


def _exchange(net: Net) -> str:
    lawyer, officer = net.lawyer, net.officer
    officer_at_lawyer, _ = net.befriend(lawyer, officer)
    doc = add_document(lawyer.session, FILE_NAME, os.urandom(20_000))
    item = lawyer.relay.send([doc], [officer_at_lawyer], Letter(subject=SUBJECT, message="x"),
                             availability_days=3)
    officer.relay.sync()
    lawyer.relay.sync()
    assert item.envelope_id is not None
    return item.envelope_id


def test_sender_keeps_verified_timestamps_and_bundles_them(net: Net, pki: TestPki,
                                                           other_pki: TestPki,
                                                           tmp_path: Path) -> None:
    assert net.lawyer.relay.set_tsa_anchors(pki.root_pem) == 1
    envelope = _exchange(net)
    kept = net.lawyer.relay.proofs(envelope)
    assert sorted(p.kind for p in kept) == ["delivery", "deposit", "receipt"]
    checks = [net.lawyer.relay.proof_stamp(p.proof) for p in kept]
    assert all(c is not None and c.status == "verified" and c.authority == "CN=Test TSA"
               for c in checks), checks
    bundle = net.lawyer.relay.export_proofs(envelope)
    verified = verify_proof_file(bundle, anchors_pem=pki.root_pem)
    assert all("verified against the authority" in (v.timestamp or "") for v in verified)
    unchecked = verify_proof_file(bundle)
    assert all("NOT checked" in (v.timestamp or "") for v in unchecked)
    with pytest.raises(ProofRejected, match="not signed by a trusted"):
        verify_proof_file(bundle, anchors_pem=other_pki.root_pem)
    value = json.loads(bundle)
    value["timestamps"][0]["token"] = value["timestamps"][1]["token"]  # another proof's token
    with pytest.raises(ProofRejected, match="message imprint differs"):
        verify_proof_file(json.dumps(value).encode())
    # The command line, with no vault.
    path = tmp_path / "proofs.json"
    path.write_bytes(bundle)
    good = run_scelle("relay", "proof", "verify", path, "--tsa-ca", pki.root_path)
    assert good.returncode == 0 and good.out.count("(verified against") == 3, good
    bad = run_scelle("relay", "proof", "verify", path, "--tsa-ca", other_pki.root_path)
    assert bad.returncode != 0 and "not signed by a trusted time-stamping authority" in bad.err
    assert "Traceback" not in bad.err


def test_recipient_keeps_its_timestamps_unchecked_until_configured(net: Net,
                                                                  pki: TestPki) -> None:
    envelope = _exchange(net)
    net.officer.relay.sync()  # its own receipt was dated after it posted it
    [check] = {net.officer.relay.proof_stamp(p.proof).status  # type: ignore[union-attr]
               for p in net.officer.relay.proofs(envelope)}
    assert check == "unchecked"
    net.officer.relay.set_tsa_anchors(pki.root_pem)
    assert {net.officer.relay.proof_stamp(p.proof).status  # type: ignore[union-attr]
            for p in net.officer.relay.proofs(envelope)} == {"verified"}


def test_a_token_failing_the_configured_authority_is_reported_not_kept(
        net: Net, other_pki: TestPki) -> None:
    """The file is still received and its proofs kept: only the token is refused, and every
    sync says so (the relay is asked again) until it verifies."""
    net.lawyer.relay.set_tsa_anchors(other_pki.root_pem)
    net.officer.relay.set_tsa_anchors(other_pki.root_pem)
    envelope = _exchange(net)
    [view] = net.officer.relay.inbox()
    assert view.state == "opened"
    for member in (net.lawyer, net.officer):
        report = member.relay.sync()
        assert any(f"envelope {envelope}: A timestamp from the relay was not kept: The "
                   "timestamp token is not signed by a trusted" in e for e in report.errors), \
            report.errors
        kept = member.relay.proofs(envelope)
        assert kept and all(member.relay.proof_stamp(p.proof) is None for p in kept)


def test_bad_certificate_file_is_refused(net: Net) -> None:
    with pytest.raises(ProofRejected, match="holds no PEM certificate"):
        net.lawyer.relay.set_tsa_anchors(b"not a certificate")
    assert net.lawyer.relay.tsa_anchors() is None


def test_late_tokens_reach_the_sender_after_the_envelope_is_gone(net: Net, pki: TestPki,
                                                                tsa: RunningTsa) -> None:
    net.lawyer.relay.set_tsa_anchors(pki.root_pem)
    tsa.down = True
    envelope = _exchange(net)  # every proof pending on the relay
    kept = net.lawyer.relay.proofs(envelope)
    assert len(kept) == 3 and all(net.lawyer.relay.proof_stamp(p.proof) is None for p in kept)
    tsa.down = False
    net.server.clock.advance(4 * 86400)  # past the 3 days of availability
    assert net.server.sweep().envelopes == 1  # gone; its archived proofs dated
    net.lawyer.relay.sync()
    assert {net.lawyer.relay.proof_stamp(p.proof).status  # type: ignore[union-attr]
            for p in net.lawyer.relay.proofs(envelope)} == {"verified"}


@pytest.mark.parametrize("version", [[], {}, "1", True, None, 3])
def test_a_bundle_version_of_the_wrong_type_is_refused_in_words(version: object) -> None:
    # Found by tests/fuzz/test_json_fields.py: a list there raised TypeError (unhashable).
    data = json.dumps({"scelle_proofs": version, "proofs": [{}]}).encode()
    with pytest.raises(ProofRejected, match="malformed or of an unknown version"):
        verify_proof_file(data)
