"""crypto/intake_container.py's safe file names for received intake files, and the reply code:
its format, its parsing, and the keys derived from it (docs/format.md §12); intake point
names (crypto/intake_headers.py)."""

from __future__ import annotations

import hashlib
import hmac

import pytest

from crypto.age import HybridIdentity
from crypto.intake_container import (
    ReplyCodeError,
    format_reply_code,
    new_reply_code,
    parse_reply_code,
    reply_identity,
    reply_locator,
    reply_lookup,
    safe_intake_name,
    safe_intake_names,
)
from crypto.intake_headers import is_intake_name


# --- names -------------------------------------------------------------------------------------

@pytest.mark.parametrize("name, index, expected", [
    ("rapport.pdf", 1, "rapport.pdf"),
    ("e\u0301te\u0301.txt", 1, "été.txt"),
    ("a/b.pdf", 2, "piece-2.pdf"),
    ("x\u202egnp.exe", 3, "piece-3.exe"),
    ("trop.extensionlongue", 4, "trop.extensionlongue"),
    ("a:b.extensionlongue", 4, "piece-4"),
    ("sans", 5, "sans"),
    ("fin.", 6, "piece-6"),
    ("", 7, "piece-7"),
    ("nul.tar.gz", 8, "piece-8.gz"),
    ("a\\b.é", 9, "piece-9"),
    ("x" * 300 + ".docx", 10, "piece-10.docx"),
])
def test_safe_intake_name(name: str, index: int, expected: str) -> None:
    assert safe_intake_name(name, index) == expected


def test_names_that_collide_fall_back() -> None:
    assert safe_intake_names(["A.pdf", "a.PDF", "piece-3.pdf", "x/y.pdf"]) == [
        "A.pdf", "piece-2.PDF", "piece-3.pdf", "piece-4.pdf"]
    assert safe_intake_names(["piece-2.pdf", "piece-2", "../b.pdf"]) == [
        "piece-2.pdf", "piece-2", "piece-3.pdf"]
    assert safe_intake_names(["piece-2.pdf", "Piece-2", "piece-2.PDF"]) == [
        "piece-2.pdf", "Piece-2", "piece-3.PDF"]
    assert safe_intake_names(["piece-2.pdf", "piece-2", "piece-2.pdf"]) == [
        "piece-2.pdf", "piece-2", "piece-3.pdf"]
    assert safe_intake_names(["piece-2.pdf", "PIECE-2.PDF", "piece-2"]) == [
        "piece-2.pdf", "piece-2", "piece-3"]
    assert safe_intake_names(["piece-2", "piece-2"]) == ["piece-2", "piece-2-2"]
    assert safe_intake_names(["piece-2.pdf", "?.pdf"]) == ["piece-2.pdf", "piece-2"]


# --- reply code and derivations ------------------------------------------------------------------

K = bytes(range(20))
CODE = "AAAQ-EAYE-AUDA-OCAJ-BIFQ-YDIO-B4IB-CEQT"


def test_reply_code_format_and_parse() -> None:
    assert format_reply_code(K) == CODE
    assert parse_reply_code(CODE) == K
    assert parse_reply_code(CODE.lower().replace("-", " ")) == K
    assert parse_reply_code(" aaaq eaye-auda\tocaj bifq ydio b4ib ceqt\n") == K
    fresh = new_reply_code()
    assert len(fresh) == 20 and parse_reply_code(format_reply_code(fresh)) == fresh
    with pytest.raises(ValueError):
        format_reply_code(bytes(19))


@pytest.mark.parametrize("text, message", [
    (CODE[:-1], "31 letters and digits instead of 32"),
    (CODE + "A", "33 letters"),
    ("", "0 letters"),
    (CODE.replace("B4IB", "B1IB"), "other than the letters"),
    (CODE.replace("B4IB", "B8IB"), "other than the letters"),
    (CODE + "=", "other than the letters"),
    (CODE.replace("-", "_"), "other than the letters"),
    (CODE.replace("AAAQ", "ÀAAQ"), "other than the letters"),
])
def test_bad_reply_codes(text: str, message: str) -> None:
    with pytest.raises(ReplyCodeError, match=message) as caught:
        parse_reply_code(text)
    assert "EAYE" not in str(caught.value)


def _hkdf_by_hand(ikm: bytes, info: bytes, length: int) -> bytes:
    prk = hmac.new(b"", ikm, hashlib.sha256).digest()
    return hmac.new(prk, info + b"\x01", hashlib.sha256).digest()[:length]


def test_derivations_known_answers() -> None:
    identity = reply_identity(K)
    assert str(identity) == ("AGE-SECRET-KEY-PQ-15KPXFJ5TD4VT56EWCP9PM4Z9VNSGHFPNCD2DLU75TQJX"
                             "F4WP8CPQVVZLUD")
    recipient = str(identity.recipient())
    assert recipient.startswith("age1pq1")
    assert hashlib.sha256(recipient.encode()).hexdigest() == (
        "5e8065463f3a424cadaba63985c4e2c67bc26ef19205049fe719c354d0bd2cf2")
    locator = reply_locator(K)
    assert locator.hex() == "971fbac75d8d771d898f55a14a4f221f"
    assert reply_lookup(locator).hex() == (
        "bf208a044b24595f5e7e770fecaddbcc8de6132cb6103a8bf383814871829c51")
    assert reply_locator(b"\xff" * 20).hex() == "5680120a0e73ce027d61ba846f7424c9"


def test_derivations_follow_the_spec_by_hand() -> None:
    seed = _hkdf_by_hand(K, b"scelle/v1 intake reply identity", 32)
    assert str(reply_identity(K)) == str(HybridIdentity(seed))
    assert reply_locator(K) == _hkdf_by_hand(K, b"scelle/v1 intake reply locator", 16)
    assert reply_lookup(reply_locator(K)) == hashlib.sha256(reply_locator(K)).digest()


def test_derivations_refuse_wrong_lengths() -> None:
    with pytest.raises(ValueError):
        reply_locator(bytes(16))
    with pytest.raises(ValueError):
        reply_identity(bytes(21))
    with pytest.raises(ValueError):
        reply_lookup(bytes(32))


def test_intake_names() -> None:
    assert is_intake_name("abc") and is_intake_name("barreau-paris-2") and is_intake_name(
        "a" * 64)
    for bad in ("ab", "-abc", "abc-", "Abc", "a" * 65, "a_b", "abé"):
        assert not is_intake_name(bad)


def test_a_bad_reply_code_is_refused_in_exact_words() -> None:
    with pytest.raises(ReplyCodeError) as caught:
        parse_reply_code("0" * 32)
    assert str(caught.value) == ("The reply code holds a character other than the letters A to "
                                 "Z, the digits 2 to 7, spaces and dashes.")
