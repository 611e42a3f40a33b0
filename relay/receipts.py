"""Recipients' signed receipts and the proofs each party may fetch.

A recipient's answer is final: `opened` or `refused`, once. After `opened` it may add `taken`
(the envelope went to a duty group and this member takes it for the others: the first one
wins) and `destroyed` (a view-only document shredded at its consultation end).

The relay checks a receipt before keeping it: genuine signature, signed by the recipient posting
it, about this envelope and these exact bytes, a plausible time. It stores the receipt verbatim:
the sender verifies it offline with crypto.proofs.parse_proof.
"""

from __future__ import annotations

import json

from crypto.proofs import PROOF_VERSION, Proof, ProofError, parse_proof
from crypto.sealed.codec import canonical_json, parse_time
from relay import delegations, errors, evidence, timestamping
from relay.auth import Principal
from relay.context import Relay
from relay.db import envelopes as db
from relay.db.proof_archive import RECEIPT
from relay.envelopes import not_found, readable
from relay.logs import log_event
from relay.models import Proofs

POSTABLE_EVENTS = ("opened", "refused", "taken", "destroyed")  # not "delivered": relay signs
ANSWERS = ("opened", "refused")
AFTER_OPENED = ("taken", "destroyed")


def _parse(value: dict[str, object]) -> Proof:
    try:
        return parse_proof(canonical_json(value))
    except (ProofError, ValueError) as exc:
        raise errors.InvalidReceipt(str(exc) if isinstance(exc, ProofError)
                                    else "The receipt is not valid JSON.") from None


def post(relay: Relay, principal: Principal, envelope_id: str, value: dict[str, object]) -> None:
    """Blocking. Check and keep a receipt from an addressed recipient."""
    env, recipients = readable(relay, principal, envelope_id)
    if principal.fingerprint not in recipients:
        raise not_found()
    proof = _parse(value)
    statement = proof.statement
    problems = [
        (proof.kind != "receipt", "it is not a receipt"),
        (statement.get("recipient") != principal.fingerprint,
         "it is not signed by you as recipient"),
        (statement.get("envelope_id") != env.id, "it names another envelope"),
        (proof.version != PROOF_VERSION or proof.digest != env.sha256, "it is about other bytes"),
        (statement.get("event") not in POSTABLE_EVENTS,
         "its event must be " + ", ".join(POSTABLE_EVENTS)),
    ]
    for failed, reason in problems:
        if failed:
            raise errors.InvalidReceipt(f"The receipt is refused: {reason}.")
    moment = parse_time(str(statement["time"])).timestamp()
    skew = relay.limits.clock_skew
    assert env.committed is not None
    if not env.committed - skew <= moment <= relay.now() + skew:
        raise errors.InvalidReceipt("The receipt is refused: its time is implausible.")
    event = str(statement["event"])
    _keep(relay, env.id, principal.fingerprint, event, proof)
    log_event("receipt.posted", envelope=env.id, recipient=principal.fingerprint,
              receipt_event=event)


def _keep(relay: Relay, envelope_id: str, recipient: str, event: str, proof: Proof) -> None:
    """Store a receipt. `opened` needs a delivery first (nobody opens what they never
    received), `taken` and `destroyed` need this recipient's `opened`. The database's unique
    keys decide between concurrent posts: one answer per recipient, one `taken` per envelope."""
    with relay.db.transaction() as tx:
        mine = db.addressee(tx, envelope_id, recipient)
        if event == "opened" and (mine is None or mine.delivered is None):
            raise errors.InvalidReceipt("The receipt is refused: the envelope was never "
                                        "delivered to you, so it cannot have been opened.")
        kept = db.receipts(tx, envelope_id)
        if event in AFTER_OPENED and not any(
                r.recipient == recipient and r.event == "opened" for r in kept):
            raise errors.InvalidReceipt(f"The receipt is refused: post “opened” before "
                                        f"“{event}”.")
        added = db.add_receipt(tx, envelope_id, recipient, event, proof.to_bytes(), relay.now())
        if not added:
            kept = db.receipts(tx, envelope_id)
        else:
            evidence.keep(tx, relay, envelope_id, RECEIPT, recipient, proof.to_bytes(), event)
    relay.db.sync()
    if not added:
        _refuse_second(kept, recipient, event)
    timestamping.stamp_new(relay, envelope_id, RECEIPT, recipient, event)  # bounded


def _refuse_second(kept: list[db.Receipt], recipient: str, event: str) -> None:
    if any(r.recipient == recipient and r.event == event for r in kept):
        raise errors.ReceiptExists("You already posted this receipt for this envelope.")
    if event == "taken":
        raise errors.ReceiptExists("Another recipient has already taken this envelope.")
    earlier = next((r.event for r in kept if r.recipient == recipient and r.event in ANSWERS),
                   None)
    raise errors.ReceiptExists(f"You already answered this envelope ({earlier}); a "
                               "receipt is final.")


def proofs(relay: Relay, principal: Principal, envelope_id: str) -> Proofs:
    """Blocking. The sender gets every proof; a recipient gets the deposit, its own, those of
    its delegates who receive for it, and the `taken` receipt of whichever recipient took the
    envelope for the others; each with its timestamp. Once the envelope is gone, its archived
    proofs while they are kept (relay/evidence.py)."""
    try:
        env, recipients = readable(relay, principal, envelope_id)
    except errors.NotFound:
        return evidence.archived_proofs(relay, principal, envelope_id)
    me = principal.fingerprint
    is_sender = me == env.sender
    # A principal sees the receipts of those who receive for them (relay/delegations.py).
    mine = {me} | (delegations.receiving_delegates(relay, me) if me in recipients else set())
    with relay.db.transaction() as tx:
        deliveries = [a.delivery_proof for a in db.addressees(tx, env.id)
                      if a.delivery_proof and (is_sender or a.recipient in mine)]
        receipts = [r.proof for r in db.receipts(tx, env.id)
                    if is_sender or r.recipient in mine or r.event == "taken"]
    assert env.deposit_proof is not None
    return evidence.with_stamps(relay, env.id, Proofs(
        deposit=json.loads(env.deposit_proof), deliveries=[json.loads(p) for p in deliveries],
        receipts=[json.loads(p) for p in receipts]))
