"""Errors of the unlock and slot-management use cases (the lower layers add their own)."""

from __future__ import annotations

from crypto.errors import ScelleError


class NoMatchingSlot(ScelleError):
    """The vault has no slot that the given factor could open."""


class MissingPassphraseError(ScelleError):
    """A passphrase is required for this operation and none (or an empty one) was given."""


class SlotPolicyError(ScelleError):
    """The slot change would leave the vault without a required slot."""


class HeaderChangedError(ScelleError):
    """vault.json changed on disk since the vault was unlocked (another process edited it)."""


class VaultLockedError(ScelleError):
    """The operation needs an unlocked vault, and this handle has been locked (VMK wiped)."""


class UnlockStateError(ScelleError):
    """The unlock state machine was asked for a transition it does not allow."""
