"""The relay panel's "Requests from outside" tab and the reply dialog (ui/relay/intake_*.py),
with a real vault joined to the real relay on loopback (SQLite back end only, for speed)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from app.intake.reply import ReplyDraft
from crypto.intake_container import reply_locator, reply_lookup
from tests.intake.requests import INTAKE, REQUESTER, SUBJECT, encrypt_request, \
    place_downloaded, publish_intake, reply_code, request_header
from relay.config import Limits
from tests.relay.conftest import relay  # noqa: F401 (fixtures)
from tests.relay.intake_support import Browser
from tests.relay_client.conftest import (  # noqa: F401 (templates: fixture)
    Member,
    Template,
    new_member,
    read_document,
    templates,
)
from tests.support.relay_server import RunningRelay
from ui.relay.intake_reply_dialog import IntakeReplyDialog
from ui.relay.intake_tab import IntakeModel
from ui.relay.panel import RelayPanel
from ui.workers import JobQueue


@pytest.fixture
def backend() -> None:
    """SQLite only: the relay's back ends are covered by tests/relay."""
    return None


@pytest.fixture
def limits() -> Limits:
    return Limits(intake_pow_bits=4)


@dataclass
class FakePrompts:
    paths: list[Path] = field(default_factory=list)
    asked: list[str] = field(default_factory=list)
    save_to: Path | None = None

    def save_path(self, parent, title, default, name_filter) -> Path | None:  # noqa: ANN001
        self.asked.append(title)
        return self.save_to

    def confirm(self, parent, title, text, accept, *, danger=False) -> bool:  # noqa: ANN001
        self.asked.append(title)
        return True

    def open_paths(self, parent, title, name_filter) -> list[Path]:  # noqa: ANN001
        self.asked.append(title)
        return self.paths


@pytest.fixture
def lawyer(relay: RunningRelay, templates: dict[str, Template],  # noqa: F811
           tmp_path: Path) -> Iterator[Member]:
    member = new_member(relay, templates["lawyer"], tmp_path / "lawyer",
                        relay.create_org("Barreau"), "lawyer")
    yield member
    member.close()


def _request(member: Member, *, reply: bool) -> tuple[str, bytes]:
    content = os.urandom(5000)
    files = [("plainte.pdf", content)]
    recipient = member.session.identity.card.age_pq_recipient
    assert recipient is not None
    header = request_header(files, reply_to=reply_code()[2] if reply else None)
    return place_downloaded(member, encrypt_request(header, files, [recipient])), content


def _panel(qtbot, jobs: JobQueue, member: Member,  # noqa: ANN001 - pytest-qt's fixture
           prompts: FakePrompts) -> RelayPanel:
    panel = RelayPanel(member.session, jobs, service=member.relay, prompts=prompts)
    qtbot.addWidget(panel)
    qtbot.waitUntil(lambda: panel.intake_tab.model.rowCount() == 1, timeout=20_000)
    return panel


def test_marked_received_into_a_new_case_and_reply_dialog(qtbot, jobs: JobQueue,
                                                          lawyer: Member) -> None:
    envelope_id, content = _request(lawyer, reply=True)
    prompts = FakePrompts()
    panel = _panel(qtbot, jobs, lawyer, prompts)
    tab = panel.intake_tab
    assert panel.tabs.tabText(panel.tabs.indexOf(tab)) == "Requests from &outside"
    model = tab.model
    origin = model.index(0, IntakeModel.ORIGIN)
    assert model.data(origin) == "Outside request, not authenticated"
    assert "Nobody has verified" in model.data(origin, Qt.ItemDataRole.ToolTipRole)
    assert REQUESTER not in str([model.data(model.index(0, c)) for c in range(6)])
    assert not tab.reply_button.isEnabled() and not tab.receive_button.isEnabled()

    tab.view.selectRow(0)
    assert tab.receive_button.isEnabled() and not tab.reply_button.isEnabled()
    tab.case_picker.select_new("Signalements extérieurs")
    with qtbot.waitSignal(tab.received, timeout=30_000):
        tab.receive_button.click()
    qtbot.waitUntil(lambda: model.rowCount() == 1 and model.row_at(0).item.state == "received",
                    timeout=20_000)
    row = model.row_at(0)
    assert row.case_name == "Signalements extérieurs" and row.item.subject == SUBJECT
    docs = {d.name: d for d in lawyer.session.documents.list(case_id=row.item.case_id)}
    assert read_document(lawyer.session, docs["plainte.pdf"].id) == content
    tab.view.selectRow(0)
    assert tab.reply_button.isEnabled() and not tab.receive_button.isEnabled()
    assert "Received into: Signalements extérieurs" in tab.detail.text()

    dialog = tab.reply_selected()
    assert isinstance(dialog, IntakeReplyDialog)
    qtbot.addWidget(dialog)
    assert dialog.subject.text() == f"Re: {SUBJECT}"
    assert dialog.send() is None  # no message yet: said in the dialog, nothing sent
    assert "message first" in dialog.banner.label.text() and dialog.job is None
    attachment = lawyer.folder.parent / "réponse.txt"
    attachment.write_bytes(b"contenu")
    prompts.paths = [attachment, attachment]
    dialog.add_files()
    assert dialog.attachments.count() == 1
    dialog.message.setPlainText("Bonjour,\nvotre demande est enregistrée.")
    assert dialog.draft() == ReplyDraft(message="Bonjour,\nvotre demande est enregistrée.",
                                        subject=f"Re: {SUBJECT}", attachments=(attachment,))
    dialog.attachments.setCurrentRow(0)
    dialog.remove_selected()
    assert dialog.attachments.count() == 0
    dialog.reject()


def test_no_reply_key_no_reply_button(qtbot, jobs: JobQueue, lawyer: Member) -> None:
    _request(lawyer, reply=False)
    panel = _panel(qtbot, jobs, lawyer, FakePrompts())
    tab = panel.intake_tab
    tab.view.selectRow(0)
    with qtbot.waitSignal(tab.received, timeout=30_000):
        tab.receive_selected()
    qtbot.waitUntil(lambda: tab.model.row_at(0).item.state == "received", timeout=20_000)
    tab.view.selectRow(0)
    assert not tab.reply_button.isEnabled()
    assert tab.reply_selected() is None
    assert "asked for no reply" in tab.detail.text()


def test_synchronised_received_and_answered_through_the_relay(qtbot, jobs: JobQueue,
                                                              lawyer: Member,
                                                              tmp_path: Path) -> None:
    publish_intake(lawyer.server, lawyer.org, lawyer.session.identity)
    key, _, reply_to = reply_code()
    files = [("plainte.pdf", b"%PDF-1.4 plainte")]
    body = encrypt_request(request_header(files, reply_to=reply_to), files,
                           [str(lawyer.session.identity.card.age_pq_recipient)])
    browser = Browser(lawyer.server)
    try:
        assert browser.deposit(body, name=INTAKE, reply_lookup=reply_lookup(
            reply_locator(key)).hex()).status_code == 201
    finally:
        browser.close()
    prompts = FakePrompts()
    panel = RelayPanel(lawyer.session, jobs, service=lawyer.relay, prompts=prompts)
    qtbot.addWidget(panel)
    qtbot.waitUntil(lambda: panel.snapshot is not None, timeout=20_000)
    panel.synchronise()
    tab = panel.intake_tab
    qtbot.waitUntil(lambda: tab.model.rowCount() == 1 and
                    tab.model.row_at(0).item.state == "downloaded", timeout=30_000)
    tab.view.selectRow(0)
    with qtbot.waitSignal(tab.received, timeout=30_000):
        tab.receive_selected()
    qtbot.waitUntil(lambda: tab.model.row_at(0).item.state == "received", timeout=20_000)
    tab.view.selectRow(0)
    proofs = tab.proofs.model  # the relay's deposit proof, our delivery proof and receipt
    qtbot.waitUntil(lambda: proofs.rowCount() == 3, timeout=20_000)
    kinds = [proofs.data(proofs.index(r, 0)) for r in range(3)]
    assert kinds[0] == "Deposit at the intake page" and "Receipt (opened)" in kinds
    assert all(proofs.data(proofs.index(r, 3)) == "verified offline" for r in range(3))
    saved = tmp_path / "preuves.json"
    prompts.save_to = saved
    with qtbot.waitSignal(tab.proofs.status, timeout=20_000):
        tab.proofs.export_button.click()
    assert saved.read_bytes().startswith(b'{"proofs":')
    dialog = tab.reply_selected()
    qtbot.addWidget(dialog)
    annex = tmp_path / "accusé.pdf"
    annex.write_bytes(b"%PDF-1.4 accuse")
    prompts.paths = [annex]
    dialog.add_files()
    dialog.message.setPlainText("Bien reçu.")
    with qtbot.waitSignal(dialog.sent, timeout=30_000) as sent:
        dialog.send()
    assert sent.args[0].documents and not dialog.isVisible()
    qtbot.waitUntil(lambda: tab.model.row_at(0).replies == 1, timeout=20_000)
