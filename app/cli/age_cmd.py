"""`scelle age …`: age v1 key generation, encryption and decryption, compatible with `age`.

Files and keys are byte-compatible with age 1.1 (`age`, `age-keygen`): a key made here works
with `age -d -i`, a file encrypted here opens with `age -d`, and the other way round. The
post-quantum hybrid keys (`age1pq1…`) are understood by age 1.3 and later only.

All the cryptography is in `crypto.age`; this module parses options, reads argument files and
routes bytes between files, standard streams and the age layer.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from app.cli.common import (
    CliInputError,
    CliUsageError,
    Progress,
    add_passphrase_file_option,
    input_size,
    is_stdio,
    obtain_passphrase,
    open_input,
    passphrase_file_of,
    read_argument_text,
    refuse_binary_to_terminal,
    staged_output,
    write_new_private_file,
)
from crypto import age
from crypto.age.errors import AgeError, IdentityError, RecipientError

# The first line of every binary age file; an identity file starting with it is itself
# passphrase-encrypted (age supports that too).
_AGE_INTRO = "age-encryption.org/v1\n"


def register(subparsers: argparse._SubParsersAction) -> None:
    group = subparsers.add_parser(
        "age",
        help="age v1 keys and files (compatible with age / age-keygen)",
        description="age v1 keys and files, byte-compatible with age 1.1.",
    )
    commands = group.add_subparsers(dest="age_command", metavar="COMMAND")
    group.set_defaults(func=lambda _args: _usage(group))
    _register_keygen(commands)
    _register_encrypt(commands)
    _register_decrypt(commands)


def _usage(parser: argparse.ArgumentParser) -> int:
    parser.print_help(sys.stderr)
    return 2


# ---------------------------------------------------------------------------------------------
# keygen


def _register_keygen(commands: argparse._SubParsersAction) -> None:
    p = commands.add_parser(
        "keygen",
        help="generate an age identity (like age-keygen)",
        description="Generate an age identity, in age-keygen's layout.",
    )
    p.add_argument("--pq", action="store_true", help="post-quantum hybrid key (age1pq1…)")
    p.add_argument("-o", "--output", metavar="FILE", help="write the key to FILE (0600, new)")
    p.set_defaults(func=run_keygen)


def run_keygen(args: argparse.Namespace) -> int:
    identity = age.HybridIdentity.generate() if args.pq else age.X25519Identity.generate()
    text = age.format_keygen(identity)
    public = str(identity.recipient())
    if args.output and args.output != "-":
        write_new_private_file(args.output, text.encode("ascii"))
        print(f"Public key: {public}", file=sys.stderr)
        return 0
    sys.stdout.write(text)
    sys.stdout.flush()
    # age-keygen repeats the public key on standard error when the key does not go to a
    # terminal, so that `scelle age keygen > key.txt` still shows it.
    if not sys.stdout.isatty():
        print(f"Public key: {public}", file=sys.stderr)
    return 0


# ---------------------------------------------------------------------------------------------
# encrypt


def _register_encrypt(commands: argparse._SubParsersAction) -> None:
    p = commands.add_parser(
        "encrypt",
        help="encrypt to recipients or with a passphrase (like age -e)",
        description="Encrypt IN (standard input by default) to OUT (standard output).",
    )
    p.add_argument("-r", "--recipient", action="append", default=[], metavar="RECIPIENT",
                   help="encrypt to RECIPIENT (age1… or age1pq1…); repeatable")
    p.add_argument("-R", "--recipients-file", action="append", default=[], metavar="PATH",
                   help="encrypt to the recipients listed in PATH; repeatable")
    p.add_argument("-p", "--passphrase", action="store_true",
                   help="encrypt with a passphrase (asked twice, or --passphrase-file)")
    p.add_argument("-a", "--armor", action="store_true", help="ASCII-armored (PEM) output")
    p.add_argument("-o", "--output", metavar="OUT", help="write to OUT ('-': standard output)")
    add_passphrase_file_option(p, "read the -p passphrase from F (first line)")
    p.add_argument("input", nargs="?", metavar="IN", help="file to encrypt ('-': standard input)")
    p.set_defaults(func=run_encrypt)


def _encrypt_recipients(args: argparse.Namespace) -> list[object]:
    if args.passphrase and (args.recipient or args.recipients_file):
        raise CliUsageError("-p/--passphrase can't be combined with -r/-R recipients")
    if args.passphrase:
        passphrase = obtain_passphrase(args, "Enter passphrase", confirm=True)
        return [age.ScryptRecipient(passphrase)]
    if passphrase_file_of(args):
        raise CliUsageError("--passphrase-file needs -p/--passphrase")
    recipients: list[object] = []
    for text in args.recipient:
        try:
            recipients.append(age.parse_recipient(text))
        except RecipientError as exc:
            raise CliInputError(f"invalid recipient '{_short(text)}': {exc}") from None
    for path in args.recipients_file:
        content = read_argument_text(path, "recipients file")
        try:
            recipients.extend(age.parse_recipients_file(content))
        except AgeError as exc:
            raise CliInputError(f"recipients file '{path}': {exc}") from None
    if not recipients:
        raise CliUsageError("missing recipients: give -r RECIPIENT, -R FILE or -p")
    return recipients


def run_encrypt(args: argparse.Namespace) -> int:
    recipients = _encrypt_recipients(args)
    if not args.armor:
        refuse_binary_to_terminal(args.output)
    progress = Progress("encrypting")
    try:
        with open_input(args.input) as src, staged_output(args.output) as dst:
            age.encrypt_stream(
                src, dst, recipients, armor=args.armor,
                progress=_sized(progress, input_size(args.input)),
            )
    finally:
        progress.finish()
    return 0


# ---------------------------------------------------------------------------------------------
# decrypt


def _register_decrypt(commands: argparse._SubParsersAction) -> None:
    p = commands.add_parser(
        "decrypt",
        help="decrypt with identity files or a passphrase (like age -d)",
        description="Decrypt IN (standard input by default) to OUT (standard output). "
        "Without -i, the passphrase is asked (or read from --passphrase-file).",
    )
    p.add_argument("-i", "--identity", action="append", default=[], metavar="PATH",
                   help="identity file (age-keygen layout, X25519 or hybrid keys); repeatable")
    p.add_argument("-o", "--output", metavar="OUT", help="write to OUT ('-': standard output)")
    add_passphrase_file_option(p, "passphrase of a passphrase-encrypted file, first line of F")
    p.add_argument("input", nargs="?", metavar="IN", help="file to decrypt ('-': standard input)")
    p.set_defaults(func=run_decrypt)


def load_identities(paths: Sequence[str], args: argparse.Namespace) -> list[object]:
    """Identities from age identity files; a file that is itself age-encrypted is opened with
    a passphrase first (as `age -d -i key.age` does)."""
    identities: list[object] = []
    for path in paths:
        text = read_argument_text(path, "identity file")
        if text.startswith(_AGE_INTRO) or text.startswith("-----BEGIN AGE ENCRYPTED FILE-----"):
            text = _decrypt_identity_file(path, text, args)
        try:
            found = age.parse_identities_file(text)
        except IdentityError as exc:
            raise CliInputError(f"identity file '{path}': {exc}") from None
        except AgeError as exc:
            raise CliInputError(f"identity file '{path}' is not valid: {exc}") from None
        if not found:
            raise CliInputError(f"identity file '{path}' contains no identity")
        identities.extend(found)
    return identities


def _decrypt_identity_file(path: str, text: str, args: argparse.Namespace) -> str:
    import io

    passphrase = obtain_passphrase(args, f"Enter passphrase for identity file '{path}'",
                                   confirm=False)
    out = io.BytesIO()
    try:
        age.decrypt_stream(io.BytesIO(text.encode("utf-8")), out,
                           [age.ScryptIdentity(passphrase)])
    except AgeError as exc:
        raise CliInputError(f"identity file '{path}' cannot be decrypted: {exc}") from None
    try:
        return out.getvalue().decode("utf-8")
    except UnicodeDecodeError:
        raise CliInputError(f"identity file '{path}' does not hold age identities") from None


def run_decrypt(args: argparse.Namespace) -> int:
    if args.identity:
        identities = load_identities(args.identity, args)
    else:
        # No -i: the file must be passphrase-encrypted (age's rule). If it is not, the age
        # layer reports that no identity matched, which names the problem.
        if is_stdio(args.input) and not passphrase_file_of(args) and sys.stdin.isatty():
            raise CliUsageError("reading the file and the passphrase from the same terminal")
        passphrase = obtain_passphrase(args, "Enter passphrase", confirm=False)
        identities = [age.ScryptIdentity(passphrase)]
    progress = Progress("decrypting")
    try:
        with open_input(args.input) as src, staged_output(args.output) as dst:
            age.decrypt_stream(
                src, dst, identities, progress=_sized(progress, input_size(args.input))
            )
    finally:
        progress.finish()
    return 0


# ---------------------------------------------------------------------------------------------


def _sized(progress: Progress, total: int | None):  # type: ignore[no-untyped-def]
    """Adapts our progress display to a callback that reports only bytes done."""
    return lambda done, *_rest: progress(done, total)


def _short(text: str, limit: int = 40) -> str:
    # Recipient strings are public, but a mistyped secret key pasted as -r must not be echoed
    # whole in a log.
    if text.upper().startswith("AGE-SECRET-KEY"):
        return "AGE-SECRET-KEY-…"
    return text if len(text) <= limit else text[:limit] + "…"
