"""The desktop client's reading of relay answers (app/relay_client/): relay information,
directory cards, the inbox listing, the membership, proofs, and refusals. The answers come from
an HTTP transport inside this process that signs whatever the fuzzer wrote with the pinned relay
key, so what is fuzzed is what a dishonest or broken relay can send: the signature checks pass
and the parsing behind them is what is tested. The client's vault is real (SQLCipher, made once).

Input: one byte choosing the operation, one byte choosing the HTTP status, then the JSON body.
The client may refuse an answer only with one of its documented errors (`ScelleError`).
"""

from __future__ import annotations

import hashlib
import logging
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import _harness  # noqa: E402

import httpx  # noqa: E402

with _harness.instrumented():
    from _http_common import NOW, RELAY_KEY
    from _sealed_common import load_key
    from app.relay_client import directory, inbox, join, receipts
    from app.relay_client.context import Context
    from app.relay_client.http import ConnectionOptions
    from app.relay_client.state import Account, RelayState
    from app.vault import create_vault
    from crypto.errors import ScelleError
    from crypto.httpsig.signer import ResponseSigner
    from crypto.kdf import MIN_MEMORY_KIB, Argon2Params
    from tests.vault_keys.conftest import FakeFactor

ALLOWED = (ScelleError,)
URL = "https://relay.example"
STATUSES = (200, 201, 204, 400, 401, 403, 404, 409, 413, 422, 429, 500, 503)
#: The envelope the outbox and inbox rows describe (the proofs of fuzz/make_corpus.py's seeds).
ENVELOPE, SIZE, SHA256 = "e" * 32, 1234, hashlib.sha256(b"sealed").hexdigest()
SIGNER = ResponseSigner(RELAY_KEY)
_answer: tuple[int, bytes] = (200, b"")


def _respond(request: httpx.Request) -> httpx.Response:
    status, body = _answer
    sent = list(request.headers.multi_items())
    headers = SIGNER.sign(status, [("content-type", "application/json")],
                          request_method=request.method, request_url=str(request.url),
                          request_headers=sent, created=NOW, body=body)
    return httpx.Response(status, headers=headers, content=body)


def _context() -> tuple[Context, RelayState]:
    logging.disable(logging.ERROR)
    folder = Path(tempfile.mkdtemp(prefix="scelle-fuzz-client-")) / "vault"
    new = create_vault(folder, "une phrase de passe assez longue pour le fuzz", FakeFactor(),
                       name="Fuzz Member", organisation="Fuzz", hybrid=False,
                       kdf=Argon2Params(memory_kib=MIN_MEMORY_KIB, iterations=1, lanes=1))
    ctx = Context(new.session, clock=lambda: NOW)
    state = ctx.state
    own = new.session.identity.card.fingerprint_hex
    state.save_account(Account(URL, RELAY_KEY.public_key().public_bytes_raw(), own, "certified",
                               "Fuzz", "member", ConnectionOptions()))
    state.add_inbox(ENVELOPE, "a" * 64, SIZE, SHA256, NOW - 60, NOW + 86400)
    fingerprint = load_key("recipient").card.fingerprint_hex
    item = state.add_outbox(None, "spool", SIZE, SHA256, [fingerprint], 7)
    state.update_outbox(item.id, state="deposited", envelope_id=ENVELOPE, deposited=NOW - 60,
                        available_until=NOW + 86400)
    transport = ctx.transport()
    transport._http = httpx.Client(transport=httpx.MockTransport(_respond))  # noqa: SLF001
    return ctx, state


CTX, STATE = _context()
OPERATIONS = [
    lambda: CTX.transport().relay_info(),
    lambda: _fresh_limits(),
    lambda: directory.find(CTX, ""),
    lambda: directory.lookup(CTX, "b" * 64),
    lambda: inbox.list_inbox(CTX),
    lambda: join.refresh_membership(CTX),
    lambda: receipts.fetch_received_proofs(CTX, STATE.inbox_item(ENVELOPE)),
    lambda: receipts.collect_sent(CTX),
    lambda: CTX.transport().call("POST", "/v1/envelopes", json_body={}),
]


def _fresh_limits() -> int:
    transport = CTX.transport()
    transport._max_chunk = None  # noqa: SLF001 - asked once per transport otherwise
    return transport.max_chunk_size()


def check(data: bytes) -> None:
    global _answer
    if len(data) < 2:
        return
    _answer = (STATUSES[data[1] % len(STATUSES)], data[2:])
    OPERATIONS[data[0] % len(OPERATIONS)]()


if __name__ == "__main__":
    _harness.main(check, ALLOWED)
