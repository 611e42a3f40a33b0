"""A software FIDO2 authenticator behind the `CtapDevice` boundary, for driving the real client.

`Ctap2Emulator` answers the CTAPHID CBOR commands the Scellé driver uses: authenticatorGetInfo,
MakeCredential, GetAssertion and ClientPIN (getRetries, getKeyAgreement, getPinToken,
getPinUvAuthTokenUsingPinWithPermissions), with PIN/UV auth protocols 2 and 1.
Its cryptography is written here from the CTAP 2.1 text, independently of python-fido2's client
side, so a round trip checks one against the other:

* ES256 credentials (non-resident), "packed" self-attestation;
* hmac-secret: two random 32-byte CredRandom values per credential (with / without UV), the salt
  decrypted with the ECDH shared secret, checked with saltAuth, HMAC-SHA-256, output encrypted;
* a PIN with a retry counter (8), three wrong PINs in a row block PIN use until `power_cycle()`;
* user presence by the `touch` attribute: YES, NO (the key times out) or WAIT (it asks for a
  touch through the keep-alive callback and waits for the client to cancel).

Tests read `credentials` (to recompute an hmac-secret output themselves) and `calls` (thread of
every command, to check that all traffic goes through the token thread).
"""

from __future__ import annotations

import hashlib
import hmac
import os
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from fido2 import cbor
from fido2.ctap import STATUS, CtapDevice, CtapError
from fido2.hid import CAPABILITY, CTAPHID

ERR = CtapError.ERR
PERM_MC, PERM_GA = 0x01, 0x02
FLAG_UP, FLAG_UV, FLAG_AT, FLAG_ED = 0x01, 0x04, 0x40, 0x80
ES256 = -7


class Touch(Enum):
    YES = "yes"  # the user touches the key when asked
    NO = "no"  # nobody touches it: the key gives up (CTAP2_ERR_USER_ACTION_TIMEOUT)
    WAIT = "wait"  # asks via keep-alive; goes on if the callback set YES, else waits for cancel


def _sha256(data: bytes) -> bytes:
    return hashlib.sha256(data).digest()


def _aes_cbc(key: bytes, iv: bytes, data: bytes, encrypt: bool) -> bytes:
    cipher = Cipher(algorithms.AES(key), modes.CBC(iv))
    op = cipher.encryptor() if encrypt else cipher.decryptor()
    return op.update(data) + op.finalize()


class PinProtocol:
    """PIN/UV auth protocol 1 or 2, authenticator side (CTAP 2.1 §6.5.6 and §6.5.7)."""

    def __init__(self, version: int) -> None:
        self.version = version

    def kdf(self, z: bytes) -> bytes:
        if self.version == 1:
            return _sha256(z)
        return b"".join(
            HKDF(hashes.SHA256(), 32, b"\0" * 32, info).derive(z)
            for info in (b"CTAP2 HMAC key", b"CTAP2 AES key")
        )

    def encrypt(self, key: bytes, data: bytes) -> bytes:
        if self.version == 1:
            return _aes_cbc(key, b"\0" * 16, data, True)
        iv = os.urandom(16)
        return iv + _aes_cbc(key[32:], iv, data, True)

    def decrypt(self, key: bytes, data: bytes) -> bytes:
        if self.version == 1:
            return _aes_cbc(key, b"\0" * 16, data, False)
        return _aes_cbc(key[32:], data[:16], data[16:], False)

    def authenticate(self, key: bytes, message: bytes) -> bytes:
        if self.version == 1:
            return hmac.new(key, message, hashlib.sha256).digest()[:16]
        return hmac.new(key[:32], message, hashlib.sha256).digest()

    def verify(self, key: bytes, message: bytes, signature: bytes) -> bool:
        return hmac.compare_digest(self.authenticate(key, message), signature or b"")


@dataclass
class EmulatedCredential:
    credential_id: bytes
    rp_id: str
    private_key: ec.EllipticCurvePrivateKey = field(repr=False)
    cred_random_with_uv: bytes = field(repr=False)
    cred_random_without_uv: bytes = field(repr=False)
    hmac_secret: bool
    sign_count: int = 0

    def hmac_output(self, salt: bytes, uv: bool) -> bytes:
        """What the key returns (before encryption) for `salt`; for independent checks."""
        key = self.cred_random_with_uv if uv else self.cred_random_without_uv
        return hmac.new(key, salt, hashlib.sha256).digest()


@dataclass
class _PinToken:
    value: bytes
    protocol: int
    permissions: int
    rp_id: str | None


def _cose_es256(public_key: ec.EllipticCurvePublicKey, alg: int = ES256) -> dict[int, Any]:
    numbers = public_key.public_numbers()
    x, y = numbers.x.to_bytes(32, "big"), numbers.y.to_bytes(32, "big")
    return {1: 2, 3: alg, -1: 1, -2: x, -3: y}


def _fail(code: ERR) -> CtapError:
    return CtapError(code)


class Ctap2Emulator(CtapDevice):
    """One emulated security key (see the module docstring)."""

    def __init__(
        self,
        *,
        pin: str | None = None,
        pin_protocols: tuple[int, ...] = (2, 1),
        ctap21: bool = True,
        hmac_secret: bool = True,
        touch: Touch = Touch.YES,
        wait_limit: float = 60.0,
    ) -> None:
        self.pin = pin
        self.pin_retries = 8
        self.pin_protocols = pin_protocols
        self.ctap21 = ctap21
        self.hmac_secret = hmac_secret
        self.touch = touch
        self.wait_limit = wait_limit  # WAIT mode's safety net only; tests cancel long before
        self.aaguid = os.urandom(16)
        self.credentials: dict[bytes, EmulatedCredential] = {}
        self.calls: list[tuple[int, int]] = []  # (thread ident, CTAP command byte)
        self.touch_requests = 0
        self._consecutive_pin_failures = 0
        self._token: _PinToken | None = None
        self._key_agreement = ec.generate_private_key(ec.SECP256R1())
        self._handlers: dict[int, Callable[..., dict[int, Any] | None]] = {
            0x01: self._make_credential,
            0x02: self._get_assertion,
            0x04: self._get_info,
            0x06: self._client_pin,
        }

    # -- CtapDevice ----------------------------------------------------------------------------

    @property
    def capabilities(self) -> int:
        return CAPABILITY.CBOR | CAPABILITY.NMSG

    @classmethod
    def list_devices(cls) -> Iterator[CtapDevice]:
        return iter(())  # emulators are handed to the driver explicitly

    def call(
        self,
        cmd: int,
        data: bytes = b"",
        event: threading.Event | None = None,
        on_keepalive: Callable[[STATUS], None] | None = None,
    ) -> bytes:
        self.calls.append((threading.get_ident(), data[0] if data else -1))
        if cmd != CTAPHID.CBOR or not data or data[0] not in self._handlers:
            return bytes([ERR.INVALID_COMMAND])
        try:
            request = cbor.decode(data[1:]) if len(data) > 1 else {}
            response = self._handlers[data[0]](request, event, on_keepalive)
        except CtapError as exc:
            return bytes([int(exc.code)])
        return b"\0" + (cbor.encode(response) if response is not None else b"")

    def power_cycle(self) -> None:
        """Unplug and replug: new key agreement key, PIN tokens gone, PIN usable again."""
        self._key_agreement = ec.generate_private_key(ec.SECP256R1())
        self._token = None
        self._consecutive_pin_failures = 0

    # -- authenticatorGetInfo --------------------------------------------------------------------

    def _get_info(self, request: dict[int, Any], *_: Any) -> dict[int, Any]:
        options = {"rk": False, "up": True, "plat": False, "clientPin": self.pin is not None}
        if self.ctap21:
            options.update(pinUvAuthToken=True, makeCredUvNotRqd=True)
        return {
            1: ["FIDO_2_0", "FIDO_2_1"] if self.ctap21 else ["FIDO_2_0"],
            2: ["hmac-secret"] if self.hmac_secret else [],
            3: self.aaguid,
            4: options,
            5: 1200,
            6: list(self.pin_protocols),
            7: 8,
            8: 128,
            10: [{"type": "public-key", "alg": ES256}],
        }

    # -- helpers shared by MakeCredential and GetAssertion --------------------------------------

    def _protocol(self, version: Any) -> PinProtocol:
        if version not in self.pin_protocols:
            raise _fail(ERR.INVALID_PARAMETER)
        return PinProtocol(version)

    def _shared_secret(self, protocol: PinProtocol, peer: dict[int, Any]) -> bytes:
        try:
            x, y = int.from_bytes(peer[-2], "big"), int.from_bytes(peer[-3], "big")
            public = ec.EllipticCurvePublicNumbers(x, y, ec.SECP256R1()).public_key()
        except (KeyError, TypeError, ValueError):
            raise _fail(ERR.INVALID_PARAMETER) from None
        return protocol.kdf(self._key_agreement.exchange(ec.ECDH(), public))

    def _verify_uv(
        self, request: dict[int, Any], keys: tuple[int, int], cdh: bytes, perm: int, rp_id: str
    ) -> bool:
        """Check pinUvAuthParam, if given, against the current PIN token; True means UV done."""
        param, version = request.get(keys[0]), request.get(keys[1])
        if param is None:
            return False
        protocol = self._protocol(version)
        if len(param) == 0:
            raise _fail(ERR.PIN_INVALID if self.pin else ERR.PIN_NOT_SET)
        token = self._token
        if token is None or token.protocol != protocol.version:
            raise _fail(ERR.PIN_AUTH_INVALID)
        if not protocol.verify(token.value, cdh, param):
            raise _fail(ERR.PIN_AUTH_INVALID)
        if not token.permissions & perm or token.rp_id not in (None, rp_id):
            raise _fail(ERR.PIN_AUTH_INVALID)
        token.rp_id = rp_id  # a token is bound to the first RP it is used with
        return True

    def _user_presence(self, event: threading.Event | None, on_keepalive: Any) -> None:
        self.touch_requests += 1
        if self.touch is Touch.YES:
            return
        if self.touch is Touch.NO:
            raise _fail(ERR.USER_ACTION_TIMEOUT)
        if on_keepalive is not None:
            on_keepalive(STATUS.UPNEEDED)
        if self.touch is Touch.YES:  # the prompted user touched the key
            return
        if event is not None and event.wait(self.wait_limit):
            raise _fail(ERR.KEEPALIVE_CANCEL)
        raise _fail(ERR.USER_ACTION_TIMEOUT)

    @staticmethod
    def _auth_data(
        rp_id: str, flags: int, count: int, attested: bytes = b"", ext: Any = None
    ) -> bytes:
        data = _sha256(rp_id.encode()) + bytes([flags]) + count.to_bytes(4, "big") + attested
        return data + (cbor.encode(ext) if ext else b"")

    # -- authenticatorMakeCredential ---------------------------------------------------------------

    def _make_credential(
        self, request: dict[int, Any], event: Any, on_keepalive: Any
    ) -> dict[int, Any]:
        cdh, rp, user, params = (request.get(i) for i in (1, 2, 3, 4))
        if cdh is None or rp is None or user is None or params is None:
            raise _fail(ERR.MISSING_PARAMETER)
        if not any(p.get("type") == "public-key" and p.get("alg") == ES256 for p in params):
            raise _fail(ERR.UNSUPPORTED_ALGORITHM)
        options = request.get(7) or {}
        if options.get("rk"):
            raise _fail(ERR.UNSUPPORTED_OPTION)
        if options.get("uv"):
            raise _fail(ERR.INVALID_OPTION)  # no built-in user verification on this key
        uv = self._verify_uv(request, (8, 9), cdh, PERM_MC, rp["id"])
        if not uv and self.pin is not None and not self.ctap21:
            raise _fail(ERR.PUAT_REQUIRED)  # CTAP 2.0 keys with a PIN demand it to register
        excluded = any(d.get("id") in self.credentials for d in request.get(5) or [])
        self._user_presence(event, on_keepalive)
        if excluded:
            raise _fail(ERR.CREDENTIAL_EXCLUDED)
        wants_hmac = self.hmac_secret and (request.get(6) or {}).get("hmac-secret") is True
        cred = EmulatedCredential(
            os.urandom(48), rp["id"], ec.generate_private_key(ec.SECP256R1()),
            os.urandom(32), os.urandom(32), wants_hmac,
        )
        self.credentials[cred.credential_id] = cred
        attested = (
            self.aaguid + len(cred.credential_id).to_bytes(2, "big") + cred.credential_id
            + cbor.encode(_cose_es256(cred.private_key.public_key()))
        )
        flags = FLAG_UP | FLAG_AT | (FLAG_UV if uv else 0) | (FLAG_ED if wants_hmac else 0)
        ext = {"hmac-secret": True} if wants_hmac else None
        auth_data = self._auth_data(cred.rp_id, flags, 0, attested, ext)
        signature = cred.private_key.sign(auth_data + cdh, ec.ECDSA(hashes.SHA256()))
        return {1: "packed", 2: auth_data, 3: {"alg": ES256, "sig": signature}}

    # -- authenticatorGetAssertion ---------------------------------------------------------------

    def _get_assertion(
        self, request: dict[int, Any], event: Any, on_keepalive: Any
    ) -> dict[int, Any]:
        rp_id, cdh = request.get(1), request.get(2)
        if rp_id is None or cdh is None:
            raise _fail(ERR.MISSING_PARAMETER)
        options = request.get(5) or {}
        if options.get("uv"):
            raise _fail(ERR.INVALID_OPTION)
        up = options.get("up", True)
        uv = self._verify_uv(request, (6, 7), cdh, PERM_GA, rp_id)
        cred = next(
            (
                self.credentials[d["id"]]
                for d in request.get(3) or []
                if d.get("id") in self.credentials and self.credentials[d["id"]].rp_id == rp_id
            ),
            None,
        )
        if cred is None:
            raise _fail(ERR.NO_CREDENTIALS)  # non-resident only: an allow list is required
        hmac_input = (request.get(4) or {}).get("hmac-secret")
        wanted = hmac_input is not None and cred.hmac_secret
        encrypted = self._hmac_secret(cred, hmac_input, uv) if wanted else None
        if up:
            self._user_presence(event, on_keepalive)
        cred.sign_count += 1
        flags = (FLAG_UP if up else 0) | (FLAG_UV if uv else 0) | (FLAG_ED if encrypted else 0)
        ext = {"hmac-secret": encrypted} if encrypted else None
        auth_data = self._auth_data(rp_id, flags, cred.sign_count, ext=ext)
        signature = cred.private_key.sign(auth_data + cdh, ec.ECDSA(hashes.SHA256()))
        return {1: {"type": "public-key", "id": cred.credential_id}, 2: auth_data, 3: signature}

    def _hmac_secret(self, cred: EmulatedCredential, request: Any, uv: bool) -> bytes:
        """CTAP 2.1 §12.5 (hmac-secret), authenticator side of getAssertion."""
        if not isinstance(request, dict) or not all(k in request for k in (1, 2, 3)):
            raise _fail(ERR.MISSING_PARAMETER)
        protocol = self._protocol(request.get(4, 1))  # absent means protocol 1
        shared = self._shared_secret(protocol, request[1])
        if not protocol.verify(shared, request[2], request[3]):
            raise _fail(ERR.EXTENSION_FIRST)
        salts = protocol.decrypt(shared, request[2])
        if len(salts) not in (32, 64):
            raise _fail(ERR.INVALID_LENGTH)
        output = b"".join(cred.hmac_output(salts[i : i + 32], uv) for i in range(0, len(salts), 32))
        return protocol.encrypt(shared, output)

    # -- authenticatorClientPIN ------------------------------------------------------------------

    def _client_pin(self, request: dict[int, Any], *_: Any) -> dict[int, Any]:
        sub = request.get(2)
        if sub == 0x01:
            return {3: self.pin_retries, 4: False}
        protocol = self._protocol(request.get(1))
        if sub == 0x02:
            return {1: _cose_es256(self._key_agreement.public_key(), alg=-25)}
        if sub == 0x05:
            # Legacy getPinToken: the token may make credentials and get assertions, any RP.
            return self._pin_token(protocol, request, PERM_MC | PERM_GA, None)
        if sub == 0x09 and self.ctap21:
            if not request.get(9):
                raise _fail(ERR.MISSING_PARAMETER)
            return self._pin_token(protocol, request, request[9], request.get(10))
        raise _fail(ERR.INVALID_SUBCOMMAND)

    def _pin_token(
        self, protocol: PinProtocol, request: dict[int, Any], perms: int, rp_id: str | None
    ) -> dict[int, Any]:
        if self.pin is None:
            raise _fail(ERR.PIN_NOT_SET)
        if self.pin_retries == 0:
            raise _fail(ERR.PIN_BLOCKED)
        if self._consecutive_pin_failures >= 3:
            raise _fail(ERR.PIN_AUTH_BLOCKED)
        if 3 not in request or 6 not in request:
            raise _fail(ERR.MISSING_PARAMETER)
        shared = self._shared_secret(protocol, request[3])
        pin_hash = protocol.decrypt(shared, request[6])
        self.pin_retries -= 1  # decremented before comparing, as the spec requires
        if not hmac.compare_digest(pin_hash, _sha256(self.pin.encode())[:16]):
            self._key_agreement = ec.generate_private_key(ec.SECP256R1())
            self._consecutive_pin_failures += 1
            if self.pin_retries == 0:
                raise _fail(ERR.PIN_BLOCKED)
            if self._consecutive_pin_failures >= 3:
                raise _fail(ERR.PIN_AUTH_BLOCKED)
            raise _fail(ERR.PIN_INVALID)
        self.pin_retries, self._consecutive_pin_failures = 8, 0
        self._token = _PinToken(os.urandom(32), protocol.version, perms, rp_id)
        return {2: protocol.encrypt(shared, self._token.value)}

