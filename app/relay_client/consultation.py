"""Consultation ends seen from the relay: the `destroyed` receipt, and the sender's rule.

Recipient side (each sync): the vault first destroys the view-only documents whose consultation
end has passed (app/vault/consultation.py), then, for every message so destroyed that came
through the relay, a `destroyed` receipt is signed with the holder's identity, kept at once and
posted (posted again by later syncs while offline), once per envelope. The envelope is found by
our own `opened` receipt, which names the message id: forgetting the message record later does
not lose the link.

Sender side: the receipt can only reach the sender while the relay keeps the envelope, so a
consultation end sent through the relay must fall within the envelope's availability
(`check_within_availability`).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from app.relay_client.context import Context
from app.relay_client.errors import EnvelopeNotFound, RelayClientError
from crypto.proofs import sign_receipt
from crypto.sealed.codec import format_time


def check_within_availability(consult_until: datetime | None, availability_days: int,
                              now: datetime) -> None:
    """Refuse a consultation end later than the envelope's stay on the relay."""
    if consult_until is None:
        return
    leaves = now + timedelta(days=availability_days)
    if consult_until > leaves:
        raise RelayClientError(
            f"The consultation end ({format_time(consult_until)}) comes after the envelope "
            f"leaves the relay ({format_time(leaves.replace(microsecond=0))}): the receipt "
            "saying the documents were destroyed could not reach you. Choose an earlier end "
            "or a longer availability (at most 30 days).")


def enforce_and_sign(ctx: Context) -> int:
    """Destroy what is due, then sign a `destroyed` receipt for each relayed message destroyed
    and not yet answered so; returns how many were signed (posted by `post_pending`)."""
    session = ctx.session
    session.consultations.enforce(ctx.now_datetime())
    ended = {e.message_id for e in session.consultations.ended()}
    if not ended:
        return 0
    state, own = ctx.state, session.identity.card.fingerprint_hex
    opened: dict[str, str] = {}  # envelope id -> message id, from our own `opened` receipts
    destroyed: set[str] = set()
    for stored in state.proofs():
        if stored.direction != "received" or stored.kind != "receipt" or stored.party != own:
            continue
        if stored.event == "opened":
            opened[stored.envelope_id] = str(stored.proof.statement.get("message_id"))
        elif stored.event == "destroyed":
            destroyed.add(stored.envelope_id)
    signed = 0
    for envelope_id, message_id in opened.items():
        if message_id not in ended or envelope_id in destroyed:
            continue
        try:
            item = state.inbox_item(envelope_id)
        except EnvelopeNotFound:
            continue  # forgotten locally: nothing to name the receipt by
        proof = sign_receipt(session.identity, event="destroyed", content_digest=item.sha256,
                             message_id=message_id, envelope_id=envelope_id,
                             time=ctx.now_datetime())
        state.add_proof(envelope_id, "received", proof, posted=False)
        signed += 1
    return signed
