"""Concurrent unlocks of one TOTP vault, with real `scelle` processes started together.

Each process reads the gate state from the OS keyring, runs Argon2id, then checks its code.
Without a lock across processes, parallel wrong codes were under-counted (8 guesses counted as
2, no back-off) and a failed attempt could write back an older "last accepted step", so a used
code opened the vault a second time. The gate state is now read, checked and written under one
OS file lock, after the key derivation: parallel attempts behave exactly as if they had come
one after the other.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from crypto.factors.totp import BACKOFF_AFTER, TotpState
from storage.header import read_header
from storage.keyring_store import KeyringStore
from tests.cli_vault.conftest import SCELLE, Secrets, TotpVault, init_totp

_HANG_GUARD_SECONDS = 300  # against a hung child, not a performance assertion
WRONG = "Wrong TOTP code."
BACKOFF = "Too many wrong TOTP codes"
REPLAYED = "This TOTP code was already used"


def _wrong_codes(vault: TotpVault, count: int) -> list[str]:
    """Well-formed codes that match no step the gate could accept during the test."""
    window = {vault.code(steps) for steps in range(-2, 4)}
    candidates = (f"{n:06d}" for n in range(100_000, 1_000_000, 7919))
    return [c for c in candidates if c not in window][:count]


def _run_together(vault: TotpVault, codes: list[str]) -> list[tuple[int, str]]:
    """Start one `scelle --totp CODE ls` per code before waiting for any of them."""
    procs = [
        subprocess.Popen(
            [SCELLE, "--vault", str(vault.dir), *vault.unlock, "--totp", code, "ls"],
            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            start_new_session=True)
        for code in codes
    ]
    results = []
    for proc in procs:
        _, err = proc.communicate(timeout=_HANG_GUARD_SECONDS)
        results.append((proc.returncode, err.decode("utf-8", "replace")))
    return results


def _gate_state(vault: TotpVault) -> TotpState:
    header = read_header(vault.dir)
    record = KeyringStore().load(header.vault_id, header.slots_of_kind("totp")[0].slot_id)
    record.wipe()
    return record.totp


def test_parallel_wrong_codes_are_all_counted(secrets: Secrets, tmp_path: Path) -> None:
    vault = init_totp(tmp_path / "v", secrets)
    results = _run_together(vault, _wrong_codes(vault, 8))

    assert all(code == 1 for code, _ in results), results
    assert all("Traceback" not in err for _, err in results)
    checked = sum(WRONG in err for _, err in results)
    refused = sum(BACKOFF in err for _, err in results)
    # As if typed one after the other: codes are checked (and counted) until the back-off
    # starts; every later attempt is refused by the back-off without being checked.
    assert (checked, refused) == (BACKOFF_AFTER, 8 - BACKOFF_AFTER), results
    state = _gate_state(vault)
    assert state.failures == BACKOFF_AFTER and state.not_before > 0
    # The right code is refused too until the delay has run out.
    right = vault.run("--totp", vault.code(), "ls")
    assert right.returncode == 1 and BACKOFF in right.err


def test_a_used_code_racing_wrong_ones_opens_once(secrets: Secrets, tmp_path: Path) -> None:
    vault = init_totp(tmp_path / "v", secrets)
    code = vault.code()
    (wrong,) = _wrong_codes(vault, 1)
    # A replay counts as a failure too: with one wrong code and one replay at most two failures
    # follow the success (which resets the count), so no back-off hides the outcome.
    results = _run_together(vault, [code, wrong, code])

    assert [status for status, _ in results].count(0) == 1, results
    assert sum(REPLAYED in err for _, err in results) == 1, results
    assert sum(WRONG in err for _, err in results) == 1, results
    # No failed attempt wrote back an older "last accepted step": the code stays used.
    assert _gate_state(vault).last_step >= 0
    again = vault.run("--totp", code, "ls")
    assert again.returncode == 1 and REPLAYED in again.err
