"""Dating proofs with the operator's RFC 3161 time-stamping authority (crypto/timestamps.py).

Each proof the relay signs or accepts is archived, waiting for its token, in the transaction
that keeps it (relay/evidence.py). Right after, still in the request's worker thread, the relay
asks the authority once, bounded by `TimestampAuthority.timeout`: the deposit, download or
receipt waits that long at most. A proof whose authority did not answer, or answered something
that does not verify against the operator's anchors, stays pending; the sweeper tries again
every `retry` seconds until it gets a token. A pending proof is reported as such to clients,
never as an undated one.

While the authority is down, deposits do not each wait for it: after a failure, requests
skip it for `retry` seconds (their proofs go straight to pending), and only the sweeper asks.
The wait itself gives the deposit's place up (relay/deposit_gate.py `outside`): it needs no
interpreter lock, and other deposits go on meanwhile.
"""

from __future__ import annotations

import functools
from pathlib import Path

import httpx
from cryptography import x509

from crypto.timestamps import TimestampError, accept_response, build_request, load_anchors
from relay.config import TimestampAuthority
from relay.context import Relay
from relay.db import proof_archive as archive
from relay.deposit_gate import outside
from relay.logs import log_event

_QUERY_TYPE = "application/timestamp-query"
#: authority URL -> relay time until which requests leave their proofs to the sweeper
_failing_until: dict[str, int] = {}


@functools.lru_cache(maxsize=4)
def anchors(ca_file: Path) -> tuple[x509.Certificate, ...]:
    """The operator's trust anchors for its authority, read once per process."""
    try:
        data = ca_file.read_bytes()
    except OSError as exc:
        raise TimestampError(f"Cannot read the time-stamping authority's certificate file "
                             f"{ca_file}: {exc.strerror}.") from None
    return tuple(load_anchors(data, "The time-stamping authority's certificate file"))


def _ask(settings: TimestampAuthority, proof: bytes) -> bytes:
    """One request; the verified token, or TimestampError (httpx errors become one)."""
    request = build_request(proof)
    try:
        with outside(), httpx.Client(timeout=settings.timeout, trust_env=False) as client:
            answer = client.post(settings.url, content=request.der,
                                 headers={"Content-Type": _QUERY_TYPE})
    except httpx.HTTPError as exc:
        raise TimestampError(f"the authority could not be reached ({type(exc).__name__})") \
            from None
    if answer.status_code != 200:
        raise TimestampError(f"the authority answered HTTP {answer.status_code}")
    stamp = accept_response(answer.content, proof, request.nonce, anchors(settings.ca_file))
    return stamp.der


def stamp(relay: Relay, row: archive.ArchivedProof) -> bool:
    """Blocking. Try to date one archived proof; False (and postponed) when it failed."""
    settings = relay.config.timestamp_authority
    if settings is None:
        return False
    try:
        token = _ask(settings, row.proof)
    except TimestampError as exc:
        _failing_until[settings.url] = relay.now() + settings.retry
        with relay.db.transaction() as tx:
            archive.postpone(tx, row, relay.now() + settings.retry)
        log_event("timestamp.pending", level=30, envelope=row.envelope_id, proof=row.kind,
                  reason=str(exc))
        return False
    _failing_until.pop(settings.url, None)
    with relay.db.transaction() as tx:
        archive.set_token(tx, row, token)
    return True


def stamp_new(relay: Relay, envelope_id: str, kind: str, party: str, event: str = "") -> None:
    """Blocking, bounded by the authority's timeout. Date a proof archived just now (unless
    the authority failed lately: the sweeper will)."""
    settings = relay.config.timestamp_authority
    if settings is None or _failing_until.get(settings.url, 0) > relay.now():
        return
    with relay.db.transaction() as tx:
        rows = [r for r in archive.of_envelope(tx, envelope_id)
                if (r.kind, r.party, r.event) == (kind, party, event) and r.token is None]
    for row in rows:
        stamp(relay, row)


def complete_pending(relay: Relay) -> int:
    """Blocking (the sweeper's). Date the pending proofs whose turn has come; stop at the first
    failure, since the authority is most likely still down. Returns how many were dated."""
    if relay.config.timestamp_authority is None:
        return 0
    done = 0
    while True:
        with relay.db.transaction() as tx:
            batch = archive.due(tx, relay.now())
        for row in batch:
            if not stamp(relay, row):
                return done
            done += 1
        if len(batch) < 100:
            return done
