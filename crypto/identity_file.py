"""The identity file: a private identity on disk, protected by a passphrase by default.

Content (docs/format.md §2.4), canonical JSON:

    {"format": "scelle-identity/1", "card": {…identity card…},
     "signing_key": base64(Ed25519 32-byte seed),
     "age_identity": "AGE-SECRET-KEY-1…", "age_pq_identity": "AGE-SECRET-KEY-PQ-1…" | null}

Protected (default): that JSON is the plaintext of a standard age file with a single scrypt
recipient, so `age -d` can also open it. Unprotected (an explicit choice): the JSON itself. Either
way the file is created 0600, written to a temporary name, synced and moved into place.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from crypto.age import (
    AgeError,
    AgeReader,
    AgeWriter,
    NoIdentityMatchError,
    ScryptIdentity,
    ScryptRecipient,
    StanzaError,
    X25519Identity,
    format_keygen,
    parse_identity,
)
from crypto.durable import write_file
from crypto.errors import ScelleError
from crypto.identity import CardError, PrivateIdentity, card_from_json
from crypto.sealed.codec import Obj, b64encode, canonical_json, parse_json

FORMAT = "scelle-identity/1"
AGE_MAGIC = b"age-encryption.org/v1\n"
ARMOR_MAGIC = b"-----BEGIN AGE ENCRYPTED FILE-----"
MAX_FILE = 64 * 1024
DEFAULT_WORK_FACTOR = 18
_KEYS = ("format", "card", "signing_key", "age_identity", "age_pq_identity")

#: Asked for the passphrase only when the file is protected; may return str or bytes.
PassphraseProvider = Callable[[], "str | bytes | bytearray"]


class IdentityFileError(ScelleError):
    """The identity file cannot be read, written or understood."""


class PassphraseRequired(IdentityFileError):
    """The identity file is protected and no passphrase was available."""


class WrongPassphrase(IdentityFileError):
    """The passphrase does not open the identity file."""


def _wipe(buffer: bytearray) -> None:
    buffer[:] = bytes(len(buffer))


def identity_to_json(identity: PrivateIdentity) -> bytearray:
    """The private identity as canonical JSON, in a buffer the caller should wipe."""
    value: dict[str, Any] = {
        "format": FORMAT, "card": identity.card.to_json(),
        "signing_key": b64encode(identity.signing_key.private_bytes_raw()),
        "age_identity": str(identity.age_identity),
        "age_pq_identity": str(identity.age_pq_identity) if identity.age_pq_identity else None,
    }
    return bytearray(canonical_json(value))


def identity_from_json(data: bytes | bytearray) -> PrivateIdentity:
    value = parse_json(bytes(data), IdentityFileError, "The identity file")
    obj = Obj(value, IdentityFileError, "the identity file", _KEYS)
    if obj.raw("format") != FORMAT:
        raise IdentityFileError("This is not a Scellé identity file, or its version is unknown.")
    try:
        card = card_from_json(obj.raw("card"))
    except CardError as exc:
        raise IdentityFileError(f"The identity card inside the identity file is invalid: {exc}") \
            from None
    pq_text = obj.raw("age_pq_identity")
    try:
        signing_key = Ed25519PrivateKey.from_private_bytes(obj.b64("signing_key", 32))
        age_identity = X25519Identity.from_string(obj.text("age_identity", 200))
        pq = None if pq_text is None else parse_identity(obj.text("age_pq_identity", 8000))
    except (AgeError, ValueError):
        raise IdentityFileError("A secret key in the identity file is invalid.") from None
    if pq is not None and not str(pq).startswith("AGE-SECRET-KEY-PQ-1"):
        raise IdentityFileError("The post-quantum secret key in the identity file is invalid.")
    identity = PrivateIdentity(card, signing_key, age_identity, pq)  # type: ignore[arg-type]
    try:
        identity.check_matches_card()
    except CardError as exc:
        raise IdentityFileError(str(exc)) from None
    return identity


def save_identity(identity: PrivateIdentity, path: str | Path, *,
                  passphrase: str | bytes | bytearray | None = None, unprotected: bool = False,
                  work_factor: int = DEFAULT_WORK_FACTOR, overwrite: bool = False) -> None:
    """Write the identity file; a passphrase is required unless `unprotected=True`."""
    if unprotected == (passphrase is not None):
        raise IdentityFileError("Give a passphrase to protect the identity file, or choose "
                                "explicitly to store it unprotected (not both).")
    plain = identity_to_json(identity)
    try:
        if unprotected:
            content = bytes(plain)
        else:
            if not passphrase:
                raise IdentityFileError("The passphrase of the identity file must not be empty.")
            secret = passphrase if isinstance(passphrase, str) else bytes(passphrase)
            out = io.BytesIO()
            writer = AgeWriter(out, [ScryptRecipient(secret, work_factor=work_factor)])
            writer.write(plain)
            writer.close()
            content = out.getvalue()
    finally:
        _wipe(plain)
    _write_private(Path(path), content, overwrite)


def _write_private(path: Path, content: bytes, overwrite: bool) -> None:
    try:
        write_file(path, content, replace=overwrite)
    except FileExistsError:
        raise IdentityFileError("An identity file already exists at this place; "
                                "it was not replaced.") from None
    except OSError as exc:
        raise IdentityFileError(f"The identity file cannot be written ({exc.strerror}).") \
            from None


def is_protected(data: bytes) -> bool:
    return data.startswith(AGE_MAGIC) or data.startswith(ARMOR_MAGIC)


def load_identity(path: str | Path, passphrase_provider: PassphraseProvider | None = None, *,
                  max_work_factor: int = 22) -> PrivateIdentity:
    """Read an identity file, asking for the passphrase only if the file is protected."""
    try:
        with open(path, "rb") as stream:
            data = stream.read(MAX_FILE + 1)
    except OSError:
        raise IdentityFileError("The identity file cannot be read (missing or not allowed).") \
            from None
    if len(data) > MAX_FILE:
        raise IdentityFileError("This file is too large to be an identity file.")
    if not is_protected(data):
        if not data.lstrip().startswith(b"{"):
            raise IdentityFileError("This is not a Scellé identity file.")
        return identity_from_json(data)
    if passphrase_provider is None:
        raise PassphraseRequired("The identity file is protected by a passphrase; none was given.")
    plain = _decrypt(data, passphrase_provider(), max_work_factor)
    try:
        return identity_from_json(plain)
    finally:
        _wipe(plain)


def _decrypt(data: bytes, passphrase: str | bytes | bytearray, max_work_factor: int) -> bytearray:
    secret = passphrase if isinstance(passphrase, str) else bytes(passphrase)
    plain = bytearray()
    try:
        reader = AgeReader(io.BytesIO(data), [ScryptIdentity(secret, max_work_factor)])
        for chunk in reader.chunk_views():
            plain += chunk
    except NoIdentityMatchError:
        _wipe(plain)
        raise WrongPassphrase("The passphrase is wrong: it does not open this identity file.") \
            from None
    except StanzaError as exc:
        _wipe(plain)
        raise IdentityFileError(f"The identity file cannot be opened: {exc}.") from None
    except AgeError:
        _wipe(plain)
        raise IdentityFileError("The identity file is damaged: it was altered or cut short.") \
            from None
    return plain


def export_age_identities(identity: PrivateIdentity, now: datetime | None = None) -> str:
    """The secret keys in the age identity-file format (`age -d -i FILE` accepts it).

    The X25519 block is exactly what age-keygen writes; the hybrid key follows in the same form.
    """
    text = f"# Scellé identity {identity.card.fingerprint_hex}, exported for the age command\n"
    text += format_keygen(identity.age_identity, now)
    if identity.age_pq_identity is not None:
        text += format_keygen(identity.age_pq_identity, now)
    return text
