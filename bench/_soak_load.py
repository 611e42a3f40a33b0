"""bench/relay_soak.py's members at work: senders, receivers and, at the end, the senders'
collection of proofs. One load process (or, for the short test, one thread of the caller) runs a
thread per member, each with its own transport: the desktop client's (app/relay_client/http.py,
every request signed, every response's relay signature checked).

  sender    until the deadline, whenever fewer than `backlog` (envelope, recipient) pairs are
            in transit (a closed loop: the load settles at what the receivers and the relay
            sustain, rather than piling up): an envelope of a seeded random size (1 KiB to
            `max_size`, log-uniform, plus the one-request/chunked boundary) to 1-3 receivers of
            either organisation, by the outbox's two paths (outbox.py): one signed deposit
            request up to 8 MiB, else create, chunks (chunks.send_chunks), commit. The deposit
            proof is checked as the outbox checks it.
  receiver  syncs like the inbox (inbox.py): list, download each new envelope (chunks.
            receive_into, SHA-256 checked against the signed one), fetch and check the deposit
            and its own delivery proof (receipts.py), sign and post an `opened` receipt. Stops
            once the senders are done and a listing made after that brought nothing new.
  collect   each sender fetches every envelope's proofs and checks each (proofs.py), then
            verifies the bundle offline (verify_proof_file) against the relay key id.

Records go back to the caller through `shared.out`; nothing is judged here (_soak_verify.py).
"""

from __future__ import annotations

import math
import os
import random
import secrets
import threading
import time
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlencode

from app.relay_client import proofs
from app.relay_client.chunks import receive_into, send_chunks
from app.relay_client.errors import RelayClientError
from app.relay_client.http import RelayTransport
from app.relay_client.outbox import SINGLE
from crypto.content_digest import ContentHasher
from crypto.proofs import sign_receipt

from _soak_records import CollectedRecord, ErrorRecord, ReceivedRecord, SentRecord, \
    error_record
from _soak_relay import PacedTransport

KiB = 1024
MIN_SIZE = 1 * KiB
PREFIX = 16  # random bytes opening every envelope: no two are alike
OCTETS = [("Content-Type", "application/octet-stream")]


@dataclass(frozen=True)
class LoadPlan:
    url: str
    relay_key: bytes
    relay_key_id: str
    senders: list[Any]  # _soak_relay.Member
    receivers: list[Any]
    targets: tuple[str, ...]  # every receiver's fingerprint (all load processes)
    seed: int
    seconds: float  # of sending, from the start signal
    drain_seconds: float  # then at most this long for the receivers to take in the rest
    max_size: int
    deadline: float = 0.0  # wall clock, set at the start signal: no envelope begins after it
    drain_deadline: float = 0.0  # wall clock: receivers stop waiting after it
    backlog: int = 16  # (envelope, recipient) pairs deposited but not yet taken in, at most
    rate: float = 15.0  # requests/s per member, under the relay's 20/s
    burst: int = 100  # under the relay's 200


def pick_size(rng: random.Random, max_size: int, number: int) -> int:
    """Log-uniform between 1 KiB and `max_size`; the boundary between the one-request deposit
    and the chunked upload (8 MiB + 1, 8 MiB, 8 MiB - 1) for a sender's first envelopes
    (`number` counts from 0), so that every run crosses it, then for one draw in 20."""
    edges = [s for s in (SINGLE + 1, SINGLE, SINGLE - 1) if MIN_SIZE <= s <= max_size]
    if number < len(edges):
        return edges[number]
    if edges and rng.random() < 0.05:
        return rng.choice(edges)
    return int(math.exp(rng.uniform(math.log(MIN_SIZE), math.log(max_size))))


def pick_recipients(rng: random.Random, targets: tuple[str, ...], me: str) -> list[str]:
    others = [t for t in targets if t != me]
    count = 1 if rng.random() < 0.8 else rng.randint(2, 3)
    return rng.sample(others, min(count, len(others)))


@dataclass
class Shared:
    """Events and the result queue, multiprocessing's or threading's (same interface); and the
    counts of (envelope, recipient) pairs deposited and taken in, in shared memory."""

    start: Any
    senders_done: Any
    receivers_done: Any
    out: Any
    deposited: Any  # multiprocessing.Value("q")
    taken_in: Any

    def add(self, counter: Any, n: int) -> None:
        with counter.get_lock():
            counter.value += n

    def backlog(self) -> int:
        return int(self.deposited.value - self.taken_in.value)


@dataclass
class Collected:
    sent: list[SentRecord] = field(default_factory=list)
    received: list[ReceivedRecord] = field(default_factory=list)
    collected: list[CollectedRecord] = field(default_factory=list)
    errors: list[ErrorRecord] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, name: str, records: list[Any]) -> None:
        with self.lock:
            getattr(self, name).extend(records)


# -- sending ------------------------------------------------------------------------------------

def _deposit_single(t: RelayTransport, envelope_id: str, recipients: list[str],
                    data: bytes) -> Any:
    query = urlencode([*(("recipients", r) for r in recipients), ("availability_days", "1"),
                       ("envelope_id", envelope_id)])
    return t.call("POST", "/v1/envelopes/deposit?" + query, body=data, headers=OCTETS)


def _deposit_chunked(t: RelayTransport, recipients: list[str], head: bytes, body: memoryview,
                     sha: str) -> tuple[str, Any]:
    size = len(head) + len(body)
    status = t.call("POST", "/v1/envelopes", json_body={
        "recipients": recipients, "size": size, "availability_days": 1})
    envelope_id = status["envelope_id"]
    fd = os.memfd_create("soak-envelope")  # a file for send_chunks' pread, in memory
    with open(fd, "w+b") as src:
        src.write(head)
        src.write(body)
        src.flush()
        send_chunks(t, envelope_id, src, 0, size)
    return envelope_id, t.call("POST", f"/v1/envelopes/{envelope_id}/commit",
                               json_body={"content_digest": sha})


def send_one(t: RelayTransport, plan: LoadPlan, me: str, rng: random.Random, pool: bytes,
             number: int) -> SentRecord:
    size = pick_size(rng, plan.max_size, number)
    recipients = pick_recipients(rng, plan.targets, me)
    head = os.urandom(PREFIX)
    offset = rng.randrange(0, len(pool) - (size - PREFIX) + 1)
    body = memoryview(pool)[offset:offset + size - PREFIX]
    digest = ContentHasher()  # the envelope's content digest (crypto/content_digest.py)
    digest.update(head)
    digest.update(body)
    sha = digest.hexdigest()
    t0 = time.perf_counter()
    if size <= min(SINGLE, t.max_chunk_size()):
        envelope_id = secrets.token_hex(16)  # chosen before sending, as the outbox does
        answer, path = _deposit_single(t, envelope_id, recipients, head + body), "single"
    else:
        (envelope_id, answer), path = _deposit_chunked(t, recipients, head, body, sha), "chunked"
    deposit = proofs.load(answer.get("deposit_proof") if isinstance(answer, dict) else None)
    proofs.check_relay_proof(deposit, plan.relay_key, proofs.Expected(
        envelope_id, sha, size, me, tuple(recipients)))
    return SentRecord(envelope_id, me, tuple(sorted(recipients)), size, sha, path,
                      time.perf_counter() - t0, time.time())


def run_sender(plan: LoadPlan, member: Any, index: int, pool: bytes, shared: Shared,
               got: Collected) -> None:
    """Closed loop: no new envelope while `plan.backlog` pairs wait for their recipients, so the
    load settles at what the receivers (and the relay) sustain instead of piling up."""
    rng = random.Random(plan.seed * 1000 + index)
    sent, errors = [], []
    with PacedTransport(plan, member.identity) as t:
        while time.time() < plan.deadline:
            if shared.backlog() >= plan.backlog:
                time.sleep(0.01)
                continue
            try:
                sent.append(send_one(t, plan, member.fingerprint, rng, pool,
                                     len(sent) + len(errors)))
                shared.add(shared.deposited, len(sent[-1].recipients))
            except Exception as exc:  # noqa: BLE001 - every failure is counted and reported
                errors.append(error_record("sender", "send", exc))
                time.sleep(0.5)
    got.add("sent", sent)
    got.add("errors", errors)


# -- receiving ----------------------------------------------------------------------------------

class Discard:
    """Where received bytes go: hashed by receive_into, not kept (the client's disk is not what
    is measured)."""

    def write(self, block: bytes) -> int:
        return len(block)


def receive_one(t: RelayTransport, plan: LoadPlan, member: Any, listed: dict[str, Any]
                ) -> ReceivedRecord:
    envelope_id, size, sha = listed["envelope_id"], listed["size"], listed["content_digest"]
    t0 = time.perf_counter()
    digest = ContentHasher()
    with t.stream(f"/v1/envelopes/{envelope_id}/content") as response:
        if response.headers.get("scelle-content-digest") != sha or \
                response.headers.get("scelle-envelope-size") != str(size):
            raise RelayClientError("the download's signed headers describe other bytes than "
                                   "the listing")
        have = receive_into(response.iter_raw(), Discard(), digest, 0, size)
    downloaded = time.perf_counter() - t0
    answer = t.call("GET", f"/v1/envelopes/{envelope_id}/proofs")
    deposit = proofs.load(answer["deposit"])
    expect = proofs.Expected(envelope_id, sha, size, listed["sender"],
                             tuple(deposit.statement["recipients"]))
    proofs.check_relay_proof(deposit, plan.relay_key, expect)
    mine = [proofs.load(v) for v in answer["deliveries"]]
    for proof in mine:
        proofs.check_relay_proof(proof, plan.relay_key, expect)
    if [p.statement["recipient"] for p in mine] != [member.fingerprint]:
        raise RelayClientError("the relay did not give exactly one delivery proof naming us")
    receipt = sign_receipt(member.identity, event="opened", content_digest=sha, message_id=None,
                           envelope_id=envelope_id, time=datetime.now(UTC))
    t.call("POST", f"/v1/envelopes/{envelope_id}/receipts",
           json_body={"receipt": receipt.to_json()})
    return ReceivedRecord(envelope_id, member.fingerprint, listed["sender"], have,
                          digest.hexdigest(), downloaded, time.perf_counter() - t0, time.time())


def _sync_once(t: RelayTransport, plan: LoadPlan, member: Any, state: dict[str, Any],
               shared: Shared) -> int:
    """One sync: list, then take in every envelope not yet taken; returns how many were new."""
    listing = t.call("GET", "/v1/envelopes?box=inbox")["envelopes"]
    ids = [e["envelope_id"] for e in listing]
    if len(ids) != len(set(ids)):
        state["errors"].append(ErrorRecord("receiver", "list", "DuplicateListing", "", 0,
                                           "an envelope is listed twice in one inbox listing"))
    new = [e for e in listing if e["envelope_id"] not in state["done"]]
    for entry in new:
        try:
            state["received"].append(receive_one(t, plan, member, entry))
            state["done"].add(entry["envelope_id"])
            shared.add(shared.taken_in, 1)
        except Exception as exc:  # noqa: BLE001 - counted; retried twice at the next syncs
            state["errors"].append(error_record("receiver", "receive", exc))
            tries = state["tries"][entry["envelope_id"]] = \
                state["tries"].get(entry["envelope_id"], 0) + 1
            if tries >= 3:
                state["done"].add(entry["envelope_id"])
    return len(new)


def run_receiver(plan: LoadPlan, member: Any, shared: Shared, got: Collected) -> None:
    state: dict[str, Any] = {"done": set(), "tries": {}, "received": [], "errors": []}
    with PacedTransport(plan, member.identity) as t:
        while time.time() < plan.drain_deadline:
            final = shared.senders_done.is_set()  # read before listing: then it is complete
            try:
                new = _sync_once(t, plan, member, state, shared)
            except Exception as exc:  # noqa: BLE001
                state["errors"].append(error_record("receiver", "list", exc))
                new = 1
            if final and not new:
                break
            if not new:
                time.sleep(0.25)  # nothing waiting: the next sync a moment later
    got.add("received", state["received"])
    got.add("errors", state["errors"])


# -- the senders' collection of proofs ----------------------------------------------------------

def collect_one(t: RelayTransport, plan: LoadPlan, record: SentRecord) -> CollectedRecord:
    answer = t.call("GET", f"/v1/envelopes/{record.envelope_id}/proofs")
    expect = proofs.Expected(record.envelope_id, record.sha256, record.size, record.sender,
                             record.recipients)
    deposit = proofs.load(answer["deposit"])
    proofs.check_relay_proof(deposit, plan.relay_key, expect)
    deliveries = [proofs.load(v) for v in answer["deliveries"]]
    for proof in deliveries:
        proofs.check_relay_proof(proof, plan.relay_key, expect)
        if proof.kind != "delivery":
            raise RelayClientError("a deposit proof among the delivery proofs")
    receipts = [proofs.load(v) for v in answer["receipts"]]
    for proof in receipts:
        proofs.check_receipt(proof, expect)
        if proof.statement["event"] != "opened":
            raise RelayClientError("a receipt other than the `opened` that was posted")
    offline = proofs.verify_proof_file(proofs.bundle([deposit, *deliveries, *receipts]),
                                       plan.relay_key_id)
    return CollectedRecord(
        record.envelope_id, tuple(sorted(p.statement["recipient"] for p in deliveries)),
        tuple(sorted(p.statement["recipient"] for p in receipts)),
        all(v.trusted_relay is not False for v in offline) and len(offline) ==
        1 + len(deliveries) + len(receipts))


def run_collector(plan: LoadPlan, member: Any, records: list[SentRecord],
                  got: Collected) -> None:
    collected, errors = [], []
    with PacedTransport(plan, member.identity) as t:
        for record in records:
            try:
                collected.append(collect_one(t, plan, record))
            except Exception as exc:  # noqa: BLE001
                errors.append(error_record("sender", "collect proofs", exc))
    got.add("collected", collected)
    got.add("errors", errors)


# -- one load process ---------------------------------------------------------------------------

def _run_threads(targets: list[tuple[Any, tuple[Any, ...]]]) -> None:
    threads = [threading.Thread(target=f, args=a, daemon=True) for f, a in targets]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def run_load(plan: LoadPlan, shared: Shared, index: int) -> None:
    """Senders and receivers at once; then, when the caller says every receiver is done, the
    collection. Puts (phase, index, records, errors) three times on `shared.out`."""
    got = Collected()
    try:
        pool = os.urandom(max(plan.max_size, MIN_SIZE))  # envelope bodies are slices of it
        shared.start.wait()
        now = time.time()
        plan = replace(plan, deadline=now + plan.seconds,
                       drain_deadline=now + plan.seconds + plan.drain_seconds)
        senders = [(run_sender, (plan, m, i, pool, shared, got))
                   for i, m in enumerate(plan.senders)]
        receivers = [(run_receiver, (plan, m, shared, got)) for m in plan.receivers]
        sending = threading.Thread(target=_run_threads, args=(senders,))
        sending.start()
        receiving = threading.Thread(target=_run_threads, args=(receivers,))
        receiving.start()
        sending.join()
        shared.out.put(("sent", index, got.sent, _take_errors(got)))
        receiving.join()
        shared.out.put(("received", index, got.received, _take_errors(got)))
        shared.receivers_done.wait()
        mine = {m.fingerprint: m for m in plan.senders}
        _run_threads([(run_collector, (plan, m, [r for r in got.sent if r.sender == fp], got))
                      for fp, m in mine.items()])
        shared.out.put(("collected", index, got.collected, _take_errors(got)))
    except BaseException as exc:  # noqa: BLE001 - the caller must hear of it, not hang
        shared.out.put(("crashed", index, [], [error_record("load", "run", exc)]))
        raise


def _take_errors(got: Collected) -> list[ErrorRecord]:
    with got.lock:
        errors, got.errors = got.errors, []
    return errors
