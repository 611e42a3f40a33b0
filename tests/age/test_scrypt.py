"""Passphrase (scrypt) recipients and identities."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest

from crypto.age import (
    AgeReader,
    NoIdentityMatchError,
    RecipientError,
    ScryptIdentity,
    ScryptRecipient,
    Stanza,
    StanzaError,
    X25519Identity,
)
from crypto.age.header import build_header
from tests.age.helpers import open_sealed, seal
from tests.age.tty import run_with_tty

LOW = 4  # work factor 2^4: fast tests; the format is the same at any factor


def test_round_trip_str_and_bytes_passphrases() -> None:
    data = seal(b"by passphrase", [ScryptRecipient("correct horse", work_factor=LOW)])
    assert open_sealed(data, [ScryptIdentity("correct horse")]) == b"by passphrase"
    assert open_sealed(data, [ScryptIdentity("correct horse".encode())]) == b"by passphrase"


def test_non_ascii_passphrase_is_utf8() -> None:
    data = seal(b"x", [ScryptRecipient("mot de passe \u00e9t\u00e9", work_factor=LOW)])
    assert open_sealed(data, [ScryptIdentity("mot de passe \u00e9t\u00e9".encode())]) == b"x"


def test_wrong_passphrase_is_no_match() -> None:
    data = seal(b"x", [ScryptRecipient("right", work_factor=LOW)])
    with pytest.raises(NoIdentityMatchError):
        AgeReader(io.BytesIO(data), [ScryptIdentity("wrong")])


def test_stanza_layout() -> None:
    [stanza] = ScryptRecipient("pw", work_factor=LOW).wrap(bytes(16))
    assert stanza.type == "scrypt"
    assert len(stanza.args) == 2 and stanza.args[1] == str(LOW)
    assert len(stanza.args[0]) == 22 and len(stanza.body) == 32


def test_work_factor_above_identity_limit_is_refused() -> None:
    data = seal(b"x", [ScryptRecipient("pw", work_factor=LOW + 1)])
    with pytest.raises(StanzaError, match="work factor"):
        AgeReader(io.BytesIO(data), [ScryptIdentity("pw", max_work_factor=LOW)])


@pytest.mark.parametrize("factor", [0, -1, 23, 64])
def test_recipient_work_factor_bounds(factor: int) -> None:
    with pytest.raises(RecipientError):
        ScryptRecipient("pw", work_factor=factor)


def test_empty_passphrase_is_refused() -> None:
    with pytest.raises(RecipientError):
        ScryptRecipient("")


def test_passphrase_must_be_alone_when_encrypting() -> None:
    with pytest.raises(RecipientError):
        seal(b"x", [ScryptRecipient("pw", work_factor=LOW), X25519Identity.generate().recipient()])
    with pytest.raises(RecipientError):
        seal(b"x", [ScryptRecipient("a", work_factor=LOW), ScryptRecipient("b", work_factor=LOW)])


def test_passphrase_must_be_alone_when_decrypting_even_for_other_identities() -> None:
    x25519 = X25519Identity.generate()
    file_key = bytes(16)
    stanzas = [
        *ScryptRecipient("pw", work_factor=LOW).wrap(file_key),
        *x25519.recipient().wrap(file_key),
    ]
    raw = build_header(stanzas, file_key).raw + bytes(16)
    for identity in (ScryptIdentity("pw"), x25519):
        with pytest.raises(StanzaError, match="passphrase"):
            AgeReader(io.BytesIO(raw), [identity])


def test_identity_ignores_files_without_scrypt() -> None:
    assert ScryptIdentity("pw").unwrap([Stanza("X25519", ["a"], b"")]) is None


def test_repr_hides_passphrase() -> None:
    assert "hunter2" not in repr(ScryptRecipient("hunter2", work_factor=LOW))
    assert "hunter2" not in repr(ScryptIdentity("hunter2"))


AGE = shutil.which("age")


def test_age_cli_decrypts_our_passphrase_file(tmp_path: Path) -> None:
    assert AGE is not None
    sealed = tmp_path / "ours.age"
    sealed.write_bytes(seal(b"for the age command", [ScryptRecipient("tty pass", work_factor=10)]))
    assert run_with_tty([AGE, "-d", str(sealed)], [b"tty pass"]) == b"for the age command"


def test_we_decrypt_age_cli_passphrase_file(tmp_path: Path) -> None:
    assert AGE is not None
    source = tmp_path / "plain.txt"
    source.write_bytes(b"from the age command")
    sealed = tmp_path / "theirs.age"
    run_with_tty([AGE, "-p", "-o", str(sealed), str(source)], [b"tty pass", b"tty pass"])
    assert open_sealed(sealed.read_bytes(), [ScryptIdentity("tty pass")]) == b"from the age command"
