"""`scelle --vault DIR seal|open|verify`: sealed files from and into the vault.

These are the same commands as in seal_cmd.py; given `--vault`, seal_cmd hands over to the
functions here (`vault_variant`):

* `seal --to CONTACT… -o OUT.scelle DOC_ID…`: documents by id, recipients by contact id or
  fingerprint (verified contacts only, unless `--allow-unverified`). Nothing is decrypted to
  disk: contents stream from their blobs into the sealed file.
* `open [--case NAME] IN.scelle`: receive the files into the vault (all or nothing), from a
  known sender (a contact, or `--accept-unverified`); the message id is remembered for good.
  Other keys under a contact's name or organisation are refused with a warning unless
  `--accept-different-key` (app/vault/sender_check.py).
* `verify IN.scelle`: every check of `open`, nothing written.

The identity is the vault's, the sender is checked against the vault's contacts, and replays
against the vault's record of received messages: `--identity` and `--from` do not apply.
"""

from __future__ import annotations

import argparse
import contextlib
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from cli.common import (
    CliUsageError,
    Progress,
    check_output_path,
    read_argument_text,
    require_input_file,
)
from cli.vault_docs import find_case
from cli.seal_options import consult_until_option, expires_option
from cli.vault_output import print_json, safe, when
from cli.vault_unlock import VaultCommand, VaultContext

if TYPE_CHECKING:
    from app.vault import VaultSession, VerifiedMessage

# Options that only make sense with --vault, per command: (flag, dest).
_VAULT_ONLY = {
    "seal": (("--allow-unverified", "allow_unverified"),),
    "open": (("--case", "case"), ("--accept-unverified", "accept_unverified"),
             ("--accept-different-key", "accept_different_key")),
    "verify": (("--accept-unverified", "accept_unverified"),
               ("--accept-different-key", "accept_different_key")),
}


def add_vault_options(parser: argparse.ArgumentParser, command: str) -> None:
    """Options of the --vault variant, added to seal_cmd's parser of `command`."""
    parser.set_defaults(vault_command=True)  # may appear in a batch (where --vault is given)
    if command == "seal":
        parser.add_argument("--allow-unverified", action="store_true",
                            help="with --vault: also seal to contacts not (or no longer) "
                            "verified")
        return
    if command == "open":
        parser.add_argument("--case", metavar="NAME",
                            help="with --vault: file the received documents in this case "
                            "(created if missing)")
    parser.add_argument("--accept-unverified", action="store_true",
                        help="with --vault: accept a sender who is not a contact, or whose "
                        "keys changed")
    parser.add_argument("--accept-different-key", action="store_true",
                        help="with --vault: accept a file signed by OTHER KEYS than your "
                        "contact's under that contact's name or organisation; only after "
                        "calling them on a number you already know")


def vault_variant(args: argparse.Namespace, command: str) -> bool:
    """True if `command` runs on the vault (--vault given); refuses mixed options."""
    if getattr(args, "vault", None):
        wrong = [flag for flag, dest in (("--identity", "identity"), ("--from", "sender"))
                 if getattr(args, dest, None)]
        if wrong:
            raise CliUsageError(f"{wrong[0]} does not apply with --vault: the vault holds your "
                                "identity and your contacts")
        return True
    for flag, dest in _VAULT_ONLY[command]:
        if getattr(args, dest, None):
            raise CliUsageError(f"{flag} needs --vault DIR")
    return False


def run(args: argparse.Namespace, command: str) -> int:
    """Entry from seal_cmd's handlers, in a batch's context or a context of its own."""
    runner, check = {"seal": (_run_seal, _check_seal), "open": (_run_open, _check_input),
                     "verify": (_run_verify, _check_input)}[command]
    return VaultCommand(runner, check)(args)


# ---------------------------------------------------------------------------------------------
# seal


def _check_seal(args: argparse.Namespace) -> None:
    args.document_ids = [_id(text, "document id") for text in args.files]
    args.expires_at = expires_option(args.expires)
    args.consult_until_at = consult_until_option(args.consult_until, args.view_only)
    check_output_path(args.output, overwrite=False)
    if args.message_file:
        args.message = read_argument_text(args.message_file, "message file")


def _id(text: str, what: str) -> int:
    if not (text.isascii() and text.isdigit()) or int(text) <= 0:
        raise CliUsageError(f"'{text}' is not a {what} (with --vault, seal takes document ids; "
                            "import files first)")
    return int(text)


def contact_ids(session: VaultSession, refs: list[str]) -> list[int]:
    """Contacts named by id or by fingerprint (64 hex digits, spaces allowed)."""
    ids = []
    for ref in refs:
        compact = "".join(ref.split()).lower()
        if compact.isascii() and compact.isdigit():
            ids.append(session.contacts.get(int(compact)).id)
            continue
        try:
            fingerprint = bytes.fromhex(compact)
        except ValueError:
            fingerprint = b""
        contact = session.contacts.by_fingerprint(fingerprint) if len(fingerprint) == 32 else None
        if contact is None:
            raise CliUsageError(f"--to '{ref}' is neither a contact id nor the fingerprint of a "
                                "contact (see `contacts`)")
        ids.append(contact.id)
    return ids


def _run_seal(args: argparse.Namespace, context: VaultContext) -> int:
    session = context.session()
    recipients = contact_ids(session, args.to)
    progress = Progress("sealing")
    try:
        sent = session.seal_documents(
            args.document_ids, recipients, args.output, subject=args.subject,
            message=args.message, reference=args.reference, expires=args.expires_at,
            view_only=args.view_only, classic=args.classic,
            allow_unverified=args.allow_unverified, progress=progress,
            consult_until=args.consult_until_at)
    finally:
        progress.finish()
    print(f"Sealed {len(set(args.document_ids))} document(s) into {sent.path} "
          f"({sent.size} bytes)")
    print(f"Message id:    {sent.message_id}")
    print(f"Recipients:    {len(recipients)} (the file also opens with your own identity)")
    print(f"Post-quantum:  {'yes' if sent.hybrid else 'no (X25519 only)'}")
    return 0


# ---------------------------------------------------------------------------------------------
# open and verify


def _check_input(args: argparse.Namespace) -> None:
    require_input_file(args.input, "sealed file")
    if getattr(args, "output", None):
        raise CliUsageError("with --vault, open receives into the vault and takes no -o; "
                            "write documents out with `export`")


def _run_open(args: argparse.Namespace, context: VaultContext) -> int:
    session = context.session()
    case_id = find_case(session, args.case, create=True) if args.case else None
    progress = Progress("receiving")
    try:
        with _impersonation_warned():
            got = session.receive_sealed(args.input, case_id=case_id,
                                         accept_unverified=args.accept_unverified,
                                         accept_key_mismatch=args.accept_different_key,
                                         progress=progress)
    finally:
        progress.finish()
    _warn(got)
    docs = [session.documents.get(i) for i in got.document_ids]
    summary = _summary(got)
    summary.update(case_id=got.case_id, record_id=got.record_id,
                   documents=[{"id": d.id, "name": d.name, "size": d.size} for d in docs])
    _print(summary, args.json, "Received")
    return 0


def _run_verify(args: argparse.Namespace, context: VaultContext) -> int:
    with _impersonation_warned():
        checked = context.session().verify_sealed(
            args.input, accept_unverified=args.accept_unverified,
            accept_key_mismatch=args.accept_different_key)
    _warn(checked)
    _print(_summary(checked), args.json, "Verified")
    return 0


def _warn(message: VerifiedMessage) -> None:
    """An accepted impersonation is still announced loudly (standard error)."""
    from cli.sender_warning import warn_if_impersonation

    card = message.sender_card
    warn_if_impersonation(message.sender.check, card.name, card.fingerprint_hex)


@contextlib.contextmanager
def _impersonation_warned() -> Iterator[None]:
    """On a refused impersonation, the warning (with the contacts' names) before the error."""
    from app.identities import IdentityCard
    from app.vault import SenderImpersonation
    from app.vault.sender_check import SenderCheck
    from cli.sender_warning import warn_if_impersonation

    try:
        yield
    except SenderImpersonation as exc:
        card = exc.card
        if isinstance(exc.check, SenderCheck) and isinstance(card, IdentityCard):
            warn_if_impersonation(exc.check, card.name, card.fingerprint_hex)
        raise


def _summary(message: VerifiedMessage) -> dict[str, Any]:
    meta, sender = message.metadata, message.sender
    card = meta.sender
    return {
        "id": message.message_id, "created": when(meta.created), "expires": when(meta.expires),
        "subject": meta.subject, "message": meta.message, "reference": meta.reference,
        "view_only": meta.view_only, "consult_until": when(meta.consult_until),
        "sender": {"name": card.name, "role": card.role, "organisation": card.organisation,
                   "fingerprint": card.fingerprint_hex, "contact_id": sender.contact_id,
                   "verified": sender.verified, "own": sender.own,
                   "status": sender.check.kind.value if sender.check else None},
        "files": [{"name": f.name, "size": f.size, "type": f.media_type} for f in meta.files],
        "on_behalf_of": _principal(meta),
    }


def _principal(meta: Any) -> dict[str, str] | None:
    """Sent on behalf of someone: the principal (the delegation held: app/vault/on_behalf.py)."""
    if meta.delegation is None:
        return None
    card = meta.delegation.principal_card
    return {"name": card.name, "organisation": card.organisation,
            "fingerprint": card.fingerprint_hex, "delegation": meta.delegation.delegation.id_hex}


def _print(summary: dict[str, Any], as_json: bool, verb: str) -> None:
    if as_json:
        print_json(summary)
        return
    sender = summary["sender"]
    who = ("yourself" if sender["own"] else f"contact {sender['contact_id']}"
           if sender["contact_id"] else "unknown sender")
    state = "verified" if sender["verified"] else "NOT VERIFIED"
    print(f"{verb}: every check passed (envelope, signature, sender, addressee, first receipt)")
    print(f"From:          {safe(sender['name'])} ({who}, {state})")
    print(f"Sender key:    {sender['fingerprint']}")
    if summary["on_behalf_of"]:
        principal = summary["on_behalf_of"]
        print(f"For:           {safe(principal['name'])}, {safe(principal['organisation'])} "
              f"(sent on their behalf; delegation {principal['delegation']} checked)")
    print(f"Message id:    {summary['id']}")
    print(f"Created:       {summary['created']}")
    print(f"Subject:       {safe(summary['subject'])}")
    for label, key in (("Reference", "reference"), ("Expires", "expires")):
        if summary[key]:
            print(f"{label + ':':<14} {safe(summary[key])}")
    if summary["view_only"]:
        print("View-only:     yes (the documents can be shown, not exported)")
    if summary["consult_until"]:
        print(f"Consult until: {summary['consult_until']} (then the vault destroys them)")
    if summary["message"]:
        print("Message:")
        for line in str(summary["message"]).splitlines():
            print(f"  {safe(line)}")
    if "documents" in summary:
        for doc in summary["documents"]:
            print(f"  document {doc['id']}  {safe(doc['name'])}  ({doc['size']} bytes)")
    else:
        for entry in summary["files"]:
            print(f"  {safe(entry['name'])}  ({entry['size']} bytes, {entry['type']})")
