"""The main window as the shell sees it: menus and shortcuts, signals, policy on export,
release_session() on lock, accessible names, French by default."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt, QTranslator
from PySide6.QtGui import QKeySequence

from app.policy import Policy
from tests.ui.documents_fixtures import (  # noqa: F401  (fixtures)
    WAIT_MS,
    documents_root,
    make_window,
    names,
    notary,
    prompts,
    select_document,
    wait_idle,
)

TS_FILE = Path(__file__).resolve().parents[2] / "resources" / "translations" / "documents_fr.ts"


def mnemonics(texts: list[str]) -> list[str]:
    return [t[t.index("&") + 1].casefold() for t in texts if "&" in t]


def assert_unique_mnemonics(window) -> None:
    """Alt+letter must reach one place: menu titles and the labelled fields of the window."""
    from PySide6.QtWidgets import QLabel

    menus = [a.text() for a in window.menuBar().actions()]
    labels = [w.text() for w in window.findChildren(QLabel) if w.buddy() is not None]
    buttons = [window.details_pane.save_notes.text()]
    letters = mnemonics(menus + labels + buttons)
    assert len(letters) == len(set(letters)), letters


def test_menus_and_shortcuts(notary, make_window):
    window = make_window(notary.session)
    menus = [a.text() for a in window.menuBar().actions()]
    assert menus == ["&File", "&Edit", "&Case", "&Sealed", "C&ontacts", "&Relay", "&Tools",
                     "&Help"]
    assert_unique_mnemonics(window)
    a = window.main_actions
    expected = {a.import_files: "Ctrl+I", a.open_sealed: "Ctrl+O", a.lock: "Ctrl+L",
                a.quit: "Ctrl+Q", a.find: QKeySequence(QKeySequence.StandardKey.Find),
                a.delete: QKeySequence(QKeySequence.StandardKey.Delete), a.rename: "F2",
                a.seal: "Ctrl+E", a.contacts: "Ctrl+K"}
    for action, keys in expected.items():
        assert action.shortcut() == QKeySequence(keys), action.text()
    assert window.cases_pane.new_action.shortcut() == QKeySequence("Ctrl+Shift+N")


def test_shell_signals(qtbot, notary, make_window):
    window = make_window(notary.session)
    for action, signal in ((window.main_actions.lock, window.lockRequested),
                           (window.main_actions.settings, window.settingsRequested),
                           (window.main_actions.about, window.aboutRequested)):
        with qtbot.waitSignal(signal, timeout=1000):
            action.trigger()


def test_ctrl_f_focuses_the_search_field(qtbot, notary, make_window):
    window = make_window(notary.session)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=WAIT_MS)
    window.documents_pane.table.setFocus()
    qtbot.keyClick(window.documents_pane.table, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(window.documents_pane.search.hasFocus, timeout=WAIT_MS)


def test_actions_follow_the_selection(qtbot, notary, make_window):
    window = make_window(notary.session)
    a = window.main_actions
    assert not a.delete.isEnabled() and not a.rename.isEnabled() and not a.export.isEnabled()
    select_document(qtbot, window, "Testament.txt")
    assert a.delete.isEnabled() and a.rename.isEnabled() and a.export.isEnabled()
    assert a.open_document.isEnabled()


def test_export_writes_a_plaintext_copy_where_chosen(qtbot, notary, make_window, prompts,
                                                     tmp_path):
    window = make_window(notary.session)
    select_document(qtbot, window, "Testament.txt")
    prompts.save_answer = tmp_path / "copie.txt"
    window.main_actions.export.trigger()
    qtbot.waitUntil(lambda: "exported" in window.statusBar().currentMessage(), timeout=WAIT_MS)
    assert (tmp_path / "copie.txt").read_bytes() == b"Je soussigne" * 300


def test_export_is_disabled_by_policy(qtbot, notary, make_window, prompts, tmp_path):
    window = make_window(notary.session, Policy(export_allowed=False))
    select_document(qtbot, window, "Testament.txt")
    assert not window.main_actions.export.isEnabled()
    prompts.save_answer = tmp_path / "copie.txt"
    window.ops.export(window.documents_pane.current_document())  # even if called anyway
    assert prompts.errors and not (tmp_path / "copie.txt").exists()


def test_integrity_check_reports_an_intact_vault(qtbot, notary, make_window, prompts):
    window = make_window(notary.session)
    window.main_actions.integrity.trigger()
    qtbot.waitUntil(lambda: bool(prompts.infos), timeout=WAIT_MS)
    assert "intact" in prompts.infos[-1][1]


def test_release_session_drops_models_viewers_and_details(qtbot, notary, make_window):
    window = make_window(notary.session)
    qtbot.keyClicks(window.documents_pane.search, "acte")
    select_document(qtbot, window, "Testament.txt")
    viewer = window.open_viewer(window.documents_pane.current_document())
    assert viewer is not None and window.viewers == [viewer]
    window.release_session()
    assert window.viewers == [] and not viewer.isVisible()
    assert window.documents_pane.model.rowCount() == 0
    assert window.cases_pane.model.rowCount() == 0
    assert window.details_pane.details is None and window.details_pane.notes.toPlainText() == ""
    assert window.documents_pane.search.text() == ""
    assert window.documents_pane.tag_filter.count() == 1
    assert not window.main_actions.import_files.isEnabled()
    assert not window.main_actions.delete.isEnabled()
    assert window.count_label.text() == ""


def test_controls_have_accessible_names(notary, make_window):
    window = make_window(notary.session)
    for widget in (window.documents_pane.search, window.documents_pane.tag_filter,
                   window.documents_pane.table, window.cases_pane.view,
                   window.details_pane.notes, window.details_pane.tags,
                   window.details_pane.case_box, window.job_status.bar,
                   window.job_status.cancel):
        assert widget.accessibleName(), type(widget).__name__


def test_french_by_default(qtbot, notary, make_window, tmp_path):
    qm = tmp_path / "documents_fr.qm"
    lrelease = Path(sys.executable).with_name("pyside6-lrelease")
    subprocess.run([str(lrelease), "-silent", str(TS_FILE), "-qm", str(qm)], check=True)
    translator = QTranslator()
    assert translator.load(str(qm))
    app = QCoreApplication.instance()
    app.installTranslator(translator)
    try:
        window = make_window(notary.session)
        wait_idle(qtbot, window)
        menus = [a.text() for a in window.menuBar().actions()]
        assert menus[:3] == ["&Fichier", "&Édition", "&Dossier"]
        assert_unique_mnemonics(window)
        assert window.count_label.text() == "6 documents"
        assert window.cases_pane.model.index(0).data() == "Tous les documents"
        assert window.documents_pane.model.headerData(0, Qt.Orientation.Horizontal) == "Nom"
    finally:
        app.removeTranslator(translator)


def test_every_string_has_a_finished_french_translation():
    text = TS_FILE.read_text(encoding="utf-8")
    assert 'type="unfinished"' not in text
    assert "<translation></translation>" not in text


def test_return_in_the_table_opens_the_viewer_but_not_in_the_search_field(qtbot, notary,
                                                                          make_window):
    window = make_window(notary.session)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=WAIT_MS)
    select_document(qtbot, window, "Testament.txt")
    window.documents_pane.search.setFocus()
    qtbot.keyClick(window.documents_pane.search, Qt.Key.Key_Return)
    assert window.viewers == []
    table = window.documents_pane.table
    table.setFocus()
    qtbot.waitUntil(table.hasFocus, timeout=WAIT_MS)
    qtbot.keyClick(table, Qt.Key.Key_Return)
    assert [v.document.name for v in window.viewers] == ["Testament.txt"]


def test_exchange_dialogs_open_from_the_menus(qtbot, notary, make_window):
    from ui.contacts.contacts_dialog import ContactsDialog
    from ui.exchange.seal_dialog import SealDialog

    window = make_window(notary.session)
    select_document(qtbot, window, "Testament.txt")
    assert window.main_actions.seal.isEnabled() and window.main_actions.contacts.isEnabled()
    window.main_actions.seal.trigger()
    window.main_actions.contacts.trigger()
    kinds = sorted(type(d).__name__ for d in window._dialogs)
    assert kinds == [ContactsDialog.__name__, SealDialog.__name__]
    assert all(d.isVisible() for d in window._dialogs)
    window.release_session()  # on lock the dialogs holding the session close too
    assert window._dialogs == []


def test_the_inert_window_takes_the_next_session(qtbot, notary, make_window):
    window = make_window(notary.session)
    window.release_session()
    assert window.documents_pane.model.rowCount() == 0
    window.attach_session(notary.session)  # what the shell does at the next unlock
    qtbot.waitUntil(lambda: window.cases_pane.model.rowCount() == 5, timeout=WAIT_MS)
    wait_idle(qtbot, window)
    assert len(names(window)) == 6
    assert window.main_actions.import_files.isEnabled()


def test_notes_typed_before_a_lock_are_kept(qtbot, notary, make_window):
    window = make_window(notary.session)
    select_document(qtbot, window, "Testament.txt")
    qtbot.keyClicks(window.details_pane.notes, "Vu le 4 avril")
    window.release_session()
    assert notary.session.documents.get(notary.ids["testament"]).notes == "Vu le 4 avril"


def test_delete_key_in_the_cases_list_deletes_nothing(qtbot, notary, make_window, prompts):
    window = make_window(notary.session)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=WAIT_MS)
    select_document(qtbot, window, "Testament.txt")
    window.cases_pane.view.setFocus()
    qtbot.waitUntil(window.cases_pane.view.hasFocus, timeout=WAIT_MS)
    qtbot.keyClick(window.cases_pane.view, Qt.Key.Key_Delete)
    assert prompts.asked == []
    window.documents_pane.table.setFocus()
    qtbot.waitUntil(window.documents_pane.table.hasFocus, timeout=WAIT_MS)
    prompts.confirm_answer = False
    qtbot.keyClick(window.documents_pane.table, Qt.Key.Key_Delete)
    assert [kind for kind, _ in prompts.asked] == ["confirm"]
