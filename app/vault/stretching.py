"""Start the passphrase's Argon2id before the factor is ready (issue 16: every unlock's wait).

With a token or a security key, the factor's share takes time of its own (loading the token
library, its I/O, a PIN typed, a key touched) that does not depend on the passphrase; Argon2id
does not depend on the share. A face that has the passphrase starts the derivation here, builds
and uses the factor meanwhile, and hands it to `open_vault(stretching=)`:

    with start_stretching(folder, passphrase, "pkcs11") as stretching:
        factor = build_the_factor(...)                 # imports, token, PIN
        session = open_vault(folder, passphrase, factor, stretching=stretching)

It derives exactly what `open_vault` would (same parameters, once), for the first slot of that
kind. Nothing starts, and `open_vault` derives as before, for a TOTP or recovery unlock (TOTP
refuses during a back-off before any Argon2id work), a vault without such a slot, a header that
cannot be read (`open_vault` says why), or a slot below the workstation policy's floor
(`open_vault` refuses it before any work).
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator

from app.unlock.opening import Passphrase
from app.vault.key_rules import meets, open_floor
from crypto.errors import ScelleError
from crypto.keyslots import FACTOR_KINDS, secret_bytes, wipe
from crypto.keyslots.stretching import Stretching
from storage.header import read_header


@contextlib.contextmanager
def start_stretching(vault_dir: str | os.PathLike[str], passphrase: Passphrase | None,
                     kind: str) -> Iterator[Stretching | None]:
    """The derivation running for the vault's first `kind` slot, or None; waited for and
    wiped when the block is left."""
    stretching = _start(vault_dir, passphrase, kind)
    try:
        yield stretching
    finally:
        if stretching is not None:
            stretching.close()


def _start(vault_dir: str | os.PathLike[str], passphrase: Passphrase | None,
           kind: str) -> Stretching | None:
    if kind not in FACTOR_KINDS or not passphrase:
        return None
    try:
        slots = read_header(vault_dir).slots_of_kind(kind)
    except (ScelleError, OSError):
        return None
    if not slots or not meets(slots[0].kdf, open_floor()):
        return None
    secret = secret_bytes(passphrase)
    try:
        return Stretching(secret, slots[0].kdf)
    finally:
        wipe(secret)
