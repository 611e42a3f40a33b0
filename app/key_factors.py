"""Second factors from what the user typed or chose: the one place both faces build them.

The command line (cli/vault_unlock.py, cli/vault_init.py) and the GUI (ui/unlock,
ui/widgets/token_picker.py, ui/wizard, ui/settings) collect a `FactorRequest` — which kind,
the PIN (typed, or a function asking it only when the token needs it), the PKCS#11 library,
for a new key the token and the key on it — and call `unlock_factor` or `new_key_factor`.
What the request may contain is decided here, not in a face:

* the PKCS#11 library is the one the workstation policy imposes (`pkcs11_module`); another one
  asked for explicitly is refused (`PolicyRefusal`), none asked for means the imposed one or the
  first known middleware found (`pkcs11_module`);
* the keys that may protect a vault are those of `eligible_certificates` (see there why);
* the tokens offered are the initialised ones (`usable_tokens`).

The factor objects do their device I/O on the token thread when used, not when built: building
one here is cheap and may be done on the GUI thread. The types and errors a face needs to
present tokens, certificates and failures are re-exported at the end (a face never imports
`crypto`; docs/architecture.md).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Union

from app.errors import ScelleError
from app.policy import FACTOR_KINDS, workstation_policy
from app.unlock import FactorInput, RecoveryCode, SlotFactor, TotpCode, TotpSetup
from crypto.factors.base import KeyFactor
from crypto.factors.fido2_errors import (
    Fido2DeviceNotFoundError,
    Fido2Error,
    Fido2MultipleDevicesError,
    Fido2PinBlockedError,
    Fido2PinRequiredError,
    Fido2TouchTimeoutError,
    Fido2WrongCredentialError,
    Fido2WrongPinError,
)
from crypto.factors.pkcs11_errors import (
    KeyNotFoundError,
    PinEntryCancelledError,
    PinLockedError,
    PinTries,
    Pkcs11Error,
    Pkcs11ModuleError,
    TokenNotFoundError,
    WrongPinError,
)
from crypto.factors.pkcs11_factor import KeySelection, Pkcs11Factor
from crypto.factors.pkcs11_keys import CertificateInfo
from crypto.factors.pkcs11_token import (
    DEFAULT_MODULE_PATHS,
    Pkcs11Module,
    TokenInfo,
    TokenSelector,
)

#: A PIN as typed ("" when none), or a function asking for it when the device needs it (None:
#: cancelled). A function is called at most when the token was found and wants a PIN.
PinSource = Union[str, Callable[[], "str | None"]]

UNLOCK_KINDS = (*FACTOR_KINDS, "recovery")
# crypto/factors/fido2_factor.py's UvPolicy values, spelt out: importing that module loads the
# `fido2` package (0.2–0.4 s under load), which only a FIDO2 factor needs, not every PKCS#11 or
# TOTP unlock (tests/cli/test_lazy_imports.py checks both).
UV_POLICIES = ("required", "preferred", "discouraged")


@dataclass(frozen=True)
class FactorRequest:
    """What the user gave for a second factor (only the fields of its `kind` matter)."""

    kind: str  # pkcs11 | fido2 | totp | recovery
    pin: PinSource = field(default="", repr=False)
    code: str = field(default="", repr=False)  # TOTP code, or the recovery code
    module_path: str | None = None  # PKCS#11 library asked for (None/"": not asked)
    token: TokenSelector | None = None  # new key: the token
    key_id: bytes | None = None  # new key: the key (CKA_ID) on that token
    uv: str = "preferred"  # new FIDO2 key: user verification at every unlock
    on_touch: Callable[[], None] | None = None  # FIDO2: "touch your key now"
    fido2_devices: Callable[[], Iterable[Any]] | None = None  # FIDO2 devices (tests: emulated)


class FactorRequestError(ScelleError):
    """A new token key was asked for without saying which token and which key."""


def pkcs11_module(requested: str | None = None) -> Pkcs11Module:
    """The PKCS#11 library to use: the policy's, else `requested`, else the first one found.

    Raises `PolicyRefusal` for a library other than the imposed one, `Pkcs11ModuleError` for a
    path that is not a file or when no middleware is installed.
    """
    path = workstation_policy().pkcs11_module_path((requested or "").strip() or None)
    if path is None:
        return Pkcs11Module.default()
    if not Path(path).is_file():
        raise Pkcs11ModuleError(f"PKCS#11 library '{path}' not found")
    return Pkcs11Module(path)


def usable_tokens(module: Pkcs11Module) -> list[TokenInfo]:
    """The tokens plugged in that can hold a vault key (initialised ones)."""
    return [t for t in module.list_tokens() if t.initialized]


def is_eligible(cert: CertificateInfo) -> bool:
    """True if the key of `cert` may protect a vault.

    The key must be found through the certificate (a CKA_ID shared by both), its private key
    must be on the token (a certificate alone — a CA's, a correspondent's — has no key to use:
    enrolment would fail), and the key must be able to decrypt, derive or sign (a share
    mechanism exists). `has_private_key` is None when the token was read without the PIN: the
    key may then be there, and enrolment checks it. The certificate's validity dates are not
    a criterion: the certificate only names the key, whose use here does not depend on them.
    """
    return bool(cert.key_id) and cert.has_private_key is not False \
        and cert.mechanism is not None


def eligible_certificates(module: Pkcs11Module, token: TokenSelector,
                          pin: PinSource) -> list[CertificateInfo]:
    """The certificates of `token` whose key may protect a vault (blocking: token I/O)."""
    return [c for c in module.list_certificates(token, _pin_provider(pin)) if is_eligible(c)]


def unlock_factor(request: FactorRequest) -> FactorInput:
    """What `open_vault` takes for this request (a token, a FIDO2 key, a code)."""
    if request.kind == "totp":
        return TotpCode(request.code.replace(" ", ""))
    if request.kind == "recovery":
        return RecoveryCode(request.code)
    if request.kind == "pkcs11":
        return Pkcs11Factor(pkcs11_module(request.module_path), _pin_provider(request.pin))
    if request.kind == "fido2":
        return _fido2(request, "preferred")
    raise ValueError(f"unknown factor kind {request.kind!r}")


def new_key_factor(request: FactorRequest) -> SlotFactor:
    """The factor of a new key (a vault's first slot, an added slot) for this request."""
    if request.kind == "totp":
        return TotpSetup()
    if request.kind == "fido2":
        return _fido2(request, request.uv)
    if request.kind != "pkcs11":
        raise ValueError(f"{request.kind!r} cannot be the factor of a new key")
    if request.token is None or not request.key_id:
        raise FactorRequestError("Choose the security token and the key that will protect "
                                 "the vault.")
    return Pkcs11Factor(pkcs11_module(request.module_path), _pin_provider(request.pin),
                        KeySelection(request.token, request.key_id))


def _fido2(request: FactorRequest, uv: str) -> KeyFactor:
    from crypto.factors.fido2_factor import Fido2Factor, UvPolicy

    extra: dict[str, Any] = {}
    if request.fido2_devices is not None:
        extra["devices"] = request.fido2_devices
    return Fido2Factor(pin=_pin_provider(request.pin), uv=UvPolicy(uv),
                       on_touch=request.on_touch, **extra)


def _pin_provider(pin: PinSource) -> Callable[[], str | None]:
    if callable(pin):
        return pin
    return lambda: pin or None


__all__ = [
    "DEFAULT_MODULE_PATHS", "FACTOR_KINDS", "UNLOCK_KINDS", "UV_POLICIES", "CertificateInfo",
    "FactorRequest", "FactorRequestError", "Fido2DeviceNotFoundError", "Fido2Error",
    "Fido2MultipleDevicesError", "Fido2PinBlockedError", "Fido2PinRequiredError",
    "Fido2TouchTimeoutError", "Fido2WrongCredentialError", "Fido2WrongPinError",
    "KeyNotFoundError", "PinEntryCancelledError", "PinLockedError", "PinSource", "PinTries",
    "Pkcs11Error", "Pkcs11Module", "Pkcs11ModuleError", "TokenInfo", "TokenNotFoundError",
    "TokenSelector", "WrongPinError", "eligible_certificates", "is_eligible", "new_key_factor",
    "pkcs11_module", "unlock_factor", "usable_tokens",
]
