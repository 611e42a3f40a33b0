"""Contacts import through the core sender rule (app/vault/sender_check.py): other keys under
a contact's organisation ask first, with the harmless answer as default; a new person does not."""

from __future__ import annotations

from pathlib import Path

from crypto.identity import PrivateIdentity
from tests.ui.exchange_fixtures import (  # noqa: F401 - fixtures
    WAIT_MS,
    exchange_cards,
    jobs,
    prompts,
    recipient,
    sender,
    vault_root,
)
from tests.ui.test_contacts_dialog import _dialog


def _card(folder: Path, name: str, organisation: str) -> Path:
    path = folder / f"{len(list(folder.iterdir()))}.json"
    path.write_bytes(PrivateIdentity.generate(name, "", organisation).card.to_bytes())
    return path


def _settle(qtbot, dialog, jobs, loads: int) -> None:  # type: ignore[no-untyped-def]
    """The import is over and the list reloaded, no job left to run once the vault locks."""
    qtbot.waitUntil(lambda: dialog.loads > loads and not dialog.importer.busy
                    and not jobs.busy, timeout=WAIT_MS)


def test_same_organisation_other_keys_is_asked_and_can_be_declined(
        qtbot, sender, recipient, jobs, prompts, tmp_path: Path) -> None:
    exchange_cards(sender, recipient)  # Me Karim Benali, Barreau de Lyon
    dialog = _dialog(qtbot, sender, jobs, prompts)
    prompts.confirm_answers.append(False)
    dialog.import_paths([_card(tmp_path, "Service comptable", "BARREAU DE LYON")])
    qtbot.waitUntil(lambda: prompts.asked == ["confirm:Same organisation, other keys"]
                    and not dialog.importer.busy, timeout=WAIT_MS)
    assert len(sender.contacts.list()) == 1  # declined: nothing imported
    prompts.confirm_answers.append(True)
    loads = dialog.loads
    dialog.import_paths([_card(tmp_path, "Service comptable", "Barreau de Lyon")])
    _settle(qtbot, dialog, jobs, loads)
    assert len(sender.contacts.list()) == 2


def test_a_new_person_is_imported_without_a_question(
        qtbot, sender, recipient, jobs, prompts, tmp_path: Path) -> None:
    exchange_cards(sender, recipient)
    dialog = _dialog(qtbot, sender, jobs, prompts)
    loads = dialog.loads
    dialog.import_paths([_card(tmp_path, "Me Élise Roux", "Étude Roux")])
    _settle(qtbot, dialog, jobs, loads)
    assert len(sender.contacts.list()) == 2
    assert prompts.asked == []
