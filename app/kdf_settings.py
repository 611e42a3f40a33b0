"""Key-derivation (Argon2id) settings a face may offer: the bounds, and a setting from them.

Light on purpose (no vault services loaded): the command line builds its `--kdf-memory` and
`--kdf-passes` help from these bounds at start-up. Whether a setting is allowed on this
computer is the vault-key rules' decision (app/vault/key_rules.py: the policy floor).
"""

from __future__ import annotations

from dataclasses import replace

from app.policy import workstation_policy
from crypto.kdf import (
    DEFAULT_MEMORY_KIB,
    MAX_ITERATIONS,
    MAX_MEMORY_KIB,
    MIN_MEMORY_KIB,
    Argon2Params,
    KdfParamsError,
    WeakKdfError,
    calibrate,
)


def kdf_setting(memory_mib: int, passes: int | None) -> Argon2Params:
    """The setting for `memory_mib` MiB and `passes` passes (None: calibrated to about one
    second on this machine). Out-of-range values raise `WeakKdfError` / `KdfParamsError`."""
    if passes is None:
        calibrated = calibrate(base=Argon2Params(memory_kib=memory_mib * 1024))
        # The passes were not the user's choice: a machine fast enough to need few of them must
        # not make the policy refuse a setting nobody typed. Raised to the floor instead.
        floor = workstation_policy().kdf_floor()
        if floor is not None and calibrated.iterations < floor.iterations:
            return replace(calibrated, iterations=floor.iterations)
        return calibrated
    return Argon2Params(memory_kib=memory_mib * 1024, iterations=passes)


__all__ = ["DEFAULT_MEMORY_KIB", "MAX_ITERATIONS", "MAX_MEMORY_KIB", "MIN_MEMORY_KIB",
           "Argon2Params", "KdfParamsError", "WeakKdfError", "kdf_setting"]
