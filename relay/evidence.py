"""Proofs as evidence: archived with their timestamps, kept after the envelope, served to the
parties (issue 17; docs/relay.md "Proofs: timestamps and retention").

Every deposit, delivery and receipt proof is archived in the transaction that keeps it
(`keep`), then dated (relay/timestamping.py). When an envelope goes (availability over, or
withdrawn), its bytes and its envelope rows go, but its proofs stay for
`RelayConfig.proof_retention_days` (one year by default) and are then swept (`sweep`).

Who may read archived proofs once the envelope is gone follows its deposit proof, which names
the sender and the recipients: the sender sees every proof; a recipient sees the deposit, its
own proofs and the `taken` receipt, as while the envelope lived (a delegate's view ends with
the envelope). Anyone else gets `not_found`, as for an id that never existed.
"""

from __future__ import annotations

import base64
import json

from crypto.sealed.codec import canonical_json
from crypto.timestamps import imprint
from relay import errors
from relay.auth import Principal
from relay.context import Relay
from relay.db import proof_archive as archive
from relay.db.base import Tx
from relay.models import Proofs, ProofStamp

DAY = 86400


def keep(tx: Tx, relay: Relay, envelope_id: str, kind: str, party: str, proof: bytes,
         event: str = "") -> None:
    """Archive a proof in the transaction that keeps it (it then waits for its timestamp)."""
    archive.add(tx, envelope_id, kind, party, event, proof, relay.now())


def retain(tx: Tx, relay: Relay, envelope_id: str) -> None:
    """The envelope is being deleted in `tx`: its proofs are kept for the retention period."""
    archive.start_retention(tx, envelope_id,
                            relay.now() + relay.config.proof_retention_days * DAY)


def stamps(relay: Relay, envelope_id: str, served: list[bytes]) -> list[ProofStamp]:
    """Blocking. The timestamp (or its pending state) of each proof about to be served."""
    with relay.db.transaction() as tx:
        rows = {imprint(r.proof): r for r in archive.of_envelope(tx, envelope_id)}
    return _from_rows(relay, [rows[h] for h in map(imprint, served) if h in rows])


def archived_proofs(relay: Relay, principal: Principal, envelope_id: str) -> Proofs:
    """Blocking. The proofs of an envelope that is gone, while they are kept; else not_found."""
    with relay.db.transaction() as tx:
        rows = archive.of_envelope(tx, envelope_id)
    deposit = next((r for r in rows if r.kind == archive.DEPOSIT), None)
    if deposit is None:
        raise errors.NotFound("No such envelope.")
    statement = json.loads(deposit.proof)["statement"]
    me = principal.fingerprint
    is_sender = me == statement.get("sender")  # an intake deposit has none
    if not is_sender and me not in statement["recipients"]:
        raise errors.NotFound("No such envelope.")
    mine = [r for r in rows if is_sender or r.party == me
            or (r.kind == archive.RECEIPT and r.event == "taken")]
    deliveries = [r for r in mine if r.kind == archive.DELIVERY]
    receipts = [r for r in mine if r.kind == archive.RECEIPT]
    return Proofs(deposit=json.loads(deposit.proof),
                  deliveries=[json.loads(r.proof) for r in deliveries],
                  receipts=[json.loads(r.proof) for r in receipts],
                  timestamps=_from_rows(relay, [deposit, *deliveries, *receipts]),
                  kept_until=deposit.keep_until)


def _from_rows(relay: Relay, rows: list[archive.ArchivedProof]) -> list[ProofStamp]:
    dating = relay.config.timestamp_authority is not None
    return [ProofStamp(proof=imprint(r.proof),
                       token=base64.b64encode(r.token).decode() if r.token else None,
                       pending=r.token is None)
            for r in rows if r.token is not None or dating]


def with_stamps(relay: Relay, envelope_id: str, answer: Proofs) -> Proofs:
    """Blocking. `answer` (proofs of a living envelope) with their timestamps."""
    served = [canonical_json(answer.deposit),
              *(canonical_json(p) for p in answer.deliveries),
              *(canonical_json(p) for p in answer.receipts)]
    return answer.model_copy(update={"timestamps": stamps(relay, envelope_id, served)})


def sweep(tx: Tx, relay: Relay) -> int:
    """Drop the proofs whose retention has ended; returns how many."""
    return archive.purge(tx, relay.now())
