"""A short run of the load-and-soak benchmark (bench/relay_soak.py), so `make test` exercises it.

The real `scelle-relay serve` on loopback (SQLite), members of two linked organisations joined
through the desktop client's transport, senders and receivers at once for a few seconds with
envelopes on both sides of the one-request/chunked boundary. Asserted: every envelope received
exactly once, intact, with its deposit, delivery and receipt proofs; no failed request on
either side. Timings are reported by the benchmark, never asserted here.

The judgement itself is checked on records with one fault each: a harness that cannot see a
lost, duplicated, misdirected or corrupted envelope, or a missing proof, would pass anything.
"""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path

import pytest

# bench/ is not a package; appended (not prepended) so that its relay.py cannot shadow relay/.
sys.path.append(str(Path(__file__).resolve().parents[2] / "bench"))

from _soak_records import CollectedRecord, ReceivedRecord, SentRecord  # noqa: E402
from _soak_verify import judge  # noqa: E402
from relay_soak import SoakOptions, run_soak  # noqa: E402

MiB = 1024 * 1024


@pytest.mark.slow
def test_short_soak_every_envelope_once_intact_with_proofs(tmp_path: Path) -> None:
    options = SoakOptions(seconds=8, senders=2, receivers=3, processes=0, max_size=9 * MiB,
                          seed=7, drain_seconds=120, settle_seconds=1)
    result = run_soak(options, tmp_path, None)

    assert result["envelopes_sent"] > 0
    assert result["chunked_sent"] > 0  # each sender's first envelope is 8 MiB + 1
    assert result["verdict"] == {
        "pairs": result["verdict"]["pairs"], "lost": 0, "duplicated": 0, "unexpected": 0,
        "corrupted": 0, "proofs_missing": 0}, result["examples"]
    assert result["envelopes_received"] == result["verdict"]["pairs"]
    assert result["bytes_received"] >= result["bytes_sent"]
    assert result["client_errors"] == {}
    log = result["relay_log"]
    assert log["requests"] > 0
    assert (log["server_errors"], log["client_errors"], log["exceptions"]) == (0, 0, {}), log


FP = ["a" * 64, "b" * 64, "c" * 64]


def _records() -> tuple[list[SentRecord], list[ReceivedRecord], list[CollectedRecord]]:
    sent = [SentRecord("e1", FP[0], (FP[1],), 10, "s1", "single", 0.1, 1.0),
            SentRecord("e2", FP[0], (FP[1], FP[2]), 20, "s2", "chunked", 0.2, 2.0)]
    received = [ReceivedRecord("e1", FP[1], FP[0], 10, "s1", 0.1, 0.2, 3.0),
                ReceivedRecord("e2", FP[1], FP[0], 20, "s2", 0.1, 0.2, 3.0),
                ReceivedRecord("e2", FP[2], FP[0], 20, "s2", 0.1, 0.2, 3.0)]
    collected = [CollectedRecord("e1", (FP[1],), (FP[1],), True),
                 CollectedRecord("e2", (FP[1], FP[2]), (FP[1], FP[2]), True)]
    return sent, received, collected


def test_judge_passes_a_complete_run() -> None:
    verdict = judge(*_records())
    assert verdict.ok and verdict.pairs == 3


@pytest.mark.parametrize("fault, field", [
    ("lost", "lost"), ("duplicated", "duplicated"), ("misdirected", "unexpected"),
    ("corrupted", "corrupted"), ("truncated", "corrupted"), ("no_receipt", "proofs_missing"),
    ("no_delivery", "proofs_missing"), ("offline_failed", "proofs_missing"),
    ("same_id_twice", "duplicated")])
def test_judge_catches_each_fault(fault: str, field: str) -> None:
    sent, received, collected = _records()
    if fault == "lost":
        del received[2]
    elif fault == "duplicated":
        received.append(received[0])
    elif fault == "misdirected":
        received.append(replace(received[0], recipient=FP[2]))
    elif fault == "corrupted":
        received[1] = replace(received[1], sha256="other")
    elif fault == "truncated":
        received[1] = replace(received[1], size=19)
    elif fault == "no_receipt":
        collected[1] = replace(collected[1], receipts=(FP[1],))
    elif fault == "no_delivery":
        collected[0] = replace(collected[0], deliveries=())
    elif fault == "offline_failed":
        collected[0] = replace(collected[0], offline_ok=False)
    else:
        sent.append(sent[0])
    verdict = judge(sent, received, collected)
    assert not verdict.ok
    assert getattr(verdict, field), verdict.summary()
