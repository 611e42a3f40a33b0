"""app/updates/verify.py: a release folder checked offline against the trusted publisher keys."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from app.policy import Policy, PolicyRefusal
from app.updates.verify import UpdateError, verify_release
from crypto.release_manifest import MANIFEST_NAME, SIGNATURE_NAME, ReleaseError, sign
from tests.updates.conftest import VERSION, MakeRelease, Publisher, release_files

RUNNING = "1.0.0+4.gabcdef0"


def check(folder: Path, keys: list[bytes], policy: Policy | None = None,
          running: str = RUNNING, allow_downgrade: bool = False):  # noqa: ANN201
    return verify_release(folder, policy=policy or Policy(), given_keys=keys,
                          running_version=running, allow_downgrade=allow_downgrade)


def refused(folder: Path, keys: list[bytes], **kw: object) -> str:
    with pytest.raises(UpdateError) as caught:
        check(folder, keys, **kw)  # type: ignore[arg-type]
    return str(caught.value)


def resign(folder: Path, publisher: Publisher, manifest: bytes) -> None:
    """Write `manifest` and a genuine signature of it (the publisher signed something odd)."""
    (folder / MANIFEST_NAME).write_bytes(manifest)
    (folder / SIGNATURE_NAME).write_bytes(sign(manifest, publisher.key))


def test_a_good_release_verifies(make_release: MakeRelease, publisher: Publisher) -> None:
    folder = make_release()
    release = check(folder, [publisher.raw])
    assert release.manifest.version == VERSION and release.fingerprint == publisher.fingerprint
    assert release.summary() == (f"release {VERSION} verified: signed by publisher "
                                 f"{publisher.fingerprint}, 3 files checked")
    # Named by its manifest file too.
    assert check(folder / MANIFEST_NAME, [publisher.raw]).folder == folder


def test_a_tampered_file_is_refused(make_release: MakeRelease, publisher: Publisher) -> None:
    folder = make_release()
    deb = folder / f"scelle_{VERSION}_amd64.deb"
    data = bytearray(deb.read_bytes())
    data[100] ^= 1
    deb.write_bytes(bytes(data))
    assert refused(folder, [publisher.raw]) == (
        f"{deb.name} does not have the SHA-256 the manifest gives: the file is altered.")


def test_a_truncated_file_is_refused(make_release: MakeRelease, publisher: Publisher) -> None:
    folder = make_release()
    tarball = folder / f"scelle-{VERSION}-linux-x86_64.tar.gz"
    tarball.write_bytes(tarball.read_bytes()[:-1])
    assert "is truncated or altered" in refused(folder, [publisher.raw])


def test_an_extra_file_is_refused(make_release: MakeRelease, publisher: Publisher) -> None:
    folder = make_release()
    (folder / "install.sh").write_bytes(b"#!/bin/sh\nrm -rf ~\n")
    message = refused(folder, [publisher.raw])
    assert "1 file(s) the manifest does not list, e.g. install.sh" in message


def test_an_extra_folder_or_oddly_named_file_is_refused_without_echoing_the_name(
        make_release: MakeRelease, publisher: Publisher) -> None:
    folder = make_release()
    (folder / "a\x1b[2Jb").write_bytes(b"x")
    message = refused(folder, [publisher.raw])
    assert "\x1b" not in message and "(a name with unusual characters)" in message


def test_a_missing_file_is_refused(make_release: MakeRelease, publisher: Publisher) -> None:
    folder = make_release()
    (folder / f"scelle-{VERSION}.cdx.json").unlink()
    assert f"scelle-{VERSION}.cdx.json is missing from the release folder" in \
        refused(folder, [publisher.raw])


def test_a_missing_signature_or_manifest_is_refused(make_release: MakeRelease,
                                                     publisher: Publisher) -> None:
    folder = make_release()
    (folder / SIGNATURE_NAME).unlink()
    assert f"{SIGNATURE_NAME} is missing" in refused(folder, [publisher.raw])
    assert f"{MANIFEST_NAME} is missing" in refused(folder.parent, [publisher.raw])


def test_a_listed_file_replaced_by_a_symlink_is_refused(make_release: MakeRelease,
                                                         publisher: Publisher,
                                                         tmp_path: Path) -> None:
    folder = make_release()
    deb = folder / f"scelle_{VERSION}_amd64.deb"
    genuine = tmp_path / "elsewhere.deb"
    genuine.write_bytes(deb.read_bytes())
    deb.unlink()
    deb.symlink_to(genuine)
    assert "a symbolic link is refused" in refused(folder, [publisher.raw])


def test_a_fifo_in_place_of_a_file_is_refused_without_blocking(make_release: MakeRelease,
                                                               publisher: Publisher) -> None:
    folder = make_release()
    deb = folder / f"scelle_{VERSION}_amd64.deb"
    deb.unlink()
    os.mkfifo(deb)
    assert "is not a regular file" in refused(folder, [publisher.raw])


def test_a_release_signed_by_another_key_is_refused(make_release: MakeRelease,
                                                    publisher: Publisher,
                                                    stranger: Publisher) -> None:
    folder = make_release(key=stranger.key)
    assert "does not verify with any trusted publisher key" in refused(folder, [publisher.raw])


def test_a_signature_over_other_bytes_is_refused(make_release: MakeRelease,
                                                 publisher: Publisher) -> None:
    first, second = make_release(), make_release(version="99.2.0")
    # A genuine signature, but of another manifest by the same publisher.
    (first / SIGNATURE_NAME).write_bytes((second / SIGNATURE_NAME).read_bytes())
    assert "does not verify" in refused(first, [publisher.raw])


def test_an_edited_manifest_is_refused_even_when_its_json_means_the_same(
        make_release: MakeRelease, publisher: Publisher) -> None:
    folder = make_release()
    manifest = folder / MANIFEST_NAME
    manifest.write_bytes(json.dumps(json.loads(manifest.read_bytes())).encode())
    assert "does not verify" in refused(folder, [publisher.raw])


def test_a_signed_manifest_with_a_duplicate_key_is_refused(make_release: MakeRelease,
                                                           publisher: Publisher) -> None:
    folder = make_release()
    text = (folder / MANIFEST_NAME).read_bytes()
    resign(folder, publisher, text.replace(b'"product": "scelle",',
                                           b'"product": "scelle", "product": "scelle",'))
    assert "repeats the field 'product'" in refused(folder, [publisher.raw])


def test_an_oversized_manifest_is_refused_before_its_signature_is_checked(
        make_release: MakeRelease, publisher: Publisher) -> None:
    folder = make_release()
    with open(folder / MANIFEST_NAME, "ab") as handle:
        handle.write(b" " * 256 * 1024)
    assert f"{MANIFEST_NAME} in {folder} is larger than 262144 bytes." == \
        refused(folder, [publisher.raw])


def test_a_manifest_naming_another_publisher_is_refused(make_release: MakeRelease,
                                                        publisher: Publisher,
                                                        stranger: Publisher) -> None:
    folder = make_release()
    text = (folder / MANIFEST_NAME).read_bytes()
    resign(folder, publisher, text.replace(publisher.fingerprint.encode(),
                                           stranger.fingerprint.encode()))
    assert "names a publisher other than the key that signed it" in \
        refused(folder, [publisher.raw])


@pytest.mark.parametrize("name", ["../x", "/etc/passwd", "..\\x", "a\u0000b", "sub/x"])
def test_signed_manifests_naming_paths_are_refused(make_release: MakeRelease,
                                                   publisher: Publisher, name: str,
                                                   tmp_path: Path) -> None:
    """Even a genuinely signed manifest cannot make verify read outside the folder."""
    (tmp_path / "x").write_bytes(b"outside")
    folder = make_release()
    document = json.loads((folder / MANIFEST_NAME).read_bytes())
    document["files"][0]["name"] = name
    resign(folder, publisher, json.dumps(document).encode())
    message = refused(folder, [publisher.raw])
    assert ("not a plain file name" in message
            or "the field name contains control characters" in message)
    assert name not in message


def test_a_bundle_manifest_is_not_a_release(make_release: MakeRelease,
                                            publisher: Publisher) -> None:
    folder = make_release()
    text = (folder / MANIFEST_NAME).read_bytes()
    resign(folder, publisher, text.replace(b'"kind": "release"', b'"kind": "bundle"'))
    assert "application folder's manifest, not a release's" in refused(folder, [publisher.raw])


def test_a_downgrade_is_refused_unless_asked(make_release: MakeRelease,
                                             publisher: Publisher) -> None:
    folder = make_release(version="0.9.0")
    assert refused(folder, [publisher.raw]) == (
        f"Release 0.9.0 is older than the running version {RUNNING}: a downgrade is refused "
        "(--allow-downgrade to accept it).")
    assert check(folder, [publisher.raw], allow_downgrade=True).manifest.version == "0.9.0"


def test_the_same_version_is_no_downgrade(make_release: MakeRelease,
                                          publisher: Publisher) -> None:
    folder = make_release(version="1.0.0+4.g1111111")
    assert check(folder, [publisher.raw]).manifest.version == "1.0.0+4.g1111111"


def test_a_policy_may_forbid_downgrades(make_release: MakeRelease,
                                        publisher: Publisher) -> None:
    folder = make_release(version="0.9.0")
    policy = Policy(update_allow_downgrade=False, source=Path("/etc/scelle/policy.json"))
    with pytest.raises(PolicyRefusal, match="forbids downgrades .update_allow_downgrade"):
        check(folder, [publisher.raw], policy=policy, allow_downgrade=True)


def test_a_pinned_key_is_used_and_no_key_needs_to_be_given(make_release: MakeRelease,
                                                           publisher: Publisher) -> None:
    policy = Policy(update_publisher_keys=(publisher.raw,))
    assert check(make_release(), [], policy=policy).publisher_key == publisher.raw
    assert check(make_release(), [publisher.raw], policy=policy).publisher_key == publisher.raw


def test_a_pinned_key_refuses_another_signer(make_release: MakeRelease, publisher: Publisher,
                                             stranger: Publisher) -> None:
    policy = Policy(update_publisher_keys=(publisher.raw,))
    folder = make_release(key=stranger.key)
    # Giving the stranger's key on the command line does not help: it is refused outright.
    with pytest.raises(PolicyRefusal, match=f"publisher key {stranger.fingerprint} is not one "):
        check(folder, [stranger.raw], policy=policy)
    assert "does not verify with any trusted" in refused(folder, [], policy=policy)


def test_without_a_pin_a_key_must_be_given(make_release: MakeRelease) -> None:
    assert "No publisher key to check the release with" in refused(make_release(), [])


def test_the_publisher_cannot_sign_a_folder_holding_unplain_names(
        publisher: Publisher, tmp_path: Path) -> None:
    from app.updates.publish import sign_folder

    folder = tmp_path / "odd"
    folder.mkdir()
    for name, data in release_files().items():
        (folder / name).write_bytes(data)
    (folder / ".hidden").write_bytes(b"x")
    with pytest.raises(UpdateError, match="which a manifest cannot list"):
        sign_folder(folder, publisher.key, version=VERSION, kind="release")
    assert not (folder / MANIFEST_NAME).exists()


def test_the_publisher_refuses_a_release_without_exactly_one_sbom(
        publisher: Publisher, tmp_path: Path) -> None:
    from app.updates.publish import sign_folder

    folder = tmp_path / "nosbom"
    folder.mkdir()
    (folder / "a.deb").write_bytes(b"x")
    with pytest.raises(UpdateError, match=r"exactly one SBOM \(\*.cdx.json\); it holds 0"):
        sign_folder(folder, publisher.key, version=VERSION, kind="release")
    with pytest.raises(UpdateError, match="not a version string"):
        sign_folder(folder, publisher.key, version="../1", kind="bundle")
    assert ReleaseError  # the format's own error type stays distinct from UpdateError
