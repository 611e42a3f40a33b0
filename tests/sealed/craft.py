"""Hand-crafted sealed files for the adversarial tests.

Attacks by a recipient need the file key, which our API never exposes: these helpers unwrap an
X25519 stanza and run the STREAM payload with `cryptography` directly, following the age spec.
Validly signed files with hostile metadata are built with the same signature rule as the writer
(docs/format.md §3), so the reader's later checks are the ones exercised.
"""

from __future__ import annotations

import hashlib
import io
import re
from collections.abc import Sequence
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from crypto.age import AgeWriter, bech32, parse_recipient
from crypto.identity import IdentityCard, PrivateIdentity
from crypto.sealed.codec import canonical_json, format_time, utc_now

CHUNK = 64 * 1024
MAGIC = b"SCELLE/1\n"


def hkdf(ikm: bytes, salt: bytes, info: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=salt, info=info).derive(ikm)


def b64d(text: str) -> bytes:
    import base64

    return base64.b64decode(text + "=" * (-len(text) % 4))


def split_age(data: bytes) -> tuple[bytes, bytes, bytes]:
    """(header including the MAC line, payload nonce, encrypted payload)."""
    end = data.index(b"\n--- ") + 1
    end = data.index(b"\n", end) + 1
    return data[:end], data[end:end + 16], data[end + 16:]


def x25519_file_key(header: bytes, identity: PrivateIdentity) -> bytes:
    secret = bech32.decode(str(identity.age_identity)).data
    private = X25519PrivateKey.from_private_bytes(secret)
    ours = private.public_key().public_bytes_raw()
    for share_b64, body_b64 in re.findall(rb"-> X25519 (\S+)\n(\S*)\n", header):
        share = b64d(share_b64.decode())
        shared = private.exchange(X25519PublicKey.from_public_bytes(share))
        key = hkdf(shared, share + ours, b"age-encryption.org/v1/X25519")
        try:
            return ChaCha20Poly1305(key).decrypt(bytes(12), b64d(body_b64.decode()), None)
        except InvalidTag:
            continue  # another recipient's stanza
    raise AssertionError("no X25519 stanza for this identity")


def _nonce(i: int, final: bool) -> bytes:
    return i.to_bytes(11, "big") + (b"\x01" if final else b"\x00")


def decrypt_payload(file_key: bytes, nonce: bytes, payload: bytes) -> bytes:
    aead = ChaCha20Poly1305(hkdf(file_key, nonce, b"payload"))
    chunks = [payload[i:i + CHUNK + 16] for i in range(0, len(payload), CHUNK + 16)]
    return b"".join(aead.decrypt(_nonce(i, i == len(chunks) - 1), c, None)
                    for i, c in enumerate(chunks))


def encrypt_payload(file_key: bytes, nonce: bytes, plaintext: bytes) -> bytes:
    aead = ChaCha20Poly1305(hkdf(file_key, nonce, b"payload"))
    pieces = [plaintext[i:i + CHUNK] for i in range(0, len(plaintext), CHUNK)] or [b""]
    return b"".join(aead.encrypt(_nonce(i, i == len(pieces) - 1), p, None)
                    for i, p in enumerate(pieces))


def plaintext_of(sealed: bytes, identity: PrivateIdentity) -> bytes:
    header, nonce, payload = split_age(sealed)
    return decrypt_payload(x25519_file_key(header, identity), nonce, payload)


def reencrypt_under_same_header(sealed: bytes, identity: PrivateIdentity,
                                plaintext: bytes) -> bytes:
    """What a co-recipient who knows the file key can do: new payload, untouched header."""
    header, nonce, payload = split_age(sealed)
    key = x25519_file_key(header, identity)
    return header + nonce + encrypt_payload(key, nonce, plaintext)


def split_plaintext(plaintext: bytes) -> tuple[bytes, bytes, bytes]:
    """(metadata, content, signature) of a well-formed inner plaintext."""
    length = int.from_bytes(plaintext[9:13], "big")
    metadata = plaintext[13:13 + length]
    return metadata, plaintext[13 + length:-68], plaintext[-64:]


def age_encrypt(cards: Sequence[IdentityCard], plaintext: bytes, classic: bool = True
                ) -> tuple[bytes, bytes, bytes]:
    """Encrypt with our age writer; returns (file, header bytes, nonce)."""
    out = io.BytesIO()
    strings = [c.age_recipient if classic else c.age_pq_recipient for c in cards]
    writer = AgeWriter(out, [parse_recipient(s) for s in strings if s])
    writer.write(plaintext)
    writer.close()
    return out.getvalue(), writer.header_bytes, writer.nonce


def base_metadata(sender: PrivateIdentity, recipients: Sequence[IdentityCard],
                  files: Sequence[tuple[str, int]], **changes: Any) -> dict[str, Any]:
    value: dict[str, Any] = {
        "id": "0123456789abcdef0123456789abcdef", "created": format_time(utc_now()),
        "sender": sender.card.to_json(),
        "recipients": sorted(c.fingerprint_hex for c in recipients),
        "subject": "Dossier", "message": "Ci-joint.", "reference": "RG 24/001",
        "expires": None, "view_only": False,
        "files": [{"name": n, "size": s, "type": "application/octet-stream"} for n, s in files],
    }
    value.update(changes)
    return value


def craft(sender: PrivateIdentity, cards: Sequence[IdentityCard], metadata: bytes | dict,
          content: bytes, *, magic: bytes = MAGIC, length: int | None = None,
          trailer_magic: bytes = b"SIG1", signer: Ed25519PrivateKey | None = None,
          extra: bytes = b"", drop_trailer: bool = False) -> bytes:
    """A sealed file with exactly the given inner parts, signed as the writer would sign it.

    Encrypted (classic X25519) to `cards`; `extra` is appended to the plaintext after the trailer.
    """
    meta = metadata if isinstance(metadata, bytes) else canonical_json(metadata)
    size = len(meta) if length is None else length
    body = magic + size.to_bytes(4, "big") + meta + content
    out = io.BytesIO()
    writer = AgeWriter(out, [parse_recipient(c.age_recipient) for c in cards])
    signed = (b"scelle/v1 signature\0" + hashlib.sha256(writer.header_bytes + writer.nonce).digest()
              + hashlib.sha256(meta).digest() + hashlib.sha256(content).digest())
    signature = (signer or sender.signing_key).sign(signed)
    writer.write(body + (b"" if drop_trailer else trailer_magic + signature) + extra)
    writer.close()
    return out.getvalue()
