"""The offline part of the rule for a sealed file sent on behalf of someone (docs/format.md
§8.4): the delegation it carries must hold for its sender at its creation time.

Used as is where there is no vault (`scelle open`/`verify` with an identity file and a card:
app/sealing/opener.py), and by app/vault/on_behalf.py, which adds what a vault knows (the
pinned organisation key, its contacts, the revocations it learned).
"""

from __future__ import annotations

from crypto.delegation import DelegationError, check_delegation
from crypto.sealed.errors import BadSignature
from crypto.sealed.metadata import Metadata


class OnBehalfRefused(BadSignature):
    """A file sent on behalf of someone whose delegation does not hold: refused like a bad
    signature (nothing kept). The text names the reason, never a name."""

    default = ("This sealed file was sent on behalf of someone, but its delegation does not "
               "hold; it was refused.")


def check_claim(metadata: Metadata, pinned_org_key: bytes | None = None) -> None:
    """Nothing for a file sent in the sender's own name; else `OnBehalfRefused` unless the
    delegation is certified (by `pinned_org_key` when the reader pinned one for that
    organisation) and `check_delegation` passes at `created` for the act "send"."""
    sealed = metadata.delegation
    if sealed is None:
        return
    cert = sealed.delegation.certification
    if cert is None:
        raise OnBehalfRefused("This sealed file was sent on behalf of someone by a delegation "
                              "their organisation never certified; it was refused.")
    if pinned_org_key is not None and pinned_org_key != cert.signing_key:
        raise OnBehalfRefused("The delegation of this sealed file is certified by another key "
                              "than the one known for that organisation; it was refused.")
    try:
        check_delegation(sealed.delegation, sealed.principal_card, metadata.sender,
                         cert.signing_key, metadata.created, "send")
    except DelegationError as exc:
        text = str(exc)
        raise OnBehalfRefused("This sealed file was sent on behalf of someone, but "
                              f"{text[:1].lower()}{text[1:]} It was refused.") from None
