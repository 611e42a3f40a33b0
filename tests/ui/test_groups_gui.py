"""Duty groups in the GUI against the real relay on loopback (SQLite): the admin's roster editor
(create, add, windows, refusals in the banner), the send dialog addressing a group (members on
duty shown, unusable ones listed), and the inbox saying who took an envelope."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from app.relay_client import group_admin
from crypto.org_signer import SoftwareOrgSigner
from tests.relay.conftest import limits, relay  # noqa: F401 (fixtures)
from tests.relay_client.conftest import (  # noqa: F401 (templates: fixture)
    Member,
    Template,
    add_document,
    new_member,
    templates,
)
from tests.support.relay_server import RunningRelay
from ui.groups.prompts import WindowChoice
from ui.groups.roster_panel import RosterPanel
from ui.relay.models import InboxModel
from ui.relay.panel import RelayPanel
from ui.relay.send_dialog import SendViaRelayDialog
from ui.workers import JobQueue

GROUP = "Permanence pénale"


@pytest.fixture
def backend() -> None:
    """SQLite only: the relay's back ends are covered by tests/relay."""
    return None


@dataclass
class Answers:
    texts: list[str | None] = field(default_factory=list)
    windows_answer: WindowChoice | None = None

    def text(self, parent, title, label, value="") -> str | None:  # noqa: ANN001
        return self.texts.pop(0)

    def windows(self, parent, who) -> WindowChoice | None:  # noqa: ANN001
        return self.windows_answer


@dataclass
class Duty:
    server: RunningRelay
    lawyer: Member
    officer: Member
    signer: SoftwareOrgSigner


@pytest.fixture
def duty(relay: RunningRelay, templates: dict[str, Template],  # noqa: F811
         tmp_path: Path) -> Iterator[Duty]:
    barreau, police = relay.create_org("Barreau"), relay.create_org("Police")
    relay.link(barreau, police)
    lawyer = new_member(relay, templates["lawyer"], tmp_path / "lawyer", barreau, "lawyer")
    officer = new_member(relay, templates["officer"], tmp_path / "officer", police, "officer")
    yield Duty(relay, lawyer, officer, SoftwareOrgSigner(barreau.key))
    lawyer.close()
    officer.close()


def _panel(qtbot, jobs: JobQueue, duty: Duty, answers: Answers) -> RosterPanel:
    panel = RosterPanel(duty.lawyer.session, jobs, lambda: duty.signer,
                        prompts=answers)  # type: ignore[arg-type]
    qtbot.addWidget(panel)
    panel.resize(900, 500)
    with qtbot.waitSignal(panel.loaded, timeout=20_000):
        panel.reload()
    return panel


def _act(qtbot, panel: RosterPanel, action) -> None:  # noqa: ANN001
    with qtbot.waitSignal(panel.loaded, timeout=20_000):
        action()


def test_roster_editor(qtbot, jobs: JobQueue, duty: Duty) -> None:
    answers = Answers(texts=[GROUP, duty.lawyer.fingerprint, "abc"])
    panel = _panel(qtbot, jobs, duty, answers)
    assert panel.groups_model.rowCount() == 0 and panel.banner.kind == "info"
    assert not panel.buttons["add"].isEnabled()
    _act(qtbot, panel, panel.create_group)
    assert panel.group_choice.currentText() == f"{GROUP} — Barreau"
    _act(qtbot, panel, panel.add_member)
    assert panel.members_model.rowCount() == 1
    assert panel.members_model.row_at(0).name == "Me Louise Avocat"
    panel.add_member()  # "abc": refused at once, nothing sent
    assert panel.banner.kind == "danger" and "64 hexadecimal" in panel.banner.label.text()
    panel.members_view.selectRow(0)
    start = datetime.now(UTC) + timedelta(days=1)
    answers.windows_answer = WindowChoice(False, start, start + timedelta(hours=12))
    _act(qtbot, panel, panel.edit_windows)
    row = panel.members_model.row_at(0)
    assert len(row.windows) == 1 and not row.on_duty
    answers.texts.append(duty.officer.fingerprint)  # a Police officer: the relay refuses
    _act(qtbot, panel, panel.add_member)
    assert panel.banner.kind == "danger"
    assert "not a certified member" in panel.banner.label.text()
    if os.environ.get("SCELLE_SHOTS"):
        panel.grab().save(os.path.join(os.environ["SCELLE_SHOTS"], "duty-roster.png"))


def test_send_to_a_group_and_see_who_took_it(qtbot, jobs: JobQueue, duty: Duty) -> None:
    lawyer, officer = duty.lawyer, duty.officer
    group = group_admin.create(lawyer.relay._ctx, duty.signer, GROUP, [lawyer.fingerprint])
    doc = add_document(officer.session, "pv.pdf", os.urandom(20_000))
    dialog = SendViaRelayDialog(officer.session, jobs, [doc], service=officer.relay)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(dialog.send_button.isEnabled)
    picker = dialog.group_picker
    assert dialog.problem()[0] == "Choose at least one recipient."
    with qtbot.waitSignal(picker.resolved, timeout=20_000):
        qtbot.mouseClick(picker.use_group, Qt.MouseButton.LeftButton)
    assert not dialog.form.recipients_view.isEnabled()
    assert picker.target().group.group_id == group.group_id
    assert "Me Louise Avocat" in picker.summary.text()
    if os.environ.get("SCELLE_SHOTS"):
        dialog.grab().save(os.path.join(os.environ["SCELLE_SHOTS"], "duty-send.png"))
    dialog.form.subject.setText("GAV")
    qtbot.mouseClick(dialog.send_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.result_item is not None, timeout=30_000)
    assert dialog.result_item.state == "deposited"
    envelope_id = dialog.result_item.envelope_id
    assert lawyer.relay.sync().received == [envelope_id]
    panel = RelayPanel(lawyer.session, jobs, service=lawyer.relay)
    qtbot.addWidget(panel)
    qtbot.waitUntil(lambda: panel.snapshot is not None, timeout=20_000)
    panel.inbox_view.selectRow(0)
    assert not panel.take_button.isHidden() and panel.take_button.isEnabled()
    with qtbot.waitSignal(panel.loaded, timeout=20_000):
        assert panel.take_selected() is not None
    assert panel.banner.kind == "success", panel.banner.label.text()
    text = panel.inbox.data(panel.inbox.index(0, InboxModel.STATE))
    assert f"to the group {GROUP}" in text and "taken by you" in text
    panel.inbox_view.selectRow(0)
    assert not panel.take_button.isEnabled()
    officer.relay.sync()
    assert officer.relay.taken_by(envelope_id).name == "Me Louise Avocat"
