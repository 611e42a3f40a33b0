"""The short crash-consistency run of `make test`: every operation of the harness
(reliability/crash/) is killed twice, by SIGKILL then by SIGTERM, at seeded moments, and the
state it left must pass every check (the vault opens, `check` and the audit chain pass, no
document half present, no canary in any encoding anywhere, relay transfers completed once).

The full run, 100 kills per operation, is `make crash`; its figures are in docs/reliability.md.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from reliability.crash.checks import NEEDLES, Verdict, check_documents, json_values, \
    scan_plaintext
from reliability.crash.parallel import operations
from reliability.crash.runner import run_operations
from reliability.crash.world import CONTENT_CANARY, World

SEED = 20261205
KILLS = 2  # one SIGKILL, one SIGTERM
# Instead of measuring each operation (three more runs each): the kill lands within this many
# seconds of the start, which on the machines we know is inside the command's run.
DURATION = 2.0


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    made = World(tmp_path_factory.mktemp("crash"))
    yield made
    made.close()


@pytest.mark.parametrize("name", list(operations()))
def test_a_killed_operation_leaves_everything_consistent(world: World, name: str) -> None:
    [report] = run_operations(world, [operations()[name]()], KILLS, SEED, log=lambda _: None,
                              duration=DURATION)
    assert [o.signal for o in report.outcomes] == ["SIGKILL", "SIGTERM"]
    failures = [(o.iteration, o.signal, round(o.delay, 3), o.failures)
                for o in report.outcomes if o.failures]
    assert not failures


# The checks themselves must catch what they look for.

def test_the_plaintext_search_finds_every_encoding(tmp_path: Path) -> None:
    names = {name for _canary, name, _needle in NEEDLES}
    assert {"utf-8", "utf-16-le", "utf-16-be", "base64/0", "base64/1", "base64/2"} <= names
    import base64

    for i, data in enumerate([CONTENT_CANARY.encode("utf-16-le"),
                              b"x" + base64.b64encode(b"ab" + CONTENT_CANARY.encode()),
                              b"\0" * 9 + CONTENT_CANARY.encode()]):
        (tmp_path / f"leak-{i}").write_bytes(data)
    (tmp_path / f"name-{CONTENT_CANARY}").write_bytes(b"")
    (tmp_path / "clean").write_bytes(b"nothing here")
    hits = scan_plaintext([tmp_path])
    assert len(hits) == 4 and not any("clean" in h for h in hits)
    assert scan_plaintext([tmp_path], allowed=list(tmp_path.iterdir())) == []


def test_half_present_or_duplicated_documents_are_reported() -> None:
    verdict = Verdict()
    docs = [{"id": 1, "name": "a", "sha256": "1"}, {"id": 2, "name": "b", "sha256": "x"},
            {"id": 3, "name": "c", "sha256": "3"}, {"id": 4, "name": "c", "sha256": "3"}]
    check_documents(docs, {"b": "2", "c": "3"}, verdict, baseline=frozenset({1, 9}))
    assert len(verdict.failures) == 3  # 9 vanished, b's hash, c twice


def test_batch_output_is_split_into_its_json_values() -> None:
    text = 'vault intact\n{\n "errors": []\n}\naudit log intact\n[\n {"id": 1}\n]\n'
    assert json_values(text) == [{"errors": []}, [{"id": 1}]]
