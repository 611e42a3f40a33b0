"""PKCS#11 tokens: loading the middleware, finding tokens, listing certificates, logging in.

Everything that touches the library runs on the token thread (`crypto.factors.token_thread`).
Public methods of `Pkcs11Module` may be called from any thread: they hop onto the token thread
themselves. Functions documented "worker side" must only run on the token thread.

Tokens are selected by label and/or serial number, never by slot id: slot ids change every time a
reader or token is plugged in.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import pkcs11
from pkcs11 import Attribute, ObjectClass, TokenFlag
from pkcs11 import exceptions as p11x

from crypto.factors.pkcs11_errors import (
    AmbiguousTokenError,
    PinEntryCancelledError,
    PinLockedError,
    PinTries,
    Pkcs11Error,
    Pkcs11ModuleError,
    TokenNotFoundError,
    TokenRemovedError,
    WrongPinError,
)
from crypto.factors.pkcs11_keys import CertificateInfo, describe_certificate, session_objects
from crypto.factors.token_thread import TokenThread, token_thread

#: Returns the PIN typed by the user, or None if they cancelled. Called at most once per
#: operation, and only after the token was found (no PIN prompt for an absent token).
PinProvider = Callable[[], "str | bytearray | None"]

#: Where common middleware installs itself; the first existing path is the default module.
DEFAULT_MODULE_PATHS: tuple[str, ...] = (
    "/usr/lib/x86_64-linux-gnu/opensc-pkcs11.so",
    "/usr/lib/opensc-pkcs11.so",
    "/usr/lib64/opensc-pkcs11.so",
    "/usr/lib/libIDPrimePKCS11.so",  # Thales / Gemalto IDPrime (e.g. lawyers' RPVA keys)
    "/usr/lib/libeTPkcs11.so",  # SafeNet eToken
    "/Library/OpenSC/lib/opensc-pkcs11.so",
    "/usr/local/lib/opensc-pkcs11.so",
    "C:\\Windows\\System32\\opensc-pkcs11.dll",
    "C:\\Windows\\System32\\eTPKCS11.dll",
    "C:\\Windows\\System32\\IDPrimePKCS11.dll",
)

# Errors meaning "the token went away"; anything else from the library is a plain Pkcs11Error.
_REMOVAL_ERRORS = (
    p11x.TokenNotPresent,
    p11x.DeviceRemoved,
    p11x.SessionClosed,
    p11x.SessionHandleInvalid,
    p11x.TokenNotRecognised,
)


@dataclass(frozen=True)
class TokenSelector:
    """Which token to use: by label, serial, or both (both must then match)."""

    label: str | None = None
    serial: str | None = None

    def __post_init__(self) -> None:
        if not self.label and not self.serial:
            raise ValueError("A token selector needs a label or a serial number")

    def matches(self, info: TokenInfo) -> bool:
        return (not self.label or info.label == self.label) and (
            not self.serial or info.serial == self.serial
        )


@dataclass(frozen=True)
class TokenInfo:
    """A present token, as the middleware describes it."""

    label: str
    serial: str
    manufacturer: str
    model: str
    initialized: bool
    user_pin_initialized: bool
    login_required: bool
    protected_auth_path: bool  # PIN pad on the reader: no PIN is typed on the computer
    pin_tries: PinTries

    @property
    def pin_locked(self) -> bool:
        return self.pin_tries is PinTries.LOCKED

    def selector(self) -> TokenSelector:
        return TokenSelector(label=self.label or None, serial=self.serial or None)


def pin_text(value: str | bytearray | None) -> str | None:
    """The PIN as python-pkcs11 wants it (str). The caller keeps, and may wipe, its bytearray."""
    if value is None or isinstance(value, str):
        return value or None
    try:
        return bytes(value).decode("utf-8") or None
    except UnicodeDecodeError:
        raise Pkcs11Error("The PIN contains characters that are not valid text.") from None


def obtain_login(info: TokenInfo, pin: PinProvider) -> Any:
    """Caller side: what to log in with. Asks for the PIN only when it can be used: not for a
    locked token, not for a reader with a PIN pad (PROTECTED_AUTH makes the reader ask)."""
    if info.pin_locked:
        raise PinLockedError(info.label)
    if info.protected_auth_path:
        return pkcs11.PROTECTED_AUTH
    secret = pin_text(pin())
    if secret is None:
        raise PinEntryCancelledError(f"PIN entry for security token {info.label!r} was cancelled.")
    return secret


class Pkcs11Module:
    """One PKCS#11 library (middleware), loaded once per path on the token thread."""

    def __init__(self, path: str, thread: TokenThread | None = None) -> None:
        self.path = path
        self.thread = thread or token_thread()

    @classmethod
    def default(cls, thread: TokenThread | None = None) -> Pkcs11Module:
        for path in DEFAULT_MODULE_PATHS:
            if os.path.exists(path):
                return cls(path, thread)
        raise Pkcs11ModuleError(
            "No PKCS#11 middleware found; install your token's software or give its library path."
        )

    # -- caller side -------------------------------------------------------------------------

    def list_tokens(self) -> list[TokenInfo]:
        return self.thread.call(lambda: [token_info(t) for t in self.present_tokens()])

    def find_token(self, selector: TokenSelector) -> TokenInfo:
        return self.thread.call(lambda: token_info(self.token(selector)))

    def list_certificates(
        self, selector: TokenSelector, pin: PinProvider | None = None
    ) -> list[CertificateInfo]:
        """Certificates on the token. With a PIN, the private keys are read for their real
        capabilities; without, capabilities come from each certificate's keyUsage."""
        login = obtain_login(self.find_token(selector), pin) if pin is not None else None
        return self.thread.call(self._list_certificates, selector, login)

    # -- worker side -------------------------------------------------------------------------

    def lib(self) -> Any:
        def load() -> Any:
            try:
                return pkcs11.lib(self.path)
            except (OSError, p11x.PKCS11Error) as exc:
                raise Pkcs11ModuleError(
                    f"Cannot load the PKCS#11 library {self.path!r}: {exc}"
                ) from None

        return self.thread.cached(("pkcs11", self.path), load)

    def present_tokens(self) -> list[Any]:
        tokens = []
        try:
            slots = self.lib().get_slots(token_present=True)
        except p11x.PKCS11Error as exc:
            raise Pkcs11Error(f"The PKCS#11 library cannot list its readers: {exc!r}") from None
        for slot in slots:
            try:
                tokens.append(slot.get_token())
            except _REMOVAL_ERRORS:
                continue  # pulled out between the two calls
        return tokens

    def token(self, selector: TokenSelector) -> Any:
        found = [t for t in self.present_tokens() if selector.matches(token_info(t))]
        if not found:
            raise TokenNotFoundError(selector.label, selector.serial)
        if len(found) > 1:
            raise AmbiguousTokenError(
                f"{len(found)} tokens are labelled {selector.label!r}; select one by serial number."
            )
        return found[0]

    def _list_certificates(self, selector: TokenSelector, login: Any) -> list[CertificateInfo]:
        token = self.token(selector)
        with user_session(token, login) as session:
            certs = session_objects(session, {Attribute.CLASS: ObjectClass.CERTIFICATE})
            logged_in = login is not None
            described = (describe_certificate(session, c, logged_in=logged_in) for c in certs)
            # A certificate that does not parse cannot be picked; it is left out, not fatal.
            return [info for info in described if info is not None]


def token_info(token: Any) -> TokenInfo:
    """Worker side: snapshot of a token's description and flags."""
    flags = TokenFlag(token.flags)
    return TokenInfo(
        label=token.label.strip(),
        serial=bytes(token.serial).decode("ascii", "replace").strip(),
        manufacturer=token.manufacturer_id.strip(),
        model=token.model.strip(),
        initialized=bool(flags & TokenFlag.TOKEN_INITIALIZED),
        user_pin_initialized=bool(flags & TokenFlag.USER_PIN_INITIALIZED),
        login_required=bool(flags & TokenFlag.LOGIN_REQUIRED),
        protected_auth_path=bool(flags & TokenFlag.PROTECTED_AUTHENTICATION_PATH),
        pin_tries=_pin_tries(flags),
    )


def _pin_tries(flags: TokenFlag) -> PinTries:
    if flags & TokenFlag.USER_PIN_LOCKED:
        return PinTries.LOCKED
    if flags & TokenFlag.USER_PIN_FINAL_TRY:
        return PinTries.FINAL_TRY
    if flags & TokenFlag.USER_PIN_COUNT_LOW:
        return PinTries.COUNT_LOW
    return PinTries.UNKNOWN


@contextmanager
def user_session(token: Any, login: Any) -> Iterator[Any]:
    """Worker side: a session logged in with `login` (a PIN, PROTECTED_AUTH, or None for a
    public session). Exactly one C_Login: a rejected PIN is reported, never retried."""
    label = token.label.strip()
    try:
        session = _open(token, login)
    except p11x.PinIncorrect:
        raise _wrong_pin(token, label) from None
    except p11x.PinLocked:
        raise PinLockedError(label) from None
    except (p11x.PinLenRange, p11x.PinInvalid):
        detail = "PIN of a length or form not accepted"
        raise WrongPinError(label, PinTries.UNKNOWN, detail) from None
    except p11x.PinExpired:
        message = f"The PIN of security token {label!r} has expired: change it with its tool."
        raise Pkcs11Error(message) from None
    except _REMOVAL_ERRORS:
        raise TokenRemovedError(f"Security token {label!r} was removed.") from None
    try:
        with removal_translated(label):
            yield session
    finally:
        try:
            session.close()  # closing the last session also logs out
        except p11x.PKCS11Error:
            pass  # token gone: nothing left to close


def _open(token: Any, login: Any) -> Any:
    if login is None:
        return token.open()
    try:
        return token.open(user_pin=login)
    except p11x.UserAlreadyLoggedIn:
        # Login state is per application: a session opened elsewhere in this process is
        # already logged in, so a plain session has the same rights. No second C_Login.
        return token.open()


def _wrong_pin(token: Any, label: str) -> Exception:
    try:
        # The flags only change after the failed login: read them again from the token.
        tries = _pin_tries(TokenFlag(token.slot.get_token().flags))
    except p11x.PKCS11Error:
        tries = PinTries.UNKNOWN  # pulled out right after: the PIN was still wrong
    if tries is PinTries.LOCKED:
        return PinLockedError(label)
    return WrongPinError(label, tries)


@contextmanager
def removal_translated(label: str) -> Iterator[None]:
    """Worker side: report a token pulled out mid-operation as TokenRemovedError."""
    try:
        yield
    except _REMOVAL_ERRORS:
        message = f"Security token {label!r} was removed during the operation."
        raise TokenRemovedError(message) from None


