"""`scelle age …`: age v1 key generation, encryption and decryption, compatible with `age`.

Files and keys are byte-compatible with age 1.1 (`age`, `age-keygen`): a key made here works
with `age -d -i`, a file encrypted here opens with `age -d`, and the other way round. The
post-quantum hybrid keys (`age1pq1…`) are understood by age 1.3 and later only.

The use cases are `app.age`'s (which reaches the age layer, crypto/age, and adds the
workstation policy: decryption is refused where export is forbidden); this module parses
options, reads argument files and routes bytes between files and standard streams.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence

from cli.common import (
    CliInputError,
    CliUsageError,
    Progress,
    add_passphrase_file_option,
    check_output_path,
    input_size,
    is_stdio,
    obtain_passphrase,
    open_input,
    passphrase_file_of,
    read_argument_bytes,
    read_argument_text,
    refuse_binary_to_terminal,
    require_input_file,
    staged_output,
    write_new_private_file,
)
from app import age

# The first bytes of a binary or armored age file: an identity file starting with them is
# itself passphrase-encrypted (age supports that too).
_AGE_INTRO = b"age-encryption.org/v1\n"
_ARMOR_INTRO = b"-----BEGIN AGE ENCRYPTED FILE-----"


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
    key = age.generate_key(post_quantum=args.pq)
    text, public = key.text, key.public
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


def _encrypt_recipients(args: argparse.Namespace) -> list[age.Recipient]:
    if args.passphrase and (args.recipient or args.recipients_file):
        raise CliUsageError("-p/--passphrase can't be combined with -r/-R recipients")
    if args.passphrase:
        passphrase = obtain_passphrase(args, "Enter passphrase", confirm=True)
        return [age.ScryptRecipient(passphrase)]
    if passphrase_file_of(args):
        raise CliUsageError("--passphrase-file needs -p/--passphrase")
    recipients: list[age.Recipient] = []
    for text in args.recipient:
        try:
            recipients.append(age.parse_recipient(text))
        except age.RecipientError as exc:
            raise CliInputError(f"invalid recipient '{_short(text)}': {exc}") from None
    for path in args.recipients_file:
        content = read_argument_text(path, "recipients file")
        try:
            recipients.extend(age.parse_recipients_file(content))
        except age.AgeError as exc:
            raise CliInputError(f"recipients file '{path}': {exc}") from None
    if not recipients:
        raise CliUsageError("missing recipients: give -r RECIPIENT, -R FILE or -p")
    return recipients


def run_encrypt(args: argparse.Namespace) -> int:
    if not args.armor:
        refuse_binary_to_terminal(args.output)
    if not is_stdio(args.input):
        require_input_file(args.input, "input file")
    recipients = _encrypt_recipients(args)
    progress = Progress("encrypting")
    report = _sized(progress, input_size(args.input))
    try:
        if not is_stdio(args.input) and not is_stdio(args.output):
            check_output_path(args.output, overwrite=True)
            age.encrypt_file(args.input, args.output, recipients, armor=args.armor,
                             progress=report, overwrite=True)
        else:
            with open_input(args.input) as src, staged_output(args.output) as dst:
                age.encrypt_stream(src, dst, recipients, armor=args.armor, progress=report)
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
        "A passphrase-encrypted file asks its passphrase (or reads --passphrase-file).",
    )
    p.add_argument("-i", "--identity", action="append", default=[], metavar="PATH",
                   help="identity file (age-keygen layout, X25519 or hybrid keys); repeatable")
    p.add_argument("-o", "--output", metavar="OUT", help="write to OUT ('-': standard output)")
    add_passphrase_file_option(p, "passphrase of a passphrase-encrypted file, first line of F")
    p.add_argument("input", nargs="?", metavar="IN", help="file to decrypt ('-': standard input)")
    p.set_defaults(func=run_decrypt)


def load_identities(paths: Sequence[str], args: argparse.Namespace) -> list[age.Identity]:
    """Identities from age identity files (X25519 and hybrid keys may be mixed).

    A file that is itself age-encrypted with a passphrase is opened first, as
    `age -d -i key.age` does; its plaintext stays in memory.
    """
    identities: list[age.Identity] = []
    for path in paths:
        data = read_argument_bytes(path, "identity file")
        if data.startswith(_AGE_INTRO) or data.startswith(_ARMOR_INTRO):
            data = _decrypt_identity_file(path, data, args)
        try:
            identities.extend(age.parse_identities_file(data.decode("utf-8")))
        except UnicodeDecodeError:
            raise CliInputError(f"identity file '{path}' is not UTF-8 text") from None
        except age.AgeError as exc:
            raise CliInputError(f"identity file '{path}': {exc}") from None
    return identities


def _decrypt_identity_file(path: str, data: bytes, args: argparse.Namespace) -> bytes:
    passphrase = obtain_passphrase(args, f"Passphrase of identity file '{path}'", confirm=False)
    try:
        return age.open_identity_file(data, passphrase)
    except age.NoIdentityMatchError:
        raise CliInputError(f"identity file '{path}': wrong passphrase") from None
    except age.AgeError as exc:
        raise CliInputError(f"identity file '{path}' cannot be decrypted: {exc}") from None


class LazyPassphraseIdentity:
    """Asks for the passphrase only if the file turns out to be passphrase-encrypted.

    The age layer offers each identity the header's stanzas; this one answers only for a
    `scrypt` stanza, and only then reads the passphrase file or prompts (as age does), so a
    file encrypted to keys never prompts. The unwrapping itself is `age.ScryptIdentity`'s.
    """

    def __init__(self, args: argparse.Namespace) -> None:
        self._args = args
        self.asked = False

    def unwrap(self, stanzas: Sequence[age.Stanza]) -> bytes | None:
        if not any(stanza.type == "scrypt" for stanza in stanzas):
            return None
        if is_stdio(self._args.input) and sys.stdin.isatty() and not passphrase_file_of(self._args):
            raise CliUsageError("cannot read the file and its passphrase from the same terminal")
        passphrase = obtain_passphrase(self._args, "Enter passphrase", confirm=False)
        self.asked = True
        return age.ScryptIdentity(passphrase).unwrap(stanzas)


def run_decrypt(args: argparse.Namespace) -> int:
    # The workstation policy first: no identity prompt, no staging file when export is refused.
    age.require_decrypt_allowed()
    passphrase = LazyPassphraseIdentity(args)
    identities: list[age.Identity] = [*load_identities(args.identity, args), passphrase]
    progress = Progress("decrypting")
    try:
        _decrypt(args, identities, _sized(progress, input_size(args.input)))
    except age.NoIdentityMatchError:
        raise CliInputError(_no_match_message(args, passphrase.asked)) from None
    finally:
        progress.finish()
    return 0


def _decrypt(args: argparse.Namespace, identities: list[age.Identity],
             progress: Callable[[int], None]) -> None:
    if not is_stdio(args.input) and not is_stdio(args.output):
        # Both are files: the age layer stages the output and renames it only once the
        # last chunk verified, so a failure leaves no OUT file (age itself would leave one).
        require_input_file(args.input, "input file")
        check_output_path(args.output, overwrite=True)
        age.decrypt_file(args.input, args.output, identities, progress=progress, overwrite=True)
        return
    with open_input(args.input) as src, staged_output(args.output) as dst:
        age.decrypt_stream(src, dst, identities, progress=progress)


def _no_match_message(args: argparse.Namespace, asked: bool) -> str:
    if asked:
        return "wrong passphrase: it does not open this file"
    if not args.identity:
        return "the file is not passphrase-encrypted: give its identity file with -i"
    return "none of the identities given with -i can open this file (not addressed to them)"


# ---------------------------------------------------------------------------------------------


def _sized(progress: Progress, total: int | None) -> Callable[[int], None]:
    """Adapts the age layer's `progress(bytes_read)` to our percent display."""
    return lambda done: progress(done, total)


def _short(text: str, limit: int = 40) -> str:
    # Recipient strings are public, but a secret key pasted by mistake as -r must not be
    # echoed into a terminal log.
    if text.upper().startswith("AGE-SECRET-KEY"):
        return "AGE-SECRET-KEY-…"
    return text if len(text) <= limit else text[:limit] + "…"
