"""Deleting (with confirmation, refused under legal hold), renaming, and the details pane:
notes, tags, moving to another case, versions and history from the audit log."""

from __future__ import annotations

from datetime import date

import pytest

from app.records import NotFoundError
from tests.ui.documents_fixtures import (  # noqa: F401  (fixtures)
    WAIT_MS,
    documents_root,
    make_window,
    names,
    notary,
    prompts,
    select_document,
    select_scope,
    wait_idle,
)
from ui.documents.case_dialog import CaseFields
from ui.models.document_query import Scope


def test_delete_asks_first_then_shreds(qtbot, notary, make_window, prompts):
    window = make_window(notary.session)
    select_document(qtbot, window, "Courrier client.txt")
    prompts.confirm_answer = False
    window.main_actions.delete.trigger()
    assert prompts.asked[-1][0] == "confirm" and "Courrier client.txt" in prompts.asked[-1][1]
    assert notary.session.documents.get(notary.ids["courrier"])
    prompts.confirm_answer = True
    with qtbot.waitSignal(window.ops.deleted, timeout=WAIT_MS):
        window.main_actions.delete.trigger()
    with pytest.raises(NotFoundError):
        notary.session.documents.get(notary.ids["courrier"])
    assert "Courrier client.txt" not in names(window)
    assert window.details_pane.details is None


def test_delete_under_legal_hold_is_refused_with_a_readable_error(qtbot, notary, make_window,
                                                                  prompts):
    window = make_window(notary.session)
    select_scope(qtbot, window, Scope.case(notary.ids["held"]))
    select_document(qtbot, window, "Statuts SCI.txt")
    assert "cannot be deleted" in window.details_pane.hold.text()
    window.main_actions.delete.trigger()
    qtbot.waitUntil(lambda: bool(prompts.errors), timeout=WAIT_MS)
    title, text = prompts.errors[-1]
    assert title == "The documents could not be deleted"
    assert "legal hold" in text and "Case 3" not in text  # our sentence, not the CLI's
    assert notary.session.documents.get(notary.ids["statuts"])
    assert names(window) == ["Statuts SCI.txt"]


def test_rename_with_f2_updates_the_row(qtbot, notary, make_window, prompts):
    window = make_window(notary.session)
    select_document(qtbot, window, "Testament.txt")
    prompts.text_answer = "Testament olographe.txt"
    with qtbot.waitSignal(window.ops.renamed, timeout=WAIT_MS):
        window.main_actions.rename.trigger()
    assert notary.session.documents.get(notary.ids["testament"]).name == \
        "Testament olographe.txt"
    assert "Testament olographe.txt" in names(window)


def test_details_show_versions_history_and_case(qtbot, notary, make_window):
    window = make_window(notary.session)
    select_document(qtbot, window, "Acte de notoriété.pdf")
    pane = window.details_pane
    assert pane.title.text() == "Acte de notoriété.pdf"
    assert pane.kind.text() == "PDF document"
    assert pane.case_box.currentText() == "Succession Martin"
    assert "31 March 2056" in pane.retention.text()
    assert pane.tags.text() == "succession"
    assert pane.versions.topLevelItemCount() == 1
    actions = [pane.history.topLevelItem(i).text(1)
               for i in range(pane.history.topLevelItemCount())]
    assert "Imported into the vault" in actions


def test_notes_and_tags_are_saved_from_the_details_pane(qtbot, notary, make_window):
    window = make_window(notary.session)
    select_document(qtbot, window, "Plan cadastral.png")
    pane = window.details_pane
    assert not pane.save_notes.isEnabled()  # nothing typed yet (these notes are empty)
    pane.notes.setFocus()
    qtbot.keyClicks(pane.notes, "Bornage fait le 3 mars.")
    assert pane.save_notes.isEnabled()
    with qtbot.waitSignal(pane.documentChanged, timeout=WAIT_MS):
        pane.save_notes.click()
    assert notary.session.documents.get(notary.ids["plan"]).notes == "Bornage fait le 3 mars."
    pane.tags.setText("urbanisme; géomètre")
    with qtbot.waitSignal(pane.tagsChanged, timeout=WAIT_MS):
        pane.tags.editingFinished.emit()
    assert notary.session.documents.get(notary.ids["plan"]).tags == ("géomètre", "urbanisme")
    row = names(window).index("Plan cadastral.png")
    assert window.documents_pane.model.document(row).tags == ("géomètre", "urbanisme")


def test_notes_are_saved_when_another_document_is_selected(qtbot, notary, make_window):
    window = make_window(notary.session)
    select_document(qtbot, window, "Plan cadastral.png")
    qtbot.keyClicks(window.details_pane.notes, "À relire")
    with qtbot.waitSignal(window.details_pane.documentChanged, timeout=WAIT_MS):
        select_document(qtbot, window, "Testament.txt")
    assert notary.session.documents.get(notary.ids["plan"]).notes == "À relire"


def test_moving_a_document_to_another_case(qtbot, notary, make_window):
    window = make_window(notary.session)
    select_document(qtbot, window, "Courrier client.txt")
    box = window.details_pane.case_box
    index = box.findData(notary.ids["dupuis"])
    box.setCurrentIndex(index)
    with qtbot.waitSignal(window.details_pane.documentMoved, timeout=WAIT_MS):
        box.activated.emit(index)
    assert notary.session.documents.get(notary.ids["courrier"]).case_id == notary.ids["dupuis"]


def test_moving_out_of_a_held_case_is_refused_and_the_choice_reverts(qtbot, notary,
                                                                     make_window, prompts):
    window = make_window(notary.session)
    select_document(qtbot, window, "Statuts SCI.txt")
    box = window.details_pane.case_box
    index = box.findData(None)
    box.setCurrentIndex(index)
    box.activated.emit(index)
    qtbot.waitUntil(lambda: bool(prompts.errors), timeout=WAIT_MS)
    assert "legal hold" in prompts.errors[-1][1]
    qtbot.waitUntil(lambda: box.currentData() == notary.ids["held"], timeout=WAIT_MS)


def test_create_a_case_and_change_its_retention(qtbot, notary, make_window, prompts):
    window = make_window(notary.session)
    pane = window.cases_pane
    prompts.case_answer = CaseFields("Divorce Moreau", "2026/0201", None)
    with qtbot.waitSignal(pane.casesChanged, timeout=WAIT_MS):
        pane.new_action.trigger()
    created = [c for c in notary.session.cases.list() if c.name == "Divorce Moreau"]
    assert len(created) == 1 and created[0].reference == "2026/0201"
    qtbot.waitUntil(lambda: pane.current_case() is not None
                    and pane.current_case().id == created[0].id, timeout=WAIT_MS)
    prompts.case_answer = CaseFields("Divorce Moreau-Petit", "2026/0201", date(2040, 1, 1))
    with qtbot.waitSignal(pane.casesChanged, timeout=WAIT_MS):
        pane.edit_action.trigger()
    case = notary.session.cases.get(created[0].id)
    assert (case.name, case.retention_until) == ("Divorce Moreau-Petit", date(2040, 1, 1))


def test_legal_hold_toggle_asks_before_releasing(qtbot, notary, make_window, prompts):
    window = make_window(notary.session)
    pane = window.cases_pane
    select_scope(qtbot, window, Scope.case(notary.ids["martin"]))
    assert pane.hold_action.isEnabled() and not pane.hold_action.isChecked()
    with qtbot.waitSignal(pane.casesChanged, timeout=WAIT_MS):
        pane.hold_action.trigger()
    assert notary.session.cases.get(notary.ids["martin"]).legal_hold
    qtbot.waitUntil(lambda: pane.hold_action.isChecked(), timeout=WAIT_MS)
    prompts.confirm_answer = False
    pane.hold_action.trigger()
    assert prompts.asked[-1][0] == "confirm"
    assert pane.hold_action.isChecked()
    assert notary.session.cases.get(notary.ids["martin"]).legal_hold
    prompts.confirm_answer = True
    with qtbot.waitSignal(pane.casesChanged, timeout=WAIT_MS):
        pane.hold_action.trigger()
    assert not notary.session.cases.get(notary.ids["martin"]).legal_hold
