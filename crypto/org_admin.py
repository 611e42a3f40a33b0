"""Organisation administration requests to the relay: the shared vocabulary (docs/format.md §6).

An organisation's admin administers it on the relay with requests signed by the organisation's
certification key, not by a member's key: the same RFC 9421 profile as member requests
(crypto/httpsig: covered components, Content-Digest, `created`, a one-time `nonce`, tag
`scelle-relay`), with `keyid` = the organisation's 32-byte Ed25519 public key in lowercase hex
(64 characters, the `certification_key` the relay stores) and paths under `/v1/org/`. The relay
finds the organisation by that key and acts on it only: the organisation is never named in the
request, so a request cannot reach another one.

Certifying is done by the admin: the relay sends the pending card, the admin certifies it
locally (crypto/identity.certify, through an OrgSigner) and sends the certified card back; the
relay checks the certification against the organisation key and the card against the pending
one.
"""

from __future__ import annotations

#: Where the admin routes live; a request there is verified against organisation keys only.
ORG_PATH_PREFIX = "/v1/org"

#: Why a member's card is revoked: the fixed vocabulary of the professions' registers.
REVOCATION_REASONS: dict[str, str] = {
    "removed-from-roll": "removal from the roll",
    "lost-key": "lost or compromised key",
    "departure": "departure from the organisation",
}

#: Roles an invitation may give (the relay's `ROLES`).
INVITATION_ROLES = ("member", "admin")


def org_key_id(public_key: bytes) -> str:
    """The `keyid` of an organisation's requests: its raw public key in lowercase hex."""
    if len(public_key) != 32:
        raise ValueError("an organisation key is 32 bytes")
    return public_key.hex()


def is_org_path(path: str) -> bool:
    return path == ORG_PATH_PREFIX or path.startswith(ORG_PATH_PREFIX + "/")
