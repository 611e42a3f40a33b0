"""`scelle vault init DIR`: create a vault, its first passphrase slot and its recovery slot.

The second factor is enrolled here: a PKCS#11 token key (chosen by token label/serial and the
key's CKA_ID, or picked from the token's certificates), a FIDO2 security key, or TOTP (the
otpauth URI and a QR code are printed for the authenticator app). The recovery code is printed
once; Scellé never stores it. The creation stays pending until the code is confirmed (typed
back on a terminal; printed, for a script): cli/vault_pending.py, which also holds
`vault resume-init` and `vault discard-init` for a creation that was interrupted.

Everything that can be checked is checked before the passphrase is asked: the folder, the
name, the KDF setting, the token and the key. Then `app.vault.create_vault` does the work; on
failure it leaves no vault behind.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from app.kdf_settings import (
    DEFAULT_MEMORY_KIB,
    MAX_ITERATIONS,
    MAX_MEMORY_KIB,
    MIN_MEMORY_KIB,
    Argon2Params,
    kdf_setting,
)
from app.policy import FACTOR_KINDS
from cli.common import (
    CliInputError,
    CliUsageError,
    _terminal_available,
    add_passphrase_file_option,
    obtain_passphrase,
)
from cli import vault_pending
from cli.vault_output import info, print_json
from cli.vault_pending import confirm_code
from cli.vault_unlock import factor_request, option_of

if TYPE_CHECKING:
    from app.key_factors import Pkcs11Module, TokenSelector
    from app.unlock import SlotFactor
    from app.vault import NewVault

FACTORS = FACTOR_KINDS
UV_POLICIES = ("required", "preferred", "discouraged")  # app/key_factors.py UV_POLICIES


def register(vault_commands: argparse._SubParsersAction) -> None:
    p = vault_commands.add_parser(
        "init", help="create a vault in DIR",
        description="Create a vault opened by a passphrase and a second factor (PKCS#11 "
        "token, FIDO2 security key, or TOTP), with a recovery code printed once.")
    p.add_argument("dir", metavar="DIR", help="vault folder (created if missing)")
    p.add_argument("--factor", dest="init_factor", required=True, choices=FACTORS,
                   help="the second factor of the first slot")
    p.add_argument("--name", required=True, help="holder's name, as correspondents see it")
    p.add_argument("--role", default="", help="role (avocat, notaire, OPJ, greffier…)")
    p.add_argument("--org", default="", help="organisation (bar, office, court, station…)")
    p.add_argument("--label", default="", help="label of the first slot (public, in vault.json)")
    add_passphrase_file_option(p, "the new vault's passphrase, first line of F")
    add_factor_options(p, "--pin-file", "sub_pin_file")
    kdf = p.add_argument_group("key derivation (Argon2id)")
    kdf.add_argument("--kdf-memory", type=int, metavar="MiB",
                     help=f"memory per unlock, at least {MIN_MEMORY_KIB // 1024} "
                     f"(default {DEFAULT_MEMORY_KIB // 1024}); for slow machines")
    kdf.add_argument("--kdf-passes", type=int, metavar="N",
                     help="passes (default: calibrated to about one second here)")
    p.add_argument("--json", action="store_true",
                   help="print the result (recovery code included) as JSON")
    p.set_defaults(func=run_init)
    vault_pending.register(vault_commands)


def add_factor_options(p: argparse.ArgumentParser, pin_flag: str, pin_dest: str) -> None:
    """Options choosing the token and key of a new slot (vault init, slots add)."""
    token = p.add_argument_group("PKCS#11 token (--factor pkcs11)")
    token.add_argument("--pkcs11-module", dest="sub_pkcs11_module", metavar="PATH",
                       help="the token's PKCS#11 library (default: OpenSC or a known one)")
    token.add_argument("--token-label", metavar="LABEL", help="the token, by label")
    token.add_argument("--token-serial", metavar="SERIAL", help="the token, by serial number")
    token.add_argument("--key-id", metavar="HEX", help="the key's CKA_ID (hex), as shown by "
                       "`pkcs11-tool -O` (default: asked among the token's certificates)")
    token.add_argument(pin_flag, dest=pin_dest, metavar="F",
                       help="the new token's (or FIDO2 key's) PIN, first line of F")
    p.add_argument("--uv", choices=UV_POLICIES, default="preferred",
                   help="FIDO2 user verification (PIN) at every unlock (default: preferred, "
                   "i.e. if the key has a PIN)")


def check_factor_options(args: argparse.Namespace, kind: str) -> None:
    token_options = [o for o, v in (("--token-label", args.token_label),
                                    ("--token-serial", args.token_serial),
                                    ("--key-id", args.key_id)) if v]
    if kind != "pkcs11" and token_options:
        raise CliUsageError(f"{token_options[0]} is for --factor pkcs11")
    if kind != "fido2" and args.uv != "preferred":
        raise CliUsageError("--uv is for --factor fido2")
    if args.key_id:
        _parse_key_id(args.key_id)


def kdf_params(args: argparse.Namespace) -> Argon2Params | None:
    """None (calibrated defaults) unless --kdf-memory / --kdf-passes say otherwise."""
    if args.kdf_memory is None and args.kdf_passes is None:
        return None
    memory = DEFAULT_MEMORY_KIB // 1024 if args.kdf_memory is None else args.kdf_memory
    if not MIN_MEMORY_KIB // 1024 <= memory <= MAX_MEMORY_KIB // 1024:
        raise CliUsageError(f"--kdf-memory must be between {MIN_MEMORY_KIB // 1024} and "
                            f"{MAX_MEMORY_KIB // 1024} MiB")
    if args.kdf_passes is not None and not 1 <= args.kdf_passes <= MAX_ITERATIONS:
        raise CliUsageError(f"--kdf-passes must be between 1 and {MAX_ITERATIONS}")
    return kdf_setting(memory, args.kdf_passes)


def check_new_key(kind: str, kdf: Argon2Params | None = None) -> None:
    """The vault-key rules the options alone decide (policy: factor kind, KDF floor), checked
    before a PIN or a passphrase is asked; the service checks them again."""
    from app.vault.key_rules import require_new_key_allowed

    require_new_key_allowed(kind, kdf)


def run_init(args: argparse.Namespace) -> int:
    from app.vault import check_new_vault_folder, create_vault

    folder = Path(args.dir)
    check_factor_options(args, args.init_factor)
    check_new_vault_folder(folder)
    kdf = kdf_params(args)
    check_new_key(args.init_factor, kdf)
    factor = enrolment_factor(args, args.init_factor)
    passphrase = obtain_passphrase(args, "Passphrase for the new vault", confirm=True)
    # Refused or failed, create_vault leaves nothing behind (not even the folder it made).
    # Made, it stays pending until the recovery code is confirmed (cli/vault_pending.py).
    new = create_vault(folder, passphrase, factor, name=args.name, role=args.role,
                       organisation=args.org, kdf=kdf, label=args.label, make_parents=False,
                       pending=True)
    try:
        report_new_vault(new, args.json)
        confirm_code(folder, new.recovery_code, args.json)
    finally:
        new.session.lock()
    return 0


def enrolment_factor(args: argparse.Namespace, kind: str,
                     pin_option: str = "pin_file") -> SlotFactor:
    """The factor of a new slot, from the token options (`--token-label`, `--key-id`, `--uv`)."""
    from app.key_factors import new_key_factor

    if kind != "pkcs11":
        return new_key_factor(factor_request(args, kind, pin_option, uv=args.uv))
    request = factor_request(args, kind, pin_option)
    module = _module(args)
    selector = _token_selector(module, args)
    key_id = _parse_key_id(args.key_id) if args.key_id else _choose_key(module, selector,
                                                                        request.pin)
    # The same request (and PIN provider): the PIN typed to list the keys is not asked again.
    return new_key_factor(replace(request, token=selector, key_id=key_id))


# ---------------------------------------------------------------------------------------------
# PKCS#11: which token, which key (app/key_factors.py says which ones qualify)


def _module(args: argparse.Namespace) -> Pkcs11Module:
    from app.key_factors import pkcs11_module

    return pkcs11_module(option_of(args, "pkcs11_module"))


def _parse_key_id(text: str) -> bytes:
    try:
        key_id = bytes.fromhex(text.replace(":", ""))
    except ValueError:
        key_id = b""
    if not key_id:
        raise CliUsageError(f"--key-id '{text}' is not a hexadecimal identifier")
    return key_id


def _token_selector(module: Pkcs11Module, args: argparse.Namespace) -> TokenSelector:
    from app.key_factors import TokenSelector, usable_tokens

    if args.token_label or args.token_serial:
        return TokenSelector(label=args.token_label, serial=args.token_serial)
    tokens = usable_tokens(module)
    if not tokens:
        raise CliInputError("no security token is plugged in")
    if len(tokens) > 1:
        for t in tokens:
            info(f"  token label {t.label!r}, serial {t.serial!r} ({t.manufacturer} {t.model})")
        raise CliUsageError(f"{len(tokens)} tokens are plugged in; choose one with "
                            "--token-label or --token-serial")
    return tokens[0].selector()


def _choose_key(module: Pkcs11Module, selector: TokenSelector, pin: object) -> bytes:
    """The key of the only eligible certificate, or the one picked on the terminal."""
    from app.key_factors import eligible_certificates

    usable = eligible_certificates(module, selector, pin)  # type: ignore[arg-type]
    if not usable:
        raise CliInputError("the token holds no certificate whose key can protect a vault "
                            "(it must be able to decrypt, derive or sign)")
    if len(usable) == 1:
        return bytes(usable[0].key_id)
    for index, cert in enumerate(usable, 1):
        mechanism = cert.mechanism.value if cert.mechanism is not None else "?"
        info(f"  {index}. key id {cert.key_id.hex()}: {cert.subject} ({cert.key_type} "
             f"{cert.key_size}, {mechanism})")
    if not _terminal_available():
        raise CliUsageError(f"the token holds {len(usable)} usable keys; choose one with "
                            "--key-id HEX")
    answer = input(f"Key to use (1-{len(usable)}): ").strip()
    if not (answer.isdigit() and 1 <= int(answer) <= len(usable)):
        raise CliUsageError("no key chosen")
    return bytes(usable[int(answer) - 1].key_id)


# ---------------------------------------------------------------------------------------------
# What is shown once


def report_new_vault(new: NewVault, as_json: bool) -> None:
    from app.identities import format_fingerprint

    session = new.session
    card = session.identity.card
    slot = session.slots.list()[0]
    if as_json:
        print_json({"vault": str(session.vault_dir), "vault_id": session.vault_id,
                    "fingerprint": card.fingerprint_hex, "factor": slot.kind,
                    "slot_id": slot.slot_id, "recovery_code": new.recovery_code,
                    "otpauth_uri": new.otpauth_uri})
        return
    print(f"Vault created in {session.vault_dir}")
    print(f"Vault id:      {session.vault_id}")
    print(f"Holder:        {card.name}")
    print(f"Fingerprint:   {format_fingerprint(card.fingerprint)}")
    detail = f", {slot.description}" if slot.description else ""
    print(f"First slot:    {slot.slot_id} ({slot.kind}{detail})")
    print()
    print("RECOVERY CODE. It opens the vault on its own: print it or write it down now, and")
    print("keep it away from this computer. It is shown only this once.")
    print()
    print(f"    {new.recovery_code}")
    if new.totp is not None:
        print()
        print("Scan this QR code with your authenticator app (or enter the URI below):")
        sys.stdout.write(new.totp_qr_text() or "")
        print(new.otpauth_uri)
