"""`scelle vault init DIR`: create a vault, its first passphrase slot and its recovery slot.

The second factor is enrolled here: a PKCS#11 token key (chosen by token label/serial and the
key's CKA_ID, or picked from the token's certificates), a FIDO2 security key, or TOTP (the
otpauth URI and a QR code are printed for the authenticator app). The recovery code is printed
once; Scellé never stores it.

Everything that can be checked is checked before the passphrase is asked: the folder, the
name, the KDF setting, the token and the key. Then `app.vault.create_vault` does the work; on
failure it leaves no vault behind.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cli.common import (
    CliInputError,
    CliUsageError,
    _terminal_available,
    add_passphrase_file_option,
    obtain_passphrase,
)
from cli.vault_output import info, print_json
from cli.vault_unlock import (
    fido2_unlock_factor,
    pin_provider,
    pkcs11_module,
    touch_prompt,
)
from crypto.identity import format_fingerprint
from crypto.kdf import (
    DEFAULT_MEMORY_KIB,
    MAX_ITERATIONS,
    MAX_MEMORY_KIB,
    MIN_MEMORY_KIB,
    Argon2Params,
    calibrate,
)

if TYPE_CHECKING:
    from app.unlock import TotpSetup
    from app.vault import NewVault
    from crypto.factors.base import KeyFactor

FACTORS = ("pkcs11", "fido2", "totp")
UV_POLICIES = ("required", "preferred", "discouraged")


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
    if args.kdf_passes is None:
        return calibrate(base=Argon2Params(memory_kib=memory * 1024))
    if not 1 <= args.kdf_passes <= MAX_ITERATIONS:
        raise CliUsageError(f"--kdf-passes must be between 1 and {MAX_ITERATIONS}")
    return Argon2Params(memory_kib=memory * 1024, iterations=args.kdf_passes)


def check_folder(folder: Path) -> None:
    from storage.header import header_path
    from storage.store import DB_NAME

    if folder.exists() and not folder.is_dir():
        raise CliInputError(f"'{folder}' exists and is not a folder")
    if header_path(folder).exists():
        raise CliInputError(f"'{folder}' already holds a vault (vault.json exists)")
    if (folder / DB_NAME).exists():
        raise CliInputError(f"'{folder}' holds a vault database without vault.json; "
                            "choose an empty folder")
    if not folder.exists() and not folder.parent.is_dir():
        raise CliInputError(f"the folder containing '{folder}' does not exist")


def run_init(args: argparse.Namespace) -> int:
    from app.vault import create_vault

    folder = Path(args.dir)
    check_factor_options(args, args.init_factor)
    check_folder(folder)
    kdf = kdf_params(args)
    factor = enrolment_factor(args, args.init_factor)
    passphrase = obtain_passphrase(args, "Passphrase for the new vault", confirm=True)
    existed = folder.exists()
    try:
        new = create_vault(folder, passphrase, factor, name=args.name, role=args.role,
                           organisation=args.org, kdf=kdf, label=args.label)
    except BaseException:
        # create_vault removes what it wrote; the folder it made for it goes too (if empty).
        if not existed:
            _remove_if_empty(folder)
        raise
    try:
        report_new_vault(new, args.json)
    finally:
        new.session.lock()
    return 0


def _remove_if_empty(folder: Path) -> None:
    try:
        folder.rmdir()
    except OSError:
        pass  # not empty, or already gone: leave it


def enrolment_factor(args: argparse.Namespace, kind: str,
                     pin_option: str = "pin_file") -> KeyFactor | TotpSetup:
    """The factor of a new slot, from the token options (`--token-label`, `--key-id`, `--uv`)."""
    if kind == "totp":
        from app.unlock import TotpSetup

        return TotpSetup()
    if kind == "fido2":
        from crypto.factors.fido2_factor import Fido2Factor, UvPolicy

        factor = fido2_unlock_factor(args, pin_option)
        assert isinstance(factor, Fido2Factor)
        factor.uv_policy = UvPolicy(args.uv)
        return factor
    return pkcs11_enrolment_factor(args, pin_option)


# ---------------------------------------------------------------------------------------------
# PKCS#11: which token, which key


def pkcs11_enrolment_factor(args: argparse.Namespace, pin_option: str) -> KeyFactor:
    from crypto.factors.pkcs11_factor import KeySelection, Pkcs11Factor

    module = pkcs11_module(args)
    selector = _token_selector(module, args)
    key_id = _parse_key_id(args.key_id) if args.key_id else _choose_key(module, selector)
    return Pkcs11Factor(module, pin_provider(args, "PIN of the security token", pin_option),
                        KeySelection(selector, key_id))


def _parse_key_id(text: str) -> bytes:
    try:
        key_id = bytes.fromhex(text.replace(":", ""))
    except ValueError:
        key_id = b""
    if not key_id:
        raise CliUsageError(f"--key-id '{text}' is not a hexadecimal identifier")
    return key_id


def _token_selector(module: Any, args: argparse.Namespace) -> Any:
    from crypto.factors.pkcs11_token import TokenSelector

    if args.token_label or args.token_serial:
        return TokenSelector(label=args.token_label, serial=args.token_serial)
    tokens = [t for t in module.list_tokens() if t.initialized]
    if not tokens:
        raise CliInputError("no security token is plugged in")
    if len(tokens) > 1:
        for t in tokens:
            info(f"  token label {t.label!r}, serial {t.serial!r} ({t.manufacturer} {t.model})")
        raise CliUsageError(f"{len(tokens)} tokens are plugged in; choose one with "
                            "--token-label or --token-serial")
    return tokens[0].selector()


def _choose_key(module: Any, selector: Any) -> bytes:
    """The key of the only usable certificate, or the one picked on the terminal."""
    usable = [c for c in module.list_certificates(selector) if c.mechanism is not None]
    if not usable:
        raise CliInputError("the token holds no certificate whose key can protect a vault "
                            "(it must be able to decrypt, derive or sign)")
    if len(usable) == 1:
        return bytes(usable[0].key_id)
    for index, cert in enumerate(usable, 1):
        info(f"  {index}. key id {cert.key_id.hex()}: {cert.subject} ({cert.key_type} "
             f"{cert.key_size}, {cert.mechanism.value})")
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
