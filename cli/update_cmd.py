"""`scelle update verify|install RELEASE`: check a release offline, install its package.

The checks and the install steps are app/updates/ (docs/releases.md); this module turns options
into calls and prints one line.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from app.policy import workstation_policy
from app.updates.install import run_install, stage_package
from app.updates.verify import VerifiedRelease, read_publisher_keys, verify_release
from app.version import version


def register(subparsers: argparse._SubParsersAction) -> None:
    group = subparsers.add_parser(
        "update", help="verify and install signed releases (offline)",
        description="Check a release folder against its publisher's key, offline, before "
                    "anything from it is installed (docs/releases.md).")
    commands = group.add_subparsers(dest="update_command", metavar="COMMAND")
    group.set_defaults(func=lambda _args: _usage(group))
    verify = commands.add_parser(
        "verify", help="check a release's signature, files and version",
        description="Check RELEASE (the folder, or its release-manifest.json): the signature "
                    "against the publisher key, every file's size and SHA-256, no unlisted "
                    "file, no downgrade. Reads bytes only; runs and extracts nothing.")
    _common(verify)
    verify.set_defaults(func=_verify)
    install = commands.add_parser(
        "install", help="verify, copy the package privately, install it if asked (Linux)",
        description="Verify RELEASE, copy its .deb into a new private folder while hashing the "
                    "copy, and print the copy's path and the install command; with --run, run "
                    "that command (dpkg -i through pkexec or sudo).")
    _common(install)
    install.add_argument("--staging", metavar="DIR", type=Path,
                         help="where to make the private folder (default: the temporary folder)")
    install.add_argument("--run", action="store_true",
                         help="run the install command on the verified copy")
    install.set_defaults(func=_install)


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("release", metavar="RELEASE", type=Path,
                        help="the release folder or its release-manifest.json")
    parser.add_argument("--publisher-key", metavar="KEY", action="append", default=[],
                        help="a trusted publisher key, ed25519:… (repeatable; refused when the "
                             "workstation policy pins update_publisher_keys and KEY is not one)")
    parser.add_argument("--allow-downgrade", action="store_true",
                        help="accept a release older than the running version (a policy may "
                             "forbid it)")


def _usage(parser: argparse.ArgumentParser) -> int:
    parser.print_help(sys.stderr)
    return 2


def _verified(args: argparse.Namespace) -> VerifiedRelease:
    keys = read_publisher_keys(args.publisher_key, "--publisher-key")
    return verify_release(args.release, policy=workstation_policy(), given_keys=keys,
                          running_version=version(), allow_downgrade=args.allow_downgrade)


def _verify(args: argparse.Namespace) -> int:
    print(_verified(args).summary())
    return 0


def _install(args: argparse.Namespace) -> int:
    release = _verified(args)
    staged = stage_package(release, args.staging)
    print(release.summary())
    if not args.run:
        print(f"verified copy: {staged.path} (sha256 {staged.sha256})")
        print(f"install it with: {' '.join(staged.command)}")
        return 0
    run_install(staged)
    print(f"installed {staged.path.name}")
    return 0
