"""The policy enforced by the core itself, with no face in between: the services a face (or a
script) calls refuse what the workstation policy forbids, before writing or connecting."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from app import age
from app.identities import load_identity_file
from app.policy import Policy, PolicyRefusal, workstation_policy
from app.relay_client import ConnectionOptions, RelayTransport
from app.relay_client.context import _under_policy
from app.sealing import FileReplayGuard, open_to_directory
from tests.policy.conftest import Sealed, listing


def test_refusals_name_the_policy_file_and_the_key(set_policy) -> None:
    path = set_policy(export_allowed=False, allowed_relays=["https://Relais.Example/"],
                      proxy="http://admin:s3cret@proxy.etude.example:3128")
    policy = workstation_policy()
    with pytest.raises(PolicyRefusal) as refused:
        policy.require_export_allowed("Exporting a document")
    assert str(refused.value) == (
        "Exporting a document would write plaintext outside the vault, and this computer "
        "forbids it (export_allowed is false). Refused by the workstation policy "
        f"({path}); ask your administrator.")
    policy.require_relay_allowed("https://relais.example")  # host case, final slash: same relay
    with pytest.raises(PolicyRefusal, match="allowed_relays"):
        policy.require_relay_allowed("https://relais.example.evil")
    with pytest.raises(PolicyRefusal) as refused:
        policy.relay_proxy("http://user:pw@other:8080")
    # Proxy credentials, the user's or the administrator's, never reach a message.
    assert "pw" not in str(refused.value) and "s3cret" not in str(refused.value)
    assert "http://other:8080" in str(refused.value)
    assert policy.relay_proxy(None) == policy.relay_proxy("http://admin:s3cret@proxy.etude"
                                                          ".example:3128/") == policy.proxy


def test_unmanaged_computer_allows_everything() -> None:
    policy = Policy()
    policy.require_export_allowed("Exporting a document")
    policy.require_relay_allowed("https://any.example")
    assert policy.relay_proxy("http://mine:3128") == "http://mine:3128"
    assert policy.relay_proxy(None) is None


def test_open_to_directory_refuses_before_creating_anything(set_policy, sealed: Sealed,
                                                            tmp_path: Path) -> None:
    set_policy(export_allowed=False)
    reader = load_identity_file(sealed.reader.identity_file, lambda: "")
    sender = load_identity_file(sealed.sender.identity_file, lambda: "").card
    guard_file = tmp_path / "replay.json"
    before = listing(tmp_path)
    with pytest.raises(PolicyRefusal, match="Opening a sealed file into a folder"):
        open_to_directory(sealed.path, tmp_path / "new", reader, expected_sender_card=sender,
                          replay_guard=FileReplayGuard.for_identity(reader, guard_file),
                          create=True)
    assert listing(tmp_path) == before
    set_policy(export_allowed=True)
    result = open_to_directory(sealed.path, tmp_path / "new", reader,
                               expected_sender_card=sender, replay_guard=None, create=True)
    assert result.files[0].read_bytes() == sealed.content


def test_open_to_directory_removes_the_folder_it_made_when_opening_fails(
        set_policy, sealed: Sealed, tmp_path: Path) -> None:
    set_policy(export_allowed=True)
    stranger = load_identity_file(sealed.sender.identity_file, lambda: "")  # the sender
    wrong = Path(sealed.path.with_name("garbage.scelle"))
    wrong.write_bytes(b"not a sealed file")
    with pytest.raises(Exception):  # noqa: B017 - any refusal of the format will do
        open_to_directory(wrong, tmp_path / "made", stranger, sender_check=lambda c: True,
                          replay_guard=None, create=True)
    assert not (tmp_path / "made").exists()


def test_age_decryption_is_refused_by_app_age(set_policy, tmp_path: Path) -> None:
    key = age.generate_key()
    identities = age.parse_identities_file(key.text)
    encrypted = io.BytesIO()
    age.encrypt_stream(io.BytesIO(b"clair"), encrypted, [age.parse_recipient(key.public)])
    work = tmp_path / "work"
    work.mkdir()
    (work / "in.age").write_bytes(encrypted.getvalue())
    set_policy(export_allowed=False)
    with pytest.raises(PolicyRefusal, match="Decrypting an age file"):
        age.decrypt_file(work / "in.age", work / "out.txt", identities)
    out = io.BytesIO()
    with pytest.raises(PolicyRefusal):
        age.decrypt_stream(io.BytesIO(encrypted.getvalue()), out, identities)
    assert out.getvalue() == b"" and listing(work) == ["in.age"]
    # An identity file protected by a passphrase is opened in memory: not an export.
    protected = io.BytesIO()
    age.encrypt_stream(io.BytesIO(key.text.encode()), protected,
                       [age.ScryptRecipient("phrase", work_factor=2)])
    assert age.open_identity_file(protected.getvalue(), "phrase") == key.text.encode()


def test_every_relay_connection_is_checked(set_policy, counting) -> None:
    relay, imposed = counting(), counting()
    set_policy(allowed_relays=[relay.url], proxy=imposed.url)
    with pytest.raises(PolicyRefusal, match="allowed_relays"):
        RelayTransport("https://elsewhere.example", relay_key=None, identity=None)
    with pytest.raises(PolicyRefusal, match="the policy's proxy"):
        RelayTransport(relay.url, relay_key=None, identity=None,
                       options=ConnectionOptions(proxy="http://127.0.0.1:9"))
    transport = RelayTransport(relay.url, relay_key=None, identity=None,
                               options=ConnectionOptions(use_env_proxy=False))
    try:
        assert transport.options.proxy == imposed.url
    finally:
        transport.close()
    assert relay.connections == imposed.connections == 0
    # A proxy stored at join time, before the policy imposed one, yields to it.
    stored = ConnectionOptions(proxy="http://old-proxy:3128")
    assert _under_policy(stored).proxy is None
    set_policy()
    assert _under_policy(stored) == stored
