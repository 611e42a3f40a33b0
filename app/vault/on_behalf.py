"""The rule for a sealed file sent on behalf of someone: "sent by X for Y", or refused.

After the reader verified the sender's signature (the sender is the delegate, X), a file whose
metadata carries a delegation (crypto/sealed/on_behalf.py) is accepted only if, at the file's
creation time, the delegation is signed by the principal (Y, whose card travels with it),
certified by the organisation key that also certifies both cards, in force, has the scope
"send", and names this sender (crypto/delegation.py `check_delegation`). Besides:

- the organisation key must be the one this vault pinned for that organisation, if it pinned
  one (the relay directory pins them, app/relay_client/directory.py);
- the principal's card must not be an imposture of a contact (a contact's name on other keys,
  app/vault/sender_check.py), nor a contact's retired or changed key;
- no revocation known to this vault (delegation_revocations.py) may cover the delegation.
  What the vault knows is what the relay listed at the last sync: offline, a revocation made
  since is not known. Once known, every file under that delegation is refused whatever date
  it bears, since a delegate who kept their key could backdate one (docs/security.md).

Any failure raises `OnBehalfRefused`, a `BadSignature`: nothing of the file is kept.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.sealing.delegation_check import OnBehalfRefused, check_claim
from app.vault import delegation_revocations as revocations
from app.vault.contacts import Contacts
from app.vault.sender_check import SenderKind, classify_sender
from crypto.delegation import DelegationError, check_revocation
from crypto.identity import CardError, IdentityCard, parse_card
from crypto.sealed.metadata import Metadata
from storage.db import Database

_REFUSED_PRINCIPALS = (SenderKind.RETIRED, SenderKind.KEY_CHANGED)


@dataclass(frozen=True)
class OnBehalf:
    """What the faces show: "sent by <sender> for <principal>"."""

    principal: IdentityCard
    delegation_id: str


def pinned_org_key(db: Database, organisation: str) -> bytes | None:
    """The organisation key the relay client pinned for `organisation` (read only here)."""
    value = db.scalar("SELECT signing_key FROM relay_org_keys WHERE organisation = ?",
                      (organisation,))
    return None if value is None else bytes(value)


def check_received(db: Database, contacts: Contacts, own_fingerprint: bytes,
                   metadata: Metadata) -> OnBehalf | None:
    """None for a file sent in the sender's own name; else the principal, once every check of
    the module doc passed (`OnBehalfRefused` otherwise)."""
    sealed = metadata.delegation
    if sealed is None:
        return None
    delegation, principal = sealed.delegation, sealed.principal_card
    cert = delegation.certification
    check_claim(metadata, None if cert is None else pinned_org_key(db, cert.organisation))
    if principal.fingerprint != own_fingerprint and _disguised(contacts, principal):
        raise OnBehalfRefused("This sealed file claims to be sent on behalf of a card that "
                              "bears a contact's name or a replaced key; it was refused.")
    revocation = revocations.known(db, delegation.delegation_id)
    if revocation is not None:
        try:
            check_revocation(revocation, delegation, principal)
        except DelegationError:
            revocation = None  # not a genuine revocation of this delegation: ignored
    if revocation is not None:
        raise OnBehalfRefused("The delegation this sealed file was sent under has been revoked; "
                              "it was refused.")
    return OnBehalf(principal, delegation.id_hex)


def record_principal(db: Database, record_id: int, metadata: Metadata) -> None:
    """Inside the caller's transaction (app/vault/messages.py `insert_record`): for whom the
    message was sent, once its delegation held."""
    sealed = metadata.delegation
    assert sealed is not None
    db.execute("INSERT INTO message_principals (message, principal_card, delegation_id) "
               "VALUES (?, ?, ?)", (record_id, sealed.principal_card.to_bytes(),
                                    sealed.delegation.id_hex))


def principal_of(db: Database, record_id: int) -> IdentityCard | None:
    """The principal a message was sent on behalf of ("sent by X for Y"), or None."""
    data = db.scalar("SELECT principal_card FROM message_principals WHERE message = ?",
                     (record_id,))
    if data is None:
        return None
    try:
        return parse_card(bytes(data))
    except CardError:
        return None  # checked when stored; a damaged row shows the sender alone


def _disguised(contacts: Contacts, principal: IdentityCard) -> bool:
    """A contact's name on other keys, or a key a contact replaced. A shared organisation
    alone is no clash here: the delegate and the principal have the same one."""
    check = classify_sender(contacts, principal)
    if check.kind is SenderKind.IMPERSONATION:
        return bool(check.name_clashes)
    return check.kind in _REFUSED_PRINCIPALS
