"""The background work of the open dialog: checking a sealed file, receiving it into a case.

The check keeps the files' plaintext in memory for the preview (preview_memory.py).

Both run on a worker thread (ui/workers.py injects `progress` and `cancel`).
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QCoreApplication

from app.vault import ReceivedMessage, VaultSession, VerifiedMessage
from app.vault.sender_check import SenderKind
from ui.common.widgets import short_fingerprint_text
from ui.exchange.case_picker import CaseChoice
from ui.exchange.message_view import (
    IMPERSONATION,
    KEY_CHANGED,
    OWN,
    UNKNOWN,
    UNVERIFIED,
    VERIFIED,
    CheckedFile,
)
from ui.exchange.preview_memory import MemoryFiles


def check_file(session: VaultSession, path: Path, *, progress=None,  # type: ignore[no-untyped-def]
               cancel=None) -> CheckedFile:
    """Every check of a receive, writing nothing; says how the sender stands with us.

    The file is checked once, accepting an unknown or key-changed sender, and other keys under
    a contact's name: such a file is shown with a warning and is received only if the user
    accepts it explicitly (the receive then passes `accept_unverified`, or
    `accept_key_mismatch`). A former key of a contact is still refused outright.
    """
    contents = MemoryFiles()  # the preview's copy of the files, in memory only
    try:
        message = session.verify_sealed(path, accept_unverified=True, accept_key_mismatch=True,
                                        progress=progress, cancel=cancel, sinks=contents.sink)
        return _checked(session, message, contents)
    except BaseException:
        contents.wipe()  # a refused file's plaintext is never shown, nor kept
        raise


def _checked(session: VaultSession, message: VerifiedMessage,
             contents: MemoryFiles) -> CheckedFile:
    contacts = session.contacts
    contact = None
    check = message.sender.check
    if message.sender.own:
        state = OWN
    elif check is not None and check.kind is SenderKind.IMPERSONATION:
        state = IMPERSONATION
    elif message.sender.contact_id is None:
        state = UNKNOWN
    else:
        contact = contacts.get(message.sender.contact_id)
        state = (KEY_CHANGED if contact.key_changed
                 else VERIFIED if contact.verified else UNVERIFIED)
    mine = session.identity.fingerprint
    names = []
    for fingerprint in message.metadata.recipients:
        if fingerprint == mine:
            names.append(QCoreApplication.translate("OpenSealedDialog", "You"))
            continue
        known = contacts.by_fingerprint(fingerprint)
        names.append(known.name if known is not None else QCoreApplication.translate(
            "OpenSealedDialog", "Not among your contacts ({fingerprint})").format(
                fingerprint=short_fingerprint_text(fingerprint)))
    return CheckedFile(message, state, contact, tuple(names), contents)


@dataclass(frozen=True)
class Received:
    message: ReceivedMessage
    case_name: str | None
    document_names: tuple[str, ...]


def receive_file(  # type: ignore[no-untyped-def]
        session: VaultSession, path: Path, choice: CaseChoice, accept: bool,
        accept_key_mismatch: bool = False, *, progress=None, cancel=None) -> Received:
    """Create the new case if asked, receive into it; an unused new case is removed again."""
    created = None
    case_id = choice.case_id
    if choice.new_name:
        created = session.cases.create(choice.new_name)
        case_id = created.id
    try:
        got = session.receive_sealed(path, case_id=case_id, accept_unverified=accept,
                                     accept_key_mismatch=accept_key_mismatch,
                                     progress=progress, cancel=cancel)
    except BaseException:
        if created is not None:
            # Still empty: nothing was received into it. (If the vault was locked meanwhile
            # the case stays, empty; the original error is the one to report.)
            with contextlib.suppress(Exception):
                session.cases.delete(created.id)
        raise
    case_name = session.cases.get(case_id).name if case_id is not None else None
    names = tuple(session.documents.get(i).name for i in got.document_ids)
    return Received(got, case_name, names)
