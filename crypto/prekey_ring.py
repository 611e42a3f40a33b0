"""Prekeys in sealed files: the signed `prekeys` metadata key, and opening with prekey secrets.

`prekeys` (docs/format.md §3.3 and §9) is an optional metadata key: an object mapping each
recipient sealed for a prekey (fingerprint, 64 hex) to the id of that prekey (32 hex). It is
covered by the sender's signature like the rest of the metadata, so the recipient knows which
of its keys the sender used and refuses a file where the key that opened it is not the one the
sender signed for. A recipient sealed for with its long-term key has no entry; a file without
any prekey has no `prekeys` key at all (its bytes are those an older writer produced).

`PrekeyRing` is what the relay inbox opens envelopes with (crypto/sealed/reader.py `KeyRing`):
the held prekey secrets first, then the long-term identities (senders without prekey support),
and last a refusal naming the likely cause when nothing matched.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Protocol

from crypto.age import Identity, Recipient, Stanza, parse_recipient
from crypto.identity import CLOCK_SKEW, IdentityCard, PrivateIdentity
from crypto.prekeys import Prekey, PrekeyError, PrekeySecret, verify_prekey
from crypto.sealed.codec import Obj
from crypto.sealed.errors import NotAddressedToYou, SealedFileRejected, SealingRefused

PREKEYS_KEY = "prekeys"
#: fingerprint -> prekey id, sorted by fingerprint (one byte form, hashable)
PrekeyMap = tuple[tuple[bytes, str], ...]


class PrekeyRefused(SealedFileRejected):
    default = ("This relayed envelope was sealed for a prekey that cannot be accepted; it was "
               "refused.")


def prekey_map_json(prekeys: PrekeyMap) -> dict[str, str]:
    return {fingerprint.hex(): prekey_id for fingerprint, prekey_id in prekeys}


def parse_prekey_map(obj: Obj, recipients: Sequence[bytes]) -> PrekeyMap:
    """The `prekeys` value of metadata `obj`: non-empty, only listed recipients, hex ids."""
    value = obj.raw(PREKEYS_KEY)
    if not isinstance(value, dict) or not value:
        raise obj.fail(PREKEYS_KEY, "is not a non-empty object")
    listed = {r.hex() for r in recipients}
    pairs = []
    for fingerprint, prekey_id in value.items():
        if fingerprint not in listed:
            raise obj.fail(PREKEYS_KEY, "names someone who is not a recipient")
        if not isinstance(prekey_id, str) or len(prekey_id) != 32 or \
                any(c not in "0123456789abcdef" for c in prekey_id):
            raise obj.fail(PREKEYS_KEY, "holds something other than prekey ids")
        pairs.append((bytes.fromhex(fingerprint), prekey_id))
    return tuple(sorted(pairs))


def prekey_recipients(recipients: Sequence[IdentityCard], prekeys: Sequence[Prekey],
                      classic: bool, moment: datetime) -> tuple[list[Recipient], PrekeyMap]:
    """The age recipients of a relayed envelope and the `prekeys` value naming them.

    Each recipient with a prekey is sealed for that prekey only (checked again here: its
    owner's signature, in use at `moment`); the others for their long-term hybrid key. The
    sender is not a recipient of the age layer: a relayed envelope is opened by its
    recipients only, so a theft of the sender's identity file does not open it either (the
    sender keeps the documents in the vault)."""
    if classic:
        raise SealingRefused("A relayed envelope sealed for prekeys uses post-quantum keys; "
                             "it cannot be sealed with classic keys only.")
    cards = {card.fingerprint_hex: card for card in recipients}
    chosen: dict[str, Prekey] = {}
    for prekey in prekeys:
        card = cards.get(prekey.owner)
        if card is None or prekey.owner in chosen:
            raise SealingRefused("A prekey given for sealing is not one recipient's own.")
        try:
            verify_prekey(prekey, card, moment)
        except PrekeyError as exc:
            raise SealingRefused(f"A recipient's prekey cannot be used: {exc}") from None
        chosen[prekey.owner] = prekey
    if any(not card.has_hybrid for fp, card in cards.items() if fp not in chosen):
        raise SealingRefused("A recipient without a prekey has no post-quantum key, and the two "
                             "kinds of keys cannot be mixed in one file.")
    keys = [chosen[fp].age_recipient() if fp in chosen else
            parse_recipient(card.age_pq_recipient or "") for fp, card in cards.items()]
    used = tuple(sorted((bytes.fromhex(fp), p.prekey_id) for fp, p in chosen.items()))
    return keys, used


def prekey_named_for(prekeys: PrekeyMap | None, fingerprint: bytes) -> str | None:
    return dict(prekeys or ()).get(fingerprint)


class SignedFacts(Protocol):
    """What the check reads from verified metadata (crypto/sealed/metadata.py `Metadata`)."""

    @property
    def prekeys(self) -> PrekeyMap | None: ...

    @property
    def created(self) -> datetime: ...


class _Tracked:
    """An age identity that remembers whether it opened the file."""

    def __init__(self, secret: PrekeySecret) -> None:
        self.secret = secret
        self._identity = secret.identity()
        self.used = False

    def unwrap(self, stanzas: Sequence[Stanza]) -> bytes | None:
        file_key = self._identity.unwrap(stanzas)
        self.used = file_key is not None
        return file_key


class _NothingMatched:
    """Last in the ring: none of our keys opened the envelope. Raises the refusal that says
    why this may be (a sealed-file refusal, which the age layer passes on unchanged)."""

    def unwrap(self, stanzas: Sequence[Stanza]) -> bytes | None:
        del stanzas
        raise NotAddressedToYou(
            "None of your keys opens this relayed envelope: it was sealed for a prekey this "
            "vault does not hold (unknown, not signed by you, or already destroyed), or it is "
            "not addressed to you. It was refused.")


class PrekeyRing:
    """The keys a relayed envelope may be opened with, and the check of the one that did."""

    def __init__(self, identity: PrivateIdentity, secrets: Sequence[PrekeySecret]) -> None:
        self._identity = identity
        self._tracked = [_Tracked(s) for s in secrets]

    def identities(self) -> list[Identity]:
        return [*self._tracked, *self._identity.age_identities(), _NothingMatched()]

    def used(self) -> PrekeySecret | None:
        return next((t.secret for t in self._tracked if t.used), None)

    def check(self, metadata: SignedFacts) -> None:
        """After the signature verified: the key that opened the file is the one the sender
        signed for us, and that prekey was in use when the file was sealed."""
        named = prekey_named_for(metadata.prekeys, self._identity.fingerprint)
        created = metadata.created
        used = self.used()
        if used is None:
            if named is not None:
                raise PrekeyRefused("This relayed envelope names a prekey but was opened with "
                                    "the long-term key; it was refused.")
            return
        prekey = used.prekey
        if named != prekey.prekey_id:
            raise PrekeyRefused("This relayed envelope was sealed for one of your prekeys "
                                "without the sender's signature naming it; it was refused.")
        if not prekey.valid_from - CLOCK_SKEW <= created <= prekey.until + CLOCK_SKEW:
            raise PrekeyRefused("This relayed envelope was sealed for a stale prekey (outside "
                                "its period of use); it was refused.")
