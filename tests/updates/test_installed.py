"""app/updates/installed.py through the `scelle` entry point: when the policy pins publisher
keys, a frozen application folder not signed by one of them does not start (either face)."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from app.policy import Policy, PolicyRefusal
from app.updates.installed import check_installation
from app.updates.publish import sign_folder
from crypto.release_manifest import MANIFEST_NAME, SIGNATURE_NAME
from tests.updates.conftest import MakeRelease, Outcome, PolicySetter, Publisher

BUNDLE_VERSION = "2.0.0"


@pytest.fixture
def bundle(tmp_path: Path, publisher: Publisher) -> Path:
    """An application folder as PyInstaller lays it out, signed by `make dist`."""
    folder = tmp_path / "opt" / "scelle"
    (folder / "_internal").mkdir(parents=True)
    (folder / "_internal" / "VERSION").write_text(BUNDLE_VERSION + "\n")
    (folder / "_internal" / "libQt6Core.so.6").write_bytes(b"\x7fELF qt")
    (folder / "scelle").write_bytes(b"\x7fELF bootloader and archive " * 4000)
    sign_folder(folder, publisher.key, version=BUNDLE_VERSION, kind="bundle")
    return folder


def check(bundle: Path, keys: tuple[bytes, ...], *, frozen: bool = True,
          version: str = BUNDLE_VERSION, executable: Path | None = None) -> None:
    check_installation(Policy(update_publisher_keys=keys, source=Path("/etc/p.json")),
                       frozen=frozen, executable=executable or bundle / "scelle",
                       running_version=version)


def refusal(bundle: Path, keys: tuple[bytes, ...], **kw: object) -> str:
    with pytest.raises(PolicyRefusal) as caught:
        check(bundle, keys, **kw)  # type: ignore[arg-type]
    message = str(caught.value)
    assert message.startswith(f"Scellé will not start: this installation ({bundle}) is not one "
                              "signed by a publisher this computer accepts")
    assert message.endswith("Refused by the workstation policy (/etc/p.json); ask your "
                            "administrator.")
    return message


def test_a_genuine_bundle_starts(bundle: Path, publisher: Publisher, tmp_path: Path) -> None:
    check(bundle, (publisher.raw,))
    # Started through the package's /usr/bin link: the folder is the link's target's.
    link = tmp_path / "usr-bin-scelle"
    link.symlink_to(bundle / "scelle")
    check(bundle, (publisher.raw,), executable=link)


def test_nothing_is_checked_without_a_pin_or_from_source(bundle: Path, stranger: Publisher,
                                                         tmp_path: Path) -> None:
    (bundle / MANIFEST_NAME).unlink()
    check(bundle, ())  # no pinned key: no check
    check(bundle, (stranger.raw,), frozen=False)  # from source: no signed folder to check


def test_a_bundle_signed_by_another_publisher_does_not_start(bundle: Path,
                                                             stranger: Publisher) -> None:
    assert "does not verify with any trusted publisher key" in refusal(bundle, (stranger.raw,))


def test_a_replaced_executable_does_not_start(bundle: Path, publisher: Publisher) -> None:
    exe = bundle / "scelle"
    exe.write_bytes(exe.read_bytes()[:-1] + b"!")
    assert "the executable scelle is not the one the manifest lists" in \
        refusal(bundle, (publisher.raw,))


def test_an_unsigned_or_unlisted_installation_does_not_start(bundle: Path,
                                                             publisher: Publisher) -> None:
    (bundle / "other").write_bytes(b"x")
    assert "does not list the executable other" in \
        refusal(bundle, (publisher.raw,), executable=bundle / "other")
    (bundle / SIGNATURE_NAME).unlink()
    assert f"{SIGNATURE_NAME} is missing" in refusal(bundle, (publisher.raw,))


def test_a_bundle_of_another_version_does_not_start(bundle: Path, publisher: Publisher) -> None:
    assert f"its manifest is for version {BUNDLE_VERSION}, the running version is 2.0.1" in \
        refusal(bundle, (publisher.raw,), version="2.0.1")


def test_a_release_manifest_copied_into_the_bundle_does_not_start(
        bundle: Path, publisher: Publisher, make_release: MakeRelease) -> None:
    release = make_release(version=BUNDLE_VERSION)
    for name in (MANIFEST_NAME, SIGNATURE_NAME):
        (bundle / name).write_bytes((release / name).read_bytes())
    assert "describes a release folder, not an application folder" in \
        refusal(bundle, (publisher.raw,))


@pytest.fixture
def frozen_as(monkeypatch: pytest.MonkeyPatch) -> Callable[[Path], None]:
    """Make this process look like the frozen application in `bundle` (as PyInstaller sets)."""

    def freeze(bundle: Path) -> None:
        monkeypatch.setattr(sys, "frozen", True, raising=False)
        monkeypatch.setattr(sys, "_MEIPASS", str(bundle / "_internal"), raising=False)
        monkeypatch.setattr(sys, "executable", str(bundle / "scelle"))

    return freeze


def test_the_entry_point_refuses_both_faces_before_starting_either(
        bundle: Path, stranger: Publisher, publisher: Publisher, set_policy: PolicySetter,
        frozen_as: Callable[[Path], None], scelle: Callable[..., Outcome]) -> None:
    path = set_policy(update_publisher_keys=[stranger.public])
    frozen_as(bundle)
    for args in (("--version",), ()):  # the command line, then the desktop application
        outcome = scelle(*args)
        assert outcome.code == 1 and outcome.out == ""
        assert outcome.err.startswith("scelle: Scellé will not start: this installation")
        assert str(path) in outcome.err and outcome.err.count("\n") == 1
    set_policy(update_publisher_keys=[publisher.public])
    outcome = scelle("update", "verify", bundle.parent / "no-release")
    assert outcome.code == 1 and "will not start" not in outcome.err  # it did start
    assert "release-manifest.json is missing" in outcome.err


def test_an_invalid_policy_is_left_to_the_faces_to_explain(
        bundle: Path, set_policy: PolicySetter, frozen_as: Callable[[Path], None],
        scelle: Callable[..., Outcome]) -> None:
    set_policy(update_publisher_keys=["ed25519:short"])
    frozen_as(bundle)
    outcome = scelle("update", "verify", bundle)
    assert outcome.code == 1
    assert outcome.err == (f"scelle: The workstation policy's update_publisher_keys must hold "
                           "keys written ed25519:<base64 of 32 bytes>.\n")


def test_an_executable_that_cannot_be_read_is_a_refusal_not_a_traceback(
        bundle: Path, publisher: Publisher, monkeypatch: pytest.MonkeyPatch) -> None:
    # The check imports the verification code when it runs (app/updates/installed.py).
    import app.updates.verify as verify

    def failing(_path: Path) -> tuple[str, int]:
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(verify, "hash_file", failing)
    assert "it cannot be read (Input/output error)." in refusal(bundle, (publisher.raw,))
