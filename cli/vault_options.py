"""The vault's unlock options given before any command (`scelle --vault DIR --factor pkcs11 ls`).

Apart from cli/vault_unlock.py, which uses them, because the main parser always needs them while
the unlock machinery (cli/common.py, the identity and age modules) costs a tenth of a second to
import: `scelle --version` or `scelle id …` should not pay for it (cli/main.py).
"""

from __future__ import annotations

import argparse

from app.policy import FACTOR_KINDS

UNLOCK_KINDS = (*FACTOR_KINDS, "recovery")
# Options of the main parser that concern the vault; a batch line may not set them.
GLOBAL_DESTS = ("vault", "passphrase_file", "pin_file", "totp", "unlock_factor",
                "pkcs11_module", "recovery_file")


def add_global_options(parser: argparse.ArgumentParser) -> None:
    """Options before the command, next to main.py's --vault/--passphrase-file/--pin-file/--totp."""
    parser.add_argument("--factor", dest="unlock_factor", choices=UNLOCK_KINDS,
                        help="which kind of slot opens the vault (default: --totp or "
                        "--recovery-file if given, else the vault's first slot)")
    parser.add_argument("--pkcs11-module", metavar="PATH",
                        help="PKCS#11 library of the token (default: OpenSC or a known "
                        "middleware)")
    parser.add_argument("--recovery-file", metavar="F",
                        help="open with the recovery code written in F (no passphrase, no "
                        "second factor)")
