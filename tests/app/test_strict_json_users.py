"""Every reader of outside JSON goes through crypto/strict_json.py: deep nesting, duplicate
keys and oversized documents are one-line refusals of the reader's own error type."""

from __future__ import annotations

import os
from pathlib import Path

import httpx
import pytest

from app.identities import FileKind, kind_of_file
from app.policy import PolicyError, load_policy
from app.relay_client.errors import RelayProtocolError, RelayRefused
from app.relay_client.http import MAX_ANSWER_BYTES, RelayTransport, decode_answer
from crypto.identity import CardError, parse_card
from crypto.identity_file import IdentityFileError, identity_from_json
from crypto.proofs import ProofError, parse_proof
from crypto.sealed.errors import MalformedMetadata
from crypto.sealed.metadata import decode_metadata
from storage.header import HeaderFormatError, VaultHeader, read_header

DEEP = b"[" * 5000 + b"]" * 5000
DEEP_OBJECT = b'{"a":' * 3000 + b"1" + b"}" * 3000


@pytest.mark.parametrize("data", [DEEP, DEEP_OBJECT])
def test_vault_header(data: bytes) -> None:
    with pytest.raises(HeaderFormatError, match=r"^vault.json is not valid JSON of the expected "
                                                r"form \(nesting deeper than 32 levels\)\.$"):
        VaultHeader.parse(data)


@pytest.mark.parametrize(("parse", "error"), [
    (parse_card, CardError), (identity_from_json, IdentityFileError),
    (parse_proof, ProofError), (decode_metadata, MalformedMetadata),
])
def test_crypto_documents(parse: object, error: type[Exception]) -> None:
    with pytest.raises(error, match="nesting deeper than 32 levels|too large"):
        parse(b"[" * 3000 + b"]" * 3000)  # type: ignore[operator]
    with pytest.raises(error, match="nesting deeper than 32 levels"):
        parse(b"[" * 40 + b"]" * 40)  # type: ignore[operator]


def test_policy_file(tmp_path: Path) -> None:
    path = tmp_path / "policy.json"
    path.write_bytes(b"[" * 5000 + b"]" * 5000)
    with pytest.raises(PolicyError, match="nesting deeper than 32 levels.*administrator"):
        load_policy(path)
    path.write_bytes(b'{"export_allowed": true, "export_allowed": false}')
    with pytest.raises(PolicyError, match="repeats the field 'export_allowed'"):
        load_policy(path)
    path.write_bytes(b'{"min_kdf_iterations": NaN}')
    with pytest.raises(PolicyError, match="NaN"):
        load_policy(path)


@pytest.mark.parametrize(("data", "reason"), [
    (DEEP, "nesting deeper than 32 levels"),
    (b'{"error": 1, "error": 2}', "repeats the field 'error'"),
    (b"not json", "syntax error"),
    (b"\xff", "not UTF-8"),
    (b" " * (MAX_ANSWER_BYTES + 1), "too large"),
])
def test_relay_answers(data: bytes, reason: str) -> None:
    with pytest.raises(RelayProtocolError, match=reason):
        decode_answer(data)
    assert decode_answer(b'{"retry": 1.5}') == {"retry": 1.5}


def test_kind_of_a_deep_file_is_neither() -> None:
    assert kind_of_file(DEEP) is FileKind.NEITHER


def test_relay_refusal_text_is_escaped() -> None:
    body = (b'{"error": {"code": "bad\\u2028x", "message": "Refused\\u2028From: Greffe '
            b'(verified)\\u200b' + b"y" * 1000 + b'"}}')
    response = httpx.Response(403, content=body)
    with pytest.raises(RelayRefused) as info:
        RelayTransport._raise_refusal(None, response)  # type: ignore[arg-type]
    text = str(info.value)
    assert text.startswith("The relay refused: Refused\\u{2028}From: Greffe (verified)\\u{200b}y")
    assert text.endswith("(bad\\u{2028}x)") and len(text) < 600
    assert text.isprintable() and info.value.code == "bad\u2028x"


@pytest.mark.parametrize("kind", ["fifo", "folder", "device"])
def test_vault_json_must_be_a_regular_file(tmp_path: Path, kind: str) -> None:
    target = tmp_path / "vault.json"
    if kind == "fifo":
        os.mkfifo(target)  # would block a plain open() until a writer comes
    elif kind == "folder":
        target.mkdir()
    else:
        target.symlink_to("/dev/zero")
    with pytest.raises(HeaderFormatError, match=r"^vault.json is not a regular file\.$"):
        read_header(tmp_path)
