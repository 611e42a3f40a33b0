"""Who signs for an organisation: the one interface over where its certification key lives.

An organisation's Ed25519 certification key certifies members' cards and signs what the
organisation publishes (duty-group rosters, delegation certificates, administration requests to
the relay). It stays with the organisation's admin, in their vault or on a PKCS#11 token; the
relay only ever holds its public half. Code that signs for an organisation takes an
`OrgSigner` and never a raw private key, so the same path serves both places.
"""

from __future__ import annotations

from typing import Protocol

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey


class OrgSigner(Protocol):
    """An Ed25519 signer for one organisation key."""

    def public_key_raw(self) -> bytes:
        """The 32-byte raw public key (what the relay stores as `certification_key`)."""
        ...

    def sign(self, message: bytes) -> bytes:
        """A 64-byte Ed25519 signature over `message` (already domain-separated by the caller)."""
        ...


class SoftwareOrgSigner:
    """The key held in memory: loaded from the admin's vault (or, on the relay machine, from
    the key file `scelle-relay org create` wrote)."""

    def __init__(self, key: Ed25519PrivateKey) -> None:
        self._key = key

    def public_key_raw(self) -> bytes:
        return self._key.public_key().public_bytes_raw()

    def sign(self, message: bytes) -> bytes:
        return self._key.sign(message)
