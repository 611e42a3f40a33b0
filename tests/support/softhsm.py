"""A real SoftHSM2 token for tests, created once per test process.

Use it from any test area by importing the fixture into that area's conftest.py:

    # tests/<area>/conftest.py
    from tests.support.softhsm import softhsm  # noqa: F401  (re-exported fixture)

    def test_something(softhsm):
        factor = Pkcs11Factor(softhsm.module(), softhsm.pin_provider(),
                              KeySelection(softhsm.selector(), softhsm.rsa_decrypt.key_id))

What you get (`SoftHsm`): a token labelled `TOKEN_LABEL` with user PIN `USER_PIN` holding
  * `rsa_decrypt`: RSA-2048 key that may only decrypt, + certificate (same CKA_ID),
  * `ec_derive`:   EC P-256 key that may only derive (ECDH), + certificate,
  * `rsa_sign`:    RSA-2048 key that may only sign, + certificate;
certificates are issued by a throwaway software CA (a decrypt-only key cannot self-sign).
`add_key()` / `delete_key()` make or remove extra keys for tests that damage things: never
delete the three shared keys. A wrong-PIN test leaves CKF_USER_PIN_COUNT_LOW set until the next
correct login (SoftHSM never locks the PIN).

Rules, because the library reads SOFTHSM2_CONF once, at C_Initialize:
  * never load libsofthsm2.so yourself: use `softhsm.module()` (all calls on the token thread);
  * the token directory is created once per process, whichever conftest asks first;
  * `copy_module(name)` gives a separate SoftHSM instance (a copy of the .so) on the same token
    files, for tests that must load the library fresh; `spied_module()` wraps one in OpenSC's
    pkcs11-spy, which logs every PKCS#11 call to `spy_log` (used to count C_Login calls).
"""

from __future__ import annotations

import datetime
import os
import shutil
import subprocess
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from pkcs11 import Attribute, CertificateType, KeyType, ObjectClass
from pkcs11.util.ec import encode_ec_public_key, encode_named_curve_parameters

from crypto.factors.pkcs11_token import Pkcs11Module, TokenSelector

SOFTHSM_LIB = "/usr/lib/softhsm/libsofthsm2.so"
SPY_LIBS = (
    "/usr/lib/x86_64-linux-gnu/pkcs11/pkcs11-spy.so",
    "/usr/lib/x86_64-linux-gnu/pkcs11-spy.so",
)
TOKEN_LABEL = "scelle-test"
USER_PIN = "246810"
SO_PIN = "13579111"

# Attribute templates: each key may do exactly one thing, like real single-purpose card keys.
_TEMPLATES: dict[str, tuple[dict[Attribute, Any], dict[Attribute, Any]]] = {
    "rsa-decrypt": (
        {Attribute.ENCRYPT: True, Attribute.VERIFY: False, Attribute.WRAP: False},
        {Attribute.DECRYPT: True, Attribute.SIGN: False, Attribute.UNWRAP: False},
    ),
    "rsa-sign": (
        {Attribute.ENCRYPT: False, Attribute.VERIFY: True, Attribute.WRAP: False},
        {Attribute.DECRYPT: False, Attribute.SIGN: True, Attribute.UNWRAP: False},
    ),
    "ec-derive": (
        {Attribute.VERIFY: False},
        {Attribute.DERIVE: True, Attribute.SIGN: False},
    ),
}
_KEY_USAGE = {
    "rsa-decrypt": dict(key_encipherment=True),
    "rsa-sign": dict(digital_signature=True),
    "ec-derive": dict(key_agreement=True),
}


@dataclass(frozen=True)
class TokenKey:
    """A key pair on the token and its certificate (same CKA_ID)."""

    kind: str  # "rsa-decrypt", "ec-derive" or "rsa-sign"
    key_id: bytes
    label: str
    certificate: x509.Certificate = field(repr=False)


@dataclass
class SoftHsm:
    root: Path
    conf_path: Path
    module_path: str
    token_label: str
    token_serial: str
    user_pin: str
    so_pin: str
    spy_log: Path
    rsa_decrypt: TokenKey = field(init=False)
    ec_derive: TokenKey = field(init=False)
    rsa_sign: TokenKey = field(init=False)
    _ca: tuple[ec.EllipticCurvePrivateKey, x509.Name] = field(init=False, repr=False)
    _next_id: int = field(default=0x10, repr=False)

    def module(self) -> Pkcs11Module:
        return Pkcs11Module(self.module_path)

    def selector(self) -> TokenSelector:
        return TokenSelector(label=self.token_label, serial=self.token_serial)

    def pin_provider(
        self, pin: str | bytearray | None = None
    ) -> Callable[[], str | bytearray | None]:
        """A provider returning `pin` (default: the right PIN) and counting its calls."""
        value = self.user_pin if pin is None else pin

        def provide() -> str | bytearray | None:
            provide.calls += 1  # type: ignore[attr-defined]
            return value

        provide.calls = 0  # type: ignore[attr-defined]
        return provide

    def copy_module(self, name: str) -> str:
        """Path of a private copy of the SoftHSM library: a separate instance once loaded."""
        path = self.root / name
        if not path.exists():
            shutil.copy2(SOFTHSM_LIB, path)
        return str(path)

    def spied_module(self) -> Pkcs11Module:
        """SoftHSM (own instance) behind pkcs11-spy; every call is logged to `spy_log`."""
        spy = next((p for p in SPY_LIBS if os.path.exists(p)), None)
        if spy is None:
            raise RuntimeError("OpenSC's pkcs11-spy.so is not installed")
        return Pkcs11Module(spy)

    def add_key(self, kind: str, label: str) -> TokenKey:
        """Generate a key pair of `kind` on the token and import a certificate for it."""
        self._next_id += 1
        key_id = self._next_id.to_bytes(2, "big")
        return self.module().thread.call(self._add_key, kind, label, key_id)

    def delete_key(self, key_id: bytes, *, keep_certificate: bool = False) -> None:
        self.module().thread.call(self._delete, key_id, keep_certificate)

    def replace_certificate(self, key_id: bytes, certificate: x509.Certificate) -> None:
        """Swap the certificate stored under `key_id` (e.g. for another key's public key)."""
        self.module().thread.call(self._replace_certificate, key_id, certificate)

    # -- token thread ------------------------------------------------------------------------

    def _session(self) -> Any:
        module = self.module()
        token = module.token(self.selector())
        return token.open(rw=True, user_pin=self.user_pin)

    def _add_key(self, kind: str, label: str, key_id: bytes) -> TokenKey:
        public_template, private_template = _TEMPLATES[kind]
        with self._session() as session:
            if kind == "ec-derive":
                params = session.create_domain_parameters(
                    KeyType.EC,
                    {Attribute.EC_PARAMS: encode_named_curve_parameters("secp256r1")},
                    local=True,
                )
                public, _ = params.generate_keypair(
                    store=True, id=key_id, label=label,
                    public_template=public_template, private_template=private_template,
                )
                public_key = serialization.load_der_public_key(encode_ec_public_key(public))
            else:
                public, _ = session.generate_keypair(
                    KeyType.RSA, 2048, store=True, id=key_id, label=label,
                    public_template=public_template, private_template=private_template,
                )
                public_key = _rsa_public_key(public)
            cert = self._issue(label, public_key, kind)
            _store_certificate(session, cert, key_id, label)
        return TokenKey(kind, key_id, label, cert)

    def _delete(self, key_id: bytes, keep_certificate: bool) -> None:
        with self._session() as session:
            classes = [ObjectClass.PRIVATE_KEY, ObjectClass.PUBLIC_KEY]
            if not keep_certificate:
                classes.append(ObjectClass.CERTIFICATE)
            for cls in classes:
                for obj in list(session.get_objects({Attribute.CLASS: cls, Attribute.ID: key_id})):
                    obj.destroy()

    def _replace_certificate(self, key_id: bytes, certificate: x509.Certificate) -> None:
        with self._session() as session:
            query = {Attribute.CLASS: ObjectClass.CERTIFICATE, Attribute.ID: key_id}
            for obj in list(session.get_objects(query)):
                obj.destroy()
            _store_certificate(session, certificate, key_id, "replaced")

    def _issue(self, label: str, public_key: Any, kind: str) -> x509.Certificate:
        ca_key, ca_name = self._ca
        usage = {name: False for name in (
            "digital_signature", "content_commitment", "key_encipherment", "data_encipherment",
            "key_agreement", "key_cert_sign", "crl_sign", "encipher_only", "decipher_only")}
        usage.update(_KEY_USAGE[kind])
        now = datetime.datetime.now(datetime.timezone.utc)
        return (
            x509.CertificateBuilder()
            .subject_name(x509.Name([x509.NameAttribute(x509.NameOID.COMMON_NAME, f"Me {label}")]))
            .issuer_name(ca_name)
            .public_key(public_key)
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(days=1))
            .not_valid_after(now + datetime.timedelta(days=365))
            .add_extension(x509.KeyUsage(**usage), critical=True)
            .sign(ca_key, hashes.SHA256())
        )


def _rsa_public_key(public: Any) -> rsa.RSAPublicKey:
    modulus = int.from_bytes(public[Attribute.MODULUS], "big")
    exponent = int.from_bytes(public[Attribute.PUBLIC_EXPONENT], "big")
    return rsa.RSAPublicNumbers(exponent, modulus).public_key()


def _store_certificate(session: Any, cert: x509.Certificate, key_id: bytes, label: str) -> None:
    session.create_object({
        Attribute.CLASS: ObjectClass.CERTIFICATE,
        Attribute.CERTIFICATE_TYPE: CertificateType.X_509,
        Attribute.TOKEN: True,
        Attribute.PRIVATE: False,
        Attribute.ID: key_id,
        Attribute.LABEL: label,
        Attribute.SUBJECT: cert.subject.public_bytes(),
        Attribute.ISSUER: cert.issuer.public_bytes(),
        Attribute.VALUE: cert.public_bytes(serialization.Encoding.DER),
    })


def _init_token(root: Path) -> tuple[Path, Path]:
    tokens = root / "tokens"
    tokens.mkdir()
    conf = root / "softhsm2.conf"
    conf.write_text(
        f"directories.tokendir = {tokens}\nobjectstore.backend = file\nlog.level = ERROR\n"
        "slots.removable = false\n"
    )
    env = {**os.environ, "SOFTHSM2_CONF": str(conf)}
    subprocess.run(
        ["softhsm2-util", "--init-token", "--free", "--label", TOKEN_LABEL,
         "--pin", USER_PIN, "--so-pin", SO_PIN],
        env=env, check=True, capture_output=True,
    )
    return conf, root / "pkcs11-spy.log"


_instance: SoftHsm | None = None
_lock = threading.Lock()


def get_softhsm(root: Path) -> SoftHsm:
    """The process-wide SoftHSM token, created under `root` on first call."""
    global _instance
    with _lock:
        if _instance is None:
            _instance = _create(root)
        return _instance


def _create(root: Path) -> SoftHsm:
    conf, spy_log = _init_token(root)
    # Read by SoftHSM (and the spy) at C_Initialize, i.e. on the first load in this process.
    os.environ["SOFTHSM2_CONF"] = str(conf)
    os.environ["PKCS11SPY"] = str(root / "spied-softhsm2.so")
    os.environ["PKCS11SPY_OUTPUT"] = str(spy_log)
    shutil.copy2(SOFTHSM_LIB, root / "spied-softhsm2.so")
    module = Pkcs11Module(SOFTHSM_LIB)
    info = module.find_token(TokenSelector(label=TOKEN_LABEL))
    hsm = SoftHsm(root, conf, SOFTHSM_LIB, TOKEN_LABEL, info.serial, USER_PIN, SO_PIN, spy_log)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    hsm._ca = (ca_key, x509.Name([x509.NameAttribute(x509.NameOID.COMMON_NAME, "Scelle Test CA")]))
    hsm.rsa_decrypt = hsm.add_key("rsa-decrypt", "rsa-decrypt")
    hsm.ec_derive = hsm.add_key("ec-derive", "ec-derive")
    hsm.rsa_sign = hsm.add_key("rsa-sign", "rsa-sign")
    return hsm


@pytest.fixture(scope="session")
def softhsm(tmp_path_factory: pytest.TempPathFactory) -> SoftHsm:
    """The shared SoftHSM2 token (see the module docstring)."""
    return get_softhsm(tmp_path_factory.mktemp("softhsm"))
