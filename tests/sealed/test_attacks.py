"""Hostile sealed files: each refusal has its own error, and the output folder stays untouched.

Every attack goes through `open_to_directory` with a real output folder and a real replay-guard
file, then checks that the folder is still empty (no file, no staging folder) and that no message
id was recorded.
"""

from __future__ import annotations

import io
import os
from datetime import timedelta
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from app.sealing import FileReplayGuard, open_to_directory, verify_file
from crypto.identity import IdentityCard, PrivateIdentity
from crypto.sealed.codec import canonical_json, format_time, utc_now
from crypto.sealed.errors import (
    BadSignature,
    ExpiredMessage,
    ForwardedFile,
    MalformedMetadata,
    MalformedSealedFile,
    NotAddressedToYou,
    NotASealedFile,
    ReplayedMessage,
    SealedFileRejected,
    TamperedError,
    UnexpectedSender,
    UnsafeFileName,
)
from tests.sealed.craft import (
    age_encrypt,
    base_metadata,
    craft,
    plaintext_of,
    reencrypt_under_same_header,
    split_plaintext,
)
from tests.sealed.test_roundtrip import seal_bytes


def refused(tmp_path: Path, out_dir: Path, data: bytes, reader: PrivateIdentity,
            sender_card: IdentityCard, error: type[SealedFileRejected], **kwargs: object
            ) -> SealedFileRejected:
    """Open `data` as `reader`; assert exactly `error` and that nothing at all was written."""
    sealed = tmp_path / "in.scelle"
    sealed.write_bytes(data)
    guard_path = tmp_path / "seen"
    guard = FileReplayGuard.for_identity(reader, guard_path)
    with pytest.raises(SealedFileRejected) as info:
        open_to_directory(sealed, out_dir, reader, expected_sender_card=sender_card,
                          replay_guard=guard, **kwargs)  # type: ignore[arg-type]
    assert type(info.value) is error, repr(info.value)
    assert os.listdir(out_dir) == []
    assert not guard_path.exists()
    return info.value


def test_co_recipient_swapping_the_content_is_detected(
        tmp_path: Path, out_dir: Path, alice: PrivateIdentity, bob: PrivateIdentity,
        carol: PrivateIdentity) -> None:
    original = seal_bytes(alice, [bob.card, carol.card], [("contrat.pdf", b"pay 100 EUR")],
                          classic=True)
    metadata, content, signature = split_plaintext(plaintext_of(original, bob))
    # Bob knows the file key: he keeps header, nonce, metadata and signature, swaps the content.
    forged_content = b"pay 999 EUR"
    plaintext = b"SCELLE/1\n" + len(metadata).to_bytes(4, "big") + metadata + forged_content \
        + b"SIG1" + signature
    forged = reencrypt_under_same_header(original, bob, plaintext)
    error = refused(tmp_path, out_dir, forged, carol, alice.card, BadSignature)
    assert "altered" in str(error)
    # A control: re-encrypting the unchanged plaintext the same way is accepted.
    same = reencrypt_under_same_header(original, bob, plaintext_of(original, bob))
    assert verify_file(_write(tmp_path, same), carol, expected_sender_card=alice.card)


def test_co_recipient_changing_the_subject_is_detected(
        tmp_path: Path, out_dir: Path, alice: PrivateIdentity, bob: PrivateIdentity,
        carol: PrivateIdentity) -> None:
    original = seal_bytes(alice, [bob.card, carol.card], [("a", b"x")], classic=True)
    plaintext = plaintext_of(original, bob)
    forged = reencrypt_under_same_header(original, bob, plaintext.replace(b"Objet", b"OBJET"))
    refused(tmp_path, out_dir, forged, carol, alice.card, BadSignature)


def _write(tmp_path: Path, data: bytes) -> Path:
    path = tmp_path / "other.scelle"
    path.write_bytes(data)
    return path


def test_surreptitious_forwarding_is_refused(
        tmp_path: Path, out_dir: Path, alice: PrivateIdentity, bob: PrivateIdentity,
        carol: PrivateIdentity) -> None:
    original = seal_bytes(alice, [bob.card], [("secret.pdf", b"for Bob only")], classic=True)
    # Bob decrypts and re-encrypts the untouched inner plaintext to Carol.
    forwarded, _h, _n = age_encrypt([carol.card], plaintext_of(original, bob))
    error = refused(tmp_path, out_dir, forwarded, carol, alice.card, ForwardedFile)
    assert "re-encrypted" in str(error)
    assert isinstance(error, BadSignature)


def test_forwarding_to_a_co_recipient_is_refused_too(
        tmp_path: Path, out_dir: Path, alice: PrivateIdentity, bob: PrivateIdentity,
        carol: PrivateIdentity) -> None:
    original = seal_bytes(alice, [bob.card, carol.card], [("a", b"x")], classic=True)
    forwarded, _h, _n = age_encrypt([carol.card], plaintext_of(original, bob))
    error = refused(tmp_path, out_dir, forwarded, carol, alice.card, BadSignature)
    assert "re-encrypted" in str(error)  # the message names both possibilities


def test_wrong_sender_is_refused(tmp_path: Path, out_dir: Path, alice: PrivateIdentity,
                                 bob: PrivateIdentity, mallory: PrivateIdentity) -> None:
    data = seal_bytes(mallory, [bob.card], [("a", b"x")])
    refused(tmp_path, out_dir, data, bob, alice.card, UnexpectedSender)


def test_sender_verifier_callback_can_refuse(tmp_path: Path, out_dir: Path,
                                              alice: PrivateIdentity, bob: PrivateIdentity
                                              ) -> None:
    data = seal_bytes(alice, [bob.card], [("a", b"x")])
    sealed = _write(tmp_path, data)
    seen: list[IdentityCard] = []
    with pytest.raises(UnexpectedSender):
        open_to_directory(sealed, out_dir, bob, sender_check=lambda c: seen.append(c) or False,
                          replay_guard=None)
    assert seen == [alice.card] and os.listdir(out_dir) == []
    assert open_to_directory(sealed, out_dir, bob, sender_check=lambda c: True, replay_guard=None)


def test_impersonation_with_the_victims_card_fails_the_signature(
        tmp_path: Path, out_dir: Path, alice: PrivateIdentity, bob: PrivateIdentity,
        mallory: PrivateIdentity) -> None:
    meta = base_metadata(alice, [bob.card], [("a", 1)])  # Alice's card, Mallory's signature
    data = craft(alice, [bob.card], meta, b"x", signer=mallory.signing_key)
    refused(tmp_path, out_dir, data, bob, alice.card, BadSignature)


def test_not_addressed_at_the_age_layer(tmp_path: Path, out_dir: Path, alice: PrivateIdentity,
                                        bob: PrivateIdentity, carol: PrivateIdentity) -> None:
    data = seal_bytes(alice, [bob.card], [("a", b"x")])
    refused(tmp_path, out_dir, data, carol, alice.card, NotAddressedToYou)


def test_not_in_the_signed_recipient_list(tmp_path: Path, out_dir: Path,
                                          alice: PrivateIdentity, bob: PrivateIdentity,
                                          carol: PrivateIdentity) -> None:
    # Encrypted to Carol, validly signed by Alice, but the signed list names only Bob.
    data = craft(alice, [bob.card, carol.card], base_metadata(alice, [bob.card], [("a", 1)]),
                 b"x")
    error = refused(tmp_path, out_dir, data, carol, alice.card, NotAddressedToYou)
    assert "recipients its sender chose" in str(error)


def test_replayed_message_is_refused_and_earlier_output_untouched(
        tmp_path: Path, out_dir: Path, alice: PrivateIdentity, bob: PrivateIdentity) -> None:
    sealed = _write(tmp_path, seal_bytes(alice, [bob.card], [("a.txt", b"x")]))
    guard = FileReplayGuard.for_identity(bob, tmp_path / "seen")
    open_to_directory(sealed, out_dir, bob, expected_sender_card=alice.card, replay_guard=guard)
    before = sorted(os.listdir(out_dir))
    second = tmp_path / "second"
    second.mkdir()
    with pytest.raises(ReplayedMessage):
        open_to_directory(sealed, second, bob, expected_sender_card=alice.card,
                          replay_guard=guard)
    assert os.listdir(second) == [] and sorted(os.listdir(out_dir)) == before
    with pytest.raises(ReplayedMessage):
        verify_file(sealed, bob, expected_sender_card=alice.card, replay_guard=guard)


def test_expired_message_is_refused(tmp_path: Path, out_dir: Path, alice: PrivateIdentity,
                                    bob: PrivateIdentity) -> None:
    expires = utc_now() + timedelta(hours=1)
    data = craft(alice, [bob.card], base_metadata(alice, [bob.card], [("a", 1)],
                                                  expires=format_time(expires)), b"x")
    refused(tmp_path, out_dir, data, bob, alice.card, ExpiredMessage,
            now=expires + timedelta(seconds=1))
    assert verify_file(_write(tmp_path, data), bob, expected_sender_card=alice.card,
                       now=expires)


MALFORMED = {
    "sizes exceed content": (lambda a, b: base_metadata(a, [b.card], [("a", 5)]), b"x",
                             MalformedMetadata),
    "content exceeds sizes": (lambda a, b: base_metadata(a, [b.card], [("a", 1)]), b"xyz",
                              MalformedMetadata),
    "unknown field": (lambda a, b: base_metadata(a, [b.card], [("a", 1)], cc=[]), b"x",
                      MalformedMetadata),
    "missing field": (lambda a, b: {k: v for k, v in base_metadata(
        a, [b.card], [("a", 1)]).items() if k != "subject"}, b"x", MalformedMetadata),
    "negative size": (lambda a, b: b'{"files":[{"size":-1}]}', b"", MalformedMetadata),
    "non-canonical": (lambda a, b: canonical_json(base_metadata(a, [b.card], [("a", 1)]))
                      .replace(b",", b", "), b"x", MalformedMetadata),
    "not json": (lambda a, b: b"\x00\x01garbage", b"", MalformedMetadata),
    "size as text": (lambda a, b: base_metadata(a, [b.card], [])
                     | {"files": [{"name": "a", "size": "1", "type": "a/b"}]}, b"x",
                     MalformedMetadata),
    "path traversal": (lambda a, b: base_metadata(a, [b.card], [("../x", 1)]), b"x",
                       UnsafeFileName),
    "absolute path": (lambda a, b: base_metadata(a, [b.card], [("/tmp/x", 1)]), b"x",
                      UnsafeFileName),
    "device name": (lambda a, b: base_metadata(a, [b.card], [("CON.txt", 1)]), b"x",
                    UnsafeFileName),
    "control char": (lambda a, b: base_metadata(a, [b.card], [("a\x1b[2J", 1)]), b"x",
                     UnsafeFileName),
    "case duplicate": (lambda a, b: base_metadata(a, [b.card], [("a.txt", 1), ("A.TXT", 1)]),
                       b"xy", UnsafeFileName),
}


@pytest.mark.parametrize("case", sorted(MALFORMED))
def test_validly_signed_files_with_bad_metadata(tmp_path: Path, out_dir: Path,
                                                alice: PrivateIdentity, bob: PrivateIdentity,
                                                case: str) -> None:
    make, content, error = MALFORMED[case]
    refused(tmp_path, out_dir, craft(alice, [bob.card], make(alice, bob), content), bob,
            alice.card, error)


@pytest.mark.parametrize("kwargs,error", [
    ({"magic": b"SCELLE/2\n"}, MalformedSealedFile),
    ({"trailer_magic": b"SIG2"}, MalformedSealedFile),
    ({"drop_trailer": True}, MalformedSealedFile),
    ({"length": 60_000}, MalformedSealedFile),          # ends inside the announced metadata
    ({"length": 0}, MalformedMetadata),
    ({"length": 64 * 1024 + 1}, MalformedMetadata),
    ({"length": 2**32 - 1}, MalformedMetadata),
])
def test_validly_encrypted_files_with_bad_structure(tmp_path: Path, out_dir: Path,
                                                    alice: PrivateIdentity, bob: PrivateIdentity,
                                                    kwargs: dict, error: type) -> None:
    meta = base_metadata(alice, [bob.card], [("a", 1)])
    refused(tmp_path, out_dir, craft(alice, [bob.card], meta, b"x", **kwargs), bob, alice.card,
            error)


def test_data_after_the_trailer_is_refused(tmp_path: Path, out_dir: Path,
                                           alice: PrivateIdentity, bob: PrivateIdentity) -> None:
    meta = base_metadata(alice, [bob.card], [("a", 1)])
    # The trailer must be the last 68 bytes: anything after it shifts what is read as trailer.
    refused(tmp_path, out_dir, craft(alice, [bob.card], meta, b"x", extra=b"more"), bob,
            alice.card, MalformedSealedFile)


def test_a_bad_age_layer_wins_over_bad_metadata(tmp_path: Path, out_dir: Path,
                                               alice: PrivateIdentity, bob: PrivateIdentity
                                               ) -> None:
    data = craft(alice, [bob.card], b"not json at all", b"x" * 200_000)
    refused(tmp_path, out_dir, data[:-10], bob, alice.card, TamperedError)
    refused(tmp_path, out_dir, data + b"\x00", bob, alice.card, TamperedError)


def test_not_a_sealed_file(tmp_path: Path, out_dir: Path, alice: PrivateIdentity,
                           bob: PrivateIdentity) -> None:
    for data in (b"", b"hello", b"age-encryption.org/v1\n-> X25519\n", os.urandom(500)):
        refused(tmp_path, out_dir, data, bob, alice.card, NotASealedFile)


def test_unknown_signer_key_is_refused(tmp_path: Path, out_dir: Path, alice: PrivateIdentity,
                                       bob: PrivateIdentity) -> None:
    data = craft(alice, [bob.card], base_metadata(alice, [bob.card], [("a", 1)]), b"x",
                 signer=Ed25519PrivateKey.generate())
    refused(tmp_path, out_dir, data, bob, alice.card, BadSignature)


def test_a_view_only_file_is_not_written_unless_allowed(
        tmp_path: Path, out_dir: Path, alice: PrivateIdentity, bob: PrivateIdentity) -> None:
    from app.sealing import ViewOnlyRefused

    data = craft(alice, [bob.card], base_metadata(alice, [bob.card], [("a", 1)],
                                                  view_only=True), b"x")
    sealed = _write(tmp_path, data)
    with pytest.raises(ViewOnlyRefused):
        open_to_directory(sealed, out_dir, bob, expected_sender_card=alice.card,
                          replay_guard=None)
    assert os.listdir(out_dir) == []
    result = open_to_directory(sealed, out_dir, bob, expected_sender_card=alice.card,
                               replay_guard=None, allow_view_only=True)
    assert result.summary["view_only"] is True and (out_dir / "a").read_bytes() == b"x"


def test_crafted_helper_makes_acceptable_files(tmp_path: Path, out_dir: Path,
                                               alice: PrivateIdentity, bob: PrivateIdentity
                                               ) -> None:
    """The adversarial files above differ from a valid one only where each test says."""
    data = craft(alice, [bob.card], base_metadata(alice, [bob.card], [("a", 1), ("b", 0)]),
                 b"x")
    result = open_to_directory(_write(tmp_path, data), out_dir, bob,
                               expected_sender_card=alice.card, replay_guard=None)
    assert [p.name for p in result.files] == ["a", "b"]
    assert open_sealed_ok(data, bob, alice)


def open_sealed_ok(data: bytes, reader: PrivateIdentity, sender: PrivateIdentity) -> bool:
    from crypto.sealed.reader import open_sealed

    return bool(open_sealed(io.BytesIO(data), reader, expected_sender=sender.card,
                            replay_guard=None))
