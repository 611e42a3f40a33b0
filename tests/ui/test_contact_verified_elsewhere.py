"""No stale "not verified" banner: once a contact is verified in the safety-number dialog
(from the address book or anywhere else), an open dialog already showing a file from them
checks it again and says "verified"."""

from __future__ import annotations

from pathlib import Path

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
from ui.contacts.safety_dialog import SafetyNumberDialog
from ui.exchange.message_view import UNVERIFIED, VERIFIED
from ui.exchange.open_dialog import OpenSealedDialog


def test_open_dialog_follows_a_verification_made_elsewhere(qtbot, sender, recipient, jobs,
                                                           prompts, tmp_path: Path) -> None:
    karim, claire = exchange_cards(sender, recipient)
    sender.contacts.verify_safety_number(karim, sender.contacts.safety_number(karim))
    doc = add_document(sender, "acte.pdf", b"%PDF-1.4 acte" * 50)
    out = tmp_path / "pli.scelle"
    sender.seal_documents([doc], [karim], out, subject="Acte de vente")

    dialog = OpenSealedDialog(recipient, jobs, out, prompts=prompts)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: not dialog.busy and dialog.file is not None, timeout=WAIT_MS)
    assert dialog.file.sender_state == UNVERIFIED and dialog.banner.kind == "warning"

    # The address book's safety-number dialog, not the open dialog's own.
    safety = SafetyNumberDialog(recipient, jobs, claire, None, prompts=prompts)
    qtbot.addWidget(safety)
    qtbot.waitUntil(lambda: safety.match_button.isEnabled(), timeout=WAIT_MS)
    safety.mark_verified()
    qtbot.waitUntil(lambda: dialog.file is not None and not dialog.busy
                    and dialog.file.sender_state == VERIFIED, timeout=WAIT_MS)
    assert dialog.banner.kind == "success"
    assert not dialog.verify_button.isVisibleTo(dialog)


def test_relay_inbox_reloads_when_a_contact_is_verified(qtbot, recipient, jobs,
                                                        prompts) -> None:
    from app.relay_client import RelayService
    from ui.common.contact_events import contact_events
    from ui.relay.panel import RelayPanel

    panel = RelayPanel(recipient, jobs, service=RelayService(recipient), prompts=prompts)
    qtbot.addWidget(panel)
    qtbot.waitUntil(lambda: panel.snapshot is not None, timeout=WAIT_MS)
    before = panel.snapshot
    contact_events().verified.emit(1)
    qtbot.waitUntil(lambda: panel.snapshot is not before, timeout=WAIT_MS)
