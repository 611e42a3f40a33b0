"""`scelle update verify|install` and `scripts/release.py`: exit statuses, one-line messages,
and the workstation policy's update settings."""

from __future__ import annotations

import stat
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from app.policy import PolicyError, load_policy
from crypto.release_manifest import MANIFEST_NAME
from tests.updates.conftest import VERSION, MakeRelease, Outcome, PolicySetter, Publisher

ROOT = Path(__file__).resolve().parents[2]


def one_line_error(outcome: Outcome) -> str:
    assert outcome.code != 0 and outcome.out == ""
    assert outcome.err.startswith("scelle: ") and outcome.err.count("\n") == 1
    assert "Traceback" not in outcome.err
    return outcome.err[len("scelle: "):-1]


def test_verify_prints_one_summary_line(make_release: MakeRelease, publisher: Publisher,
                                        scelle: Callable[..., Outcome]) -> None:
    outcome = scelle("update", "verify", make_release(), "--publisher-key", publisher.public)
    assert (outcome.code, outcome.err) == (0, "")
    assert outcome.out == (f"release {VERSION} verified: signed by publisher "
                           f"{publisher.fingerprint}, 3 files checked\n")


def test_verify_with_the_wrong_key_fails_in_one_line(make_release: MakeRelease,
                                                     stranger: Publisher,
                                                     scelle: Callable[..., Outcome]) -> None:
    folder = make_release()
    message = one_line_error(scelle("update", "verify", folder, "--publisher-key",
                                    stranger.public))
    assert message == (f"{folder}: The release signature does not verify with any trusted "
                       "publisher key: the manifest was altered or signed by someone else.")


@pytest.mark.parametrize("key", ["ed25519:AAAA", "age1xyz", ""])
def test_a_malformed_publisher_key_option_is_refused(make_release: MakeRelease,
                                                     scelle: Callable[..., Outcome],
                                                     key: str) -> None:
    message = one_line_error(scelle("update", "verify", make_release(), "--publisher-key", key))
    assert message.startswith("--publisher-key: A publisher key must be written ed25519:")


def test_a_downgrade_needs_the_option(make_release: MakeRelease, publisher: Publisher,
                                      scelle: Callable[..., Outcome]) -> None:
    folder = make_release(version="0.0.1")
    message = one_line_error(scelle("update", "verify", folder, "--publisher-key",
                                    publisher.public))
    assert message.startswith("Release 0.0.1 is older than the running version ")
    outcome = scelle("update", "verify", folder, "--publisher-key", publisher.public,
                     "--allow-downgrade")
    assert outcome.code == 0, outcome.err


def test_a_policy_forbidding_downgrades_wins_over_the_option(
        make_release: MakeRelease, publisher: Publisher, set_policy: PolicySetter,
        scelle: Callable[..., Outcome]) -> None:
    path = set_policy(update_publisher_keys=[publisher.public], update_allow_downgrade=False)
    message = one_line_error(scelle("update", "verify", make_release(version="0.0.1"),
                                    "--allow-downgrade"))
    assert "forbids downgrades (update_allow_downgrade is false)" in message
    assert str(path) in message


def test_a_pinned_policy_refuses_another_key_on_the_command_line(
        make_release: MakeRelease, publisher: Publisher, stranger: Publisher,
        set_policy: PolicySetter, scelle: Callable[..., Outcome]) -> None:
    path = set_policy(update_publisher_keys=[publisher.public])
    folder = make_release(key=stranger.key)
    message = one_line_error(scelle("update", "verify", folder, "--publisher-key",
                                    stranger.public))
    assert message == (f"The publisher key {stranger.fingerprint} is not one this computer "
                       "accepts for updates (update_publisher_keys). Refused by the "
                       f"workstation policy ({path}); ask your administrator.")
    # Without the option, the pinned key is used, and the stranger's release does not verify.
    assert "does not verify" in one_line_error(scelle("update", "verify", folder))
    # The pinned publisher's release verifies with no option at all.
    assert scelle("update", "verify", make_release()).code == 0


def test_verify_names_the_manifest_file_too(make_release: MakeRelease, publisher: Publisher,
                                           scelle: Callable[..., Outcome]) -> None:
    outcome = scelle("update", "verify", make_release() / MANIFEST_NAME, "--publisher-key",
                     publisher.public)
    assert outcome.code == 0, outcome.err


def test_update_without_a_command_prints_usage(scelle: Callable[..., Outcome]) -> None:
    outcome = scelle("update")
    assert outcome.code == 2 and "verify" in outcome.err


@pytest.mark.parametrize(("value", "expected"), [
    ([], "must name at least one key"),
    ("ed25519:x", "must be a list of texts"),
    (["ed25519:AAAA"], "must hold keys written ed25519:<base64 of 32 bytes>"),
])
def test_the_policy_validates_pinned_keys(tmp_path: Path, value: object, expected: str) -> None:
    import json

    path = tmp_path / "policy.json"
    path.write_text(json.dumps({"update_publisher_keys": value}))
    with pytest.raises(PolicyError, match=expected):
        load_policy(path)


def test_the_policy_reads_pinned_keys_and_the_downgrade_rule(tmp_path: Path,
                                                             publisher: Publisher) -> None:
    import json

    path = tmp_path / "policy.json"
    path.write_text(json.dumps({"update_publisher_keys": [publisher.public],
                                "update_allow_downgrade": False}))
    policy = load_policy(path)
    assert policy.update_publisher_keys == (publisher.raw,)
    assert policy.update_allow_downgrade is False
    path.write_text(json.dumps({"update_allow_downgrade": "no"}))
    with pytest.raises(PolicyError, match="update_allow_downgrade must be true or false"):
        load_policy(path)
    path.write_text("{}")
    assert load_policy(path).update_publisher_keys == ()
    assert load_policy(path).update_allow_downgrade is True


# -- scripts/release.py (the publisher's tool, run as make dist runs it) ----------------------


def release_py(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(ROOT / "scripts" / "release.py"),
                           *map(str, args)], capture_output=True, text=True, timeout=120)


def test_keygen_sign_and_verify_round_trip(tmp_path: Path,
                                           scelle: Callable[..., Outcome]) -> None:
    key = tmp_path / "publisher.key"
    made = release_py("keygen", key)
    assert made.returncode == 0, made.stderr
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    public = made.stdout.split("public key ")[1].split(";")[0]
    assert public.startswith("ed25519:") and key.read_text().count("\n") == 1
    assert public[8:] not in key.read_text()
    again = release_py("keygen", key)
    assert again.returncode == 1 and "is never overwritten" in again.stderr
    folder = tmp_path / "release"
    folder.mkdir()
    (folder / "scelle_3.0.0_amd64.deb").write_bytes(b"deb")
    (folder / "scelle-3.0.0.cdx.json").write_bytes(b"{}")
    signed = release_py("sign", folder, "--key", key, "--version", "3.0.0")
    assert signed.returncode == 0, signed.stderr
    assert signed.stdout.startswith(f"signed {folder}: 2 files, SBOM scelle-3.0.0.cdx.json; ")
    # Public documents, readable by every user of an installed application folder.
    for name in ("release-manifest.json", "release-manifest.sig"):
        assert stat.S_IMODE((folder / name).stat().st_mode) == 0o644
    outcome = scelle("update", "verify", folder, "--publisher-key", public)
    assert outcome.code == 0, outcome.err


def test_sign_refuses_a_key_file_others_can_read(tmp_path: Path) -> None:
    key = tmp_path / "publisher.key"
    assert release_py("keygen", key).returncode == 0
    key.chmod(0o644)
    result = release_py("sign", tmp_path, "--key", key)
    assert result.returncode == 1 and result.stdout == ""
    assert result.stderr == (f"release.py: The publisher key file {key} may be read by other "
                             "users (mode 0644): chmod 600 it.\n")
    key.write_text("not a key\n")
    key.chmod(0o600)
    result = release_py("sign", tmp_path, "--key", key)
    assert "is not a Scellé release signing key" in result.stderr
    assert release_py("sign", tmp_path, "--key", tmp_path / "absent").returncode == 1
