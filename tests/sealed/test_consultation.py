"""The optional metadata key `consult_until` (docs/format.md §10): written only when set, strict
when read, meaningful only on a view-only file."""

from __future__ import annotations

import io
import json
from datetime import timedelta

import pytest

from crypto.identity import PrivateIdentity
from crypto.sealed.codec import canonical_json, format_time, parse_time
from crypto.sealed.errors import MalformedMetadata, SealingRefused
from crypto.sealed.metadata import decode_metadata
from crypto.sealed.writer import Letter, SourceFile, build_metadata
from tests.sealed.craft import base_metadata


def _value(alice: PrivateIdentity, bob: PrivateIdentity, **changes: object) -> dict:
    return base_metadata(alice, [bob.card], [("a.pdf", 3)], **changes)


def test_absent_key_keeps_the_older_bytes(alice: PrivateIdentity, bob: PrivateIdentity) -> None:
    value = _value(alice, bob, view_only=True)
    meta = decode_metadata(canonical_json(value))
    assert meta.consult_until is None
    assert meta.encode() == canonical_json(value)
    assert b"consult_until" not in meta.encode()


def test_round_trip(alice: PrivateIdentity, bob: PrivateIdentity) -> None:
    created = parse_time(_value(alice, bob)["created"])
    end = format_time(created + timedelta(days=7))
    value = _value(alice, bob, view_only=True, consult_until=end)
    meta = decode_metadata(canonical_json(value))
    assert meta.consult_until == parse_time(end)
    assert meta.encode() == canonical_json(value)


@pytest.mark.parametrize(("change", "problem"), [
    ({"view_only": False, "consult_until": "2100-01-01T00:00:00Z"}, "not view-only"),
    ({"view_only": True, "consult_until": "2000-01-01T00:00:00Z"}, "not after the creation"),
    ({"view_only": True, "consult_until": None}, "is not text"),
    ({"view_only": True, "consult_until": "next week"}, "is not a UTC time"),
    ({"view_only": True, "consult_until": 4102444800}, "is not text"),
])
def test_invalid_values_are_refused(alice: PrivateIdentity, bob: PrivateIdentity,
                                    change: dict, problem: str) -> None:
    with pytest.raises(MalformedMetadata, match=problem) as err:
        decode_metadata(canonical_json(_value(alice, bob, **change)))
    assert "consult_until" in str(err.value)


def _build(alice: PrivateIdentity, bob: PrivateIdentity, letter: Letter):
    source = SourceFile("a.pdf", 3, lambda: io.BytesIO(b"abc"))
    return build_metadata(alice, [bob.card], [source], letter, None)


def test_writer_sets_it_on_view_only_files(alice: PrivateIdentity, bob: PrivateIdentity) -> None:
    created = parse_time(_value(alice, bob)["created"])
    end = created + timedelta(days=3, microseconds=5)
    meta = _build(alice, bob, Letter(view_only=True, consult_until=end))
    assert meta.consult_until == end.replace(microsecond=0)
    assert decode_metadata(meta.encode()) == meta


def test_writer_refuses_without_view_only(alice: PrivateIdentity, bob: PrivateIdentity) -> None:
    with pytest.raises(SealingRefused, match="view-only"):
        _build(alice, bob, Letter(consult_until=parse_time("2100-01-01T00:00:00Z")))


def test_writer_refuses_a_past_end(alice: PrivateIdentity, bob: PrivateIdentity) -> None:
    with pytest.raises(SealingRefused, match="already past"):
        _build(alice, bob, Letter(view_only=True,
                                  consult_until=parse_time("2001-01-01T00:00:00Z")))


@pytest.mark.parametrize("change", ["later", "removed"])
def test_a_recipient_cannot_rewrite_the_end(alice: PrivateIdentity, bob: PrivateIdentity,
                                            change: str) -> None:
    """Bob knows the file key: he re-encrypts the content with another consultation end (or
    none) under the same header. The signature covers the metadata: refused."""
    from crypto.sealed.errors import BadSignature
    from crypto.sealed.layout import MAGIC
    from crypto.sealed.reader import open_sealed
    from tests.sealed.craft import plaintext_of, reencrypt_under_same_header, split_plaintext
    from tests.sealed.test_roundtrip import NOW, seal_bytes

    letter = Letter(view_only=True, consult_until=NOW + timedelta(days=2))
    sealed = seal_bytes(alice, [bob.card], [("a.pdf", b"%PDF-1.4 piece")], classic=True,
                        letter=letter)
    metadata, content, signature = split_plaintext(plaintext_of(sealed, bob))
    value = json.loads(metadata)
    if change == "later":
        value["consult_until"] = format_time(NOW + timedelta(days=400))
    else:
        del value["consult_until"]
    forged_meta = canonical_json(value)
    plain = (MAGIC + len(forged_meta).to_bytes(4, "big") + forged_meta + content + b"SIG1"
             + signature)
    forged = reencrypt_under_same_header(sealed, bob, plain)
    with pytest.raises(BadSignature):
        open_sealed(io.BytesIO(forged), bob, expected_sender=alice.card, replay_guard=None)
