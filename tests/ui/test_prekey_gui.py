"""The relay panel's forward-secrecy line and the send dialog's notice (ui/relay/prekey_line.py),
against the real relay on loopback and real vaults."""

from __future__ import annotations

import os

from PySide6.QtCore import Qt

from app.relay_client import RelayService
from app.relay_client.prekey_rows import PrekeyUse
from app.relay_client.prekeys import PrekeyState
from tests.relay.conftest import limits, relay  # noqa: F401 (fixtures)
from tests.relay_client.conftest import FILE_NAME, add_document, templates  # noqa: F401
from tests.ui.test_relay_gui import FakePrompts, World, _panel, _sync, backend, officer, \
    world  # noqa: F401 (fixtures)
from ui.relay.prekey_line import LongTermNotice, PrekeyLine
from ui.relay.send_dialog import SendViaRelayDialog
from ui.workers import JobQueue


def _verified(service: RelayService, fingerprint: str) -> int:
    contact = service.add_contact(fingerprint).contact
    contacts = service.session.contacts
    contacts.verify_safety_number(contact.id, contacts.safety_number(contact.id))
    return contact.id


def _send(qtbot, jobs: JobQueue, world: World,  # noqa: ANN001
          officer_fp: str) -> SendViaRelayDialog:
    lawyer = world.lawyer
    doc = add_document(lawyer.session, FILE_NAME, os.urandom(50_000))
    dialog = SendViaRelayDialog(lawyer.session, jobs, [doc], service=lawyer.relay)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(dialog.send_button.isEnabled)
    contact = lawyer.session.contacts.by_fingerprint(bytes.fromhex(officer_fp))
    assert dialog.form.recipients.set_checked(contact.id, True)
    dialog.form.subject.setText("Pièces")
    qtbot.mouseClick(dialog.send_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.result_item is not None, timeout=30_000)
    assert dialog.result_item.state == "deposited"
    return dialog


def test_prekey_line_and_long_term_notice(qtbot, jobs: JobQueue, world: World,  # noqa: ANN001
                                          officer: RelayService) -> None:
    panel = _panel(qtbot, jobs, officer, FakePrompts())
    qtbot.waitUntil(lambda: not panel.prekey_line.isHidden())
    assert "no prekey yet" in panel.prekey_line.text()
    officer_fp = officer.session.identity.card.fingerprint_hex
    _verified(world.lawyer.relay, officer_fp)
    _verified(officer, world.lawyer.fingerprint)

    first = _send(qtbot, jobs, world, officer_fp)  # the officer has no prekey yet
    qtbot.waitUntil(lambda: not first.long_term_notice.isHidden())
    assert "1 recipient(s) had no valid prekey" in first.long_term_notice.text()

    _sync(qtbot, panel)  # receives, then makes and publishes the first prekey
    qtbot.waitUntil(lambda: "prekey published" in panel.prekey_line.text())
    assert "1 held, 0 destroyed" in panel.prekey_line.text()
    second = _send(qtbot, jobs, world, officer_fp)
    use = world.lawyer.relay.prekey_use(second.result_item.id)
    assert use is not None and use.long_term == () and list(use.prekeys) == [officer_fp]
    second.long_term_notice.show_use(use)  # what the dialog's job hands it
    assert second.long_term_notice.isHidden()


def test_texts_follow_the_state(qtbot) -> None:  # noqa: ANN001
    line, notice = PrekeyLine(), LongTermNotice()
    qtbot.addWidget(line)
    qtbot.addWidget(notice)
    assert "waits to be published" not in line.text_for(PrekeyState(None, False, 0, 0))
    notice.show_use(PrekeyUse({}, ("a" * 64, "b" * 64)))
    assert not notice.isHidden() and notice.text().startswith("2 recipient(s)")
    notice.show_use(PrekeyUse({"a" * 64: "0" * 32}, ()))
    assert notice.isHidden()
    notice.show_use(None)
    assert notice.isHidden()
