"""The open dialog with a file signed by other keys than a verified contact's, under that
contact's name (the wire-fraud case): the strongest warning, and no receiving without the
explicit "checked by telephone" choice."""

from __future__ import annotations

import io
from pathlib import Path

from PySide6.QtCore import Qt

from crypto.identity import PrivateIdentity
from crypto.sealed.writer import Letter, SourceFile, seal
from tests.ui.exchange_fixtures import (  # noqa: F401 - fixtures
    WAIT_MS,
    exchange_cards,
    jobs,
    prompts,
    recipient,
    sender,
    vault_root,
)
from tests.ui.test_exchange_open import _open, _verified_pair
from ui.exchange.message_view import IMPERSONATION


def _forged(recipient, out: Path) -> Path:  # type: ignore[no-untyped-def]
    """New keys on a card that says "Me Claire Dubois", "Étude Dubois"."""
    mallory = PrivateIdentity.generate("Me Claire Dubois", "Notaire", "Étude Dubois")
    with out.open("wb") as dst:
        seal(dst, mallory, [recipient.identity.card],
             [SourceFile("rib.pdf", 9, lambda: io.BytesIO(b"%PDF-1.4 "))],
             Letter(subject="Virement du prix — nouveau RIB"))
    return out


def test_open_dialog_flags_a_different_key_and_needs_the_explicit_choice(
        qtbot, sender, recipient, jobs, prompts, tmp_path: Path) -> None:
    _verified_pair(sender, recipient)
    path = _forged(recipient, tmp_path / "rib.scelle")
    before = recipient.documents.count()
    dialog = _open(qtbot, recipient, jobs, path, prompts)
    dialog.show()
    assert dialog.file is not None and dialog.file.sender_state == IMPERSONATION
    assert dialog.banner.kind == "danger" and dialog.banner.label.font().bold()
    text = dialog.banner.label.text()
    assert "Me Claire Dubois" in text and "same name and organisation" in text
    assert "telephone number you already know" in text
    assert dialog.accept_different_key.isVisible()
    clash = dialog.view.sender_clash
    assert clash.isVisible() and "NOT the keys of your contact Me Claire Dubois" in clash.text()
    assert not dialog.accept_unverified.isVisible()  # "unverified" is not enough here
    assert dialog.import_button.isVisible()
    dialog.cases.select_new("Vente Martin")
    assert not dialog.receive_button.isEnabled()
    assert not dialog.receive_button.isDefault()  # Enter never receives it
    assert dialog.start_receiving() is None
    dialog.accept_different_key.setChecked(True)
    assert dialog.receive_button.isEnabled()
    with qtbot.waitSignal(dialog.received, timeout=WAIT_MS) as got:
        qtbot.mouseClick(dialog.receive_button, Qt.MouseButton.LeftButton)
    message = got.args[0].message
    assert message.sender.contact_id is None and not message.sender.verified
    assert recipient.documents.count() == before + 1


def test_the_real_contact_gets_no_impersonation_warning(
        qtbot, sender, recipient, jobs, prompts, tmp_path: Path) -> None:
    karim, _ = _verified_pair(sender, recipient)
    from tests.ui.test_exchange_open import _sealed_file

    dialog = _open(qtbot, recipient, jobs, _sealed_file(sender, karim, tmp_path / "ok.scelle"),
                   prompts)
    assert dialog.file is not None and dialog.file.sender_state != IMPERSONATION
    assert not dialog.accept_different_key.isVisibleTo(dialog)
    assert not dialog.view.sender_clash.isVisibleTo(dialog)
    assert dialog.banner.kind == "success"
    assert dialog.receive_button.isDefault()
