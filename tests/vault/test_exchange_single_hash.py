"""Receiving a one-file sealed file hashes its plaintext once: the blob takes the signed content
digest (docs/format.md §3.4: for one file, that file's SHA-256) instead of hashing the same
bytes again (app/vault/exchange.py). The stored fingerprint must still be the SHA-256 of the
stored bytes, and a file whose content no longer matches its signature must store nothing."""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

import pytest

from crypto.age.files import decrypt_stream, encrypt_stream
from crypto.sealed.errors import BadSignature
from crypto.sealed.writer import choose_recipients
from storage.blobs import BlobIntake
from storage.blobs.format import BlobWriter
from tests.vault.conftest import add_document, canary_data
from tests.vault.exchange_helpers import Pair, _assert_intact, _seal, _state


def _exported(session, doc_id: int) -> bytes:  # type: ignore[no-untyped-def]
    with session.documents.open(doc_id) as stream:
        return stream.read()


@pytest.mark.parametrize("sizes", [(300_000,), (0,), (120_000, 5, 0)])
def test_stored_fingerprint_is_the_sha256_of_the_stored_bytes(
        pair: Pair, tmp_path: Path, sizes: tuple[int, ...], monkeypatch: pytest.MonkeyPatch) -> None:
    alice, bob, bob_at_alice, _ = pair
    skipped: list[str] = []
    original = BlobIntake.hash_elsewhere
    monkeypatch.setattr(BlobIntake, "hash_elsewhere",
                        lambda self: (skipped.append(self.blob_id), original(self))[1])
    ids = [add_document(alice, f"f{n}.bin", canary_data(size, seed=n))
           for n, size in enumerate(sizes)]
    _seal(alice, ids, bob_at_alice, tmp_path / "m.scelle")
    got = bob.receive_sealed(tmp_path / "m.scelle")
    for n, doc_id in enumerate(got.document_ids):
        data = _exported(bob, doc_id)
        assert data == canary_data(sizes[n], seed=n)
        assert bob.documents.get(doc_id).sha256 == hashlib.sha256(data).digest()
    # Only the file of a one-file sealed file takes the signed digest (no per-file one is signed).
    assert len(skipped) == (1 if len(sizes) == 1 else 0)
    assert bob.integrity.check().ok


def test_content_changed_under_a_valid_encryption_stores_nothing(pair: Pair,
                                                                 tmp_path: Path) -> None:
    """A recipient who can decrypt changes one content byte and re-encrypts for Bob: the age
    layer is sound, only the signed digest tells; nothing may be stored."""
    alice, bob, bob_at_alice, _ = pair
    original = canary_data(200_000)
    _seal(alice, [add_document(alice, "acte.bin", original)], bob_at_alice, tmp_path / "m")
    plain = io.BytesIO()
    with open(tmp_path / "m", "rb") as src:
        decrypt_stream(src, plain, bob.identity.age_identities())
    forged = bytearray(plain.getvalue())
    forged[forged.index(original) + 100_000] ^= 0x01
    with open(tmp_path / "forged.scelle", "wb") as dst:
        encrypt_stream(io.BytesIO(bytes(forged)), dst,
                       choose_recipients([bob.identity.card], classic=False))
    before = _state(bob)
    with pytest.raises(BadSignature):
        bob.receive_sealed(tmp_path / "forged.scelle")
    _assert_intact(bob, before)
    assert bob.receive_sealed(tmp_path / "m").document_ids  # the genuine one is accepted


def test_blob_writer_takes_a_digest_only_when_told(tmp_path: Path) -> None:
    key, blob_id = bytes(32), bytes(16)
    with open(tmp_path / "a", "wb") as out:
        writer = BlobWriter(out, key, blob_id)
        writer.write(b"data")
        with pytest.raises(ValueError):
            writer.hash_elsewhere()  # too late: bytes were hashed already
        with pytest.raises(ValueError):
            writer.finish(hashlib.sha256(b"data").digest())  # it hashes: no digest taken
        assert writer.finish() == (4, hashlib.sha256(b"data").digest())
    with open(tmp_path / "b", "wb") as out:
        writer = BlobWriter(out, key, blob_id)
        writer.hash_elsewhere()
        writer.write(b"data")
        with pytest.raises(ValueError):
            writer.finish()  # a digest is required
        digest = hashlib.sha256(b"data").digest()
        assert writer.finish(digest) == (4, digest)
