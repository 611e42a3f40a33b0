"""Qt's own dialogs in French: the widget-based file dialog (used where the desktop offers no
native one, as in the packaged application) says "Voir dans", "Fichiers de type", shows sizes
as the rest of the interface ("1,2 Mo") and dates in the interface's locale; the wizard's
buttons are French."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QAbstractButton, QFileDialog, QLabel, QTreeView, QWizard

from tests.ui.french_checks import french  # noqa: F401  (fixture)

# Qt's English labels of the file dialog: none may be left once French is installed.
ENGLISH = {"&Look in:", "Look in:", "Files of &type:", "Files of type:", "File &name:",
           "&Open", "Cancel", "&Choose", "&Save"}


def _file_dialog(qtbot, folder: Path) -> QFileDialog:
    dialog = QFileDialog(None, "Choisir", str(folder))
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    dialog.setViewMode(QFileDialog.ViewMode.Detail)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_file_dialog_labels_are_french(french, qtbot, tmp_path) -> None:
    dialog = _file_dialog(qtbot, tmp_path)
    labels = {label.text() for label in dialog.findChildren(QLabel)}
    assert {"&Voir dans\u00a0:", "&Nom de fichier\u00a0:", "Fichiers de &type\u00a0:"} <= labels
    buttons = {b.text() for b in dialog.findChildren(QAbstractButton) if b.text()}
    assert "&Ouvrir" in buttons and "Annuler" in buttons
    assert not (labels | buttons) & ENGLISH


def test_file_dialog_sizes_and_dates_as_the_interface(french, qtbot, tmp_path) -> None:
    (tmp_path / "acte.pdf").write_bytes(b"x" * 1_234_567)
    (tmp_path / "sous-dossier").mkdir()
    dialog = _file_dialog(qtbot, tmp_path)
    view = next(v for v in dialog.findChildren(QTreeView) if v.isVisibleTo(dialog))

    def row(name: str) -> list[str] | None:
        # The interface's formats come once the dialog has the focus, as it opens.
        model, root = view.model(), view.rootIndex()
        for r in range(model.rowCount(root)):
            cells = [model.index(r, c, root).data() for c in range(4)]
            if cells[0] == name:
                return cells
        return None

    qtbot.waitUntil(lambda: row("acte.pdf") is not None and row("sous-dossier") is not None)
    name, size, _, modified = row("acte.pdf")  # type: ignore[misc]
    assert size.replace("\u00a0", " ") == "1,2 Mo"
    assert modified.count("/") == 2  # "05/12/2026 18:20", whatever the session's locale
    assert row("sous-dossier")[1] == ""  # type: ignore[index]  # folders have no size
    assert view.model().headerData(1, Qt.Orientation.Horizontal) == "Taille"


def test_wizard_buttons_are_french_and_back_leaves_alt_p_free(french, qtbot) -> None:
    wizard = QWizard()
    qtbot.addWidget(wizard)
    assert wizard.buttonText(QWizard.WizardButton.NextButton) == "&Suivant >"
    assert wizard.buttonText(QWizard.WizardButton.BackButton) == "< Pr&écédent"
    assert QCoreApplication.translate("QWizard", "&Finish") == "&Terminer"


def test_the_interface_size_formatter_is_decimal_ko_mo_go(french) -> None:
    from ui.common.formatting import format_size

    shown = [format_size(n).replace("\u00a0", " ")
             for n in (1, 999, 1000, 1_234_567, 999_950, 123_456_789, 5 * 10**12)]
    assert shown == ["1 octet", "999 octets", "1,0 Ko", "1,2 Mo", "1,0 Mo", "123 Mo", "5,0 To"]
