"""Duty groups end to end, real vaults over the real relay (SQLite and PostgreSQL): the Barreau's
admin keeps a roster signed with the organisation key; a police officer (linked organisation)
addresses "the criminal-defence lawyer on duty"; members on duty receive; the first who opened
takes it; the others and the sender see who did."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from app.relay_client import Letter
from app.relay_client import group_admin
from app.relay_client.group_send import AlreadyTaken
from app.relay_client.groups import GroupRefused, verify
from app.vault import create_vault
from crypto.groups import DutyWindow
from crypto.org_signer import SoftwareOrgSigner
from crypto.proofs import parse_proof
from tests.relay_client.conftest import FAST_KDF, PASSPHRASE, Member, Net, Template, \
    add_document, new_member, read_document
from tests.support.groups import signed_roster
from tests.vault_keys.conftest import FakeFactor

GROUP_NAME = "Permanence pénale — Barreau"


@pytest.fixture(scope="module")
def second_lawyer(tmp_path_factory: pytest.TempPathFactory) -> Template:
    root = tmp_path_factory.mktemp("duty-lawyer")
    new = create_vault(root / "lawyer2", PASSPHRASE, FakeFactor(serial="LAWYER2"),
                       name="Me Bruno Second", role="Avocat", organisation="Barreau",
                       kdf=FAST_KDF)
    template = Template(root / "lawyer2", bytes(new.session._require_vault().vmk),
                        new.recovery_code)
    new.session.lock()
    return template


@dataclass
class Duty:
    net: Net
    lawyer2: Member
    signer: SoftwareOrgSigner

    def roster(self, *members: Member) -> str:
        """The admin (the first lawyer's vault, holding the Barreau key) creates the group."""
        group = group_admin.create(self.net.lawyer.relay._ctx, self.signer, GROUP_NAME,
                                   [m.fingerprint for m in members])
        return group.group_id


@pytest.fixture
def duty(net: Net, second_lawyer: Template, tmp_path: Path) -> Iterator[Duty]:
    lawyer2 = new_member(net.server, second_lawyer, tmp_path / "lawyer2", net.barreau,
                         "lawyer2")
    yield Duty(net, lawyer2, SoftwareOrgSigner(net.barreau.key))
    lawyer2.close()


def _send(duty: Duty, group_text: str, data: bytes, subject: str = "GAV n° 4521") -> str:
    officer = duty.net.officer
    target = officer.relay.group_address(officer.relay.find_group(group_text))
    doc = add_document(officer.session, "pv.pdf", data)
    item = officer.relay.send_to_group([doc], target, Letter(subject=subject))
    assert item.state == "deposited" and item.envelope_id, item
    return item.envelope_id


def test_send_to_the_group_take_and_see_who_took_it(duty: Duty) -> None:
    lawyer, lawyer2, officer = duty.net.lawyer, duty.lawyer2, duty.net.officer
    group_id = duty.roster(lawyer, lawyer2)
    [seen] = officer.relay.groups()
    assert (seen.group_id, seen.roster.name, seen.member) == (group_id, GROUP_NAME, False)
    assert [g.member for g in lawyer2.relay.groups()] == [True]
    data = os.urandom(50_000)
    envelope_id = _send(duty, "permanence penale", data)
    [sent] = officer.relay.sent()
    deposit = next(p.proof for p in sent.proofs if p.kind == "deposit")
    assert deposit.statement["group"] == group_id
    group = officer.relay.message_group(sent.item.message_record)
    assert group.group.name == GROUP_NAME and group.unusable == ()
    assert sorted(m.name for m in group.members) == ["Me Bruno Second", "Me Louise Avocat"]
    for member in (lawyer, lawyer2):
        assert member.relay.sync().received == [envelope_id]
        [view] = member.relay.inbox()
        record = member.session.messages.get(view.item.message_record)
        assert read_document(member.session, record.document_ids[0]) == data
        received = member.relay.message_group(view.item.message_record, envelope_id)
        assert (received.group.group_id, received.group.version) == (group_id, 1)
        assert received.confirmed is True
        assert {m.fingerprint for m in received.members} == {lawyer.fingerprint,
                                                             lawyer2.fingerprint}
    taken = lawyer2.relay.take(envelope_id)
    assert parse_proof(taken.to_bytes()).statement["event"] == "taken"
    with pytest.raises(AlreadyTaken, match="Me Bruno Second"):
        lawyer.relay.take(envelope_id)
    assert lawyer.relay.taken_by(envelope_id).fingerprint == lawyer2.fingerprint
    assert lawyer2.relay.taken_by(envelope_id).mine
    officer.relay.sync()
    taker = officer.relay.taken_by(envelope_id)
    assert (taker.name, taker.mine) == ("Me Bruno Second", False)


def test_a_member_who_joins_later_does_not_receive_old_envelopes(duty: Duty) -> None:
    lawyer, lawyer2 = duty.net.lawyer, duty.lawyer2
    group_id = duty.roster(lawyer)
    envelope_id = _send(duty, group_id, b"before")
    group_admin.change(lawyer.relay._ctx, duty.signer, group_id,
                       group_admin.add_member(lawyer2.fingerprint))
    assert lawyer2.relay.sync().received == []
    assert lawyer.relay.sync().received == [envelope_id]
    later = _send(duty, group_id, b"after")
    assert lawyer2.relay.sync().received == [later]


def test_windows_nobody_on_duty_and_revoked_members(duty: Duty) -> None:
    lawyer, lawyer2, officer = duty.net.lawyer, duty.lawyer2, duty.net.officer
    ctx = lawyer.relay._ctx
    group_id = duty.roster(lawyer, lawyer2)
    now = ctx.now_datetime()
    past = DutyWindow(now - timedelta(days=2), now - timedelta(days=1))
    for member in (lawyer, lawyer2):
        group_admin.change(ctx, duty.signer, group_id,
                           group_admin.set_windows(member.fingerprint, [past]))
    with pytest.raises(GroupRefused, match="Nobody of this group is on duty"):
        officer.relay.group_address(officer.relay.find_group(group_id))
    group_admin.change(ctx, duty.signer, group_id, group_admin.set_windows(
        lawyer2.fingerprint, [DutyWindow(now - timedelta(hours=1), now + timedelta(hours=1))],
        keep_from=now))
    target = officer.relay.group_address(officer.relay.find_group(group_id))
    assert [c.fingerprint_hex for c in target.cards] == [lawyer2.fingerprint]
    group_admin.change(ctx, duty.signer, group_id, group_admin.set_windows(lawyer.fingerprint, []))
    duty.net.server.revoke(lawyer2.fingerprint)
    target = officer.relay.group_address(officer.relay.find_group(group_id))
    assert [c.fingerprint_hex for c in target.cards] == [lawyer.fingerprint]
    [unusable] = target.unusable
    assert unusable.fingerprint == lawyer2.fingerprint and "revoked" in unusable.reason
    duty.net.server.revoke(lawyer.fingerprint)
    with pytest.raises(GroupRefused, match="No member on duty in this group can receive"):
        officer.relay.group_address(officer.relay.find_group(group_id))
    assert officer.relay.sent() == []


def test_forged_rolled_back_and_foreign_rosters_are_refused(duty: Duty) -> None:
    lawyer, officer, notary = duty.net.lawyer, duty.net.officer, duty.net.notary
    group_id = duty.roster(lawyer)
    group_admin.change(lawyer.relay._ctx, duty.signer, group_id, group_admin.rename("Astreinte"))
    ctx = officer.relay._ctx
    assert officer.relay.find_group(group_id).roster.version == 2
    issued = ctx.now_datetime()
    older = signed_roster(duty.net.barreau.key, "Barreau", [lawyer.fingerprint], issued=issued,
                          group_id=group_id, version=1)
    with pytest.raises(GroupRefused, match="older duty roster"):
        verify(ctx, older)
    barreau_key = duty.net.barreau.key.public_key().public_bytes_raw()
    forged = signed_roster(Ed25519PrivateKey.generate(), "Barreau", [lawyer.fingerprint],
                           issued=issued, group_id="5" * 32, org_key=barreau_key)
    with pytest.raises(GroupRefused, match="signature does not verify"):
        verify(ctx, forged)
    other_key = signed_roster(Ed25519PrivateKey.generate(), "Barreau", [lawyer.fingerprint],
                              issued=issued, group_id="5" * 32)
    with pytest.raises(GroupRefused, match="another key than the one pinned"):
        verify(ctx, other_key)
    unsigned = json.loads(json.dumps(older))
    unsigned.pop("signature")
    with pytest.raises(GroupRefused, match="lacks the field"):
        verify(ctx, unsigned)
    # Notaires is linked to no one: the group is unknown there, as on the relay.
    with pytest.raises(GroupRefused, match="No such group"):
        notary.relay.find_group(group_id)
    assert notary.relay.groups() == []


def test_admin_refusals(duty: Duty) -> None:
    lawyer, officer = duty.net.lawyer, duty.net.officer
    ctx = lawyer.relay._ctx
    with pytest.raises(GroupRefused, match="not a certified member"):
        group_admin.create(ctx, duty.signer, GROUP_NAME, [officer.fingerprint])
    with pytest.raises(GroupRefused, match="not signed by your organisation"):
        group_admin.create(ctx, SoftwareOrgSigner(Ed25519PrivateKey.generate()), GROUP_NAME)
    with pytest.raises(GroupRefused, match="64 hexadecimal"):
        group_admin.create(ctx, duty.signer, GROUP_NAME, ["abc"])
    with pytest.raises(GroupRefused, match="control or invisible"):
        group_admin.create(ctx, duty.signer, "Perm\u200banence")
    group_id = duty.roster(lawyer)
    with pytest.raises(GroupRefused, match="already in the group"):
        group_admin.change(ctx, duty.signer, group_id, group_admin.add_member(lawyer.fingerprint))
    with pytest.raises(GroupRefused, match="must end after"):
        group_admin.window("2026-12-07T08:00:00Z", "2026-12-07T08:00:00Z")
    assert officer.relay.find_group(group_id).roster.version == 1


def test_a_group_the_relay_did_not_see_is_not_confirmed(duty: Duty) -> None:
    """A sender whose file names a group in its metadata but deposits it as a plain envelope
    (here: its own record of the group removed before the upload): the recipient sees the
    group unconfirmed by the relay's proof of deposit."""
    lawyer, officer = duty.net.lawyer, duty.net.officer
    group_id = duty.roster(lawyer)
    target = officer.relay.group_address(officer.relay.find_group(group_id))
    doc = add_document(officer.session, "pv.pdf", b"claimed")
    item = officer.relay.send_to_group([doc], target, Letter(subject="GAV"), upload=False)
    db = officer.session.store.db
    with db.transaction():
        db.execute("DELETE FROM message_groups WHERE message = ?", (item.message_record,))
    assert officer.relay.sync().uploaded == [officer.relay.state.outbox_item(item.id).envelope_id]
    [envelope_id] = lawyer.relay.sync().received
    [view] = lawyer.relay.inbox()
    seen = lawyer.relay.message_group(view.item.message_record, envelope_id)
    assert seen.group.group_id == group_id and seen.confirmed is False
