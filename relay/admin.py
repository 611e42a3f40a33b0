"""Administration, used by the `scelle-relay` command: organisations and their admins, links,
invitations, certification and revocation of members' cards, listings and the audit trail.

Every change is written to the audit table in the same transaction as the change itself.
"""

from __future__ import annotations

import base64
import secrets
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from crypto.identity import CardError, certify, parse_card
from relay import errors
from relay.clock import as_datetime
from relay.db import directory, housekeeping
from relay.db import org_admin as org_admin_rows
from relay.db.base import Database, Tx
from relay.db.directory import CERTIFIED, REVOKED, ROLES, Member, Organisation
from relay.keys import create_org_key
from relay.membership import invitation_hash


class AdminError(errors.RelayError):
    code = "admin"


@dataclass(frozen=True)
class Invitation:
    code: str  # shown once; only its hash is stored
    organisation: str
    role: str
    expires: int


def new_code() -> str:
    """120 random bits as 24 base32 characters in groups of four (easy to read out)."""
    text = base64.b32encode(secrets.token_bytes(15)).decode("ascii")
    return "-".join(text[i:i + 4] for i in range(0, len(text), 4))


def _org(tx: Tx, name: str) -> Organisation:
    org = directory.org_by_name(tx, name)
    if org is None:
        raise AdminError(f"There is no organisation named {name!r}.")
    return org


def _member(tx: Tx, fingerprint: str) -> Member:
    member = directory.member(tx, fingerprint.strip().lower().replace(" ", ""))
    if member is None:
        raise AdminError("No member has this fingerprint.")
    return member


def create_org(db: Database, now: int, actor: str, name: str, key_file: Path | None,
               passphrase: bytes | None = None, hours: int = 72, *,
               public_key: bytes | None = None) -> tuple[Organisation, Invitation]:
    """Create the organisation and an admin code. Its certification key is either made here
    and written to `key_file` for its admin, or made by the admin in their vault or on a token
    and given as `public_key`, so that the private key never exists on the relay machine."""
    name = name.strip()
    if not name or len(name) > 200 or not name.isprintable():
        raise AdminError("An organisation name is 1 to 200 printable characters.")
    if (key_file is None) == (public_key is None):
        raise AdminError("Give either a new key file or the admin's public key.")
    with db.transaction() as tx:
        if directory.org_by_name(tx, name) is not None:
            raise AdminError(f"An organisation named {name!r} already exists.")
        if public_key is not None and org_admin_rows.orgs_by_key(tx, public_key):
            raise AdminError("This key is already another organisation's certification key.")
    if public_key is None:
        assert key_file is not None
        public_key = create_org_key(key_file, passphrase).public_key().public_bytes_raw()
    org = Organisation(secrets.token_hex(8), name, public_key, now)
    with db.transaction() as tx:
        directory.add_org(tx, org)
        housekeeping.audit(tx, now, actor, "org.created", org.id, f"name={name}")
    return org, invite(db, now, actor, name, "admin", hours)


def invite(db: Database, now: int, actor: str, org_name: str, role: str = "member",
           hours: int = 72) -> Invitation:
    if role not in ROLES:
        raise AdminError(f"The role must be one of {', '.join(ROLES)}.")
    if not 1 <= hours <= 24 * 30:
        raise AdminError("An invitation is valid for 1 hour to 30 days.")
    code = new_code()
    expires = now + hours * 3600
    with db.transaction() as tx:
        org = _org(tx, org_name)
        directory.add_invitation(tx, invitation_hash(code), org.id, role, now, expires)
        housekeeping.audit(tx, now, actor, "invitation.created", org.id,
                           f"role={role} expires={expires}")
    return Invitation(code, org.name, role, expires)


def certify_member(db: Database, now: int, actor: str, fingerprint: str,
                   org_key: Ed25519PrivateKey) -> Member:
    """Certify a pending (or renewed) card with the organisation key held by its admin."""
    with db.transaction() as tx:
        member = _member(tx, fingerprint)
        org = directory.org_by_id(tx, member.org_id)
    assert org is not None
    if org_key.public_key().public_bytes_raw() != org.certification_key:
        raise AdminError(f"This key is not the certification key of {org.name!r}.")
    if member.status == REVOKED:
        raise AdminError("This card was revoked; the member must enrol a new identity.")
    try:
        card = parse_card(member.card)
        card.check_valid(as_datetime(now))
        certified = certify(card, org_key, org.name, created=as_datetime(now))
    except CardError as exc:
        raise AdminError(f"The card cannot be certified: {exc}") from None
    with db.transaction() as tx:
        directory.update_member(tx, member.fingerprint, status=CERTIFIED,
                                card=certified.to_bytes(),
                                card_expires=int(certified.expires.timestamp()), now=now)
        housekeeping.audit(tx, now, actor, "member.certified", member.fingerprint,
                           f"org={org.id}")
        return _member(tx, member.fingerprint)


def revoke_member(db: Database, now: int, actor: str, fingerprint: str,
                  reason: str | None = None) -> Member:
    with db.transaction() as tx:
        member = _member(tx, fingerprint)
        directory.update_member(tx, member.fingerprint, status=REVOKED, card=member.card,
                                card_expires=member.card_expires, now=now)
        if reason is not None:
            org_admin_rows.add_revocation(tx, member.fingerprint, reason, now)
        housekeeping.audit(tx, now, actor, "member.revoked", member.fingerprint,
                           f"org={member.org_id}" + (f" reason={reason}" if reason else ""))
        return _member(tx, member.fingerprint)


def link_orgs(db: Database, now: int, actor: str, a: str, b: str, *, linked: bool = True) -> bool:
    """Record (or end) the agreement between two organisations; False if nothing changed."""
    with db.transaction() as tx:
        first, second = _org(tx, a), _org(tx, b)
        if first.id == second.id:
            raise AdminError("An organisation cannot be linked to itself.")
        changed = (directory.link(tx, first.id, second.id, now) if linked
                   else directory.unlink(tx, first.id, second.id))
        if changed:
            housekeeping.audit(tx, now, actor, "org.linked" if linked else "org.unlinked",
                               first.id, f"with={second.id}")
    return changed


def org_names(db: Database) -> dict[str, str]:
    with db.transaction() as tx:
        return {o.id: o.name for o in directory.list_orgs(tx)}


def read_public_key(text: str) -> bytes:
    """An organisation's public key: 64 hexadecimal characters, or a file holding them (as
    `scelle org key create --public-key-file` writes) or a PEM Ed25519 public key."""
    candidate = text.strip()
    if not _is_hex_key(candidate):
        path = Path(candidate)
        try:
            data = path.read_bytes()[:4096]
        except OSError as exc:
            raise AdminError(f"The public key is neither 64 hexadecimal characters nor a "
                             f"readable file ({exc.strerror}).") from None
        candidate = data.decode("ascii", "replace").strip()
        if not _is_hex_key(candidate):
            return _pem_public_key(data)
    return bytes.fromhex(candidate.lower())


def _is_hex_key(text: str) -> bool:
    return len(text) == 64 and all(c in "0123456789abcdefABCDEF" for c in text)


def _pem_public_key(data: bytes) -> bytes:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    try:
        key = serialization.load_pem_public_key(data)
    except ValueError:
        raise AdminError("The public key file holds neither 64 hexadecimal characters nor a "
                         "PEM public key.") from None
    if not isinstance(key, Ed25519PublicKey):
        raise AdminError("The public key is not an Ed25519 key.")
    return key.public_bytes_raw()
