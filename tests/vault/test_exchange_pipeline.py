"""Opening a sealed file larger than the pipeline's blocks into the vault (app/vault/exchange.py on
crypto/sealed/pipeline.py): this thread decrypts and re-encrypts, the output thread writes the
blob and makes it durable, the hash thread hashes. Whatever goes wrong, and wherever it happens,
nothing is stored, staging is empty and no plaintext is left anywhere."""

from __future__ import annotations

import hashlib
import resource
import signal
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.sealing.files import StorageError
from crypto.age.stream import ENCRYPTED_CHUNK_SIZE
from crypto.sealed.errors import TamperedError, TruncatedSealedFile
from crypto.sealed.pipeline import BLOCK_SIZE
from tests.sealed.craft import split_age
from tests.store.helpers import files_containing
from tests.vault.conftest import CANARY, add_document, canary_data
from tests.vault.exchange_helpers import Pair, _assert_intact, _seal, _state

BIG = 2 * BLOCK_SIZE + 300_001  # three blocks, the last one partial


def _sealed(pair: Pair, tmp_path: Path, sizes: tuple[int, ...]) -> tuple[Path, list[bytes]]:
    alice, _bob, bob_at_alice, _ = pair
    contents = [canary_data(size, seed=n) for n, size in enumerate(sizes)]
    ids = [add_document(alice, f"f{n}.bin", data) for n, data in enumerate(contents)]
    out = tmp_path / "m.scelle"
    _seal(alice, ids, bob_at_alice, out)
    return out, contents


@pytest.mark.parametrize("sizes", [(BIG,), (BLOCK_SIZE - 7, BIG, 0, 65_536)])
def test_large_contents_are_stored_whole_with_the_sha256_of_what_is_stored(
        pair: Pair, tmp_path: Path, sizes: tuple[int, ...]) -> None:
    _alice, bob, _, _ = pair
    path, contents = _sealed(pair, tmp_path, sizes)
    got = bob.receive_sealed(path)
    for doc_id, data in zip(got.document_ids, contents, strict=True):
        with bob.documents.open(doc_id) as stream:
            stored = stream.read()
        assert stored == data
        assert bob.documents.get(doc_id).sha256 == hashlib.sha256(stored).digest()
    assert bob.store.staging.entries() == []
    assert bob.integrity.check(verify_blobs=True).ok
    assert files_containing(tmp_path, CANARY) == []


@pytest.mark.parametrize("where", ["second block", "last chunk"])
def test_a_tampered_large_file_stores_nothing(pair: Pair, tmp_path: Path, where: str) -> None:
    _alice, bob, _, _ = pair
    path, _ = _sealed(pair, tmp_path, (BIG,))
    data = bytearray(path.read_bytes())
    data[BLOCK_SIZE + 1000 if where == "second block" else len(data) - 40] ^= 0x04
    path.write_bytes(bytes(data))
    before = _state(bob)
    with pytest.raises(TamperedError):
        bob.receive_sealed(path)
    _assert_intact(bob, before)
    assert files_containing(tmp_path, CANARY) == []


@pytest.mark.parametrize("cut", ["chunk boundary", "inside a chunk"])
def test_a_truncated_large_file_stores_nothing(pair: Pair, tmp_path: Path, cut: str) -> None:
    _alice, bob, _, _ = pair
    path, _ = _sealed(pair, tmp_path, (BIG,))
    header, nonce, _payload = split_age(path.read_bytes())
    keep = len(header) + len(nonce) + 20 * ENCRYPTED_CHUNK_SIZE  # in the second block
    with open(path, "r+b") as f:
        f.truncate(keep if cut == "chunk boundary" else keep + 1000)
    before = _state(bob)
    # Cut inside a chunk, the rest of that chunk fails as a final chunk: "altered".
    with pytest.raises(TruncatedSealedFile if cut == "chunk boundary" else TamperedError):
        bob.receive_sealed(path)
    _assert_intact(bob, before)
    assert files_containing(tmp_path, CANARY) == []


def test_a_stop_in_the_middle_leaves_no_staging_and_no_plaintext(pair: Pair,
                                                                 tmp_path: Path) -> None:
    """Ctrl+C (or the termination signals the faces turn into it) while blocks are in flight
    on both worker threads."""
    _alice, bob, _, _ = pair
    path, _ = _sealed(pair, tmp_path, (BIG,))

    def progress(done: int, _total: int) -> None:
        if done > BLOCK_SIZE + 200_000:
            raise KeyboardInterrupt

    before = _state(bob)
    with pytest.raises(KeyboardInterrupt):
        bob.receive_sealed(path, progress=progress)
    _assert_intact(bob, before)
    assert files_containing(tmp_path, CANARY) == []
    assert bob.receive_sealed(path).document_ids  # nothing was recorded: it can be received


@pytest.fixture
def small_file_limit() -> Iterator[int]:
    """A real write failure on the output thread: files of this process may not grow beyond
    1.5 MiB (RLIMIT_FSIZE; SIGXFSZ ignored, so write(2) fails with EFBIG)."""
    limit = BLOCK_SIZE + BLOCK_SIZE // 2
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    previous = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, hard))
    try:
        yield limit
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
        signal.signal(signal.SIGXFSZ, previous)


def test_a_failed_write_on_the_output_thread_stores_nothing(pair: Pair, tmp_path: Path,
                                                            request: pytest.FixtureRequest
                                                            ) -> None:
    _alice, bob, _, _ = pair
    path, _ = _sealed(pair, tmp_path, (BIG,))  # written before the limit applies
    before = _state(bob)
    request.getfixturevalue("small_file_limit")
    with pytest.raises(StorageError, match=r"^Receiving the sealed file failed \(File too large"):
        bob.receive_sealed(path)
    resource.setrlimit(resource.RLIMIT_FSIZE, resource.getrlimit(resource.RLIMIT_FSIZE)[1:] * 2)
    _assert_intact(bob, before)
    assert files_containing(tmp_path, CANARY) == []
