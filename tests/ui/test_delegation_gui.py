"""Delegations in the GUI against the real relay on loopback (SQLite): the principal creates one
(waiting for certification), sees it in force once the admin certified it, revokes it; the
assistant's send dialog offers "on behalf of"; the message view says "Sent by X for Y"."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialog

from app.delegation.service import DelegationService
from crypto.org_signer import SoftwareOrgSigner
from tests.relay.conftest import limits, relay  # noqa: F401 (fixtures)
from tests.relay_client.conftest import (  # noqa: F401 (templates: fixture)
    Member,
    Template,
    new_member,
    templates,
)
from tests.support.relay_server import Org, RunningRelay
from tests.ui.french_checks import each_language  # noqa: F401 (fixture)
from ui.delegation.dialog import DelegationsDialog, NewDelegationDialog
from ui.relay.send_dialog import SendViaRelayDialog
from ui.workers import JobQueue


@pytest.fixture
def backend() -> None:
    """SQLite only: the relay's back ends are covered by tests/relay."""
    return None


@dataclass
class Office:
    server: RunningRelay
    barreau: Org
    lawyer: Member
    assistant: Member


@pytest.fixture
def office(relay: RunningRelay, templates: dict[str, Template],  # noqa: F811
           tmp_path: Path) -> Iterator[Office]:
    barreau = relay.create_org("Barreau")
    lawyer = new_member(relay, templates["lawyer"], tmp_path / "lawyer", barreau, "lawyer")
    assistant = new_member(relay, templates["notary"], tmp_path / "assistant", barreau,
                           "assistant")
    yield Office(relay, barreau, lawyer, assistant)
    lawyer.close()
    assistant.close()


def _certify_all(office: Office) -> None:
    """The admin's part, through the core (the CLI and the org window are tested elsewhere)."""
    server = office.server
    admin_vault = office.lawyer  # any member may publish the certified copy
    from relay.db import delegations as rows

    org_id = rows_org(server, office.barreau)
    with server.relay.db.transaction() as tx:
        pending = rows.pending(tx, org_id)
    service = DelegationService(admin_vault.session)
    try:
        from app.relay_client import delegations as directory
        from crypto.delegation import certify_delegation, parse_delegation

        for row in pending:
            certified = certify_delegation(parse_delegation(row.document),
                                           SoftwareOrgSigner(office.barreau.key), "Barreau",
                                           admin_vault.relay._ctx.now_datetime())
            directory.publish(service._ctx, certified)
    finally:
        service.close()


def rows_org(server: RunningRelay, org: Org) -> str:
    from relay.db import directory

    with server.relay.db.transaction() as tx:
        found = directory.org_by_name(tx, org.name)
    assert found is not None
    return found.id


def test_create_certify_revoke_in_the_dialog(qtbot, jobs: JobQueue, office: Office,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    dialog = DelegationsDialog(office.lawyer.session, jobs)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.refresh_button.isEnabled(), timeout=20000)
    assert dialog.given_model.rowCount() == 0 and not dialog.revoke_button.isEnabled()

    def accept(self: NewDelegationDialog) -> int:
        self.fingerprint.setText(office.assistant.fingerprint)
        self.receive.setChecked(True)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(NewDelegationDialog, "exec", accept)
    dialog.new_button.click()
    qtbot.waitUntil(lambda: dialog.given_model.rowCount() == 1, timeout=20000)
    model = dialog.given_model
    assert model.index(0, 0).data() == office.assistant.session.identity.card.name
    assert model.index(0, 1).data() == "Send and receive"
    assert model.index(0, 3).data() == "Waiting for certification"

    _certify_all(office)
    dialog.reload()
    qtbot.waitUntil(lambda: model.index(0, 3).data() == "In force", timeout=20000)
    dialog.given_view.selectRow(0)
    assert dialog.revoke_button.isEnabled()
    dialog.revoke_button.click()
    qtbot.waitUntil(lambda: model.rowCount() == 1 and model.index(0, 3).data() == "Revoked",
                    timeout=20000)
    assert not dialog.revoke_button.isEnabled() or dialog.selected_given() is None


def test_a_bad_fingerprint_is_one_sentence_in_the_banner(
        qtbot, jobs: JobQueue, office: Office, monkeypatch: pytest.MonkeyPatch) -> None:
    dialog = DelegationsDialog(office.lawyer.session, jobs)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.refresh_button.isEnabled(), timeout=20000)

    def accept(self: NewDelegationDialog) -> int:
        self.fingerprint.setText("1234")
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(NewDelegationDialog, "exec", accept)
    dialog.new_button.click()
    qtbot.waitUntil(lambda: "64 hexadecimal" in dialog.banner.label.text(), timeout=20000)
    assert dialog.banner.kind == "danger" and "Traceback" not in dialog.banner.label.text()
    assert dialog.given_model.rowCount() == 0


def test_the_send_dialog_offers_to_send_on_behalf(each_language, qtbot,  # noqa: F811
                                                  jobs: JobQueue, office: Office) -> None:
    service = DelegationService(office.lawyer.session)
    try:
        until = office.lawyer.relay._ctx.now_datetime() + timedelta(days=60)
        service.create(office.assistant.fingerprint, "send", until)
    finally:
        service.close()
    _certify_all(office)
    dialog = SendViaRelayDialog(office.assistant.session, jobs, [],
                                service=office.assistant.relay)
    qtbot.addWidget(dialog)
    dialog.show()
    picker = dialog.on_behalf
    qtbot.waitUntil(picker.isVisible, timeout=20000)
    from tests.ui.french_checks import mnemonic_clashes

    ours = [p for p in mnemonic_clashes(dialog) if "be&half" in p or "&au nom" in p]
    assert not ours, ours  # other clashes of this dialog belong to other features
    assert picker.combo.count() == 2
    assert picker.combo.itemText(0) == ("Myself" if each_language == "en" else "Moi-même")
    assert office.lawyer.session.identity.card.name in picker.combo.itemText(1)
    assert picker.value() is None
    picker.combo.setCurrentIndex(1)
    assert picker.value() == office.lawyer.fingerprint


def test_the_message_view_says_sent_by_for(qtbot, jobs: JobQueue) -> None:
    from datetime import UTC, datetime

    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from app.vault.exchange import SenderStatus, VerifiedMessage
    from crypto.delegation import certify_delegation, issue
    from crypto.identity import PrivateIdentity, certify
    from crypto.sealed.on_behalf import SealedDelegation
    from crypto.sealed.writer import Letter, build_metadata
    from ui.exchange.message_view import CheckedFile, MessageView

    now = datetime.now(UTC).replace(microsecond=0)
    key = Ed25519PrivateKey.generate()
    people = []
    for name in ("Me Paule Principal", "Denise Assistante", "Bob Lecteur"):
        me = PrivateIdentity.generate(name, "", "Barreau", hybrid=False)
        people.append(me.with_card(certify(me.card, key, "Barreau")))
    principal, assistant, reader = people
    delegation = certify_delegation(issue(principal, assistant.fingerprint, {"send"}, now,
                                          now + timedelta(days=3), now),
                                    SoftwareOrgSigner(key), "Barreau", now)
    meta = build_metadata(assistant, [reader.card], [], Letter(
        delegation=SealedDelegation(delegation, principal.card)), now)
    view = MessageView(jobs)
    qtbot.addWidget(view)
    view.show()
    view.show_file(CheckedFile(VerifiedMessage(meta, SenderStatus(None, False)), "unknown",
                               None, ()))
    assert view.on_behalf.isVisible()
    assert view.on_behalf.text() == ("Sent by Denise Assistante for Me Paule Principal, "
                                     "Barreau")
    plain = build_metadata(assistant, [reader.card], [], Letter(), now)
    view.show_file(CheckedFile(VerifiedMessage(plain, SenderStatus(None, False)), "unknown",
                               None, ()))
    assert not view.on_behalf.isVisible()


def test_the_inbox_names_the_principal(office: Office, tmp_path: Path) -> None:
    import io
    from datetime import UTC, datetime

    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from crypto.delegation import certify_delegation, issue
    from crypto.identity import PrivateIdentity, certify
    from crypto.sealed.on_behalf import SealedDelegation
    from crypto.sealed.writer import Letter, SourceFile, seal
    from ui.delegation.texts import with_principal

    now = datetime.now(UTC).replace(microsecond=0)
    key = Ed25519PrivateKey.generate()
    signed = []
    for name in ("Me Paule Principal", "Denise Assistante"):
        me = PrivateIdentity.generate(name, "", "Étude", hybrid=False)
        signed.append(me.with_card(certify(me.card, key, "Étude")))
    principal, assistant = signed
    delegation = certify_delegation(issue(principal, assistant.fingerprint, {"send"}, now,
                                          now + timedelta(days=3), now),
                                    SoftwareOrgSigner(key), "Étude", now)
    reader = office.lawyer.session
    path = tmp_path / "m.scelle"
    with open(path, "wb") as out:
        seal(out, assistant, [reader.identity.card],
             [SourceFile("a.txt", 1, lambda: io.BytesIO(b"a"))],
             Letter(delegation=SealedDelegation(delegation, principal.card)))
    got = reader.receive_sealed(path, accept_unverified=True)
    assert with_principal(reader, got.record_id, "Denise Assistante") == \
        "Denise Assistante for Me Paule Principal, Étude"
    assert with_principal(reader, None, "X") == "X"


def test_the_inbox_tells_the_principal_which_delegate_opened(
        each_language, qtbot, jobs: JobQueue, office: Office,  # noqa: F811
        templates: dict[str, Template], tmp_path: Path) -> None:  # noqa: F811
    import io

    from app.relay_client import Letter
    from ui.relay.panel import RelayPanel

    service = DelegationService(office.lawyer.session)
    try:
        until = office.lawyer.relay._ctx.now_datetime() + timedelta(days=60)
        service.create(office.assistant.fingerprint, "receive", until)
    finally:
        service.close()
    _certify_all(office)
    sender = new_member(office.server, templates["officer"], tmp_path / "sender",
                        office.barreau, "sender")
    try:
        contact = sender.relay.add_contact(office.lawyer.fingerprint).contact.id
        doc = sender.session.importer.import_stream("pv.txt", 2, None, io.BytesIO(b"pv")).id
        item = sender.relay.send([doc], [contact], Letter(subject="PV"), allow_unverified=True)
    finally:
        sender.close()
    assert office.assistant.relay.sync(accept_unverified=True).received == [item.envelope_id]
    office.lawyer.relay.sync(accept_unverified=True)
    panel = RelayPanel(office.lawyer.session, jobs, service=office.lawyer.relay)
    qtbot.addWidget(panel)
    panel.show()
    qtbot.waitUntil(lambda: panel.snapshot is not None and panel.inbox.rowCount() == 1,
                    timeout=20000)
    panel.inbox_view.selectRow(0)
    button = panel.delegates_button
    qtbot.waitUntil(button.isVisible, timeout=20000)
    from tests.ui.french_checks import mnemonic_clashes

    assert not mnemonic_clashes(panel)
    button.click()
    name = office.assistant.session.identity.card.name
    opened = f"Opened by {name} on " if each_language == "en" else f"Ouvert par {name} le "
    qtbot.waitUntil(lambda: panel.banner.label.text().startswith(opened), timeout=20000)


def test_one_alt_letter_per_letter_in_both_languages(
        each_language, qtbot, jobs: JobQueue, office: Office) -> None:  # noqa: F811
    from tests.ui.french_checks import literal_ampersands, mnemonic_clashes

    for window in (DelegationsDialog(office.lawyer.session, jobs), NewDelegationDialog()):
        qtbot.addWidget(window)
        window.show()
        problems = mnemonic_clashes(window) + literal_ampersands(window)
        assert not problems, "\n".join(problems)
