"""The desktop's "Evidence bundle…" button (ui/relay/evidence_button.py) after a real exchange
through the relay and the local time-stamping authority: keyboard-reachable, the bundle made on
the job queue and verifiable by `verify_bundle`, a failure shown as a status, not a crash."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt

from app.evidence import verify_bundle
from app.relay_client import Letter
from tests.evidence.conftest import (  # noqa: F401 (fixtures)
    net,
    other_pki,
    pki,
    relay,
    templates,
    tsa,
)
from tests.relay_client.conftest import FILE_NAME, SUBJECT, Net, add_document
from tests.support.tsa import TestPki
from ui.relay.evidence_button import EvidenceButton
from ui.workers import JobQueue


@dataclass
class FakePrompts:
    save_to: Path | None = None
    asked: list[str] = field(default_factory=list)

    def save_path(self, parent, title, default, name_filter) -> Path | None:  # noqa: ANN001
        self.asked.append(title)
        return self.save_to


def _sent_record(net: Net, pki: TestPki) -> int:
    net.lawyer.relay.set_tsa_anchors(pki.root_pem)
    at_lawyer, _ = net.befriend(net.lawyer, net.officer)
    doc = add_document(net.lawyer.session, FILE_NAME, os.urandom(10_000))
    net.lawyer.relay.send([doc], [at_lawyer], Letter(subject=SUBJECT, message="x"),
                          availability_days=3)
    net.officer.relay.sync()
    net.lawyer.relay.sync()
    [item] = net.lawyer.relay.state.outbox()
    assert item.message_record is not None
    return item.message_record


def test_button_saves_a_verifiable_bundle(qtbot, jobs: JobQueue, net: Net, pki: TestPki,
                                          tmp_path: Path) -> None:
    record = _sent_record(net, pki)
    prompts = FakePrompts(save_to=tmp_path / "preuves.zip")
    button = EvidenceButton(net.lawyer.relay, jobs, prompts)  # type: ignore[arg-type]
    qtbot.addWidget(button)
    assert not button.isEnabled()  # no message chosen
    button.set_message(record, date(2026, 3, 1))
    assert button.isEnabled() and "&" in button.text()  # Alt+letter
    with qtbot.waitSignal(button.status, timeout=30_000,
                          check_params_cb=lambda kind, _text: kind == "success") as got:
        qtbot.keyClick(button, Qt.Key.Key_Space)  # the keyboard reaches it
    assert "scelle proof verify preuves.zip" in got.args[1]
    report = verify_bundle(prompts.save_to.read_bytes(), tsa_pem=pki.root_pem)
    assert len(report.proofs) == 3
    assert oct(prompts.save_to.stat().st_mode & 0o777) == "0o600"


def test_a_failure_is_a_status_and_cancel_does_nothing(qtbot, jobs: JobQueue, net: Net,
                                                       tmp_path: Path) -> None:
    prompts = FakePrompts(save_to=None)
    button = EvidenceButton(net.lawyer.relay, jobs, prompts)  # type: ignore[arg-type]
    qtbot.addWidget(button)
    button.set_message(4242, None)  # a message the vault does not have
    button.click()  # cancelled in the dialog: nothing
    assert prompts.asked == ["Save the evidence bundle"]
    prompts.save_to = tmp_path / "none.zip"
    with qtbot.waitSignal(button.status, timeout=30_000,
                          check_params_cb=lambda kind, _text: kind == "danger") as got:
        button.click()
    assert "4242" in got.args[1] or "message" in got.args[1].lower()
    assert not prompts.save_to.exists() and button.isEnabled()


@dataclass
class FakeDocPrompts:
    save_to: Path | None = None
    infos: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def save_path(self, parent, title, default) -> Path | None:  # noqa: ANN001
        return self.save_to

    def info(self, parent, title, text) -> None:  # noqa: ANN001
        self.infos.append(text)

    def error(self, parent, title, text) -> None:  # noqa: ANN001
        self.errors.append(text)


def test_case_action_bundles_every_message_of_the_case(qtbot, jobs: JobQueue, net: Net,
                                                       pki: TestPki, tmp_path: Path) -> None:
    from PySide6.QtWidgets import QWidget

    from ui.documents.case_evidence import CaseEvidence
    from ui.documents.tasks import Tasks

    record = _sent_record(net, pki)
    case = net.lawyer.session.cases.create("Affaire 12")
    db = net.lawyer.session.store.db
    with db.transaction():  # the sent message filed in the case (as when sent from it)
        db.execute("UPDATE messages SET case_id = ? WHERE id = ?", (case.id, record))
    window = QWidget()
    qtbot.addWidget(window)
    prompts = FakeDocPrompts(save_to=tmp_path / "affaire.zip")
    evidence = CaseEvidence(Tasks(jobs, prompts, window), window)  # type: ignore[arg-type]
    assert not evidence.action.isEnabled()
    evidence.set_case(net.lawyer.session, case.id)
    evidence.action.trigger()
    qtbot.waitUntil(lambda: bool(prompts.infos or prompts.errors), timeout=30_000)
    assert not prompts.errors and "scelle proof verify affaire.zip" in prompts.infos[0]
    report = verify_bundle(prompts.save_to.read_bytes(), tsa_pem=pki.root_pem)
    assert report.subject == f"case {case.id}" and len(report.proofs) == 3
    # A case with no message: a readable refusal, no file.
    empty = net.lawyer.session.cases.create("Vide")
    prompts.save_to = tmp_path / "vide.zip"
    evidence.set_case(net.lawyer.session, empty.id)
    evidence.action.trigger()
    qtbot.waitUntil(lambda: bool(prompts.errors), timeout=30_000)
    assert "no proof from the relay" in prompts.errors[0] and not prompts.save_to.exists()


def test_proofs_table_shows_each_timestamp(qtbot, net: Net, pki: TestPki) -> None:
    from PySide6.QtCore import Qt as QtNs

    from ui.relay.data import load_proofs
    from ui.relay.models import ProofsModel

    _sent_record(net, pki)
    [item] = net.lawyer.relay.state.outbox()
    assert item.envelope_id is not None
    model = ProofsModel()
    model.set_rows(load_proofs(net.lawyer.relay, item.envelope_id))
    assert model.headerData(ProofsModel.STAMP, QtNs.Orientation.Horizontal) == "Timestamp"
    cells = [model.data(model.index(r, ProofsModel.STAMP)) for r in range(model.rowCount())]
    assert len(cells) == 3 and all(c.endswith("CN=Test TSA (verified)") for c in cells), cells
