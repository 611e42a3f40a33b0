"""Rotation of the relay key with a published overlap (`scelle-relay key rotate`).

Real vaults and the real relay on loopback (tests/relay_client/conftest.py's `net`, SQLite and
PostgreSQL). The relay here runs in this process; `_restart_with` loads the rotated key file as
a restarted `scelle-relay serve` would. What must hold: a client that pinned the old key
follows the cross-signed statement at its next sync and pins the new key; proofs signed by the
old key stay accepted (the relay lists its earlier keys); two rotations in one overlap make a
chain the client follows; a statement signed by another key, or a rotation no longer published,
is refused and the pin does not move.
"""

from __future__ import annotations

import json
import os
import subprocess

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from app.relay_client import Letter
from app.relay_client.errors import RelayKeyMismatch
from crypto.proofs import parse_proof
from crypto.relay_rotation import (RotationError, follow_rotations, parse_rotation,
                                   sign_rotation)
from relay.keys import load_or_create_relay_key, rotate_relay_key
from tests.relay_client.conftest import (FILE_NAME, SUBJECT, Member, Net,  # noqa: F401
                                         add_document, net, templates)
from tests.support.relay_process import SCELLE_RELAY
from tests.support.relay_server import RunningRelay

DAY = 86400


def _restart_with(server: RunningRelay, key: Ed25519PrivateKey) -> None:
    """What restarting `scelle-relay serve` after `key rotate` does: sign with the new key."""
    server.relay.key = key
    server.relay.__dict__.pop("signer", None)  # the cached ResponseSigner of the old key


def _rotate(server: RunningRelay, overlap_days: int = 30) -> bytes:
    config = server.relay.config
    _, new = rotate_relay_key(config.key_path, config.key_history_path, server.now(),
                              overlap_days)
    _restart_with(server, load_or_create_relay_key(config.key_path))
    return new


def _pin(member: Member) -> bytes:
    return member.relay.state.require_account().relay_key


def _send(net: Net) -> str:
    officer_at_lawyer, _ = net.befriend(net.lawyer, net.officer)
    doc = add_document(net.lawyer.session, FILE_NAME, os.urandom(50_000))
    item = net.lawyer.relay.send([doc], [officer_at_lawyer], Letter(subject=SUBJECT, message=""),
                                 availability_days=3)
    assert item.state == "deposited" and item.envelope_id
    return item.envelope_id


def test_an_old_client_follows_the_rotation_and_old_proofs_still_count(net: Net) -> None:
    old = net.server.relay_key
    envelope = _send(net)  # deposit proof signed by the old key
    new = _rotate(net.server)
    for member in (net.lawyer, net.officer):
        member.reopen()  # a new connection, as after a restart of the application
    assert _pin(net.officer) == old
    report = net.officer.relay.sync()
    assert report.received == [envelope] and not report.errors, report
    assert _pin(net.officer) == new
    report = net.lawyer.relay.sync()  # delivery proof (new key), receipt
    assert not report.errors, report
    assert _pin(net.lawyer) == new
    [sent] = net.lawyer.relay.sent()
    signers = {p.kind: p.proof.signer_key for p in sent.proofs if p.kind != "receipt"}
    assert signers == {"deposit": old, "delivery": new}
    for stored in sent.proofs:
        parse_proof(stored.proof.to_bytes())  # each verifies on its own, old key included


def test_two_rotations_in_one_overlap_are_followed_as_a_chain(net: Net) -> None:
    old = net.server.relay_key
    middle = _rotate(net.server)
    newest = _rotate(net.server)
    net.officer.reopen()
    assert _pin(net.officer) == old
    net.officer.relay.sync()
    assert _pin(net.officer) == newest
    assert follow_rotations(old, newest, _published(net.server)) == [old, middle, newest]


def _published(server: RunningRelay) -> list:
    history = json.loads(server.relay.config.key_history_path.read_text())
    return history["rotations"]


def test_a_forged_rotation_is_refused_and_the_pin_stays(net: Net) -> None:
    old = net.server.relay_key
    config = net.server.relay.config
    impostor, other = Ed25519PrivateKey.generate(), Ed25519PrivateKey.generate()
    forged = sign_rotation(other, impostor, rotated=net.server.now(),
                           overlap_until=net.server.now() + DAY)
    config.key_history_path.write_text(json.dumps({"rotations": [forged]}))
    _restart_with(net.server, impostor)
    net.officer.reopen()
    with pytest.raises(RelayKeyMismatch, match="does not vouch"):
        net.officer.relay.sync()
    assert _pin(net.officer) == old


def test_after_the_overlap_an_old_client_must_be_told_the_new_key(net: Net) -> None:
    old = net.server.relay_key
    _rotate(net.server, overlap_days=1)
    net.server.clock.advance(2 * DAY)
    net.officer.reopen()
    with pytest.raises(RelayKeyMismatch):
        net.officer.relay.sync()
    assert _pin(net.officer) == old
    previous = net.officer.relay._ctx.transport().previous_keys  # noqa: SLF001
    assert previous is None  # nothing from the unvouched answer was believed


def test_statements_are_checked_strictly() -> None:
    a, b, c = (Ed25519PrivateKey.generate() for _ in range(3))
    good = sign_rotation(a, b, rotated=1, overlap_until=2)
    assert parse_rotation(good).new_key == b.public_key().public_bytes_raw()
    half = dict(good, new_signature=sign_rotation(a, c, rotated=1, overlap_until=2)
                ["new_signature"])
    tampered = json.loads(json.dumps(good))
    tampered["statement"]["overlap_until"] = 10**9
    for bad in (half, tampered, {}, None, dict(good, extra=1)):
        with pytest.raises(RotationError):
            parse_rotation(bad)
    raw = [k.public_key().public_bytes_raw() for k in (a, b, c)]
    with pytest.raises(RotationError):  # b -> c is not vouched for by anyone
        follow_rotations(raw[0], raw[2], [good, tampered])


def test_key_rotate_command(tmp_path) -> None:
    data = tmp_path / "data"
    env = dict(os.environ)
    env.pop("SCELLE_RELAY_DATABASE", None)
    run = [SCELLE_RELAY, "--data", str(data)]
    assert subprocess.run([*run, "init"], env=env, capture_output=True).returncode == 0
    bad = subprocess.run([*run, "key", "rotate", "--overlap-days", "0"], env=env,
                         capture_output=True, text=True)
    assert bad.returncode != 0 and "--overlap-days" in bad.stderr
    assert "Traceback" not in bad.stderr
    done = subprocess.run([*run, "--json", "key", "rotate", "--overlap-days", "7"], env=env,
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    ids = json.loads(done.stdout)
    shown = subprocess.run([*run, "--json", "key"], env=env, capture_output=True, text=True)
    assert json.loads(shown.stdout)["relay_key_id"] == ids["new_key_id"]
    audit = subprocess.run([*run, "audit"], env=env, capture_output=True, text=True).stdout
    assert "relay.key_rotated" in audit and ids["old_key_id"] in audit
    assert (data / "relay-key.pem").stat().st_mode & 0o077 == 0
    assert (data / "relay-key-history.json").stat().st_mode & 0o077 == 0
