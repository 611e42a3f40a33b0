"""What every second factor of a vault key slot provides.

One class per factor kind (KeePassXC's composite-key model). A factor that contributes key
material returns a *share*: 32 secret bytes mixed into the slot key with the passphrase's Argon2id
output. The share is recomputed at every unlock from the public `params` stored in the slot and
from the hardware; it is never stored anywhere.

`context` is the domain-separation string for one slot (`b"scelle/v1 slot\\0" + vault_id +
slot_id`, built by the caller): every challenge, salt or wrapped value a factor produces must be
bound to it, so that a share from one slot or vault is useless in another.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from typing import Any, ClassVar

from crypto.errors import ScelleError

SHARE_LEN = 32


class FactorError(ScelleError):
    """A second factor failed; the message says which and why (absent token, wrong PIN, …)."""


@dataclass(frozen=True)
class Enrollment:
    """The outcome of enrolling a factor in a new slot."""

    params: dict[str, Any]  # public, JSON-serialisable; stored in the slot in vault.json
    share: bytes = field(repr=False)  # SHARE_LEN secret bytes; never stored
    description: str = ""  # human label, e.g. the certificate's subject or "YubiKey 5"


class KeyFactor(ABC):
    """A second factor that contributes key material to a slot (PKCS#11 token, FIDO2 key)."""

    kind: ClassVar[str]

    @abstractmethod
    def enroll(self, context: bytes) -> Enrollment:
        """Create what the slot needs and return the first share."""

    @abstractmethod
    def share(self, params: dict[str, Any], context: bytes) -> bytes:
        """Recompute the share of an enrolled slot; raise FactorError on any failure."""
