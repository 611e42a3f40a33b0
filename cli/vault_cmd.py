"""The vault on the command line: `scelle vault init DIR` and `scelle --vault DIR COMMAND …`.

Commands, each in its own module (all thin faces over `app.vault`):

| module | commands |
|---|---|
| vault_init.py | `vault init` |
| vault_docs.py | `import`, `ls`, `search`, `show`, `export`, `rm`, `cases` |
| vault_contacts.py | `contacts …`, `identity …` |
| vault_exchange.py | `seal`, `open`, `verify` with `--vault` (same commands as seal_cmd.py) |
| vault_admin.py | `check`, `slots …`, `audit` |
| vault_batch.py | `batch`: several commands under one unlock |

Opening (passphrase, second factor, session) is vault_unlock.py; printing is vault_output.py.
See docs/cli.md, section "Vault".
"""

from __future__ import annotations

import argparse
import sys

from cli import vault_admin, vault_batch, vault_contacts, vault_docs, vault_init


def register(subparsers: argparse._SubParsersAction) -> None:
    group = subparsers.add_parser(
        "vault", help="create a vault (the other vault commands take --vault DIR)",
        description="Create a vault. Once it exists, work in it with "
        "`scelle --vault DIR COMMAND`: import, ls, search, show, export, rm, cases, contacts, "
        "identity, seal, open, verify, check, slots, audit, batch.")
    commands = group.add_subparsers(dest="vault_subcommand", metavar="COMMAND")
    group.set_defaults(func=lambda _args: _usage(group))
    vault_init.register(commands)
    vault_docs.register(subparsers)
    vault_contacts.register(subparsers)
    vault_admin.register(subparsers)
    vault_batch.register(subparsers)


def _usage(parser: argparse.ArgumentParser) -> int:
    parser.print_help(sys.stderr)
    return 2
