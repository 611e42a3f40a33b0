"""Receipts and proofs moving between the relay and the vault.

Recipient side: after the vault accepted (or rejected) a sealed file, a receipt is signed with
the holder's identity (`opened` or `refused`, crypto/proofs.py), kept at once, then posted; one
that could not be posted (offline) is posted by a later sync. The deposit proof and our own
delivery proof are fetched when the download completes.

Sender side: `collect_sent` fetches, for every deposited envelope still on the relay, the
delivery proofs the relay signed and the receipts recipients posted, checks each (signer, bytes,
envelope, recipient) and keeps the new ones, with the timestamp tokens the relay obtained for
them (app/relay_client/stamps.py). Every sync collects while the envelope is available; the
relay keeps the proofs a while longer (docs/relay.md, "Proofs: timestamps and retention"), and
`stamps.collect_received` goes on fetching late tokens for a week after, for both sides.
"""

from __future__ import annotations

from typing import Any

from app.relay_client import proofs, stamps
from app.relay_client.context import Context
from app.relay_client.errors import ProofRejected, RelayClientError, RelayRefused
from app.relay_client.outbox import expected
from app.relay_client.state import InboxItem
from crypto.proofs import Proof, sign_receipt


def sign_and_post(ctx: Context, item: InboxItem, event: str, message_id: str | None) -> Proof:
    proof = sign_receipt(ctx.session.identity, event=event, content_digest=item.sha256,
                         message_id=message_id, envelope_id=item.envelope_id,
                         time=ctx.now_datetime())
    ctx.state.add_proof(item.envelope_id, "received", proof, posted=False)
    try:
        post_pending(ctx)
    except RelayClientError:
        pass  # kept; the next sync posts it
    return proof


def post_pending(ctx: Context) -> int:
    """Post our receipts not yet accepted by the relay; returns how many were settled."""
    state, settled = ctx.state, 0
    for stored in state.proofs(unposted=True):
        try:
            ctx.transport().call("POST", f"/v1/envelopes/{stored.envelope_id}/receipts",
                                 json_body={"receipt": stored.proof.to_json()})
        except RelayRefused as exc:
            # Already there, or the envelope is gone: nothing more can be done on the relay.
            if exc.code not in ("receipt_exists", "not_found"):
                raise
        state.mark_posted(stored.id)
        settled += 1
    return settled


def fetch_received_proofs(ctx: Context, item: InboxItem) -> None:
    """The deposit proof and our delivery proof of an envelope we downloaded."""
    answer = ctx.transport().call("GET", f"/v1/envelopes/{item.envelope_id}/proofs")
    relay_keys = ctx.relay_keys()
    own = ctx.session.identity.card.fingerprint_hex
    deposit = proofs.load(_get(answer, "deposit"))
    recipients = tuple(deposit.statement.get("recipients") or ())
    if own not in recipients:
        raise ProofRejected("A proof from the relay was not kept: it does not name you.")
    expect = proofs.Expected(item.envelope_id, item.sha256, item.size, item.sender, recipients)
    found = [deposit] + [proofs.load(v) for v in _list(answer, "deliveries")]
    kept = []
    for proof in found:
        proofs.check_relay_proof(proof, relay_keys, expect)
        if proof.kind == "delivery" and proof.statement["recipient"] != own:
            continue
        ctx.state.add_proof(item.envelope_id, "received", proof)
        kept.append(proof)
    stamps.keep_from_answer(ctx.state.db, answer, kept, ctx.now_datetime())


def collect_sent(ctx: Context) -> int:
    """New delivery proofs and receipts for our deposited envelopes; returns how many."""
    state, added = ctx.state, 0
    relay_keys = ctx.relay_keys()
    for item in state.outbox(("deposited",)):
        if item.available_until is None or item.available_until <= ctx.now():
            continue
        assert item.envelope_id is not None
        try:
            answer = ctx.transport().call("GET", f"/v1/envelopes/{item.envelope_id}/proofs")
        except RelayRefused as exc:
            if exc.code == "not_found":
                continue  # withdrawn or swept: what we kept is all there is
            raise
        expect = expected(ctx, item)
        for value in _list(answer, "deliveries"):
            proof = proofs.load(value)
            proofs.check_relay_proof(proof, relay_keys, expect)
            added += state.add_proof(item.envelope_id, "sent", proof)
        for value in _list(answer, "receipts"):
            proof = proofs.load(value)
            proofs.check_receipt(proof, expect)
            added += state.add_proof(item.envelope_id, "sent", proof)
        # Tokens for every proof of this envelope we hold (the deposit proof came with the
        # commit; one pending then arrives with a later sync).
        stamps.keep_from_answer(state.db, answer, [p.proof for p in state.proofs(
            item.envelope_id)], ctx.now_datetime())
    return added


def _get(answer: Any, key: str) -> Any:
    return answer.get(key) if isinstance(answer, dict) else None


def _list(answer: Any, key: str) -> list[Any]:
    value = _get(answer, key)
    return value if isinstance(value, list) else []
