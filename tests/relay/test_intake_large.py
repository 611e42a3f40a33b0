"""A deposit of several content-digest chunks at an intake page (docs/relay.md "Intake"): the
relay streams it to disk and names it by the hash list of docs/format.md §5.1, which the
reader's download and the proof agree on."""

from __future__ import annotations

import json
import os

import pytest

from crypto import content_digest
from crypto.proofs import parse_proof
from relay.config import Limits
from tests.relay.conftest import World
from tests.relay.intake_support import POW_BITS, Browser, intake_world

SIZE = 2 * content_digest.CONTENT_CHUNK + 12345  # three leaves, the last one short


@pytest.fixture
def limits() -> Limits:
    return Limits(intake_pow_bits=POW_BITS)


def test_a_large_deposit_is_named_by_its_content_digest(world: World) -> None:
    made = intake_world(world, readers=1)
    assert made.publish(made.document(version=2, max_bytes=30_000_000)).status_code == 200
    # Not decrypted here (test_intake.py does): only the bytes' way through matters.
    body = b"age-encryption.org/v1\n" + os.urandom(SIZE - 22)
    browser = Browser(world.server)
    sent = browser.deposit(body, version=2)
    assert sent.status_code == 201, sent.text
    expected = content_digest.of_bytes(body).hex()
    proof = parse_proof(json.dumps(sent.json()["proof"]).encode())
    assert (proof.statement["content_digest"], proof.statement["size"]) == (expected, SIZE)
    reader = made.readers[0]
    listed = reader.inbox()[0]
    assert (listed["content_digest"], listed["size"]) == (expected, SIZE)
    got = reader.download(sent.json()["envelope_id"])
    assert got.content == body and got.headers["scelle-content-digest"] == expected
    browser.close()
