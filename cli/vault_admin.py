"""Looking after a vault: `check` (integrity), `slots` (key slots), `audit` (the audit log).

`slots` alone lists the slots from vault.json without unlocking (labels are then hints: they
are authenticated only once the vault is open). Adding, removing, re-passphrasing a slot and
replacing the recovery code unlock the vault first (app/vault/slots.py keeps the rules: the
recovery slot and the last passphrase slot stay).
"""

from __future__ import annotations

import argparse
import io
from typing import TYPE_CHECKING, Any

from cli.common import (
    CliUsageError,
    ask_passphrase,
    check_output_path,
    passphrase_file_of,
    read_passphrase_file,
    staged_output,
)
from cli.vault_init import (
    FACTORS,
    add_factor_options,
    check_factor_options,
    check_new_key,
    enrolment_factor,
)
from cli.vault_output import info, print_json, print_table, when
from cli.vault_unlock import (
    VaultContext,
    check_vault_folder,
    key_factor,
    vault_command,
    vault_folder,
)

if TYPE_CHECKING:
    from app.unlock import FactorInput


def register(subparsers: argparse._SubParsersAction) -> None:
    _register_check(subparsers)
    _register_slots(subparsers)
    _register_audit(subparsers)


# ---------------------------------------------------------------------------------------------
# check


def _register_check(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "check", help="check the vault's integrity (with --vault)",
        description="Check the database pages and structure, every document's encrypted "
        "content (present, authentic, matching its SHA-256), stray files and the audit chain. "
        "Exit status 1 if anything is wrong.")
    p.add_argument("--quick", action="store_true",
                   help="only check that every content file is present (do not read them)")
    p.add_argument("--remove-orphans", action="store_true",
                   help="delete the stray files found in blobs/ (never a referenced one)")
    p.add_argument("--json", action="store_true", help="print the report as JSON")
    vault_command(p, run_check)


def run_check(args: argparse.Namespace, context: VaultContext) -> int:
    integrity = context.session().integrity
    report = integrity.check(verify_blobs=not args.quick)
    removed = integrity.remove_orphans(report) if args.remove_orphans else 0
    if args.json:
        print_json({"ok": report.ok, "versions_checked": report.versions_checked,
                    "problems": [] if report.ok else report.summary(),
                    "orphans_removed": removed})
    else:
        for line in report.summary():
            print(line)
        if removed:
            print(f"removed {removed} orphan file(s)")
    return 0 if report.ok else 1


# ---------------------------------------------------------------------------------------------
# slots


def _register_slots(subparsers: argparse._SubParsersAction) -> None:
    group = subparsers.add_parser(
        "slots", help="the vault's key slots (with --vault)",
        description="List the key slots (default; no unlocking), add or remove one, change a "
        "slot's passphrase, or replace the recovery code.")
    group.add_argument("--json", action="store_true", help="print the list as JSON")
    commands = group.add_subparsers(dest="slots_command", metavar="COMMAND")
    vault_command(group, run_list)
    p = commands.add_parser("list", help="list the slots (no unlocking)")
    p.add_argument("--json", dest="sub_json", action="store_true", help="print as JSON")
    vault_command(p, run_list)
    _register_add(commands)
    p = commands.add_parser("remove", help="remove a slot")
    p.add_argument("slot_id", metavar="SLOT_ID", help="slot id, as listed")
    vault_command(p, run_remove)
    p = commands.add_parser("passphrase", help="change a slot's passphrase")
    p.add_argument("slot_id", metavar="SLOT_ID", help="slot id, as listed")
    p.add_argument("--old-passphrase-file", metavar="F", help="the slot's current passphrase "
                   "(default: the one that unlocked the vault, --passphrase-file)")
    p.add_argument("--new-passphrase-file", metavar="F", help="the new passphrase (default: "
                   "asked twice)")
    vault_command(p, run_passphrase)
    p = commands.add_parser("recovery", help="replace the recovery code (printed once)")
    vault_command(p, run_recovery)


def run_list(args: argparse.Namespace, context: VaultContext) -> int:
    from app.vault import describe_vault

    folder = vault_folder(args)
    check_vault_folder(folder)
    slots = describe_vault(folder).slots
    if args.json or getattr(args, "sub_json", False):
        print_json([{"id": s.slot_id, "kind": s.kind, "label": s.label,
                     "description": s.description, "created": s.created,
                     "kdf": {"memory_mib": s.kdf.memory_kib // 1024,
                             "passes": s.kdf.iterations, "lanes": s.kdf.lanes}}
                    for s in slots])
        return 0
    rows = [(s.slot_id, s.kind, f"{s.kdf.memory_kib // 1024} MiB, t={s.kdf.iterations}",
             s.created, s.label or s.description) for s in slots]
    print_table(("SLOT", "KIND", "KDF", "CREATED", "LABEL"), rows)
    return 0


def _register_add(commands: argparse._SubParsersAction) -> None:
    p = commands.add_parser(
        "add", help="add a passphrase slot with another second factor",
        description="Add a slot: a passphrase with a second token, a FIDO2 key or TOTP. "
        "The vault is unlocked first with the usual options.")
    p.add_argument("--factor", dest="new_factor", required=True, choices=FACTORS,
                   help="the second factor of the new slot")
    p.add_argument("--label", default="", help="label of the new slot (public)")
    p.add_argument("--new-passphrase-file", metavar="F",
                   help="the new slot's passphrase (default: asked twice)")
    add_factor_options(p, "--new-pin-file", "new_pin_file")
    vault_command(p, run_add, _check_add)


def _check_add(args: argparse.Namespace) -> None:
    """Before unlocking: the options, and what the policy says about such a slot."""
    check_factor_options(args, args.new_factor)
    check_new_key(args.new_factor)


def _new_passphrase(args: argparse.Namespace, prompt: str) -> str:
    if args.new_passphrase_file:
        return read_passphrase_file(args.new_passphrase_file)
    return ask_passphrase(prompt, confirm=True)


def run_add(args: argparse.Namespace, context: VaultContext) -> int:
    session = context.session()
    factor = enrolment_factor(args, args.new_factor, "new_pin_file")
    passphrase = _new_passphrase(args, "Passphrase for the new slot")
    enrollment = session.slots.add(passphrase, factor, label=args.label)
    added = session.slots.list()[-1]
    print(f"added slot {added.slot_id} ({added.kind})")
    if enrollment is not None:
        print("Scan this QR code with your authenticator app (or enter the URI below):")
        print(enrollment.qr_text(), end="")
        print(enrollment.uri)
    return 0


def run_remove(args: argparse.Namespace, context: VaultContext) -> int:
    context.session().slots.remove(args.slot_id)
    print(f"removed slot {args.slot_id}")
    return 0


def _slot_factor(args: argparse.Namespace, kind: str) -> FactorInput | None:
    """The token or FIDO2 key a slot's rewrap needs (TOTP slots need none)."""
    return key_factor(args, kind) if kind in ("pkcs11", "fido2") else None


def run_passphrase(args: argparse.Namespace, context: VaultContext) -> int:
    session = context.session()
    kinds = {s.slot_id: s.kind for s in session.slots.list()}
    if args.slot_id not in kinds:
        raise CliUsageError(f"this vault has no slot {args.slot_id!r} (see `slots`)")
    old_file = args.old_passphrase_file or passphrase_file_of(args)
    old = (read_passphrase_file(old_file) if old_file
           else ask_passphrase(f"Current passphrase of slot {args.slot_id}", confirm=False))
    new = _new_passphrase(args, "New passphrase")
    session.slots.change_passphrase(args.slot_id, old, new, _slot_factor(args,
                                                                          kinds[args.slot_id]))
    print(f"passphrase of slot {args.slot_id} changed")
    return 0


def run_recovery(args: argparse.Namespace, context: VaultContext) -> int:
    code = context.session().slots.replace_recovery()
    print("NEW RECOVERY CODE (the old one no longer opens the vault). Print it or write it down")
    print("now and keep it away from this computer; it is shown only this once.")
    print()
    print(f"    {code}")
    return 0


# ---------------------------------------------------------------------------------------------
# audit


def _register_audit(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "audit", help="the vault's audit log (with --vault)",
        description="List the audit log (ids and actions only, never names), verify its "
        "chain of keyed hashes (--verify, exit status 1 if broken), or export it as JSON "
        "lines (--export F).")
    p.add_argument("--verify", action="store_true", help="verify the chain")
    p.add_argument("--export", metavar="F", help="write every entry to F as JSON lines")
    p.add_argument("--last", type=int, metavar="N", help="list only the last N entries")
    p.add_argument("--json", action="store_true", help="print as JSON")
    vault_command(p, run_audit, _check_audit)


def _check_audit(args: argparse.Namespace) -> None:
    if args.export:
        check_output_path(args.export, overwrite=False)
    if args.last is not None and args.last < 1:
        raise CliUsageError("--last must be at least 1")


def run_audit(args: argparse.Namespace, context: VaultContext) -> int:
    audit = context.session().audit
    if args.export:
        text = io.StringIO()
        count = audit.export_jsonl(text)
        with staged_output(args.export, overwrite=False) as out:
            out.write(text.getvalue().encode("utf-8"))
        info(f"exported {count} audit entries to {args.export}")
    if args.verify:
        return _verify(audit, args.json)
    if args.export:
        return 0
    entries = audit.entries()
    if args.last is not None:
        entries = entries[-args.last:]
    if args.json:
        print_json([_entry_json(e) for e in entries])
        return 0
    rows = [(e.seq, when(e.at), e.action, _dash(e.document_id), _dash(e.case_id),
             e.actor[:16]) for e in entries]
    print_table(("SEQ", "AT", "ACTION", "DOC", "CASE", "ACTOR"), rows, right=(0, 3, 4))
    return 0


def _verify(audit: Any, as_json: bool) -> int:
    result = audit.verify()
    if as_json:
        print_json({"ok": result.ok, "entries": result.entries,
                    "problems": [{"seq": p.seq, "kind": p.kind, "detail": p.detail}
                                 for p in result.problems]})
    elif result.ok:
        print(f"audit log intact ({result.entries} entries)")
    else:
        for problem in result.problems:
            print(f"audit log: {problem.kind}: {problem.detail}")
    return 0 if result.ok else 1


def _entry_json(entry: Any) -> dict[str, Any]:
    value = entry.as_json()
    return {k: value[k] for k in ("seq", "at", "actor", "action", "document_id", "case_id")}


def _dash(value: int | None) -> str:
    return "-" if value is None else str(value)
