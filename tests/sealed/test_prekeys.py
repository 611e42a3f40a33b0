"""Signed prekeys (crypto/prekeys.py) and sealed files made for them (crypto/prekey_ring.py)."""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest

from crypto import prekey_ring
from crypto.age import format_keygen
from crypto.identity import PrivateIdentity
from crypto.prekey_ring import PrekeyRefused, PrekeyRing
from crypto.prekeys import (
    OVERLAP,
    ROTATION,
    PrekeyError,
    PrekeyStale,
    new_prekey,
    parse_prekey,
    verify_prekey,
)
from crypto.sealed.codec import canonical_json, utc_now
from crypto.sealed.errors import NotAddressedToYou, SealingRefused
from crypto.sealed.reader import open_sealed
from crypto.sealed.writer import Letter, SourceFile, seal

NOW = utc_now()
BODY = b"Proces-verbal d'audition, confidentiel."


def _seal(sender: PrivateIdentity, recipients: list[PrivateIdentity], prekeys: tuple = (),
          now=NOW) -> bytes:  # type: ignore[no-untyped-def]
    out = io.BytesIO()
    source = SourceFile("pv.txt", len(BODY), lambda: io.BytesIO(BODY), "text/plain")
    seal(out, sender, [r.card for r in recipients], [source], Letter(subject="PV",
                                                                     prekeys=prekeys), now=now)
    return out.getvalue()


def _open(data: bytes, identity: PrivateIdentity,
          ring: PrekeyRing | None = None):  # type: ignore[no-untyped-def]
    return open_sealed(io.BytesIO(data), identity, sender_check=lambda card: True,
                       replay_guard=None, keyring=ring, now=NOW)


def test_new_prekey_round_trips_and_verifies(alice: PrivateIdentity) -> None:
    secret = new_prekey(alice, NOW)
    prekey = parse_prekey(secret.prekey.to_bytes())
    assert prekey == secret.prekey
    verify_prekey(prekey, alice.card, NOW)
    assert prekey.recipient.startswith("age1pq1")
    assert prekey.rotate_after - prekey.valid_from == ROTATION
    assert prekey.until - prekey.rotate_after == OVERLAP
    assert str(secret.identity().recipient()) == prekey.recipient
    assert "seed" not in repr(secret) and prekey.recipient not in repr(secret)


def test_prekey_signed_by_another_key_is_refused(alice: PrivateIdentity,
                                                 mallory: PrivateIdentity) -> None:
    forged = replace(new_prekey(mallory, NOW).prekey, owner=alice.card.fingerprint_hex)
    forged = replace(forged, signature=mallory.sign(forged.signed_message()))
    with pytest.raises(PrekeyError, match="signature does not verify"):
        verify_prekey(parse_prekey(forged.to_bytes()), alice.card, NOW)


def test_unsigned_or_altered_prekey_is_refused(alice: PrivateIdentity) -> None:
    prekey = new_prekey(alice, NOW).prekey
    unsigned = replace(prekey, signature=bytes(64))
    with pytest.raises(PrekeyError, match="signature"):
        verify_prekey(parse_prekey(unsigned.to_bytes()), alice.card)
    later = replace(prekey, until=prekey.until - timedelta(hours=1))
    with pytest.raises(PrekeyError, match="signature"):
        verify_prekey(parse_prekey(later.to_bytes()), alice.card)


def test_foreign_prekey_is_refused(alice: PrivateIdentity, bob: PrivateIdentity) -> None:
    with pytest.raises(PrekeyError, match="another identity"):
        verify_prekey(new_prekey(alice, NOW).prekey, bob.card, NOW)


def test_stale_prekey_is_refused(alice: PrivateIdentity) -> None:
    prekey = new_prekey(alice, NOW).prekey
    verify_prekey(prekey, alice.card, prekey.until)  # still in its overlap
    with pytest.raises(PrekeyStale):
        verify_prekey(prekey, alice.card, prekey.until + timedelta(seconds=1))
    with pytest.raises(PrekeyStale):
        verify_prekey(prekey, alice.card, NOW - timedelta(hours=1))


def _document(alice: PrivateIdentity) -> dict:  # type: ignore[type-arg]
    return json.loads(new_prekey(alice, NOW).prekey.to_bytes())


@pytest.mark.parametrize("change, problem", [
    (lambda d: d.update(version=2), "version"),
    (lambda d: d.update(extra=1), "unknown field"),
    (lambda d: d.pop("until"), "lacks"),
    (lambda d: d.update(id="0" * 32), "not the id of its key"),
    (lambda d: d.update(id="ABC"), "hexadecimal"),
    (lambda d: d.update(recipient="age1qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqq"),
     "post-quantum"),
    (lambda d: d.update(until=d["valid_from"]), "not in order"),
    (lambda d: d.update(until="2999-01-01T00:00:00Z"), "longer than allowed"),
])
def test_strict_parsing(alice: PrivateIdentity, change,  # type: ignore[no-untyped-def]
                        problem: str) -> None:
    document = _document(alice)
    change(document)
    with pytest.raises(PrekeyError, match=problem):
        parse_prekey(canonical_json(document))


def test_non_canonical_prekey_is_refused(alice: PrivateIdentity) -> None:
    data = json.dumps(_document(alice), indent=1).encode()
    with pytest.raises(PrekeyError, match="canonical"):
        parse_prekey(data)


def test_rotation_is_at_least_weekly(alice: PrivateIdentity) -> None:
    with pytest.raises(PrekeyError, match="within 7 days"):
        new_prekey(alice, NOW, rotation=timedelta(days=8))


def test_only_the_prekey_opens_a_file_sealed_for_it(alice: PrivateIdentity,
                                                    bob: PrivateIdentity) -> None:
    secret = new_prekey(bob, NOW)
    data = _seal(alice, [bob], (secret.prekey,))
    with pytest.raises(NotAddressedToYou):
        _open(data, bob)  # the identity alone
    with pytest.raises(NotAddressedToYou):
        _open(data, alice)  # nor the sender: a relayed envelope is for its recipients only
    opened = _open(data, bob, PrekeyRing(bob, [secret]))
    assert opened.metadata.prekeys == ((bob.fingerprint, secret.prekey.prekey_id),)
    secret.wipe()
    with pytest.raises(PrekeyError, match="destroyed"):
        secret.identity()


def test_recipient_without_prekey_gets_long_term_key(alice: PrivateIdentity,
                                                     bob: PrivateIdentity,
                                                     carol: PrivateIdentity) -> None:
    secret = new_prekey(bob, NOW)
    data = _seal(alice, [bob, carol], (secret.prekey,))
    assert _open(data, carol, PrekeyRing(carol, [])).metadata.prekeys == (
        (bob.fingerprint, secret.prekey.prekey_id),)
    _open(data, bob, PrekeyRing(bob, [secret]))


def test_file_without_prekeys_keeps_its_bytes(alice: PrivateIdentity,
                                              bob: PrivateIdentity) -> None:
    data = _seal(alice, [bob])
    assert b'"prekeys"' not in _open(data, bob).metadata.encode()
    assert _open(data, bob, PrekeyRing(bob, [])).metadata.prekeys is None


def test_sealing_refuses_stale_foreign_or_classic(alice: PrivateIdentity, bob: PrivateIdentity,
                                                  mallory: PrivateIdentity,
                                                  classic_dave: PrivateIdentity) -> None:
    prekey = new_prekey(bob, NOW).prekey
    with pytest.raises(SealingRefused, match="stale"):
        _seal(alice, [bob], (prekey,), now=prekey.until + timedelta(minutes=1))
    forged = replace(new_prekey(mallory, NOW).prekey, owner=bob.card.fingerprint_hex)
    with pytest.raises(SealingRefused, match="signature"):
        _seal(alice, [bob], (forged,))
    with pytest.raises(SealingRefused, match="not one recipient"):
        _seal(alice, [classic_dave], (prekey,))
    with pytest.raises(SealingRefused, match="cannot be mixed"):
        _seal(alice, [bob, classic_dave], (prekey,))


def test_envelope_for_an_unsigned_prekey_is_refused(alice: PrivateIdentity, bob: PrivateIdentity,
                                                    mallory: PrivateIdentity,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """A sender fooled into a key the recipient never signed: nothing of the recipient's
    opens it, and the refusal says why this can be."""
    monkeypatch.setattr(prekey_ring, "verify_prekey", lambda *args: None)
    forged = replace(new_prekey(mallory, NOW).prekey, owner=bob.card.fingerprint_hex)
    data = _seal(alice, [bob], (forged,))
    with pytest.raises(NotAddressedToYou, match="prekey this vault does not hold"):
        _open(data, bob, PrekeyRing(bob, [new_prekey(bob, NOW)]))


def test_envelope_for_a_stale_prekey_is_refused(alice: PrivateIdentity, bob: PrivateIdentity,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    secret = new_prekey(bob, NOW)
    monkeypatch.setattr(prekey_ring, "verify_prekey", lambda *args: None)
    data = _seal(alice, [bob], (secret.prekey,), now=secret.prekey.until + timedelta(hours=1))
    with pytest.raises(PrekeyRefused, match="stale"):
        _open(data, bob, PrekeyRing(bob, [secret]))


def test_prekey_used_without_the_signature_naming_it_is_refused(
        alice: PrivateIdentity, bob: PrivateIdentity, monkeypatch: pytest.MonkeyPatch) -> None:
    secret = new_prekey(bob, NOW)
    real = prekey_ring.prekey_recipients

    def unnamed(*args):  # type: ignore[no-untyped-def]
        keys, _used = real(*args)
        return keys, None

    monkeypatch.setattr("crypto.sealed.writer.prekey_recipients", unnamed)
    data = _seal(alice, [bob], (secret.prekey,))
    with pytest.raises(PrekeyRefused, match="without the sender's signature naming it"):
        _open(data, bob, PrekeyRing(bob, [secret]))


def test_metadata_prekeys_must_name_recipients(alice: PrivateIdentity, bob: PrivateIdentity,
                                               carol: PrivateIdentity) -> None:
    from crypto.sealed.errors import MalformedMetadata
    from crypto.sealed.metadata import decode_metadata

    metadata = _open(_seal(alice, [bob]), bob).metadata
    for value, problem in (({carol.card.fingerprint_hex: "0" * 32}, "not a recipient"),
                           ({bob.card.fingerprint_hex: "xyz"}, "prekey ids"), ({}, "non-empty")):
        document = {**metadata.to_json(), "prekeys": value}
        with pytest.raises(MalformedMetadata, match=problem):
            decode_metadata(canonical_json(document))


AGE = shutil.which("age")


@pytest.mark.skipif(AGE is None, reason="the age command is not installed")
def test_the_age_command_as_peer_needs_hybrid_support(alice: PrivateIdentity,
                                                      bob: PrivateIdentity,
                                                      tmp_path: Path) -> None:
    """A relayed envelope's age layer is mlkem768x25519 only: an age command older than 1.3
    (Debian's 1.1.1) cannot open it even with the prekey's secret; a newer one can."""
    secret = new_prekey(bob, NOW)
    (tmp_path / "env.scelle").write_bytes(_seal(alice, [bob], (secret.prekey,)))
    (tmp_path / "key.txt").write_text(format_keygen(secret.identity()))
    version = subprocess.run([AGE, "--version"], capture_output=True, text=True).stdout
    done = subprocess.run([AGE, "-d", "-i", str(tmp_path / "key.txt"),
                           str(tmp_path / "env.scelle")], capture_output=True)
    numbers = tuple(int(n) for n in re.findall(r"\d+", version)[:2])
    if numbers < (1, 3):
        assert done.returncode != 0
    else:
        assert done.returncode == 0 and done.stdout.startswith(b"SCELLE")
