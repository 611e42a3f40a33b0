"""The key-slot record as stored in the public vault header, with strict JSON (de)serialisation.

A slot's JSON object (keys are exact; anything missing, extra or of the wrong type is refused):

    {"id": "<16 hex>", "kind": "pkcs11" | "fido2" | "totp" | "recovery",
     "label": "<text>", "created": "YYYY-MM-DDTHH:MM:SSZ",
     "kdf": {Argon2Params},
     "factor": {"params": {...}, "description": "<text>"},          pkcs11 and fido2 only
     "totp": {"digits": 6, "period": 30, "secret": {sealed}},        totp only
     "wrap": {"alg": "chacha20poly1305", "nonce": b64, "ct": b64}}

The *public description* of a slot is that object without its two ciphertexts (`wrap` and
`totp.secret`); in canonical JSON, with the vault id, it is the AEAD associated data of both, so
editing any public field of a slot (label included) makes it unopenable.
"""

from __future__ import annotations

import base64
import json
import re
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

from crypto.errors import ScelleError
from crypto.kdf import Argon2Params, KdfParamsError

KIND_PKCS11 = "pkcs11"
KIND_FIDO2 = "fido2"
KIND_TOTP = "totp"
KIND_RECOVERY = "recovery"
FACTOR_KINDS = (KIND_PKCS11, KIND_FIDO2)  # a KeyFactor supplies the share
PASSPHRASE_KINDS = (KIND_PKCS11, KIND_FIDO2, KIND_TOTP)
KINDS = PASSPHRASE_KINDS + (KIND_RECOVERY,)

AEAD_ALG = "chacha20poly1305"
NONCE_LEN = 12
TAG_LEN = 16
MAX_LABEL = 64
MAX_DESCRIPTION = 256
MAX_PARAMS_BYTES = 16 * 1024
TOTP_DIGITS = (6, 8)
TOTP_PERIODS = (30, 60)

_SLOT_ID = re.compile(r"[0-9a-f]{16}")
_TIMESTAMP = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ")
_TIME_FORMAT = "%Y-%m-%dT%H:%M:%SZ"


class MalformedSlotError(ScelleError):
    """A key slot in the header does not follow the format (damaged or tampered header)."""


def canonical_json(obj: Any) -> bytes:
    """The one byte encoding of a JSON value used for MACs and associated data."""
    return json.dumps(
        obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    ).encode("utf-8")


def utc_now() -> str:
    return datetime.now(timezone.utc).strftime(_TIME_FORMAT)


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def strict_b64(text: Any, what: str) -> bytes:
    """Canonical padded base64 only, so every value has exactly one accepted spelling."""
    if isinstance(text, str):
        try:
            raw = base64.b64decode(text.encode("ascii"), validate=True)
        except (ValueError, UnicodeEncodeError):
            raw = None
        if raw is not None and b64(raw) == text:
            return raw
    raise MalformedSlotError(f"The {what} in the vault header is not canonical base64.")


def check_text(value: Any, what: str, limit: int) -> str:
    if not isinstance(value, str) or len(value) > limit or not value.isprintable():
        raise MalformedSlotError(
            f"The {what} must be printable text of at most {limit} characters."
        )
    return value


def _expect_keys(obj: Any, keys: set[str], what: str) -> dict[str, Any]:
    if not isinstance(obj, dict) or set(obj) != keys:
        raise MalformedSlotError(
            f"The {what} in the vault header is malformed "
            f"(expected exactly the fields {', '.join(sorted(keys))})."
        )
    return obj


def _expect_int(value: Any, allowed: tuple[int, ...], what: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value not in allowed:
        raise MalformedSlotError(f"The {what} must be one of {allowed}.")
    return value


@dataclass(frozen=True)
class Sealed:
    """An AEAD ciphertext (tag included) and its nonce."""

    nonce: bytes
    ciphertext: bytes = field(repr=False)

    def to_json(self) -> dict[str, Any]:
        return {"alg": AEAD_ALG, "nonce": b64(self.nonce), "ct": b64(self.ciphertext)}

    @classmethod
    def from_json(cls, obj: Any, plain_len: int, what: str) -> Sealed:
        obj = _expect_keys(obj, {"alg", "nonce", "ct"}, what)
        if obj["alg"] != AEAD_ALG:
            raise MalformedSlotError(f"The {what} uses an unknown cipher.")
        nonce = strict_b64(obj["nonce"], f"{what} nonce")
        ct = strict_b64(obj["ct"], f"{what} ciphertext")
        if len(nonce) != NONCE_LEN or len(ct) != plain_len + TAG_LEN:
            raise MalformedSlotError(f"The {what} has the wrong length.")
        return cls(nonce, ct)


@dataclass(frozen=True)
class TotpParams:
    """Public TOTP settings (RFC 6238, HMAC-SHA1 as every authenticator app supports)."""

    digits: int = 6
    period: int = 30

    def __post_init__(self) -> None:
        _expect_int(self.digits, TOTP_DIGITS, "number of TOTP digits")
        _expect_int(self.period, TOTP_PERIODS, "TOTP period")


@dataclass(frozen=True)
class KeySlot:
    """One key slot: public description plus the sealed VMK (and sealed TOTP secret)."""

    slot_id: str
    kind: str
    label: str
    created: str
    kdf: Argon2Params
    wrapped_vmk: Sealed
    factor_params: dict[str, Any] | None = None  # pkcs11/fido2; treat as read-only
    factor_description: str = ""
    totp: TotpParams | None = None
    totp_secret: Sealed | None = None

    def public_json(self) -> dict[str, Any]:
        obj: dict[str, Any] = {
            "id": self.slot_id,
            "kind": self.kind,
            "label": self.label,
            "created": self.created,
            "kdf": self.kdf.to_json(),
        }
        if self.kind in FACTOR_KINDS:
            obj["factor"] = {"params": self.factor_params, "description": self.factor_description}
        if self.kind == KIND_TOTP and self.totp is not None:
            obj["totp"] = {"digits": self.totp.digits, "period": self.totp.period}
        return obj

    def aad(self, vault_id: str) -> bytes:
        """Associated data binding the slot's public description to the vault."""
        return canonical_json(
            {"scelle": "slot/v1", "vault_id": vault_id, "slot": self.public_json()}
        )

    def to_json(self) -> dict[str, Any]:
        obj = self.public_json()
        if self.kind == KIND_TOTP and self.totp_secret is not None:
            obj["totp"]["secret"] = self.totp_secret.to_json()
        obj["wrap"] = self.wrapped_vmk.to_json()
        return obj

    @classmethod
    def from_json(cls, obj: Any, vmk_len: int, totp_secret_len: int) -> KeySlot:
        """Strictly parse one slot; raises MalformedSlotError, WeakKdfError."""
        kind = obj.get("kind") if isinstance(obj, dict) else None
        if kind not in KINDS:
            raise MalformedSlotError("A key slot in the vault header has an unknown kind.")
        keys = {"id", "kind", "label", "created", "kdf", "wrap"}
        keys |= {"factor"} if kind in FACTOR_KINDS else {"totp"} if kind == KIND_TOTP else set()
        obj = _expect_keys(obj, keys, "key slot")
        if not isinstance(obj["id"], str) or not _SLOT_ID.fullmatch(obj["id"]):
            raise MalformedSlotError("A key slot id in the vault header is malformed.")
        try:
            kdf = Argon2Params.from_json(obj["kdf"])
        except KdfParamsError as exc:
            raise MalformedSlotError(str(exc)) from exc
        factor_params, description, totp, totp_secret = _parse_extras(obj, kind, totp_secret_len)
        return cls(
            slot_id=obj["id"],
            kind=kind,
            label=check_text(obj["label"], "slot label", MAX_LABEL),
            created=_check_time(obj["created"]),
            kdf=kdf,
            wrapped_vmk=Sealed.from_json(obj["wrap"], vmk_len, "wrapped master key"),
            factor_params=factor_params,
            factor_description=description,
            totp=totp,
            totp_secret=totp_secret,
        )


def _parse_extras(
    obj: dict[str, Any], kind: str, totp_secret_len: int
) -> tuple[dict[str, Any] | None, str, TotpParams | None, Sealed | None]:
    if kind in FACTOR_KINDS:
        factor = _expect_keys(obj["factor"], {"params", "description"}, "factor description")
        params = factor["params"]
        if not isinstance(params, dict) or len(canonical_json(params)) > MAX_PARAMS_BYTES:
            raise MalformedSlotError("The factor parameters of a key slot are malformed.")
        desc = check_text(factor["description"], "factor description", MAX_DESCRIPTION)
        return params, desc, None, None
    if kind == KIND_TOTP:
        totp = _expect_keys(obj["totp"], {"digits", "period", "secret"}, "TOTP settings")
        params_t = TotpParams(
            digits=_expect_int(totp["digits"], TOTP_DIGITS, "number of TOTP digits"),
            period=_expect_int(totp["period"], TOTP_PERIODS, "TOTP period"),
        )
        secret = Sealed.from_json(totp["secret"], totp_secret_len, "TOTP secret")
        return None, "", params_t, secret
    return None, "", None, None


def _check_time(value: Any) -> str:
    if isinstance(value, str) and _TIMESTAMP.fullmatch(value):
        try:
            datetime.strptime(value, _TIME_FORMAT)
            return value
        except ValueError:
            pass
    raise MalformedSlotError("A key slot's creation time is not a UTC time (YYYY-MM-DDTHH:MM:SSZ).")


def is_slot_id(value: Any) -> bool:
    return isinstance(value, str) and _SLOT_ID.fullmatch(value) is not None
