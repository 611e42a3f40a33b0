"""bench/relay.py's large-envelope phase, its plain-HTTP baseline and its SHA-256 ceiling, plus
the server processes both phases run (bench/ is not a package: imported by path).

The references, in the same run and by the same HTTP client (`static_large`): plain HTTP, a
page-cache copy each way (the issue's yardstick), and the "minimum necessary": each byte hashed
once per side and the upload synced before the answer, with nothing else of the protocol.

The hash ceiling: relay protocol 2 hashes every uploaded byte twice, once on each side (the client
for each chunk's signed Content-Digest, which is also its leaf of the content digest; the relay
to check it and keep it as a leaf; the whole value is derived from the leaves on both sides),
and every downloaded byte once (the recipient). Plain HTTP hashes nothing. `sha256_rates`
measures what SHA-256 alone does here, on one thread and on two at once, so the report can say
how close the relay comes to what the hashing allows on this machine under the load of the
moment. CPU seconds per GiB are counted for this process (the client, every thread) and for
the server process separately (/proc/<pid>/stat), for the relay and for both references: what
each side costs whatever else runs.
"""

from __future__ import annotations

import hashlib
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, BinaryIO

from _common import MiB, BenchError, format_size, settle, throughput

import httpx

from app.relay_client.chunks import content_digest_of, receive_into, send_chunks
from crypto.content_digest import ContentHasher

STATIC = Path(__file__).resolve().with_name("_static_server.py")
CHUNK = 8 * MiB
HASH_SAMPLE = 256 * MiB  # hashed from memory for the SHA-256 reference
UP_PASSES = 2  # the client's chunk digest, the relay's check of it (protocol 2)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_http(url: str, proc: subprocess.Popen[bytes]) -> None:
    for _ in range(600):
        if proc.poll() is not None:
            raise BenchError(f"the server exited with status {proc.returncode}")
        try:
            httpx.get(url, timeout=1)
            return
        except httpx.HTTPError:
            time.sleep(0.05)
    raise BenchError("the server did not start within 30 s")


@contextmanager
def process(argv: list[str], health: str, env: dict[str, str] | None = None
            ) -> Iterator[subprocess.Popen[bytes]]:
    log = open(os.devnull, "wb")  # noqa: SIM115
    proc = subprocess.Popen(argv, stdout=log, stderr=log, env=env, stdin=subprocess.DEVNULL)
    try:
        _wait_http(health, proc)
        yield proc
    finally:
        proc.terminate()
        proc.wait(timeout=30)
        log.close()


def own_cpu() -> float:
    """CPU seconds of this process, every thread (user + system)."""
    times = os.times()
    return times.user + times.system


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def relay_large(sender: Any, recipient: Any, source: Path, sink: Path, relay_pid: int
                ) -> dict[str, float]:
    """Up in chunks and commit, then down, through the desktop client's own sender and
    receiver (app/relay_client/chunks.py): seconds each way, and CPU seconds of this process
    (client) and of the relay each way."""
    size = source.stat().st_size
    settle()
    cpu = (own_cpu(), cpu_seconds(relay_pid))
    t0 = time.perf_counter()
    status = sender.transport.call("POST", "/v1/envelopes", json_body={
        "recipients": [recipient.fingerprint], "size": size, "availability_days": 1})
    envelope = status["envelope_id"]
    with open(source, "rb") as src:
        leaves = send_chunks(sender.transport, envelope, src, 0, size)
        digest = content_digest_of(src, size, leaves)  # from the leaves: no second pass
    done = sender.transport.call("POST", f"/v1/envelopes/{envelope}/commit",
                                 json_body={"content_digest": digest})
    up = time.perf_counter() - t0
    result = {"up": up, "client_cpu_up": own_cpu() - cpu[0],
              "relay_cpu_up": cpu_seconds(relay_pid) - cpu[1]}
    if done["deposit_proof"]["statement"]["content_digest"] != digest:
        raise BenchError("the deposit proof names other bytes")
    settle()
    cpu = (own_cpu(), cpu_seconds(relay_pid))
    t0 = time.perf_counter()
    hasher = ContentHasher()
    with recipient.transport.stream(f"/v1/envelopes/{envelope}/content") as response, \
            open(sink, "wb") as out:
        receive_into(response.iter_raw(), out, hasher, 0, size)
    result.update(down=time.perf_counter() - t0, client_cpu_down=own_cpu() - cpu[0],
                  relay_cpu_down=cpu_seconds(relay_pid) - cpu[1])
    if hasher.hexdigest() != digest or response.headers["scelle-content-digest"] != digest:
        raise BenchError("the downloaded envelope is not what was uploaded")
    return result


def _hashed_pieces(src: BinaryIO, hasher: ContentHasher) -> Iterator[bytes]:
    """The file in 1 MiB pieces, each hashed once on the way (the sender's one pass)."""
    for piece in iter(lambda: src.read(MiB), b""):
        hasher.update(piece)
        yield piece


def _static_round(client: httpx.Client, url: str, source: Path, sink: Path, server_pid: int,
                  minimum: bool) -> dict[str, float]:
    """One PUT and one GET of the file: seconds and CPU seconds of each side, each way."""
    result: dict[str, float] = {}
    settle()
    cpu, t0 = (own_cpu(), cpu_seconds(server_pid)), time.perf_counter()
    with open(source, "rb") as src:
        pieces = (_hashed_pieces(src, ContentHasher()) if minimum
                  else iter(lambda: src.read(MiB), b""))
        answer = client.put(url + ("?durable" if minimum else ""), content=pieces,
                            headers={"Content-Length": str(source.stat().st_size)})
    if answer.status_code != 201:
        raise BenchError(f"the static server answered {answer.status_code} to PUT")
    result.update(up=time.perf_counter() - t0, client_cpu_up=own_cpu() - cpu[0],
                  server_cpu_up=cpu_seconds(server_pid) - cpu[1])
    settle()
    cpu, t0 = (own_cpu(), cpu_seconds(server_pid)), time.perf_counter()
    with client.stream("GET", url) as response, open(sink, "wb") as out:
        if minimum:  # the recipient's one pass, beside the receive, as the desktop client does
            receive_into(response.iter_raw(), out, ContentHasher(), 0,
                         source.stat().st_size)
        else:
            for block in response.iter_raw(MiB):
                out.write(block)
    result.update(down=time.perf_counter() - t0, client_cpu_down=own_cpu() - cpu[0],
                  server_cpu_down=cpu_seconds(server_pid) - cpu[1])
    return result


def static_large(source: Path, sink: Path, workdir: Path) -> dict[str, dict[str, float]]:
    """The references, by the same HTTP client: `plain` (a page-cache copy each way, nothing
    hashed or synced) and `minimum` (each byte hashed once per side, the upload synced before
    the answer: what the protocol cannot do without, with none of its signatures, checks,
    database or resumable chunks)."""
    port = free_port()
    root = workdir / "static"
    root.mkdir()
    with process([sys.executable, str(STATIC), str(root), str(port)],
                 f"http://127.0.0.1:{port}/missing") as server:
        with httpx.Client(timeout=600) as client:
            return {kind: _static_round(client, f"http://127.0.0.1:{port}/blob", source, sink,
                                        server.pid, kind == "minimum")
                    for kind in ("plain", "minimum")}


def sha256_rates(source: Path) -> dict[str, float]:
    """SHA-256 alone over (up to) `HASH_SAMPLE` bytes of the envelope, in memory: MB/s on one
    thread, and the sum of two threads hashing at once (hashlib releases the GIL)."""
    with open(source, "rb") as src:
        data = src.read(HASH_SAMPLE)
    settle()
    t0 = time.perf_counter()
    hashlib.sha256(data).digest()
    one = throughput(len(data), time.perf_counter() - t0)
    threads = [threading.Thread(target=lambda: hashlib.sha256(data).digest()) for _ in range(2)]
    t0 = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    two = throughput(2 * len(data), time.perf_counter() - t0)
    return {"one_thread": one, "two_threads": two}


def _way_rows(large: dict[str, Any], way: str, target: float, ceiling: float
              ) -> tuple[dict[str, float], list[list[str]]]:
    size, static = large["size"], large["static"]
    per_gib = (1 << 30) / size
    ours = throughput(size, large[f"relay_{way}"])
    plain, least = (throughput(size, static[k][way]) for k in ("plain", "minimum"))
    ratio = ours / plain
    cpu = {k: (static[k][f"client_cpu_{way}"] * per_gib, static[k][f"server_cpu_{way}"] * per_gib)
           for k in ("plain", "minimum")}
    cpu["relay"] = (large[f"client_cpu_{way}"] * per_gib, large[f"relay_cpu_{way}"] * per_gib)
    name = f"{format_size(size)} {way}"
    rows = [[f"{name}: relay / plain HTTP", f"{ours:.0f} / {plain:.0f} MB/s",
             f"ratio >= {target}", f"{ratio:.2f} {'yes' if ratio >= target else 'NO'}"],
            [f"  minimum necessary (hash once a side{', fsync' if way == 'up' else ''})",
             f"{least:.0f} MB/s", "(ceiling)", f"{least / plain:.2f}; relay at "
             f"{ours / least:.0%} of it"],
            [f"  hash ceiling {way}", f"{ceiling:.0f} MB/s", "(ceiling)",
             f"{ceiling / plain:.2f}"]]
    for kind, label in (("relay", "relay"), ("minimum", "minimum"), ("plain", "plain HTTP")):
        client, server = cpu[kind]
        rows.append([f"  CPU per GiB {way}, client / server: {label}",
                     f"{client:.2f} / {server:.2f} s", "", ""])
    return {f"relay_{way}": ours, f"plain_{way}": plain, f"minimum_{way}": least}, rows


def large_rows(large: dict[str, Any], rss: dict[str, int], targets: dict[str, float]
               ) -> tuple[dict[str, float], list[list[str]]]:
    """The report's rows for the large envelope; and the MB/s figures for the JSON."""
    size = large["size"]
    sha = large["sha256"]
    plain_down = throughput(size, large["static"]["plain"]["down"])
    # Up: two passes over every byte (one per side) share (at best) the two threads' combined rate.
    # Down: one pass, on its own thread beside the receiving one: at best the slower of the two.
    # (Two threads can come out slower than one when other work holds a core: take the best.)
    ceilings = {"up": max(sha["two_threads"], sha["one_thread"]) / UP_PASSES,
                "down": min(sha["one_thread"], plain_down)}
    rates: dict[str, float] = {}
    rows: list[list[str]] = []
    for way in ("up", "down"):
        figures, more = _way_rows(large, way, targets[way], ceilings[way])
        rates.update(figures)
        rows += more
    rows.append(["SHA-256 alone: 1 thread / 2 threads at once",
                 f"{sha['one_thread']:.0f} / {sha['two_threads']:.0f} MB/s", "(reference)", ""])
    nofsync = throughput(size, large["nofsync_up"])
    rows.append(["  what-if, relay without fsync: up", f"{nofsync:.0f} MB/s", "(not shipped)",
                 f"{nofsync / rates['plain_up']:.2f}"])
    rows.append(["relay peak RSS: small run / after large",
                 f"{rss['after_small'] // MiB} / {rss['after_large'] // MiB} MiB", "flat", ""])
    rates.update({f"sha256_{k}": v for k, v in sha.items()}, ceiling_up=ceilings["up"],
                 ceiling_down=ceilings["down"])
    return rates, rows
