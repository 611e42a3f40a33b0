"""End to end on a real relay: a lawyer delegates to an assistant, the bar's admin certifies,
the assistant sends on the lawyer's behalf, an officer sending to the lawyer also reaches the
assistant, the lawyer sees who opened; revocation stops both."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import pytest

from app.delegation.errors import DelegationRefused
from app.delegation.service import DelegationService
from app.relay_client import Letter, RelayService
from app.relay_client.on_behalf import OnBehalfUnavailable
from app.vault import create_vault
from crypto.org_signer import SoftwareOrgSigner
from tests.relay_client.conftest import (
    FAST_KDF,
    PASSPHRASE,
    Member,
    Net,
    Template,
    add_document,
    new_member,
    open_with_vmk,
)
from tests.vault_keys.conftest import FakeFactor


@pytest.fixture(scope="module")
def staff_templates(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Template]:
    root = tmp_path_factory.mktemp("delegation-vaults")
    made = {}
    for key, name in (("assistant", "Denise Assistante"), ("admin", "Adèle Bâtonnière")):
        new = create_vault(root / key, PASSPHRASE, FakeFactor(serial=key.upper()), name=name,
                           role="", organisation="Barreau", kdf=FAST_KDF)
        made[key] = Template(root / key, bytes(new.session._require_vault().vmk),
                             new.recovery_code)
        new.session.lock()
    return made


@dataclass
class Office:
    net: Net
    assistant: Member
    admin: Member

    def service(self, member: Member) -> DelegationService:
        return DelegationService(member.session, clock=self.net.server.clock.now)


def _admin(net: Net, template: Template, folder: Path) -> Member:
    shutil.copytree(template.folder, folder)
    session = open_with_vmk(folder, template.vmk)
    member = Member("admin", template, folder, net.barreau, net.server, session,
                    RelayService(session, clock=net.server.clock.now))
    member.relay.join(net.server.base_url, net.server.invite(net.barreau, "admin"),
                      relay_key_id=net.server.relay.key_id)
    net.server.certify(member.fingerprint, net.barreau)
    member.relay.membership()
    return member


@pytest.fixture
def office(net: Net, staff_templates: dict[str, Template], tmp_path: Path) -> Iterator[Office]:
    assistant = new_member(net.server, staff_templates["assistant"], tmp_path / "assistant",
                           net.barreau, "assistant")
    admin = _admin(net, staff_templates["admin"], tmp_path / "admin")
    yield Office(net, assistant, admin)
    assistant.close()
    admin.close()


def _delegate(office: Office, scope: str = "send,receive") -> str:
    lawyer = office.net.lawyer
    entry = office.service(lawyer).create(
        office.assistant.fingerprint, scope,
        lawyer.relay._ctx.now_datetime() + timedelta(days=30))
    assert entry.state == "pending"
    signer = SoftwareOrgSigner(office.net.barreau.key)
    admin = office.service(office.admin)
    assert [e.id_hex for e in admin.pending()] == [entry.id_hex]
    certified = admin.certify(entry.id_hex, signer, "Barreau")
    assert certified.state == "active"
    return entry.id_hex


def test_the_assistant_sends_on_behalf_and_the_reader_sees_for_whom(office: Office) -> None:
    net, assistant = office.net, office.assistant
    _delegate(office, "send")
    officer_at_assistant, _ = net.befriend(assistant, net.officer)
    doc = add_document(assistant.session, "conclusions.pdf", b"%PDF-1.4 conclusions")
    item = assistant.relay.send([doc], [officer_at_assistant], Letter(subject="Conclusions"),
                                on_behalf=net.lawyer.fingerprint)
    assert item.state == "deposited"
    report = net.officer.relay.sync()
    assert report.received == [item.envelope_id], (report, net.officer.relay.inbox())
    [view] = net.officer.relay.inbox()
    assert view.state == "opened"
    # Without a delegation in force, sending on behalf is refused before anything is sealed.
    with pytest.raises(OnBehalfUnavailable):
        assistant.relay.send([doc], [officer_at_assistant], on_behalf=net.officer.fingerprint)


def test_a_file_sealed_before_the_revocation_is_refused_after_it(office: Office) -> None:
    net, assistant = office.net, office.assistant
    delegation_id = _delegate(office, "send")
    officer_at_assistant, _ = net.befriend(assistant, net.officer)
    doc = add_document(assistant.session, "acte.txt", b"acte")
    item = assistant.relay.send([doc], [officer_at_assistant], on_behalf=net.lawyer.fingerprint)
    assert office.service(net.lawyer).revoke(delegation_id).state == "revoked"
    report = net.officer.relay.sync()
    assert report.received == [] and report.refused == [item.envelope_id], report
    with pytest.raises(OnBehalfUnavailable):
        assistant.relay.send([doc], [officer_at_assistant], on_behalf=net.lawyer.fingerprint)


def test_a_sender_to_the_principal_also_reaches_the_receiving_delegate(office: Office) -> None:
    net, assistant, lawyer = office.net, office.assistant, office.net.lawyer
    _delegate(office, "receive")
    lawyer_at_officer, _ = net.befriend(net.officer, lawyer)
    doc = add_document(net.officer.session, "pv.txt", b"proces-verbal")
    item = net.officer.relay.send([doc], [lawyer_at_officer], Letter(subject="PV"))
    assert item.state == "deposited"
    assert sorted(item.recipients) == sorted([lawyer.fingerprint, assistant.fingerprint])
    report = assistant.relay.sync(accept_unverified=True)
    assert report.received == [item.envelope_id], report
    lawyer.relay.sync()
    receipts = office.service(lawyer).delegate_receipts(item.envelope_id)
    assert [(r.statement["recipient"], r.statement["event"]) for r in receipts] == \
        [(assistant.fingerprint, "opened")]


def test_refusals_of_the_use_cases(office: Office) -> None:
    lawyer = office.service(office.net.lawyer)
    until = office.net.lawyer.relay._ctx.now_datetime() + timedelta(days=3)
    with pytest.raises(DelegationRefused, match="64 hexadecimal"):
        lawyer.create("not-a-fingerprint", "send", until)
    with pytest.raises(DelegationRefused, match="someone else"):
        lawyer.create(office.net.lawyer.fingerprint, "send", until)
    with pytest.raises(DelegationRefused, match="scope"):
        lawyer.create(office.assistant.fingerprint, "print", until)
    with pytest.raises(DelegationRefused, match="No such delegation"):
        lawyer.revoke("0" * 32)
    # A delegate of another organisation: the relay refuses to publish.
    from app.relay_client.errors import RelayRefused
    with pytest.raises(RelayRefused) as caught:
        lawyer.create(office.net.notary.fingerprint, "send", until)
    assert caught.value.code == "invalid_delegation"
