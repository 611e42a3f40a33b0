"""PKCS#11 bad paths: wrong or locked PIN, absent token, deleted or replaced key, threads."""

from __future__ import annotations

import threading
from typing import Any

import pkcs11
import pytest
from pkcs11 import Attribute, ObjectClass, TokenFlag
from pkcs11 import exceptions as p11x

from crypto.factors.pkcs11_errors import (
    KeyMismatchError,
    KeyNotFoundError,
    PinLockedError,
    PinTries,
    TokenNotFoundError,
    TokenRemovedError,
    WrongPinError,
)
from crypto.factors.pkcs11_factor import KeySelection, Pkcs11Factor
from crypto.factors.pkcs11_token import Pkcs11Module, TokenSelector
from crypto.factors.token_thread import token_thread
from tests.factors._helpers import altered, slot_context
from tests.support.softhsm import SoftHsm


def enroll(softhsm: SoftHsm, key_id: bytes, module: Pkcs11Module | None = None):
    selection = KeySelection(softhsm.selector(), key_id)
    factor = Pkcs11Factor(module or softhsm.module(), softhsm.pin_provider(), selection)
    return factor.enroll(slot_context())


def test_wrong_pin_makes_exactly_one_login_attempt(softhsm: SoftHsm) -> None:
    params = enroll(softhsm, softhsm.ec_derive.key_id).params
    spied = softhsm.spied_module()  # every PKCS#11 call logged by OpenSC's pkcs11-spy
    spied.list_tokens()
    start = softhsm.spy_log.stat().st_size
    wrong = softhsm.pin_provider(bytearray(b"999999"))
    with pytest.raises(WrongPinError, match="Wrong PIN for security token 'scelle-test'") as caught:
        Pkcs11Factor(spied, wrong).share(params, slot_context())
    log = softhsm.spy_log.read_text()[start:]
    assert log.count("C_Login") == 1
    assert log.count("CKR_PIN_INCORRECT") == 1
    assert wrong.calls == 1
    # SoftHSM reports "count low" after a failure and never locks; the error carries it.
    assert caught.value.tries is PinTries.COUNT_LOW
    assert "few tries are left" in str(caught.value) and "999999" not in str(caught.value)
    # The right PIN then works through the same module (no stuck session, no lingering login).
    assert Pkcs11Factor(spied, softhsm.pin_provider()).share(params, slot_context())


def test_an_absent_token_is_reported_without_asking_for_the_pin(softhsm: SoftHsm) -> None:
    params = enroll(softhsm, softhsm.ec_derive.key_id).params
    gone = altered(params, token_label="cabinet-key", token_serial="00c0ffee00c0ffee")
    pin = softhsm.pin_provider()
    with pytest.raises(TokenNotFoundError, match="'cabinet-key'.*'00c0ffee00c0ffee'") as caught:
        Pkcs11Factor(softhsm.module(), pin).share(gone, slot_context())
    assert (caught.value.label, caught.value.serial) == ("cabinet-key", "00c0ffee00c0ffee")
    assert pin.calls == 0
    selection = KeySelection(TokenSelector(label="no-such-token"), b"\x01")
    with pytest.raises(TokenNotFoundError, match="no-such-token"):
        Pkcs11Factor(softhsm.module(), pin, selection).enroll(slot_context())


def test_a_deleted_key_is_a_clear_error(softhsm: SoftHsm) -> None:
    key = softhsm.add_key("ec-derive", "doomed")
    params = enroll(softhsm, key.key_id).params
    softhsm.delete_key(key.key_id)
    expected = f"{key.key_id.hex()} is no longer on security token"
    with pytest.raises(KeyNotFoundError, match=expected):
        Pkcs11Factor(softhsm.module(), softhsm.pin_provider()).share(params, slot_context())
    with pytest.raises(KeyNotFoundError):
        enroll(softhsm, key.key_id)


def test_a_key_without_its_certificate_cannot_be_enrolled_but_still_unlocks(
    softhsm: SoftHsm,
) -> None:
    key = softhsm.add_key("ec-derive", "cert-lost")
    enrollment = enroll(softhsm, key.key_id)
    # Remove only the certificate: the public key needed at unlock is in the params.
    softhsm.module().thread.call(_delete_certificate, softhsm, key.key_id)
    factor = Pkcs11Factor(softhsm.module(), softhsm.pin_provider())
    share = factor.share(enrollment.params, slot_context())
    assert share == enrollment.share
    with pytest.raises(KeyNotFoundError, match="No certificate"):
        enroll(softhsm, key.key_id)


def _delete_certificate(softhsm: SoftHsm, key_id: bytes) -> None:
    with softhsm._session() as session:
        query = {Attribute.CLASS: ObjectClass.CERTIFICATE, Attribute.ID: key_id}
        for obj in list(session.get_objects(query)):
            obj.destroy()


def test_a_key_replaced_under_the_same_identifier_is_detected(softhsm: SoftHsm) -> None:
    key = softhsm.add_key("ec-derive", "reissued")
    params = enroll(softhsm, key.key_id).params
    softhsm.replace_certificate(key.key_id, softhsm.ec_derive.certificate)  # another key's
    with pytest.raises(KeyMismatchError, match="was replaced"):
        Pkcs11Factor(softhsm.module(), softhsm.pin_provider()).share(params, slot_context())


def test_enrolment_refuses_a_certificate_that_does_not_match_the_key(softhsm: SoftHsm) -> None:
    key = softhsm.add_key("ec-derive", "mismatched")
    softhsm.replace_certificate(key.key_id, softhsm.ec_derive.certificate)
    with pytest.raises(KeyMismatchError, match="does not match"):
        enroll(softhsm, key.key_id)


# -- PIN states SoftHSM cannot produce (it never locks): a token whose flags/login say so ------


class _Token:
    """Wraps a real SoftHSM token, overriding the flags and login result a smart card gives."""

    def __init__(self, real: Any, flags: int = 0, login_error: type[Exception] | None = None,
                 flags_after_failure: int = 0) -> None:
        self._real, self._extra, self._error = real, flags, login_error
        self._after = flags_after_failure
        self.logins = 0

    def __getattr__(self, name: str) -> Any:
        return getattr(self._real, name)

    @property
    def flags(self) -> int:
        return self._real.flags | self._extra

    @property
    def slot(self) -> Any:
        outer = self

        class _Slot:
            def get_token(self) -> Any:
                return _Token(outer._real, outer._extra | outer._after)

        return _Slot()

    def open(self, **kwargs: Any) -> Any:
        self.logins += 1
        if self._error is not None and "user_pin" in kwargs:
            raise self._error()
        return self._real.open(**kwargs)


class _CardModule(Pkcs11Module):
    def __init__(self, path: str, **token_kw: Any) -> None:
        super().__init__(path)
        self.token_kw = token_kw
        self.wrapped: list[_Token] = []

    def present_tokens(self) -> list[Any]:
        tokens = [_Token(t, **self.token_kw) for t in super().present_tokens()]
        self.wrapped.extend(tokens)
        return tokens


def test_a_token_reporting_a_locked_pin_is_refused_before_asking_the_pin(softhsm: SoftHsm) -> None:
    params = enroll(softhsm, softhsm.ec_derive.key_id).params
    module = _CardModule(softhsm.module_path, flags=TokenFlag.USER_PIN_LOCKED)
    assert module.find_token(softhsm.selector()).pin_tries is PinTries.LOCKED
    pin = softhsm.pin_provider()
    with pytest.raises(PinLockedError, match="locked after too many wrong tries"):
        Pkcs11Factor(module, pin).share(params, slot_context())
    assert pin.calls == 0 and all(t.logins == 0 for t in module.wrapped)


def test_a_login_answered_pin_locked_is_reported_as_locked(softhsm: SoftHsm) -> None:
    params = enroll(softhsm, softhsm.ec_derive.key_id).params
    module = _CardModule(softhsm.module_path, login_error=p11x.PinLocked)
    with pytest.raises(PinLockedError):
        Pkcs11Factor(module, softhsm.pin_provider()).share(params, slot_context())
    assert sum(t.logins for t in module.wrapped) == 1


@pytest.mark.parametrize(
    ("after", "error", "tries"),
    [
        (TokenFlag.USER_PIN_FINAL_TRY, WrongPinError, PinTries.FINAL_TRY),
        (TokenFlag.USER_PIN_LOCKED, PinLockedError, None),
        (0, WrongPinError, PinTries.UNKNOWN),
    ],
)
def test_the_tries_left_after_a_wrong_pin_come_from_the_token(
    softhsm: SoftHsm, after: int, error: type[Exception], tries: PinTries | None
) -> None:
    params = enroll(softhsm, softhsm.ec_derive.key_id).params
    module = _CardModule(
        softhsm.module_path, login_error=p11x.PinIncorrect, flags_after_failure=after
    )
    with pytest.raises(error) as caught:
        Pkcs11Factor(module, softhsm.pin_provider()).share(params, slot_context())
    if tries is not None:
        assert caught.value.tries is tries
    if tries is PinTries.FINAL_TRY:
        assert "ONE try is left" in str(caught.value)
    assert sum(t.logins for t in module.wrapped) == 1


def test_a_token_pulled_out_during_login_is_reported(softhsm: SoftHsm) -> None:
    params = enroll(softhsm, softhsm.ec_derive.key_id).params
    module = _CardModule(softhsm.module_path, login_error=p11x.DeviceRemoved)
    with pytest.raises(TokenRemovedError, match="was removed"):
        Pkcs11Factor(module, softhsm.pin_provider()).share(params, slot_context())


# -- every library call on the token thread -------------------------------------------------------


class _Recorder:
    """Proxy recording the thread of every use of a python-pkcs11 object, recursively."""

    def __init__(self, target: Any, seen: list[int]) -> None:
        self._target, self._seen = target, seen

    def _wrap(self, value: Any) -> Any:
        if isinstance(value, (list, tuple)):
            return type(value)(self._wrap(v) for v in value)
        if type(value).__module__.startswith("pkcs11") and not isinstance(value, (int, str, bytes)):
            return _Recorder(value, self._seen)
        if hasattr(value, "__next__"):
            return (self._wrap(v) for v in value)
        return value

    def __getattr__(self, name: str) -> Any:
        self._seen.append(threading.get_ident())
        value = getattr(self._target, name)
        if not callable(value):
            return self._wrap(value)

        def call(*args: Any, **kwargs: Any) -> Any:
            self._seen.append(threading.get_ident())
            return self._wrap(value(*args, **kwargs))

        return call

    def __getitem__(self, key: Any) -> Any:
        self._seen.append(threading.get_ident())
        return self._target[key]

    def __enter__(self) -> Any:
        self._seen.append(threading.get_ident())
        return self._wrap(self._target.__enter__())

    def __exit__(self, *exc: Any) -> Any:
        self._seen.append(threading.get_ident())
        return self._target.__exit__(*exc)


def test_every_library_call_runs_on_the_one_token_thread(
    softhsm: SoftHsm, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[int] = []
    real_lib = pkcs11.lib
    loader_threads: list[int] = []

    def recorded_lib(path: str) -> _Recorder:
        loader_threads.append(threading.get_ident())
        return _Recorder(real_lib(path), seen)

    monkeypatch.setattr(pkcs11, "lib", recorded_lib)
    module = Pkcs11Module(softhsm.copy_module("recorded-softhsm2.so"))
    module.list_tokens()
    module.list_certificates(softhsm.selector(), softhsm.pin_provider())
    for key in (softhsm.rsa_decrypt, softhsm.ec_derive, softhsm.rsa_sign):
        selection = KeySelection(softhsm.selector(), key.key_id)
        factor = Pkcs11Factor(module, softhsm.pin_provider(), selection)
        enrollment = factor.enroll(slot_context())
        assert factor.share(enrollment.params, slot_context()) == enrollment.share
    assert loader_threads == [token_thread().ident]  # loaded once, on the token thread
    assert len(seen) > 50
    assert set(seen) == {token_thread().ident} != {threading.get_ident()}


def test_an_unreadable_certificate_is_left_out_and_cannot_be_enrolled(softhsm: SoftHsm) -> None:
    key_id = b"\x7f\x01"

    def store_garbage() -> None:
        with softhsm._session() as session:
            session.create_object({
                Attribute.CLASS: ObjectClass.CERTIFICATE,
                Attribute.CERTIFICATE_TYPE: pkcs11.CertificateType.X_509,
                Attribute.TOKEN: True,
                Attribute.ID: key_id,
                Attribute.SUBJECT: b"\x30\x00",
                Attribute.VALUE: b"\x30\x03not a certificate",
            })

    softhsm.module().thread.call(store_garbage)
    try:
        listed = softhsm.module().list_certificates(softhsm.selector())
        assert key_id not in {c.key_id for c in listed}
        assert softhsm.rsa_decrypt.key_id in {c.key_id for c in listed}
        ec_key = softhsm.add_key("ec-derive", "garbled")
        softhsm.module().thread.call(_delete_certificate, softhsm, ec_key.key_id)
        softhsm.module().thread.call(_copy_certificate, softhsm, key_id, ec_key.key_id)
        with pytest.raises(KeyNotFoundError, match="unreadable"):
            enroll(softhsm, ec_key.key_id)
    finally:
        softhsm.module().thread.call(_delete_certificate, softhsm, key_id)


def _copy_certificate(softhsm: SoftHsm, source: bytes, target: bytes) -> None:
    with softhsm._session() as session:
        query = {Attribute.CLASS: ObjectClass.CERTIFICATE, Attribute.ID: source}
        list(session.get_objects(query))[0].copy({Attribute.ID: target})


def test_a_session_already_logged_in_elsewhere_in_the_process_is_reused(softhsm: SoftHsm) -> None:
    enrollment = enroll(softhsm, softhsm.ec_derive.key_id)
    module = softhsm.module()
    token = module.thread.call(module.token, softhsm.selector())
    # Login state is per application: while another session of ours is logged in, C_Login
    # answers CKR_USER_ALREADY_LOGGED_IN (SoftHSM does); the driver goes on with that login.
    held = module.thread.call(lambda: token.open(user_pin=softhsm.user_pin))
    try:
        factor = Pkcs11Factor(module, softhsm.pin_provider())
        assert factor.share(enrollment.params, slot_context()) == enrollment.share
    finally:
        module.thread.call(held.close)
