"""The open dialog's file list and preview, with real sealed files made by a real vault: every
row visible at the default size, previews of a PDF, an image and a text made from memory (no
file appears anywhere), the message for other types, "preview impossible" for damaged or
oversized files, and the plaintext wiped when the dialog closes."""

from __future__ import annotations

import os
import struct
import tempfile
import zlib
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale, QSize

from app.vault import VaultSession
from tests.ui.documents_fixtures import make_pdf, make_png
from tests.ui.exchange_fixtures import (  # noqa: F401 - fixtures
    WAIT_MS,
    FakePrompts,
    add_document,
    exchange_cards,
    jobs,
    prompts,
    recipient,
    sender,
    vault_root,
)
from ui.exchange import preview_memory
from ui.exchange.open_dialog import OpenSealedDialog, default_size
from ui.workers import JobQueue

CANARY = "clause-de-preciput-7431"  # a word found only inside the sealed text file


def _png_claiming(width: int, height: int) -> bytes:
    """A tiny PNG whose header announces `width` × `height` pixels."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(b"\0" * 64)) + chunk(b"IEND", b""))


def _seal(sender: VaultSession, recipient: VaultSession, out: Path,
          files: list[tuple[str, bytes]]) -> Path:
    at_sender, _ = exchange_cards(sender, recipient)
    sender.contacts.verify_safety_number(at_sender, sender.contacts.safety_number(at_sender))
    ids = [add_document(sender, name, data) for name, data in files]
    sender.seal_documents(ids, [at_sender], out, subject="Succession Martin")
    return out


def _open(qtbot, session: VaultSession, jobs: JobQueue, path: Path,
          prompts: FakePrompts) -> OpenSealedDialog:
    dialog = OpenSealedDialog(session, jobs, path, prompts=prompts)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: not dialog.busy and dialog.file is not None, timeout=WAIT_MS)
    return dialog


def _preview(qtbot, dialog: OpenSealedDialog, row: int):
    pane = dialog.view.preview
    dialog.view.files_view.selectRow(row)
    qtbot.waitUntil(lambda: pane.shown is not None and not pane.busy, timeout=WAIT_MS)
    return pane.shown


def five_files() -> list[tuple[str, bytes]]:
    """A usual message: a PDF, an image, a text, a Word file, a table (needs the QApplication)."""
    return [
    ("Acte de notoriété.pdf", make_pdf(["Acte de notoriété, page un.", "Page deux."])),
    ("Plan cadastral.png", make_png(400, 300)),
    ("Note au dossier.txt", f"Rappel : {CANARY}, à vérifier.\n".encode()),
    ("Procuration.docx", b"PK\x03\x04 not really a Word file" * 20),
    ("Relevé.csv", b"date;montant\n2026-11-02;1200\n"),
    ]


def _all_rows_visible(dialog: OpenSealedDialog) -> bool:
    view = dialog.view.files_view
    height = view.viewport().height()
    rows = dialog.view.files.rowCount()
    return rows > 0 and all(
        0 <= view.visualRect(dialog.view.files.index(r, 0)).top()
        and view.visualRect(dialog.view.files.index(r, 0)).bottom() < height
        for r in range(rows)) and view.verticalScrollBar().maximum() == 0 \
        and _inside_dialog(dialog, view)


def _inside_dialog(dialog: OpenSealedDialog, widget) -> bool:
    """Not cut by the dialog's edges (nor hidden in a scrolled area)."""
    top_left = widget.mapTo(dialog, widget.rect().topLeft())
    return (widget.isVisible() and dialog.rect().contains(top_left)
            and dialog.rect().contains(top_left + widget.rect().bottomRight()))


def test_the_five_files_are_listed_without_scrolling(qtbot, sender, recipient, jobs, prompts,
                                                     tmp_path: Path) -> None:
    out = _seal(sender, recipient, tmp_path / "pli.scelle", five_files())
    dialog = _open(qtbot, recipient, jobs, out, prompts)
    assert dialog.view.files.rowCount() == 5
    qtbot.waitUntil(lambda: _all_rows_visible(dialog), timeout=WAIT_MS)  # the default size
    # The size the dialog takes on a 1366×768 screen (less a 40-pixel panel).
    on_laptop = default_size(QSize(1366, 728))
    assert on_laptop.width() <= 1366 and on_laptop.height() <= 728 - 40
    dialog.resize(on_laptop)
    qtbot.waitUntil(lambda: dialog.size() == on_laptop, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: _all_rows_visible(dialog), timeout=WAIT_MS)
    assert dialog.view.preview.height() > 150  # and the preview keeps room beside the list


def _files_under(folder: Path) -> set[Path]:
    found: set[Path] = set()
    for root, _dirs, files in os.walk(folder):
        found.update(Path(root) / f for f in files)
    return found


def test_previews_are_made_from_memory(qtbot, sender, recipient, jobs, prompts, tmp_path: Path,
                                       monkeypatch) -> None:
    out = _seal(sender, recipient, tmp_path / "pli.scelle", five_files())
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    monkeypatch.setenv("TMPDIR", str(scratch))
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    dialog = _open(qtbot, recipient, jobs, out, prompts)
    pane = dialog.view.preview
    # Nothing is previewed before the user selects a file.
    assert pane.shown is None and pane.pages.currentWidget() is pane.placeholder
    watched = [scratch, tmp_path / "recipient"] + [
        Path(os.environ[v]) for v in ("XDG_CACHE_HOME", "XDG_DATA_HOME", "XDG_RUNTIME_DIR")
        if os.environ.get(v)]
    before = set().union(*(_files_under(f) for f in watched if f.is_dir()))

    pdf = _preview(qtbot, dialog, 0)
    assert pdf.image is not None and not pdf.image.isNull() and pdf.note == "Page 1 of 2"
    assert pane.pages.currentWidget() is pane.picture and not pane.picture.pixmap().isNull()
    image = _preview(qtbot, dialog, 1)
    assert image.image is not None and image.image.width() > 0 and image.message == ""
    text = _preview(qtbot, dialog, 2)
    assert CANARY in text.text and pane.text.toPlainText() == text.text
    assert pane.pages.currentWidget() is pane.text and pane.text.isReadOnly()
    csv = _preview(qtbot, dialog, 4)
    assert csv.text.startswith("date;montant")

    after = set().union(*(_files_under(f) for f in watched if f.is_dir()))
    assert not {p for p in after - before if (tmp_path / "recipient") in p.parents}
    for path in after - before:  # other programs may write there: none holds our text
        try:
            assert CANARY.encode() not in path.read_bytes(), path
        except OSError:
            continue
    assert not _files_under(scratch)


def test_other_types_say_there_is_no_preview(qtbot, sender, recipient, jobs, prompts,
                                             tmp_path: Path) -> None:
    out = _seal(sender, recipient, tmp_path / "pli.scelle", five_files())
    dialog = _open(qtbot, recipient, jobs, out, prompts)
    shown = _preview(qtbot, dialog, 3)
    assert shown.image is None and shown.text is None
    assert shown.message.startswith("No preview for this type of file (")
    assert dialog.view.files.index(3, 2).data() in shown.message  # its type, as in the list
    assert dialog.view.files.index(3, 1).data() in shown.message  # and its size
    assert dialog.view.preview.message.text() == shown.message
    assert dialog.file.contents.get(3).data == bytearray()  # nothing of it was kept


def test_damaged_and_oversized_files_say_preview_impossible(qtbot, sender, recipient, jobs,
                                                            prompts, tmp_path: Path,
                                                            monkeypatch) -> None:
    pdf = make_pdf(["Une page."])
    png = make_png(400, 300)
    limit = max(len(pdf), len(png)) + 100
    monkeypatch.setattr(preview_memory, "MAX_FILE_BYTES", limit)  # "large" for this test
    out = _seal(sender, recipient, tmp_path / "pli.scelle", [
        ("Tronqué.pdf", pdf[:len(pdf) // 2]),
        ("Tronquée.png", png[:len(png) // 2]),
        ("Illisible.jpg", os.urandom(2048)),
        ("Immense.png", _png_claiming(20000, 20000)),
        ("Trop gros.pdf", pdf + b"\n%" + b"x" * limit),
    ])
    dialog = _open(qtbot, recipient, jobs, out, prompts)
    damaged = ("Preview impossible: the image is damaged or incomplete, or its format is not "
               "supported.")
    expected = {
        "Tronqué.pdf": "Preview impossible: the PDF is damaged or incomplete.",
        "Tronquée.png": damaged,
        "Illisible.jpg": damaged,
        "Immense.png": "Preview impossible: this image is too large ({n} × {n} pixels).".format(
            n=QLocale().toString(20000)),
        "Trop gros.pdf": "Preview impossible: this file is too large for a preview (",
    }
    files = dialog.view.files
    rows = {files.index(r, 0).data(): r for r in range(files.rowCount())}
    for name, sentence in expected.items():
        shown = _preview(qtbot, dialog, rows[name])
        assert shown.image is None and shown.text is None
        assert shown.message.startswith(sentence), (name, shown.message)
        assert dialog.view.preview.message.text() == shown.message
    assert dialog.file.contents.get(rows["Trop gros.pdf"]).data == bytearray()  # never held
    assert dialog.isVisible()


def test_the_plaintext_is_wiped_when_the_dialog_closes(qtbot, sender, recipient, jobs, prompts,
                                                       tmp_path: Path) -> None:
    out = _seal(sender, recipient, tmp_path / "pli.scelle", five_files())
    dialog = _open(qtbot, recipient, jobs, out, prompts)
    _preview(qtbot, dialog, 2)
    contents = dialog.file.contents
    held = [contents.get(i) for i in range(5)]
    assert CANARY.encode() in held[2].data and contents.total > 0
    dialog.reject()
    assert contents.total == 0 and contents.get(2) is None
    assert all(not any(h.data) for h in held)  # overwritten with zeros, not just dropped


@pytest.mark.parametrize("size", [preview_memory.MAX_TEXT_BYTES + 5000])
def test_a_long_text_shows_its_beginning(qtbot, sender, recipient, jobs, prompts,
                                         tmp_path: Path, size: int) -> None:
    out = _seal(sender, recipient, tmp_path / "pli.scelle",
                [("Journal.txt", (CANARY + "\n").encode() + b"a" * size)])
    dialog = _open(qtbot, recipient, jobs, out, prompts)
    shown = _preview(qtbot, dialog, 0)
    assert shown.text.startswith(CANARY)
    assert len(shown.text) == preview_memory.MAX_TEXT_BYTES
    assert shown.note.startswith("Beginning of the text only (")
    assert dialog.view.preview.note.isVisible()


def test_the_memory_budget_holds_for_many_files(qtbot, sender, recipient, jobs, prompts,
                                                tmp_path: Path, monkeypatch) -> None:
    text = b"Ligne de texte.\n" * 40  # 640 bytes each
    monkeypatch.setattr(preview_memory, "MAX_TOTAL_BYTES", 2000)  # room for three of them
    out = _seal(sender, recipient, tmp_path / "pli.scelle",
                [(f"Note {i}.txt", text) for i in range(5)])
    dialog = _open(qtbot, recipient, jobs, out, prompts)
    assert dialog.file.contents.total == 3 * len(text)
    assert _preview(qtbot, dialog, 2).text.startswith("Ligne de texte.")
    assert _preview(qtbot, dialog, 3).message.startswith(
        "Preview impossible: this file is too large for a preview (")


def test_the_keyboard_reaches_the_preview(qtbot, sender, recipient, jobs, prompts,
                                          tmp_path: Path) -> None:
    from PySide6.QtCore import Qt

    out = _seal(sender, recipient, tmp_path / "pli.scelle", five_files())
    dialog = _open(qtbot, recipient, jobs, out, prompts)
    view = dialog.view.files_view
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Down)
    qtbot.keyClick(view, Qt.Key.Key_Down)
    pane = dialog.view.preview
    qtbot.waitUntil(lambda: pane.shown is not None and not pane.busy, timeout=WAIT_MS)
    assert pane.shown.image is not None or pane.shown.text is not None
