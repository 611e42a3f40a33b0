"""The canary search's prefilter (tests/reliability/plaintext_scan.py `candidate_regions`): it
must find exactly what one search per needle over the whole buffer finds."""

from __future__ import annotations

import base64
import random

import pytest

from tests.reliability.plaintext_scan import Canary, Scanner, candidate_regions, make_canary

FILLERS = (
    lambda rng, n: rng.randbytes(n),  # binary
    lambda rng, n: bytes(n),  # zeros (free pages, WAL)
    lambda rng, n: base64.b64encode(rng.randbytes(n))[:n],  # a run that touches the needle
    lambda rng, n: "".join(rng.choice("ghjkmnpq") for _ in range(n // 2)).encode("utf-16-le"),
    lambda rng, n: b"INSERT INTO t VALUES ('" + rng.randbytes(n) + b"');\n",
)


def _naive(scanner: Scanner, data: bytes) -> set[tuple[str, str]]:
    return {(canary.where, label) for needle, label, canary in scanner._needles
            if needle in data}


@pytest.mark.parametrize("seed", range(40))
def test_the_prefilter_finds_what_a_search_per_needle_finds(seed: int) -> None:
    rng = random.Random(seed)
    canaries = [make_canary(f"c{i}", "Héloïse Œuvre {core}") for i in range(3)]
    scanner = Scanner(canaries)
    assert scanner._prefilter
    needles = [needle for needle, _, _ in scanner._needles]
    parts = []
    for _ in range(rng.randrange(1, 12)):
        parts.append(rng.choice(FILLERS)(rng, rng.randrange(0, 3000)))
        if rng.random() < 0.6:  # planted whole, or cut short by one byte (must not be found)
            needle = rng.choice(needles)
            parts.append(needle if rng.random() < 0.7 else needle[:-1])
    data = b"".join(parts)
    found = {(h.canary.where, h.encoding) for h in scanner.scan_bytes(data, "buffer")}
    assert found == _naive(scanner, data)


def test_each_region_is_a_widened_run_and_binary_data_has_none() -> None:
    rng = random.Random(7)
    noise = rng.randbytes(200_000).translate(bytes(b if b >= 0x80 else 0x80 for b in range(256)))
    assert candidate_regions(noise, 24) == []
    data = noise + b"abcdefghijkl" + noise
    [region] = candidate_regions(data, 24)
    assert len(region) == 12 + 2 * 24 and b"abcdefghijkl" in region
    assert candidate_regions(data[: len(noise) + 11], 24) == []  # 11 letters: no run


def test_a_needle_the_prefilter_cannot_see_turns_it_off() -> None:
    # A core outside letters and digits: its Latin-1 bytes lie in no run, so every needle is
    # searched over the whole buffer again.
    odd = Canary("odd", "ÿþýüûúùø÷öõô", "ÿþýüûúùø÷öõô")
    scanner = Scanner([odd])
    assert not scanner._prefilter
    data = bytes(100) + "ÿþýüûúùø÷öõô".encode("latin-1") + bytes(100)
    assert [h.encoding for h in scanner.scan_bytes(data, "x")] == ["whole latin-1"]
