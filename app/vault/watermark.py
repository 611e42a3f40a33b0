"""What the viewer writes over every page of a view-only document.

A screenshot or a photograph of the screen cannot be prevented (docs/security.md); the watermark
makes such a copy name who looked at it: the vault holder's name and organisation (from their
identity card), the moment the document was opened for viewing, and the sealed message's id,
which the sender holds in their own records. The faces supply the words around the values in
their language (`WatermarkLabels`); which values, in which order and form, is decided here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from app.vault.consultation import view_only

if TYPE_CHECKING:
    from app.vault.session import VaultSession


@dataclass(frozen=True)
class WatermarkLabels:
    """Line templates; `{name}`, `{organisation}`, `{time}`, `{message}` are replaced."""

    holder: str = "View only: {name}, {organisation}"
    holder_alone: str = "View only: {name}"
    viewed: str = "Viewed on {time}"
    message: str = "Message {message}"


@dataclass(frozen=True)
class Watermark:
    name: str
    organisation: str
    viewed_at: datetime  # UTC
    message_id: str  # 32 hex digits

    @property
    def viewed_text(self) -> str:
        """Local time with its offset, to the second: readable, and unambiguous in a copy."""
        return self.viewed_at.astimezone().isoformat(sep=" ", timespec="seconds")

    @property
    def message_text(self) -> str:
        """The message id in groups of eight, as the sender's records show it."""
        return " ".join(self.message_id[i:i + 8] for i in range(0, len(self.message_id), 8))

    def lines(self, labels: WatermarkLabels = WatermarkLabels()) -> tuple[str, str, str]:
        holder = labels.holder if self.organisation else labels.holder_alone
        return (holder.format(name=self.name, organisation=self.organisation),
                labels.viewed.format(time=self.viewed_text),
                labels.message.format(message=self.message_text))


def watermark_for(session: VaultSession, document_id: int,
                  now: datetime | None = None) -> Watermark | None:
    """The watermark of a viewing starting now; None for a document that is not view-only."""
    session.documents.get(document_id)
    flag = view_only(session.store, document_id)
    if flag is None:
        return None
    card = session.identity.card
    moment = (now or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
    return Watermark(card.name, card.organisation, moment, flag.message_id)
