""""Sent by X for Y": how a file sent on behalf of a principal is introduced.

The core refused the file unless its delegation held (app/vault/on_behalf.py); these texts only
say for whom it was sent. Names come from the signed cards, shown as plain text.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from app.sealing.metadata import Metadata
from app.vault import VaultSession
from app.vault.on_behalf import principal_of
from app.identities import IdentityCard


def _who(card: IdentityCard) -> str:
    return f"{card.name}, {card.organisation}" if card.organisation else card.name


def sent_for_text(sender: IdentityCard, principal: IdentityCard) -> str:
    return QCoreApplication.translate("DelegationLabels", "Sent by {sender} for {principal}") \
        .format(sender=sender.name, principal=_who(principal))


def on_behalf_text(metadata: Metadata) -> str | None:
    """For a verified sealed file: None when sent in the sender's own name."""
    sealed = metadata.delegation
    return None if sealed is None else sent_for_text(metadata.sender, sealed.principal_card)


def with_principal(session: VaultSession, record_id: int | None, name: str | None
                   ) -> str | None:
    """An inbox row's sender, "X for Y" when the message was sent on behalf of Y (worker
    thread: reads the vault)."""
    if record_id is None or name is None:
        return name
    principal = principal_of(session.store.db, record_id)
    if principal is None:
        return name
    return QCoreApplication.translate("DelegationLabels", "{sender} for {principal}") \
        .format(sender=name, principal=_who(principal))
