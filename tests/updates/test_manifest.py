"""crypto/release_manifest.py: the manifest's strict form, the signature over its exact bytes,
publisher keys and key files."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from crypto.release_manifest import (
    MAX_FILES, MAX_MANIFEST_BYTES, SIGNATURE_DOMAIN, FileEntry, ReleaseError, build, fingerprint,
    format_public_key, is_plain_name, parse, parse_public_key, read_secret_key, secret_key_text,
    sign, verify_signature,
)

KEY = Ed25519PrivateKey.generate()
RAW = KEY.public_key().public_bytes_raw()
HASH = "ab" * 32
WHEN = datetime(2026, 12, 5, 13, 0, tzinfo=UTC)


def document(**changes: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "format": "scelle-release-manifest", "format_version": 1, "kind": "release",
        "product": "scelle", "version": "1.2.0", "created": "2026-12-05T13:00:00Z",
        "publisher": fingerprint(RAW),
        "files": [{"name": "scelle_1.2.0_amd64.deb", "size": 10, "sha256": HASH},
                  {"name": "scelle-1.2.0.cdx.json", "size": 3, "sha256": "cd" * 32}],
        "sbom": {"name": "scelle-1.2.0.cdx.json", "sha256": "cd" * 32},
    }
    base.update(changes)
    return base


def encoded(**changes: Any) -> bytes:
    return json.dumps(document(**changes)).encode()


def refusal(data: bytes) -> str:
    with pytest.raises(ReleaseError) as caught:
        parse(data)
    return str(caught.value)


def test_a_built_manifest_parses_to_what_was_given() -> None:
    files = [FileEntry("b.deb", 10, HASH), FileEntry("a.cdx.json", 3, "cd" * 32)]
    manifest = parse(build(kind="release", version="1.2.0+3.g1a2b3c4", created=WHEN,
                           publisher_key=RAW, files=files, sbom="a.cdx.json"))
    assert [f.name for f in manifest.files] == ["a.cdx.json", "b.deb"]  # sorted
    assert manifest.sbom == FileEntry("a.cdx.json", 3, "cd" * 32)
    assert (manifest.version, manifest.created, manifest.publisher) == \
        ("1.2.0+3.g1a2b3c4", WHEN, fingerprint(RAW))
    assert manifest.entry("b.deb") == files[0] and manifest.entry("c") is None


def test_a_bundle_manifest_needs_no_sbom() -> None:
    manifest = parse(build(kind="bundle", version="1.2.0", created=WHEN, publisher_key=RAW,
                           files=[FileEntry("scelle", 5, HASH)], sbom=None))
    assert manifest.kind == "bundle" and manifest.sbom is None


@pytest.mark.parametrize("name", ["../x", "/etc/passwd", "a\\b", "a\x00b", "a/b", ".hidden",
                                  "..", ".", "", "é.deb", "a b", "x" * 256,
                                  "release-manifest.json", "release-manifest.sig", "a\nb"])
def test_names_that_are_not_plain_file_names_are_refused(name: str) -> None:
    assert not is_plain_name(name)
    files = [{"name": name, "size": 1, "sha256": HASH},
             {"name": "s.cdx.json", "size": 1, "sha256": HASH}]
    message = refusal(encoded(files=files, sbom={"name": "s.cdx.json", "sha256": HASH}))
    assert "release manifest" in message
    assert name not in message or name in ("", ".")


@pytest.mark.parametrize("name", ["scelle_1.2.0_amd64.deb", "scelle-1.2.0+3.g1a.tar.gz",
                                  "a~b", "x" * 255, "A_9"])
def test_plain_names_are_accepted(name: str) -> None:
    assert is_plain_name(name)


def test_a_repeated_key_is_refused_rather_than_read_one_way() -> None:
    data = encoded().replace(b'"version": "1.2.0"', b'"version": "1.2.0", "version": "0.1"')
    assert "repeats the field 'version'" in refusal(data)


def test_a_file_listed_twice_is_refused() -> None:
    files = document()["files"]
    assert "twice" in refusal(encoded(files=files + [files[0]]))


def test_an_oversized_manifest_is_refused_before_it_is_decoded() -> None:
    data = encoded()
    data = data[:-1] + b" " * (MAX_MANIFEST_BYTES + 1 - len(data)) + b"}"
    assert "too large" in refusal(data)


def test_too_many_files_are_refused() -> None:
    files = [{"name": f"f{i}", "size": 1, "sha256": HASH} for i in range(MAX_FILES + 1)]
    assert f"more than {MAX_FILES}" in refusal(encoded(files=files))


@pytest.mark.parametrize(("changes", "expected"), [
    ({"format": "other"}, "format this program knows"),
    ({"format_version": 2}, "format this program knows"),
    ({"kind": "patch"}, "field kind"),
    ({"kind": ["release"]}, "field kind"),
    ({"product": "other"}, "field product"),
    ({"version": "v1"}, "field version"),
    ({"version": "1.0; rm -rf /"}, "field version"),
    ({"created": "yesterday"}, "field created"),
    ({"publisher": "AB" * 32}, "field publisher"),
    ({"files": []}, "non-empty list"),
    ({"files": "a.deb"}, "non-empty list"),
    ({"sbom": None}, "names no SBOM"),
    ({"sbom": {"name": "scelle-1.2.0.cdx.json", "sha256": HASH}}, "same SHA-256"),
    ({"sbom": {"name": "other.cdx.json", "sha256": "cd" * 32}}, "not one of its files"),
    ({"extra": 1}, "unknown field"),
])
def test_malformed_manifests_are_refused_naming_the_problem(changes: dict[str, Any],
                                                            expected: str) -> None:
    assert expected in refusal(encoded(**changes))


@pytest.mark.parametrize(("entry", "expected"), [
    ({"name": "a", "size": -1, "sha256": HASH}, "size is out of range"),
    ({"name": "a", "size": 2**53, "sha256": HASH}, "size is out of range"),
    ({"name": "a", "size": True, "sha256": HASH}, "size is not a whole number"),
    ({"name": "a", "size": 1, "sha256": HASH.upper()}, "sha256 is not 64 lowercase"),
    ({"name": "a", "size": 1, "sha256": HASH[:-2]}, "sha256 is not 64 lowercase"),
    ({"name": "a", "size": 1}, "lacks the field"),
])
def test_malformed_file_entries_are_refused(entry: dict[str, Any], expected: str) -> None:
    files = [entry, document()["files"][1]]
    assert expected in refusal(encoded(files=files))


def test_the_signature_covers_the_exact_bytes_with_the_domain_prefix() -> None:
    data = encoded()
    signature = sign(data, KEY)
    assert verify_signature(data, signature, [RAW]) == RAW
    # The same JSON spelt differently (one more space) is another message.
    with pytest.raises(ReleaseError, match="does not verify"):
        verify_signature(data.replace(b": ", b":  ", 1), signature, [RAW])
    # A plain Ed25519 signature of the bytes (no domain prefix) is not a release signature.
    with pytest.raises(ReleaseError, match="does not verify"):
        verify_signature(data, KEY.sign(data), [RAW])
    assert KEY.public_key().verify(signature, SIGNATURE_DOMAIN + data) is None


def test_the_verifying_key_is_found_among_several() -> None:
    other = Ed25519PrivateKey.generate().public_key().public_bytes_raw()
    data = encoded()
    assert verify_signature(data, sign(data, KEY), [other, RAW]) == RAW
    with pytest.raises(ReleaseError, match="any trusted publisher key"):
        verify_signature(data, sign(data, KEY), [other])
    with pytest.raises(ReleaseError, match="any trusted publisher key"):
        verify_signature(data, sign(data, KEY), [])


@pytest.mark.parametrize("length", [0, 63, 65])
def test_a_signature_of_the_wrong_length_is_refused(length: int) -> None:
    with pytest.raises(ReleaseError, match="not 64 bytes"):
        verify_signature(encoded(), b"\x01" * length, [RAW])


def test_a_key_that_is_not_a_point_verifies_nothing() -> None:
    data = encoded()
    with pytest.raises(ReleaseError, match="does not verify"):
        verify_signature(data, sign(data, KEY), [b"\xff" * 31 + b"\x7f"])


def test_public_keys_round_trip_and_bad_ones_are_refused() -> None:
    text = format_public_key(RAW)
    assert text.startswith("ed25519:") and parse_public_key(text) == RAW
    for bad in ["", "ed25519:", text[8:], "ED25519:" + text[8:], text[:-2], text + "A",
                "ed25519:" + "A" * 44, "ed25519:" + text[8:-1] + "=="]:
        with pytest.raises(ReleaseError, match="ed25519:<base64 of 32 bytes>"):
            parse_public_key(bad)


def test_fingerprints_are_domain_separated_hex() -> None:
    import hashlib

    assert fingerprint(RAW) == hashlib.sha256(b"scelle-release-key-v1\n" + RAW).hexdigest()
    assert fingerprint(RAW) != hashlib.sha256(RAW).hexdigest()


def test_secret_key_files_round_trip_and_refuse_anything_else() -> None:
    text = secret_key_text(KEY)
    assert read_secret_key(text).private_bytes_raw() == KEY.private_bytes_raw()
    assert read_secret_key(text.rstrip(b"\n")).private_bytes_raw() == KEY.private_bytes_raw()
    for bad in [b"", text.replace(b"v1", b"v2"), text + b"\n", text[:-5] + b"\n",
                b"\xff" + text, text.replace(b":", b": ")]:
        with pytest.raises(ReleaseError) as caught:
            read_secret_key(bad)
        assert text[29:60].decode() not in str(caught.value)


# -- exact refusals and limits (each message names what is wrong, and nothing else) ------------


@pytest.mark.parametrize(("data", "expected"), [
    (b"[", "The release manifest is not valid JSON of the expected form (syntax error at line 1, "
           "column 2)."),
    (encoded(files=[]), "The release manifest's files must be a non-empty list."),
    (encoded(format="x"), "The release manifest is not in a format this program knows "
                          "(scelle-release-manifest version 1)."),
    (encoded(kind="patch"), "In the release manifest, the field kind is not one of release, "
                            "bundle."),
    (encoded(product="x"), "In the release manifest, the field product is not scelle."),
    (encoded(version="v1"), "In the release manifest, the field version is not a version "
                            "string."),
    (encoded(version="1" * 65), "In the release manifest, the field version is longer than 64 "
                                "characters."),
    (encoded(publisher="a" * 65), "In the release manifest, the field publisher is longer than "
                                  "64 characters."),
    (encoded(sbom=None), "The release manifest names no SBOM (a release must carry one)."),
    (encoded(sbom={"name": "x", "sha256": HASH}),
     "The release manifest's SBOM is not one of its files, with the same SHA-256."),
    (encoded(sbom={"name": "x", "sha256": HASH, "y": 1}),
     "the release manifest's sbom has unknown field(s) y."),
    (encoded(sbom={"name": "x" * 256, "sha256": HASH}),
     "In the release manifest's sbom, the field name is longer than 255 characters."),
    (encoded(files=[{"name": "a"}]), "a file of the release manifest lacks the field(s) sha256, "
                                     "size."),
    (encoded(files=[{"name": "x" * 256, "size": 1, "sha256": HASH}]),
     "In a file of the release manifest, the field name is longer than 255 characters."),
    (encoded(files=[{"name": "../x", "size": 1, "sha256": HASH}]),
     "The release manifest lists a file whose name is not a plain file name (a path, a leading "
     "dot or an unusual character)."),
    (json.dumps({k: v for k, v in document().items() if k != "sbom"}).encode(),
     "the release manifest lacks the field(s) sbom."),
    (encoded()[:-1] + b" " * MAX_MANIFEST_BYTES + b"}",
     f"The release manifest is too large (more than {MAX_MANIFEST_BYTES} bytes)."),
])
def test_refusals_are_exact(data: bytes, expected: str) -> None:
    assert refusal(data) == expected


def test_the_limits_themselves_are_accepted() -> None:
    data = encoded()
    assert parse(data[:-1] + b" " * (MAX_MANIFEST_BYTES - len(data)) + b"}").version == "1.2.0"
    files = [{"name": f"f{i}", "size": 0, "sha256": HASH} for i in range(MAX_FILES - 1)]
    files.append({"name": "s.cdx.json", "size": 2**53 - 1, "sha256": "cd" * 32})
    manifest = parse(encoded(files=files, sbom={"name": "s.cdx.json", "sha256": "cd" * 32}))
    assert len(manifest.files) == MAX_FILES
    assert manifest.files[0].size == 0 and manifest.files[-1].size == 2**53 - 1
    assert parse(encoded(version="1" * 64)).version == "1" * 64


def test_a_built_manifest_is_readable_ascii_with_one_field_per_line() -> None:
    data = build(kind="bundle", version="1.2.0", created=WHEN, publisher_key=RAW,
                 files=[FileEntry("scelle", 5, HASH)], sbom=None)
    lines = data.decode("ascii").split("\n")
    assert lines[0] == "{" and lines[1] == ' "format": "scelle-release-manifest",'
    assert lines[-2:] == ["}", ""]


def test_refusals_of_keys_and_signatures_are_exact() -> None:
    with pytest.raises(ReleaseError) as caught:
        verify_signature(encoded(), b"\x00" * 64, [RAW])
    assert str(caught.value) == ("The release signature does not verify with any trusted "
                                 "publisher key: the manifest was altered or signed by someone "
                                 "else.")
    with pytest.raises(ReleaseError) as caught:
        read_secret_key(b"nothing")
    assert str(caught.value) == "The publisher key file is not a Scellé release signing key."
    two_lines = secret_key_text(KEY) + secret_key_text(KEY)
    with pytest.raises(ReleaseError):
        read_secret_key(two_lines)
