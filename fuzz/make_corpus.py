"""Writes the fuzz corpora from real, valid inputs made by Scellé's own code.

    python fuzz/make_corpus.py [--out fuzz/corpus] [--seeds]

Each target gets a folder of starting inputs: the public age test vectors
(tests/data/age-vectors), sealed files and their plaintexts, identity cards and identity files,
proofs and bundles, a real vault.json, policy files, recovery codes, signed requests and answers.
`--seeds` writes only the small ones (at most 4 KB each) to fuzz/seeds/, which is kept in git and
used by the short run of `make test`; the full corpora go to fuzz/corpus/ (git-ignored), where
libFuzzer also adds what it finds.

The fixed test identities the sealed-file targets open with (fuzz/keys/) are made on first use.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import io
import json
import sys
import zlib
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE / "targets"))

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey  # noqa: E402

from _http_common import (  # noqa: E402
    MEMBER_KEY,
    MEMBER_KEY_ID,
    NOW,
    RELAY_KEY,
    join_message,
)
from app.relay_client.proofs import bundle  # noqa: E402
from crypto.age import AgeReader, AgeWriter, X25519Identity, format_keygen  # noqa: E402
from crypto.age.hybrid import HybridIdentity  # noqa: E402
from crypto.httpsig.signer import RequestSigner, ResponseSigner  # noqa: E402
from crypto.identity import PrivateIdentity, certify  # noqa: E402
from crypto.identity_file import identity_from_json, identity_to_json  # noqa: E402
from crypto.kdf import MIN_MEMORY_KIB, Argon2Params  # noqa: E402
from crypto.keyslots.model import TotpParams  # noqa: E402
from crypto.keyslots.wrap import (  # noqa: E402
    make_recovery_slot,
    make_totp_slot,
    new_vault_id,
    new_vmk,
)
from crypto.proofs import Proof, sign_deposit, sign_delivery, sign_receipt  # noqa: E402
from crypto.recovery import format_recovery_code, new_recovery_code  # noqa: E402
from crypto.sealed import layout  # noqa: E402
from crypto.sealed.writer import Letter, SourceFile, seal  # noqa: E402
from storage.header import VaultHeader  # noqa: E402

VECTORS = ROOT / "tests" / "data" / "age-vectors" / "testdata"
KEYS = HERE / "keys"
SEED_LIMIT = 4096
#: Larger inputs are left out of the corpus: libFuzzer runs with -max_len below this.
CORPUS_LIMIT = 200_000


def _vectors() -> Iterator[tuple[str, bytes]]:
    for path in sorted(VECTORS.iterdir()):
        head, body = path.read_bytes().split(b"\n\n", 1)
        if b"compressed: zlib" in head:
            body = zlib.decompress(body)
        yield path.name, body


def _key(name: str, *, hybrid: bool = False) -> PrivateIdentity:
    path = KEYS / f"{name}.json"
    if not path.exists():
        KEYS.mkdir(exist_ok=True)
        identity = PrivateIdentity.generate(f"Fuzz {name}", organisation="Fuzz",
                                            validity=timedelta(days=3650), hybrid=hybrid)
        path.write_bytes(bytes(identity_to_json(identity)))
    return identity_from_json(path.read_bytes())


def _sealed_files() -> list[bytes]:
    sender, recipient = _key("sender"), _key("recipient")
    letters = [Letter(), Letter(subject="Dossier 12", message="Ci-joint l'acte.\nCordialement",
                                reference="REF-2026-7"),
               Letter(subject="Lecture seule", view_only=True,
                      expires=datetime.now(UTC) + timedelta(days=3000))]
    contents = [[], [("acte.pdf", b"%PDF-1.7 fuzz\n")],
                [("a.txt", b"alpha"), ("vide.txt", b""), ("b.bin", bytes(range(256)))]]
    out = []
    for letter in letters:
        for files in contents:
            sources = [SourceFile(name, len(data), lambda d=data: io.BytesIO(d))
                       for name, data in files]
            buffer = io.BytesIO()
            seal(buffer, sender, [recipient.card], sources, letter, classic=True)
            out.append(buffer.getvalue())
    return out


def _plaintext(sealed: bytes) -> bytes:
    reader = AgeReader(io.BytesIO(sealed), _key("recipient").age_identities())
    return b"".join(reader.chunks())


def _metadata(plaintext: bytes) -> bytes:
    start = len(layout.MAGIC) + layout.LENGTH_SIZE
    length = int.from_bytes(plaintext[len(layout.MAGIC):start], "big")
    return plaintext[start:start + length]


def _cards() -> list[bytes]:
    org = Ed25519PrivateKey.from_private_bytes(bytes(32))
    sender = _key("sender")
    hybrid = PrivateIdentity.generate("Maître Dupont", role="Avocat", organisation="Cabinet")
    return [sender.card.to_bytes(), _key("recipient").card.to_bytes(), hybrid.card.to_bytes(),
            certify(sender.card, org, "Cabinet Fuzz").to_bytes()]


def _proof_objects() -> list[Proof]:
    moment = datetime(2026, 12, 5, 12, 0, tzinfo=UTC)
    digest = hashlib.sha256(b"sealed").hexdigest()
    recipient = _key("recipient")
    deposit = sign_deposit(RELAY_KEY, envelope_id="e" * 32, content_digest=digest, size=1234,
                           sender="a" * 64, recipients=[recipient.card.fingerprint_hex],
                           deposited=moment, available_until=moment + timedelta(days=7))
    delivery = sign_delivery(RELAY_KEY, envelope_id="e" * 32, content_digest=digest, size=1234,
                             recipient=recipient.card.fingerprint_hex, delivered=moment)
    receipts = [sign_receipt(recipient, event=event, content_digest=digest, message_id=mid,
                             envelope_id="e" * 32, time=moment)
                for event, mid in (("opened", "1" * 32), ("refused", None))]
    return [deposit, delivery, *receipts]


def _proofs() -> list[bytes]:
    proofs = _proof_objects()
    return [p.to_bytes() for p in proofs] + [bundle(proofs), bundle(proofs[:1])]


def _vault_headers() -> list[bytes]:
    vmk, vault_id = new_vmk(), new_vault_id()
    kdf = Argon2Params(memory_kib=MIN_MEMORY_KIB, iterations=1, lanes=1)
    slots = [make_recovery_slot(vmk, vault_id, bytearray(16), kdf, "Code de secours"),
             make_totp_slot(vmk, vault_id, bytearray(b"passphrase"), bytearray(32),
                            bytes(20), "Téléphone", kdf, TotpParams())]
    unsealed = VaultHeader(vault_id, 1, tuple(slots))
    real = VaultHeader(vault_id, 1, tuple(slots), unsealed.compute_mac(vmk)).to_bytes()
    # A factor slot (PKCS#11) in the shape the header stores it, from the TOTP one.
    value = json.loads(real)
    factor = dict(value["slots"][1], kind="pkcs11", id="f" * 32,
                  factor={"params": {"cert_id": "01", "token": "Fuzz"}, "description": "CN=Fuzz"})
    del factor["totp"]
    value["slots"].append(factor)
    return [real, (json.dumps(value, sort_keys=True, indent=2, ensure_ascii=False) + "\n").encode()]


def _keys_text() -> list[bytes]:
    moment = datetime(2026, 12, 5, tzinfo=UTC)
    x25519, hybrid = X25519Identity.generate(), HybridIdentity.generate()
    return [format_keygen(x25519, moment).encode(), format_keygen(hybrid, moment).encode(),
            f"{x25519.recipient()}\n# comment\n\n{hybrid.recipient()}\n".encode()]


def _policies() -> list[bytes]:
    full = {"required_factor_kinds": ["pkcs11", "fido2"], "min_kdf_memory_mib": 512,
            "min_kdf_iterations": 4, "idle_lock_max_minutes": 10,
            "clipboard_clear_max_seconds": 30, "export_allowed": False,
            "allowed_relays": ["https://relay.example"], "proxy": "http://proxy.example:3128",
            "pkcs11_module": "/usr/lib/softhsm/libsofthsm2.so", "language": "fr",
            "min_passphrase_bits": 100}
    return [b"{}", json.dumps(full, indent=2).encode(), b'{"export_allowed": true}']


def _recovery_codes() -> list[bytes]:
    code = format_recovery_code(new_recovery_code())
    return [code.encode(), code.replace("-", " ").encode(), code.replace("-", "").encode()]


def _requests() -> list[bytes]:
    signer = RequestSigner(MEMBER_KEY, MEMBER_KEY_ID)
    out = []
    for method, url, body in (("GET", "https://relay.example/v1/inbox", b""),
                              ("POST", "https://relay.example:8443/v1/envelopes?x=1",
                               b'{"recipients":["ab"],"size":10,"availability_days":7}')):
        headers = signer.sign(method, url, [("Host", "relay.example")], body=body, created=NOW,
                              nonce="n" * 22)
        out.append(join_message(f"{method} {url}", headers, body))
    return out


def _responses() -> list[bytes]:
    signer = RequestSigner(MEMBER_KEY, MEMBER_KEY_ID)
    url = "https://relay.example/v1/me"
    request = signer.sign("GET", url, [("Host", "relay.example")], created=NOW, nonce="n" * 22)
    body = b'{"status":"active"}'
    answer = ResponseSigner(RELAY_KEY).sign(200, [("content-type", "application/json")],
                                            request_method="GET", request_url=url,
                                            request_headers=request, created=NOW, body=body)
    return [join_message(f"GET {url}", request, b"") + b"\n" + join_message("200", answer, body)]


def _relay_requests() -> list[bytes]:
    """Route byte, line, body: see fuzz/targets/relay_request.py."""
    fingerprint = _key("recipient").card.fingerprint_hex
    create = {"recipients": [fingerprint], "size": 10, "availability_days": 7}
    receipt = {"receipt": _proof_objects()[2].to_json()}
    return [b"\x00\n" + json.dumps(create).encode(),
            b"\x01\n" + json.dumps({"content_digest": "0" * 64}).encode(),
            b"\x02\n" + json.dumps(receipt).encode(),
            b"\x03\n" + json.dumps({"invitation": "ABCD-EFGH", "card": json.loads(
                _key("sender").card.to_bytes())}).encode(),
            b"\x04box=inbox\n", b"\x05fingerprint=" + fingerprint.encode() + b"\n",
            b"\x060\n0123456789",
            b"\x07recipients=" + fingerprint.encode() + b"&availability_days=7\nage-encryption",
            b"\x08" + b"0" * 32 + b"\n", b"\x09bytes=5-\n", b"\x0a" + b"0" * 32 + b"\n",
            b"\x0b\n"]


def _relay_answers() -> list[bytes]:
    """Operation byte, status byte (0 is 200, 6 is 404), JSON body: fuzz/targets/relay_answer.py."""
    relay_key = base64.b64encode(RELAY_KEY.public_key().public_bytes_raw()).decode()
    info = {"relay_key": relay_key, "relay_key_id": "0" * 64, "time": NOW,
            "limits": {"max_envelope_size": 2 << 30, "max_chunk_size": 8 << 20,
                       "max_json_body": 65536, "max_recipients": 100,
                       "min_availability_days": 1, "max_availability_days": 30,
                       "clock_skew": 300}}
    org = Ed25519PrivateKey.from_private_bytes(bytes(32))
    card = certify(_key("sender").card, org, "Cabinet Fuzz")
    entry = {"fingerprint": card.fingerprint_hex, "organisation": "Cabinet Fuzz",
             "role": "Avocat", "card": json.loads(card.to_bytes())}
    listing = {"envelopes": [{"envelope_id": "d" * 32, "sender": "a" * 64, "size": 10,
                              "content_digest": "0" * 64, "deposited": NOW, "available_until": NOW + 99,
                              "recipients": None, "delivered": False}]}
    me = {"status": "certified", "organisation": "Cabinet Fuzz", "role": "Avocat",
          "fingerprint": card.fingerprint_hex, "card": entry["card"]}
    deposit, delivery, *receipts = (p.to_json() for p in _proof_objects())
    proofs = {"deposit": deposit, "deliveries": [delivery], "receipts": receipts}
    refusal = {"error": {"code": "not_found", "message": "No such envelope."}}
    answers = [(0, 0, info), (1, 0, info), (2, 0, {"cards": [entry]}),
               (3, 0, {"cards": [entry]}), (4, 0, listing), (5, 0, me), (6, 0, proofs),
               (7, 0, proofs), (8, 6, refusal), (7, 6, refusal)]
    return [bytes([op, status]) + json.dumps(body).encode() for op, status, body in answers]


def corpora() -> dict[str, list[bytes]]:
    """Every target's starting inputs."""
    vectors = [body for _name, body in _vectors()]
    sealed = _sealed_files()
    plaintexts = [_plaintext(s) for s in sealed]
    armored = io.BytesIO()
    with AgeWriter(armored, [_key("recipient").age_identity.recipient()], armor=True) as writer:
        writer.write(b"armored fuzz seed")
    return {
        "age_header": [v.split(b"\n---", 1)[0] + b"\n---" + v.split(b"\n---", 1)[1][:45]
                       for v in vectors if b"\n---" in v],
        "age_file": vectors,
        "age_armor": [v for v in vectors if v.lstrip()[:5] == b"-----"] + [armored.getvalue()],
        "age_keys": _keys_text(),
        "identity_card": _cards(),
        "identity_file": [(KEYS / "sender.json").read_bytes(),
                          bytes(identity_to_json(PrivateIdentity.generate("Hybride")))],
        "sealed_metadata": [_metadata(p) for p in plaintexts],
        "sealed_file": sealed,
        "sealed_payload": plaintexts,
        "proof": _proofs()[:4],
        "proof_file": _proofs(),
        "vault_header": _vault_headers(),
        "policy_file": _policies(),
        "recovery_code": _recovery_codes(),
        "httpsig_request": _requests(),
        "httpsig_response": _responses(),
        "relay_request": _relay_requests(),
        "relay_answer": _relay_answers(),
    }


def write(out: Path, seeds_only: bool) -> None:
    limit = SEED_LIMIT if seeds_only else CORPUS_LIMIT
    for target, inputs in corpora().items():
        folder = out / target
        folder.mkdir(parents=True, exist_ok=True)
        if seeds_only:  # seeds are replaced as a whole; a corpus keeps what libFuzzer found
            for old in folder.iterdir():
                old.unlink()
        kept = [data for data in inputs if len(data) <= limit]
        for data in kept:
            (folder / hashlib.sha1(data).hexdigest()).write_bytes(data)  # noqa: S324 - a name
        print(f"{target}: {len(kept)} inputs in {folder.relative_to(ROOT)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=None)
    parser.add_argument("--seeds", action="store_true", help="only small seeds, for git")
    args = parser.parse_args()
    out = args.out or (HERE / ("seeds" if args.seeds else "corpus"))
    write(out.resolve(), args.seeds)


if __name__ == "__main__":
    main()
