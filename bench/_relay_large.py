"""bench/relay.py's large-envelope phase, its plain-HTTP baseline and its SHA-256 ceiling, plus
the server processes both phases run (bench/ is not a package: imported by path).

The ceiling: relay protocol 2 hashes every uploaded byte twice, once on each side (the client
for each chunk's signed Content-Digest, which is also its leaf of the content digest; the relay
to check it and keep it as a leaf; the whole value is derived from the leaves on both sides),
and every downloaded byte once (the recipient). Plain HTTP hashes nothing. `sha256_rates`
measures what SHA-256 alone does here, on one thread and on two at once, so the report can say
how close the relay comes to what the hashing allows on this machine under the load of the
moment. CPU seconds per GiB are counted for this process (the client, every thread) and for
the relay process separately (/proc/<pid>/stat): what each side costs whatever else runs.
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
from typing import Any

from _common import MiB, BenchError, format_size, settle, throughput

import httpx

from app.relay_client.chunks import RECEIVE_BLOCK, content_digest_of, receive_into, send_chunks
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
        receive_into(response.iter_raw(RECEIVE_BLOCK), out, hasher, 0, size)
    result.update(down=time.perf_counter() - t0, client_cpu_down=own_cpu() - cpu[0],
                  relay_cpu_down=cpu_seconds(relay_pid) - cpu[1])
    if hasher.hexdigest() != digest or response.headers["scelle-content-digest"] != digest:
        raise BenchError("the downloaded envelope is not what was uploaded")
    return result


def plain_large(source: Path, sink: Path, workdir: Path) -> tuple[float, float]:
    port = free_port()
    root = workdir / "static"
    root.mkdir()
    with process([sys.executable, str(STATIC), str(root), str(port)],
                 f"http://127.0.0.1:{port}/missing"):
        with httpx.Client(timeout=600) as client:
            settle()
            t0 = time.perf_counter()
            with open(source, "rb") as src:
                pieces = iter(lambda: src.read(MiB), b"")
                answer = client.put(f"http://127.0.0.1:{port}/blob", content=pieces,
                                    headers={"Content-Length": str(source.stat().st_size)})
            up = time.perf_counter() - t0
            if answer.status_code != 201:
                raise BenchError(f"the static server answered {answer.status_code} to PUT")
            settle()
            t0 = time.perf_counter()
            with client.stream("GET", f"http://127.0.0.1:{port}/blob") as response, \
                    open(sink, "wb") as out:
                for block in response.iter_raw(MiB):
                    out.write(block)
            down = time.perf_counter() - t0
    return up, down


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


def large_rows(large: dict[str, Any], rss: dict[str, int], targets: dict[str, float]
               ) -> tuple[dict[str, float], list[list[str]]]:
    """The report's rows for the large envelope; and the MB/s figures for the JSON."""
    size = large["size"]
    rates = {k: throughput(size, large[k]) for k in ("relay_up", "relay_down", "plain_up",
                                                      "plain_down")}
    sha = large["sha256"]
    # Up: two passes over every byte (one per side) share (at best) the two threads' combined rate.
    # Down: one pass, on its own thread beside the receiving one: at best the slower of the two.
    # (Two threads can come out slower than one when other work holds a core: take the best.)
    ceilings = {"up": max(sha["two_threads"], sha["one_thread"]) / UP_PASSES,
                "down": min(sha["one_thread"], rates["plain_down"])}
    rows = []
    per_gib = (1 << 30) / size
    for way in ("up", "down"):
        ratio, target = rates[f"relay_{way}"] / rates[f"plain_{way}"], targets[way]
        rows.append([f"{format_size(size)} {way}: relay / plain HTTP",
                     f"{rates[f'relay_{way}']:.0f} / {rates[f'plain_{way}']:.0f} MB/s",
                     f"ratio >= {target}", f"{ratio:.2f} {'yes' if ratio >= target else 'NO'}"])
        client, relay = (large[f"{side}_cpu_{way}"] * per_gib for side in ("client", "relay"))
        rows.append([f"  CPU per GiB {way}: client / relay", f"{client:.2f} / {relay:.2f} s",
                     "", ""])
        rows.append([f"  hash ceiling {way} (relay at {rates[f'relay_{way}'] / ceilings[way]:.0%}"
                     " of it)", f"{ceilings[way]:.0f} MB/s", "(ceiling)",
                     f"{ceilings[way] / rates[f'plain_{way}']:.2f}"])
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
