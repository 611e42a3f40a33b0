"""The relay windows against the real relay on loopback (SQLite back end only, for speed):
join through the dialog, send from one vault, synchronise and receive on the other, follow the
sent message to "opened" with its proofs; an unreachable relay is a calm status."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from app.relay_client import RelayService
from crypto.identity import PrivateIdentity
from tests.relay.conftest import limits, relay  # noqa: F401 (fixtures)
from tests.relay_client.conftest import (  # noqa: F401 (templates: fixture)
    FILE_NAME,
    Member,
    Template,
    add_document,
    new_member,
    open_with_vmk,
    read_document,
    templates,
)
from tests.support.lag_probe import session_report
from tests.support.relay_server import Org, RunningRelay
from ui.relay.join_dialog import JoinRelayDialog
from ui.relay.panel import RelayPanel
from ui.relay.send_dialog import SendViaRelayDialog
from ui.workers import JobQueue

SUBJECT = "Succession Martin – pièces"


@pytest.fixture
def backend() -> None:
    """SQLite only: the relay's back ends are covered by tests/relay."""
    return None


@dataclass
class FakePrompts:
    answer: bool = True
    save_to: Path | None = None
    asked: list[str] = field(default_factory=list)

    def confirm(self, parent, title, text, accept, *, danger=False) -> bool:  # noqa: ANN001
        self.asked.append(title)
        return self.answer

    def save_path(self, parent, title, default, name_filter) -> Path | None:  # noqa: ANN001
        self.asked.append(title)
        return self.save_to


@dataclass
class World:
    server: RunningRelay
    police: Org
    lawyer: Member


@pytest.fixture
def world(relay: RunningRelay, templates: dict[str, Template],  # noqa: F811
          tmp_path: Path) -> Iterator[World]:
    barreau, police = relay.create_org("Barreau"), relay.create_org("Police")
    relay.link(barreau, police)
    lawyer = new_member(relay, templates["lawyer"], tmp_path / "lawyer", barreau, "lawyer")
    yield World(relay, police, lawyer)
    lawyer.close()


@pytest.fixture
def officer(qtbot, jobs: JobQueue, world: World, templates: dict[str, Template],  # noqa: F811
            tmp_path: Path) -> Iterator[RelayService]:
    """The officer's vault, joined through the dialog, then certified by the Police admin."""
    template, server = templates["officer"], world.server
    shutil.copytree(template.folder, tmp_path / "officer")
    session = open_with_vmk(tmp_path / "officer", template.vmk)
    service = RelayService(session, clock=server.clock.now)
    dialog = JoinRelayDialog(session, jobs, service=service)
    qtbot.addWidget(dialog)
    dialog.url.setText(server.base_url + "/")
    dialog.code.setText(server.invite(world.police))
    assert dialog.start_join() is None and not dialog.banner.isHidden()  # key id needed
    dialog.key_id.setText(server.relay.key_id.upper())
    qtbot.mouseClick(dialog.join_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.membership is not None, timeout=20_000)
    assert dialog.membership.status == "pending" and dialog.join_button.isHidden()
    server.certify(session.identity.card.fingerprint_hex, world.police)
    yield service
    service.close()
    session.lock()


def _panel(qtbot, jobs: JobQueue, service: RelayService, prompts: FakePrompts) -> RelayPanel:
    panel = RelayPanel(service.session, jobs, service=service, prompts=prompts)  # type: ignore
    qtbot.addWidget(panel)
    panel.resize(1100, 640)
    qtbot.waitUntil(lambda: panel.snapshot is not None)
    return panel


def _sync(qtbot, panel: RelayPanel) -> None:
    with session_report().measure("relay sync"), \
            qtbot.waitSignal(panel.loaded, timeout=30_000):
        assert panel.synchronise() is not None


def _send(qtbot, jobs: JobQueue, lawyer: Member, officer_fp: str) -> bytes:
    content = os.urandom(120_000)
    doc = add_document(lawyer.session, FILE_NAME, content)
    dialog = SendViaRelayDialog(lawyer.session, jobs, [doc], service=lawyer.relay)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(dialog.send_button.isEnabled)
    contact = lawyer.session.contacts.by_fingerprint(bytes.fromhex(officer_fp))
    assert [c.id for c in dialog.form.recipients.contacts()] == [contact.id]  # verified only
    assert dialog.form.recipients.set_checked(contact.id, True)
    dialog.form.subject.setText(SUBJECT)
    dialog.days.setValue(3)
    with session_report().measure("relay send"):
        qtbot.mouseClick(dialog.send_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: dialog.result_item is not None, timeout=30_000)
    assert dialog.result_item.state == "deposited"
    assert dialog.result_item.availability_days == 3
    return content


def test_join_send_sync_receive_and_follow_proofs(qtbot, jobs: JobQueue, world: World,
                                                  officer: RelayService, tmp_path: Path) -> None:
    lawyer = world.lawyer
    officer_fp = officer.session.identity.card.fingerprint_hex
    # The officer already has a contact with the lawyer's name (another person): the lawyer's
    # envelope is not received on its own, it waits for the officer's decision.
    namesake = PrivateIdentity.generate(lawyer.session.identity.card.name, "Avocat", "Ailleurs")
    officer.session.contacts.import_card(namesake.card.to_bytes())
    case = officer.session.cases.create("Dossier Martin")
    at_lawyer = lawyer.relay.add_contact(officer_fp).contact.id
    lawyer.session.contacts.verify_safety_number(
        at_lawyer, lawyer.session.contacts.safety_number(at_lawyer))
    content = _send(qtbot, jobs, lawyer, officer_fp)
    prompts = FakePrompts(save_to=tmp_path / "preuves.json")
    inbox = _receive_held(qtbot, jobs, officer, prompts, case.id, content)
    sent = _follow_sent(qtbot, jobs, lawyer, officer_fp, prompts)
    if os.environ.get("SCELLE_SHOTS"):  # a folder: save both tabs for a look
        sent.grab().save(os.path.join(os.environ["SCELLE_SHOTS"], "relay-sent.png"))
        inbox.grab().save(os.path.join(os.environ["SCELLE_SHOTS"], "relay-inbox.png"))
    with qtbot.waitSignal(sent.details.status, timeout=10_000):
        qtbot.mouseClick(sent.details.export_button, Qt.MouseButton.LeftButton)
    checked = RelayService.verify_proof_file(prompts.save_to.read_bytes(),
                                             world.server.relay.key_id)
    assert sorted(p.proof.kind for p in checked) == ["delivery", "deposit", "receipt"]


def _receive_held(qtbot, jobs: JobQueue, officer: RelayService, prompts: FakePrompts,
                  case_id: int, content: bytes) -> RelayPanel:
    inbox = _panel(qtbot, jobs, officer, prompts)
    _sync(qtbot, inbox)
    assert inbox.banner.kind == "warning"  # one envelope waits for a decision
    # Other keys under a contact's name: named from the envelope's signed card before
    # receipt, flagged in the strongest style, received only after the explicit choice.
    [row] = inbox.inbox.rows()
    assert (row.state, row.verification, row.subject) == ("held", "impersonation", "")
    assert row.sender_name == officer_card_name(officer, row)
    inbox.inbox_view.selectRow(0)
    assert inbox.inbox_warning.kind == "danger" and not inbox.inbox_warning.isHidden()
    assert "DIFFERENT KEY UNDER A KNOWN NAME" in inbox.inbox_warning.label.text()
    assert not inbox.accept_different_key.isHidden()
    assert not inbox.receive_button.isEnabled() and inbox.refuse_button.isEnabled()
    assert inbox.case_picker.select_case(case_id)
    assert inbox.receive_selected() is None  # no choice made: nothing happens
    if os.environ.get("SCELLE_SHOTS"):
        inbox.grab().save(os.path.join(os.environ["SCELLE_SHOTS"], "relay-impersonation.png"))
    inbox.accept_different_key.setChecked(True)
    assert inbox.receive_button.isEnabled()
    with qtbot.waitSignal(inbox.loaded, timeout=30_000):
        assert inbox.receive_selected() is not None
    assert prompts.asked == []  # the check box was the explicit choice
    assert inbox.inbox_warning.isHidden()
    [row] = inbox.inbox.rows()
    assert row.state == "opened" and row.subject == SUBJECT
    record = officer.session.messages.get(row.record_id)
    assert record.case_id == case_id
    assert read_document(officer.session, record.document_ids[0]) == content
    assert not inbox.receive_button.isEnabled()
    return inbox


def officer_card_name(officer: RelayService, row) -> str:  # noqa: ANN001
    """The name on the held envelope's card (the lawyer's), as the core reads it."""
    card, _check = officer.held_sender(row.envelope_id)
    return card.name


def _follow_sent(qtbot, jobs: JobQueue, lawyer: Member, officer_fp: str,
                 prompts: FakePrompts) -> RelayPanel:
    sent = _panel(qtbot, jobs, lawyer.relay, prompts)
    [before] = sent.sent.rows()
    assert before.state == "deposited"
    _sync(qtbot, sent)
    [after] = sent.sent.rows()
    assert after.state == "opened" and after.subject == SUBJECT
    assert [(r.fingerprint, r.state) for r in after.recipients] == [(officer_fp, "opened")]
    sent.tabs.setCurrentIndex(1)
    sent.sent_view.selectRow(0)
    qtbot.waitUntil(lambda: sent.details.proofs.rowCount() == 3, timeout=20_000)
    proofs = sent.details.proofs.rows()
    assert sorted((p.kind, p.event) for p in proofs) == [
        ("delivery", None), ("deposit", None), ("receipt", "opened")]
    assert all(p.verified and p.trusted_relay is not False for p in proofs)
    assert sent.details.recipients.rows()[0].state == "opened"
    return sent


def test_unreachable_relay_is_a_calm_status(qtbot, jobs: JobQueue, world: World) -> None:
    lawyer = world.lawyer
    panel = _panel(qtbot, jobs, lawyer.relay, FakePrompts())
    assert "Relay" in panel.account_label.text() or "Relais" in panel.account_label.text()
    lawyer.relay.state.save_account(  # the relay moved away: nothing listens there any more
        _moved(lawyer.relay.state.require_account()))
    _sync(qtbot, panel)
    assert panel.banner.kind == "info" and not panel.banner.isHidden()
    assert panel.sync_button.isEnabled()


def _moved(account):  # noqa: ANN001, ANN202
    from dataclasses import replace

    from tests.support.relay_server import _free_socket

    sock = _free_socket()  # bound, never listening: connections are refused at once
    port = sock.getsockname()[1]
    sock.close()
    return replace(account, url=f"http://127.0.0.1:{port}")


def test_join_refuses_a_relay_whose_key_is_not_the_announced_one(
        qtbot, jobs: JobQueue, world: World, templates, tmp_path: Path) -> None:  # noqa: F811
    template = templates["notary"]
    shutil.copytree(template.folder, tmp_path / "notary")
    session = open_with_vmk(tmp_path / "notary", template.vmk)
    service = RelayService(session, clock=world.server.clock.now)
    try:
        dialog = JoinRelayDialog(session, jobs, service=service)
        qtbot.addWidget(dialog)
        dialog.url.setText(world.server.base_url)
        dialog.code.setText(world.server.invite(world.police))
        dialog.key_id.setText("0" * 32)
        job = dialog.start_join()
        assert job is not None
        qtbot.waitUntil(lambda: job.done, timeout=20_000)
        assert dialog.banner.kind == "danger" and dialog.membership is None
        assert dialog.join_button.isEnabled()
        assert not service.joined()
    finally:
        service.close()
        session.lock()


def test_install_adds_the_relay_menu(qtbot, jobs: JobQueue, world: World) -> None:
    from PySide6.QtWidgets import QMainWindow

    from ui.relay import install

    window = QMainWindow()
    qtbot.addWidget(window)
    window.session = world.lawyer.session  # type: ignore[attr-defined]
    menu = install(window, world.lawyer.session, jobs)
    assert [a.text() for a in window.menuBar().actions()][-1] == menu.menu.title()
    assert menu.sync_action.shortcut().toString() == "Ctrl+R"
    assert menu.panel_action.shortcut().toString() == "Ctrl+Shift+R"
    opened = menu.open_panel()
    assert opened is not None
    qtbot.waitUntil(lambda: opened.panel.snapshot is not None)
    assert opened.panel.snapshot.joined and opened.panel.snapshot.status == "certified"
    opened.close()
    window.session = None  # type: ignore[attr-defined]  # locked: the menu does nothing
    assert menu.open_panel() is None and menu.open_join() is None
