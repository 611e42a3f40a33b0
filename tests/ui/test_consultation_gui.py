"""The consultation end in the GUI: the seal form's "Destroy after" (view-only only, keyboard
reachable), carried into the sealed file; the document list's "view only, until …"."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from PySide6.QtCore import QDate, Qt

from app.sealing import end_of_day
from tests.ui.exchange_fixtures import (  # noqa: F401 - fixtures
    WAIT_MS,
    add_document,
    exchange_cards,
    jobs,
    prompts,
    recipient,
    sender,
    vault_root,
)
from tests.ui.test_exchange_seal import _dialog, _verify


def test_destroy_after_is_offered_with_view_only_and_sealed(qtbot, sender, recipient, jobs,
                                                            prompts, tmp_path: Path) -> None:
    karim, claire = exchange_cards(sender, recipient)
    _verify(sender, karim)
    _verify(recipient, claire)
    doc = add_document(sender, "pv.pdf", b"%PDF-1.4 pv" * 100)
    dialog = _dialog(qtbot, sender, jobs, [doc], prompts)
    form = dialog.form
    row = form.consult_end
    assert not row.enabled.isEnabled() and row.value() is None  # needs view-only first
    qtbot.keyClick(form.view_only, Qt.Key.Key_Space)  # keyboard: tick "View only"
    assert form.view_only.isChecked() and row.enabled.isEnabled()
    assert not row.date.isEnabled()
    row.enabled.setFocus()
    qtbot.keyClick(row.enabled, Qt.Key.Key_Space)
    assert row.date.isEnabled()
    day = QDate.currentDate().addDays(3)
    row.date.setDate(day)
    expected = end_of_day(day.toPython())
    assert row.value() == expected
    assert form.recipients.set_checked(karim, True)
    out = tmp_path / "pli.scelle"
    prompts.save_answers.append(out)
    qtbot.mouseClick(form.browse_button, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(dialog.sealed, timeout=WAIT_MS):
        qtbot.mouseClick(dialog.seal_button, Qt.MouseButton.LeftButton)
    verified = recipient.verify_sealed(out)
    assert verified.metadata.view_only and verified.metadata.consult_until == expected
    form.view_only.setChecked(False)
    assert row.value() is None and not row.date.isEnabled()
    assert expected > datetime.now(UTC)


def _end_at(session, document_id: int, moment: datetime) -> None:
    """Set the stored consultation end (the clock cannot be moved for the core's own check)."""
    from app.records import time_text

    with session.store.db.transaction():
        session.store.db.execute("UPDATE view_only_documents SET consult_until = ?"
                                 " WHERE document_id = ?", (time_text(moment), document_id))


def test_the_refusals_have_their_own_words(qapp) -> None:
    from app.vault.consultation import ConsultationEndedError, ConsultationOver
    from ui.common.explain import explain
    from ui.documents.errors import describe

    assert "no longer be opened" in describe(ConsultationEndedError(3, datetime.now(UTC)))
    assert explain(ConsultationOver(), "receive").title == "Consultation period over"


def test_the_open_dialog_shows_the_end_and_refuses_one_over(qtbot, sender, recipient, jobs,
                                                            prompts, tmp_path: Path) -> None:
    from datetime import timedelta

    from app.vault.consultation import ConsultationOver
    from ui.common.explain import explain
    from tests.ui.test_exchange_open import _open, _sealed_file, _verified_pair

    karim, _ = _verified_pair(sender, recipient)
    future = _sealed_file(sender, karim, tmp_path / "a.scelle", view_only=True,
                          consult_until=datetime.now(UTC) + timedelta(days=2))
    dialog = _open(qtbot, recipient, jobs, future, prompts)
    assert "Consultation until" in dialog.view.view_only.text()
    # Sealed two minutes ago (within the cards' clock-skew allowance), its end a minute ago.
    past = datetime.now(UTC) - timedelta(minutes=2)
    over = _sealed_file(sender, karim, tmp_path / "b.scelle", view_only=True, now=past,
                        consult_until=past + timedelta(minutes=1))
    dialog = _open(qtbot, recipient, jobs, over, prompts)
    assert dialog.refusal == explain(ConsultationOver(), "receive")
    assert recipient.documents.count() == 0


def test_no_preview_of_a_view_only_file_before_reception(qtbot, sender, recipient, jobs,
                                                         prompts, tmp_path: Path) -> None:
    from tests.ui.test_exchange_open import _open, _sealed_file, _verified_pair

    karim, _ = _verified_pair(sender, recipient)
    path = _sealed_file(sender, karim, tmp_path / "a.scelle", view_only=True)
    dialog = _open(qtbot, recipient, jobs, path, prompts)
    view = dialog.view
    view.files_view.selectRow(0)
    pane = view.preview
    assert pane.pages.currentWidget() is pane.message
    assert "no preview" in pane.message.text()
    assert pane.busy is False and pane.shown is None  # nothing was rendered
