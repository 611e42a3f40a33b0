"""Recipients' signed receipts (opened, refused) and the proofs each party may fetch.

The relay checks a receipt before keeping it: genuine signature, signed by the recipient posting
it, about this envelope and these exact bytes, a plausible time. It stores the receipt verbatim:
the sender verifies it offline with crypto.proofs.parse_proof.
"""

from __future__ import annotations

import json

from crypto.proofs import PROOF_VERSION, Proof, ProofError, parse_proof
from crypto.sealed.codec import canonical_json, parse_time
from relay import errors
from relay.auth import Principal
from relay.context import Relay
from relay.db import envelopes as db
from relay.envelopes import not_found, readable
from relay.logs import log_event
from relay.models import Proofs

POSTABLE_EVENTS = ("opened", "refused")  # "delivered" is the relay's to sign


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
         "its event must be " + " or ".join(POSTABLE_EVENTS)),
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
    """Store the recipient's one final receipt. `opened` needs a delivery first (nobody opens
    what they never received); a second receipt, of either event, is refused: the database's
    unique key decides between concurrent posts."""
    with relay.db.transaction() as tx:
        mine = db.addressee(tx, envelope_id, recipient)
        if event == "opened" and (mine is None or mine.delivered is None):
            raise errors.InvalidReceipt("The receipt is refused: the envelope was never "
                                        "delivered to you, so it cannot have been opened.")
        added = db.add_receipt(tx, envelope_id, recipient, event, proof.to_bytes(), relay.now())
        earlier = None if added else next(
            (r.event for r in db.receipts(tx, envelope_id) if r.recipient == recipient), None)
    relay.db.sync()
    if not added:
        if earlier == event:
            raise errors.ReceiptExists("You already posted this receipt for this envelope.")
        raise errors.ReceiptExists(f"You already answered this envelope ({earlier}); a "
                                   "receipt is final.")


def proofs(relay: Relay, principal: Principal, envelope_id: str) -> Proofs:
    """Blocking. The sender gets every proof; a recipient gets the deposit and its own."""
    env, _ = readable(relay, principal, envelope_id)
    me = principal.fingerprint
    is_sender = me == env.sender
    with relay.db.transaction() as tx:
        deliveries = [a.delivery_proof for a in db.addressees(tx, env.id)
                      if a.delivery_proof and (is_sender or a.recipient == me)]
        receipts = [r.proof for r in db.receipts(tx, env.id) if is_sender or r.recipient == me]
    assert env.deposit_proof is not None
    return Proofs(deposit=json.loads(env.deposit_proof),
                  deliveries=[json.loads(p) for p in deliveries],
                  receipts=[json.loads(p) for p in receipts])
