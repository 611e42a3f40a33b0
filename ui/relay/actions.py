"""The relay calls the panel runs on a worker thread (each takes `progress`/`cancel`)."""

from __future__ import annotations

from typing import Any

from app.relay_client import InboxItem, RelayService, SyncReport
from ui.exchange.case_picker import CaseChoice


def sync(service: RelayService, *, progress: Any = None, cancel: Any = None) -> SyncReport:
    """Upload the outbox, receive the inbox, collect receipts and proofs; then fetch the
    requests from outside (app/intake), which wait for the member's decision."""
    from app.intake.service import IntakeService, sync_all

    def report(_what: str, done: int, total: int) -> None:
        if progress is not None:
            progress(done, total)

    relayed, intake = sync_all(service, IntakeService(service.session), progress=report,
                               cancel=cancel)
    relayed.errors += intake.errors
    return relayed


def receive(service: RelayService, envelope_id: str, choice: CaseChoice,
            accept_key_mismatch: bool = False, *, progress: Any = None,
            cancel: Any = None) -> InboxItem:
    """Receive a held (or downloaded) envelope into the chosen case, created first if new.
    `accept_key_mismatch`: the user's explicit choice for other keys under a contact's name."""
    case_id = choice.case_id
    if case_id is None and choice.new_name:
        case_id = service.session.cases.create(choice.new_name).id
    return service.accept(envelope_id, case_id=case_id, accept_key_mismatch=accept_key_mismatch)


def refuse(service: RelayService, envelope_id: str, *, progress: Any = None,
           cancel: Any = None) -> InboxItem:
    return service.refuse(envelope_id)
