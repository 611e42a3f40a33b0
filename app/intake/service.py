"""`IntakeService`: requests from outside for one open vault, as the CLI and the GUI call it.

`sync` lists the intake envelopes of the vault holder's inbox, downloads the new ones (with
their proofs) and expires those gone; the faces call it right after `RelayService.sync`
(`sync_all`). A request is received into the vault only when the member asks (`receive`, into
the case they choose): it comes from someone nobody authenticated. `reply` answers one.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from app.intake import inbox, receive, reply
from app.intake.state import WAITING, IntakeItem, IntakeState, ReplyRecord
from app.relay_client.context import Cancel, Context
from app.relay_client.errors import RelayClientError, RelayUnreachable, TransferCancelled
from app.relay_client.service import RelayService, SyncProgress, SyncReport
from app.vault.session import VaultSession


@dataclass
class IntakeSyncReport:
    listed: list[str] = field(default_factory=list)  # envelope ids newly listed
    waiting: list[str] = field(default_factory=list)  # downloaded, to be received
    expired: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # one line each, ids only


class IntakeService:
    """Thread-safe: one intake operation at a time."""

    def __init__(self, session: VaultSession, *, clock: Callable[[], float] = time.time) -> None:
        self.session = session
        self._ctx = Context(session, clock)
        self._lock = threading.Lock()

    @property
    def state(self) -> IntakeState:
        return IntakeState(self.session.store.db, self.session.vault_dir)

    def close(self) -> None:
        self._ctx.close()

    def sync(self, *, progress: SyncProgress | None = None,
             cancel: Cancel | None = None) -> IntakeSyncReport:
        report = IntakeSyncReport()
        with self._lock, self.session.guard(cancel) as stop:
            self._ctx.state.require_account()
            report.listed, report.expired = inbox.list_intake(self._ctx, self.state)
            for item in self.state.items(("listed",)):
                try:
                    inbox.download(self._ctx, self.state, item, _bytes(progress), stop)
                except (RelayUnreachable, TransferCancelled):
                    raise
                except RelayClientError as exc:
                    report.errors.append(f"request {item.envelope_id}: {exc}")
            report.waiting = [i.envelope_id for i in self.state.items(("downloaded",))]
        return report

    def items(self, states: tuple[str, ...] | None = None) -> list[IntakeItem]:
        return list(reversed(self.state.items(states)))

    def waiting(self) -> list[IntakeItem]:
        return self.items(WAITING)

    def item(self, envelope_id: str) -> IntakeItem:
        return self.state.get(envelope_id)

    def receive(self, envelope_id: str, *, case_id: int | None = None,
                cancel: Cancel | None = None) -> IntakeItem:
        """Download it if needed, then receive it into the vault (into `case_id`)."""
        with self._lock:
            item = self.state.get(envelope_id)
            if item.state == "listed":
                with self.session.guard(cancel) as stop:
                    item = inbox.download(self._ctx, self.state, item, None, stop)
            return receive.receive(self._ctx, self.state, item, case_id=case_id, cancel=cancel)

    def check_reply(self, envelope_id: str, draft: reply.ReplyDraft) -> None:
        reply.check_draft(self.state.get(envelope_id), draft)

    def reply(self, envelope_id: str, draft: reply.ReplyDraft, *,
              cancel: Cancel | None = None) -> reply.SentReply:
        with self._lock:
            return reply.reply(self._ctx, self.state, self.state.get(envelope_id), draft,
                               cancel=cancel)

    def replies(self, envelope_id: str) -> list[ReplyRecord]:
        return self.state.replies(envelope_id)


def sync_all(relay: RelayService, intake: IntakeService, *, accept_unverified: bool = False,
             progress: SyncProgress | None = None,
             cancel: Cancel | None = None) -> tuple[SyncReport, IntakeSyncReport]:
    """A relay sync, then the intake envelopes (skipped when the relay was unreachable)."""
    report = relay.sync(accept_unverified=accept_unverified, progress=progress, cancel=cancel)
    if report.offline:
        return report, IntakeSyncReport()
    try:
        return report, intake.sync(progress=progress, cancel=cancel)
    except RelayUnreachable as exc:
        report.offline = True
        report.errors.append(str(exc))
        return report, IntakeSyncReport()


def _bytes(progress: SyncProgress | None) -> Callable[[int, int], None] | None:
    if progress is None:
        return None
    return lambda done, total: progress("download", done, total or 0)
