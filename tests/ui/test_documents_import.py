"""Importing by drag and drop (files, folders, on the window or on a case), with progress and
Cancel in the status bar; a dropped sealed file opens the sealed-file dialog instead."""

from __future__ import annotations

import time
from pathlib import Path

from PySide6 import __version_info__ as PYSIDE_VERSION
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QWidget

from tests.ui.documents_fixtures import (  # noqa: F401  (fixtures)
    WAIT_MS,
    documents_root,
    make_pdf,
    make_png,
    make_window,
    names,
    notary,
    prompts,
    select_scope,
    wait_idle,
)
from ui.models.document_query import Scope


def drop(target: QWidget, paths: list[Path], pos: QPoint | None = None) -> None:
    """What the desktop does when files are dropped on `target`: enter, then drop."""
    mime = drag_enter(target, paths, pos)
    drop_entered(target, mime, pos)


def _mime(paths: list[Path]) -> QMimeData:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    return mime


def drag_enter(target: QWidget, paths: list[Path], pos: QPoint | None = None) -> QMimeData:
    """Files dragged over `target` (the drop hint shows); `drop_entered` drops them with the
    data returned, which must live until then (the window keeps the drag's data)."""
    point = pos if pos is not None else target.rect().center()
    mime = _mime(paths)
    args = (Qt.DropAction.CopyAction, mime, Qt.MouseButton.NoButton,
            Qt.KeyboardModifier.NoModifier)
    # 6.12 takes a QPointF, 6.11 a QPoint only. Chosen by version, not by catching the
    # TypeError: PySide builds that error's text by loading every signature of QtCore on the
    # GUI thread (30-50 ms), which the lag probe around a drop would then measure.
    where = QPointF(point) if PYSIDE_VERSION >= (6, 12) else point
    enter = QDragEnterEvent(where, *args)
    QApplication.sendEvent(target, enter)
    assert enter.isAccepted()
    return mime


def drop_entered(target: QWidget, mime: QMimeData, pos: QPoint | None = None) -> None:
    point = pos if pos is not None else target.rect().center()
    event = QDropEvent(QPointF(point), Qt.DropAction.CopyAction, mime,
                       Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(target, event)


def _files(tmp_path: Path) -> list[Path]:
    pdf = tmp_path / "Procuration.pdf"
    pdf.write_bytes(make_pdf(["Procuration pour la vente"]))
    png = tmp_path / "Photo du bien.png"
    png.write_bytes(make_png())
    return [pdf, png]


def test_dropped_files_land_in_the_selected_case_with_progress(qtbot, notary, make_window,
                                                               tmp_path, lag_probe):
    window = make_window(notary.session)
    dupuis = notary.ids["dupuis"]
    select_scope(qtbot, window, Scope.case(dupuis))
    seen: list[int] = []
    window.job_status.bar.valueChanged.connect(seen.append)
    files = _files(tmp_path)
    with lag_probe.measure("import"), \
            qtbot.waitSignal(window.ops.imported, timeout=WAIT_MS) as outcome:
        drop(window, files)
        assert window.job_status.busy and window.job_status.isVisible()
    assert len(outcome.args[0].imported) == 2
    assert max(seen) == 1000  # the bar went to the end (bytes done / bytes total)
    assert not window.job_status.isVisible()
    in_case = sorted(d.name for d in notary.session.documents.list(case_id=dupuis))
    assert in_case == ["Compromis de vente.docx", "Photo du bien.png", "Plan cadastral.png",
                       "Procuration.pdf"]
    qtbot.waitUntil(lambda: len(names(window)) == 4, timeout=WAIT_MS)
    assert "2 document(s) imported" in window.statusBar().currentMessage()


def test_dropped_folder_becomes_a_case_from_all_documents(qtbot, notary, make_window, tmp_path):
    window = make_window(notary.session)
    folder = tmp_path / "Donation Bernard"
    (folder / "pièces").mkdir(parents=True)
    (folder / "acte.txt").write_bytes(b"acte")
    (folder / "pi\u00e8ces" / "identit\u00e9.txt").write_bytes(b"id")
    with qtbot.waitSignal(window.ops.imported, timeout=WAIT_MS) as outcome:
        drop(window, [folder])
    summary = outcome.args[0]
    assert len(summary.imported) == 2 and len(summary.new_case_ids) == 1
    case = notary.session.cases.get(summary.new_case_ids[0])
    assert case.name == "Donation Bernard" and case.document_count == 2
    cases = window.cases_pane.model
    qtbot.waitUntil(lambda: cases.case(case.id) is not None, timeout=WAIT_MS)


def test_files_dropped_on_a_case_row_go_into_that_case(qtbot, notary, make_window, tmp_path):
    window = make_window(notary.session)
    martin = notary.ids["martin"]
    view = window.cases_pane.view
    row = window.cases_pane.model.row_of(Scope.case(martin))
    point = view.visualRect(window.cases_pane.model.index(row)).center()
    with qtbot.waitSignal(window.ops.imported, timeout=WAIT_MS):
        drop(view.viewport(), _files(tmp_path)[:1], point)
    assert "Procuration.pdf" in [d.name for d in notary.session.documents.list(case_id=martin)]


def test_cancelling_an_import_keeps_nothing(qtbot, notary, make_window, tmp_path, monkeypatch):
    window = make_window(notary.session)
    importer = notary.session.importer
    real = importer.import_file
    started: list[bool] = []

    def slow_import(path, *, case=None, progress=None, cancel=None, **kw):
        progress(1, 2)
        started.append(True)
        deadline = time.monotonic() + WAIT_MS / 1000
        while not cancel() and time.monotonic() < deadline:
            time.sleep(0.005)  # waits for the user's Cancel, not a timing assertion
        return real(path, case=case, progress=progress, cancel=cancel, **kw)

    monkeypatch.setattr(importer, "import_file", slow_import)
    before = notary.session.documents.count()
    with qtbot.waitSignal(window.ops.imported, timeout=WAIT_MS) as outcome:
        drop(window, _files(tmp_path))
        qtbot.waitUntil(lambda: bool(started), timeout=WAIT_MS)
        window.job_status.cancel.click()
    assert outcome.args[0].cancelled and outcome.args[0].imported == []
    assert notary.session.documents.count() == before
    assert "Import cancelled" in window.statusBar().currentMessage()


def test_a_dropped_sealed_file_opens_the_sealed_file_dialog(qtbot, notary, make_window,
                                                            tmp_path, monkeypatch):
    from PySide6.QtWidgets import QDialog

    opened: list[Path] = []

    class FakeOpenDialog(QDialog):
        def __init__(self, session, jobs, path, parent=None):
            super().__init__(parent)
            opened.append(Path(path))

    monkeypatch.setattr("ui.main_window.exchange_class",
                        lambda key: FakeOpenDialog if key == "open_sealed" else None)
    window = make_window(notary.session)
    sealed = tmp_path / "pli.scelle"
    sealed.write_bytes(b"age-encryption.org/v1\n")
    before = notary.session.documents.count()
    drop(window, [sealed])
    assert opened == [sealed]
    assert notary.session.documents.count() == before
    for dialog in window.findChildren(FakeOpenDialog):
        dialog.close()
