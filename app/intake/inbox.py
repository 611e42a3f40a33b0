"""Intake envelopes on the relay: listed, downloaded, their proofs kept (docs/relay.md "Intake").

The relay lists an intake envelope in the inbox of every recipient of its intake document,
with `"origin": {"intake": name, "version": n}` and no sender. It is downloaded like any
envelope (resumed, checked against the signed content digest) into the intake spool, and the
relay's deposit proof and our delivery proof are checked (pinned relay key, this envelope,
these bytes, this intake point, us) and kept with the vault's other proofs.
"""

from __future__ import annotations

from typing import Any

from app.intake.errors import IntakeError
from app.intake.state import IntakeItem, IntakeState
from app.relay_client import proofs
from app.relay_client.context import HEX32, HEX64, Cancel, Context, Progress, field_of
from app.relay_client.errors import ProofRejected, RelayProtocolError, RelayRefused
from app.relay_client.inbox import fetch_checked
from app.relay_client.state import remove_file
from crypto.intake_headers import is_intake_name
from crypto.proofs import Proof

#: The statement types of the relay's proofs about an intake envelope (crypto/proofs.py).
DEPOSIT_KINDS = ("intake_deposit",)
DELIVERY = "delivery"


def list_intake(ctx: Context, state: IntakeState) -> tuple[list[str], list[str]]:
    """Record intake envelopes newly listed; expire listed ones the relay no longer has.
    Returns (new ids, expired ids)."""
    answer = ctx.transport().call("GET", "/v1/envelopes?box=inbox")
    listed = answer.get("envelopes") if isinstance(answer, dict) else None
    if not isinstance(listed, list):
        raise RelayProtocolError("The relay's inbox listing is malformed.")
    new, seen = [], set()
    for value in listed:
        if not isinstance(value, dict) or value.get("origin") is None:
            continue
        name, version = _origin(value)
        if value.get("sender") is not None:
            raise RelayProtocolError("The relay lists a request from outside with a sender.")
        envelope_id = field_of(value, "envelope_id", str, HEX32)
        seen.add(envelope_id)
        if state.add(envelope_id, name, version, field_of(value, "size", int),
                     field_of(value, "content_digest", str, HEX64),
                     field_of(value, "deposited", int), field_of(value, "available_until", int)):
            new.append(envelope_id)
    gone = [i for i in state.items(("listed",)) if i.envelope_id not in seen]
    for item in gone:
        expire(state, item)
    return new, [i.envelope_id for i in gone]


def _origin(value: dict[str, Any]) -> tuple[str, int]:
    origin = value["origin"]
    name = origin.get("intake") if isinstance(origin, dict) else None
    version = origin.get("version") if isinstance(origin, dict) else None
    if not isinstance(name, str) or not is_intake_name(name) or isinstance(version, bool) or \
            not isinstance(version, int) or not 1 <= version <= 2**53 - 1:
        raise RelayProtocolError("The relay's answer has no valid 'origin'.")
    return name, version


def expire(state: IntakeState, item: IntakeItem) -> None:
    remove_file(state.path(item.envelope_id))
    state.update(item.envelope_id, state="expired",
                 reason="withdrawn or past its availability on the relay")


def download(ctx: Context, state: IntakeState, item: IntakeItem,
             progress: Progress | None = None, cancel: Cancel | None = None) -> IntakeItem:
    """Every byte, checked against the signed content digest; the proofs kept; `downloaded`."""
    try:
        fetch_checked(ctx, item, state.path(item.envelope_id), progress, cancel)
    except RelayRefused as exc:
        if exc.code == "not_found":
            expire(state, item)
        raise
    fetch_proofs(ctx, item)
    return state.update(item.envelope_id, state="downloaded")


def fetch_proofs(ctx: Context, item: IntakeItem) -> list[Proof]:
    """The deposit proof and our delivery proof of an intake envelope, checked, kept."""
    answer = ctx.transport().call("GET", f"/v1/envelopes/{item.envelope_id}/proofs")
    deposit = proofs.load(answer.get("deposit") if isinstance(answer, dict) else None)
    deliveries = answer.get("deliveries") if isinstance(answer, dict) else None
    found = [deposit] + [proofs.load(v) for v in (deliveries or [])
                         if isinstance(deliveries, list)]
    own = ctx.session.identity.card.fingerprint_hex
    keys = ctx.relay_keys()
    kept = []
    for proof in found:
        check_proof(proof, keys, item, own, deposit=proof is deposit)
        if proof.kind == DELIVERY and proof.statement.get("recipient") != own:
            continue
        ctx.state.add_proof(item.envelope_id, "received", proof)
        kept.append(proof)
    return kept


def check_proof(proof: Proof, relay_keys: frozenset[bytes], item: IntakeItem, own: str, *,
                deposit: bool) -> None:
    """A relay proof about this intake envelope: pinned key, envelope, bytes, intake point."""
    s = proof.statement
    kinds = DEPOSIT_KINDS if deposit else (DELIVERY,)
    _require(proof.kind in kinds, "it is not the deposit or delivery proof expected")
    _require(proof.signer_key in relay_keys, "it is not signed by the pinned relay key")
    _require(s.get("envelope_id") == item.envelope_id, "it names another envelope")
    _require(proof.digest == item.content_digest and s.get("size") == item.size,
             "it is about other bytes")
    if deposit:
        _require(s.get("intake") == item.intake and s.get("intake_version") ==
                 item.intake_version, "it names another intake point or version")
        _require(own in s.get("recipients", ()), "it does not name you")
    else:
        _require(isinstance(s.get("recipient"), str), "it names no recipient")


def _require(condition: bool, what: str) -> None:
    if not condition:
        raise ProofRejected(f"A proof from the relay was not kept: {what}.")


__all__ = ["IntakeError", "download", "expire", "fetch_proofs", "list_intake"]
