"""Secret copies carry the "keep out of clipboard history" formats of every platform.

What reaches the clipboard is read back from the clipboard itself (offscreen platform), for the
shell's `copy_secret_text`, for a protected label's Ctrl+C and "Copy" menu, and for the labels of
the real dialogs that show secrets: the safety number, fingerprints, the TOTP key.
"""

from __future__ import annotations

import struct
from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QClipboard, QGuiApplication
from PySide6.QtWidgets import QLabel

from tests.ui.exchange_fixtures import (  # noqa: F401 - fixtures
    WAIT_MS,
    exchange_cards,
    jobs,
    prompts,
    recipient,
    sender,
    vault_root,
)
from ui.clipboard import (
    SECRET_HINTS,
    SecretClipboard,
    copy_secret_text,
    install,
    protect_copy,
)
from ui.contacts.safety_dialog import SafetyNumberDialog
from ui.wizard.pages_finish import TotpPage

WINDOWS = 'application/x-qt-windows-mime;value="{}"'


@pytest.fixture(autouse=True)
def shell_clipboard(qapp) -> Iterator[SecretClipboard]:
    """The shell's instance, as the controller installs it; gone before the application is."""
    clipboard = SecretClipboard(lambda: 30)
    install(clipboard)
    yield clipboard
    clipboard.clear_if_ours()
    install(None)
    clipboard.deleteLater()


def _assert_secret_copy(text: str) -> None:
    data = QGuiApplication.clipboard().mimeData(QClipboard.Mode.Clipboard)
    assert data.text() == text
    formats = set(data.formats())
    for mime, content in SECRET_HINTS.items():
        assert mime in formats, mime
        assert bytes(data.data(mime)) == content, mime


def test_the_hints_are_those_the_platforms_document() -> None:
    zero = struct.pack("<I", 0)
    assert SECRET_HINTS[WINDOWS.format("CanIncludeInClipboardHistory")] == zero
    assert SECRET_HINTS[WINDOWS.format("CanUploadToCloudClipboard")] == zero
    assert WINDOWS.format("ExcludeClipboardContentFromMonitorProcessing") in SECRET_HINTS
    assert SECRET_HINTS["x-kde-passwordManagerHint"] == b"secret"
    assert {"application/x-nspasteboard-concealed-type",
            "application/x-nspasteboard-transient-type"} <= SECRET_HINTS.keys()


def test_copy_secret_text_puts_the_hints_and_clearing_removes_everything(qtbot) -> None:
    clipboard = SecretClipboard(lambda: 30)
    clipboard.copy("123456-234567-345678")
    _assert_secret_copy("123456-234567-345678")
    assert clipboard.holds_ours
    assert clipboard.clear_if_ours()
    after = QGuiApplication.clipboard().mimeData(QClipboard.Mode.Clipboard)
    assert after is None or (after.text() == "" and not set(SECRET_HINTS) & set(after.formats()))


def test_a_protected_label_copies_its_selection_or_all_of_it_as_a_secret(qtbot) -> None:
    label = protect_copy(QLabel("1234 5678 9012"))
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                  | Qt.TextInteractionFlag.TextSelectableByKeyboard)
    qtbot.addWidget(label)
    label.show()
    label.setFocus()
    label.setSelection(5, 4)
    qtbot.keyClick(label, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    _assert_secret_copy("5678")
    [action] = [a for a in label.actions() if a.text().replace("&", "") == "Copy"]
    assert label.contextMenuPolicy() is Qt.ContextMenuPolicy.ActionsContextMenu
    label.setSelection(0, 0)
    action.trigger()
    _assert_secret_copy("1234 5678 9012")


@pytest.fixture
def safety(qtbot, sender, recipient, jobs, prompts) -> SafetyNumberDialog:  # noqa: F811
    karim, _ = exchange_cards(sender, recipient)
    dialog = SafetyNumberDialog(sender, jobs, karim, prompts=prompts)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.pair is not None, timeout=WAIT_MS)
    return dialog


def test_the_safety_number_is_copied_as_a_secret(qtbot, safety: SafetyNumberDialog) -> None:
    [action] = [a for a in safety.number.actions() if a.text().replace("&", "") == "Copy"]
    action.trigger()
    _assert_secret_copy(safety.number.text())
    copy_secret_text("something else")  # the shell's function: same formats
    _assert_secret_copy("something else")


def test_the_totp_key_shown_to_type_is_copied_as_a_secret(qtbot) -> None:
    page = TotpPage()
    qtbot.addWidget(page)
    page.set_uri("otpauth://totp/Scell%C3%A9:Coffre%2012345678"
                 "?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer=Scell%C3%A9")
    [action] = [a for a in page.manual.actions() if a.text().replace("&", "") == "Copy"]
    action.trigger()
    _assert_secret_copy(page.manual.text())
    assert "JBSW" in page.manual.text()
