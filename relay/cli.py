"""`scelle-relay`: run the relay and administer it.

    scelle-relay serve --data DIR [--database postgresql://…] [--host H] [--port P]
    scelle-relay --data DIR org create NAME --admin-key FILE | --public-key HEX|FILE
    scelle-relay --data DIR invite ORG [--role member|admin] [--valid-hours N]
    scelle-relay --data DIR member list|certify FP --org-key FILE|revoke FP [--reason R]
    scelle-relay --data DIR org link A B | org unlink A B | org list | org links
    scelle-relay --data DIR audit | sweep | key | key rotate [--overlap-days N]
    scelle-relay --data DIR db init|migrate|status
    scelle-relay --data DIR backup --to NEW_DIR | restore --from DIR [--force]
    scelle-relay openapi [--output FILE]

`--data` and `--database` may also come from `--env-file FILE` (the service's settings file,
KEY=VALUE lines) or else from SCELLE_RELAY_DATA and SCELLE_RELAY_DATABASE (this keeps a database
password off the command line). Admin commands work directly on the storage, on the relay
machine; they need no running server, and never create a relay: only `db init` (or `serve`,
`restore`) does, so a wrong data folder or a forgotten PostgreSQL URL fails loudly.
"""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

from crypto.errors import ScelleError
from crypto.org_admin import REVOCATION_REASONS
from crypto.process import harden_process
from relay import evidence_options, intake_options
from relay.app import build_relay, create_app
from relay.clock import seconds
from relay.config import Limits, RelayConfig, read_env_file
from relay.forwarded import UVICORN_OPTIONS, plain_http_warning


def _common() -> argparse.ArgumentParser:
    """Options accepted before or after the command (`serve --data DIR` as well as
    `--data DIR serve`); SUPPRESS keeps a sub-command from erasing a value given earlier."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--data", type=Path, default=argparse.SUPPRESS,
                        help="data folder (relay key, blobs, SQLite database)")
    common.add_argument("--env-file", type=Path, default=argparse.SUPPRESS, metavar="FILE",
                        help="read SCELLE_RELAY_DATA and SCELLE_RELAY_DATABASE from this file "
                             "(the service's /etc/scelle-relay/relay.env)")
    common.add_argument("--database", default=argparse.SUPPRESS,
                        help="postgresql://… URL (default: SQLite in the data folder)")
    common.add_argument("--json", action="store_true", default=argparse.SUPPRESS,
                        help="machine-readable output")
    return common


def _parser() -> argparse.ArgumentParser:
    common = _common()
    parser = argparse.ArgumentParser(prog="scelle-relay", description="Scellé relay server.",
                                     parents=[common])
    commands = parser.add_subparsers(dest="command", required=True)
    add = _adder(common)
    serve = add(commands, "serve", help="run the relay (uvicorn)")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8080)
    serve.add_argument("--max-envelope-size", type=int, default=Limits.max_envelope_size)
    serve.add_argument("--deposit-workers", type=int, default=None, metavar="N",
                       help="small deposits handled at once (default: one per core, at least 2)")
    serve.add_argument("--trusted-proxy", action="append", default=[], metavar="ADDRESS",
                       help="reverse proxy (address or network) whose X-Forwarded-For is "
                            "believed; repeatable (default: none)")
    serve.add_argument("--member-rate", type=float, nargs=2, metavar=("PER_SECOND", "BURST"),
                       help="requests per member (default 20 per second, bursts of 200)")
    serve.add_argument("--address-rate", type=float, nargs=2, metavar=("PER_SECOND", "BURST"),
                       help="unsigned requests and enrolments per client address "
                            "(default 1 per second, bursts of 30)")
    serve.add_argument("--metrics", action="store_true",
                       help="serve /metrics (Prometheus) to loopback and --metrics-allow peers")
    serve.add_argument("--metrics-allow", action="append", default=[], metavar="NETWORK",
                       help="also serve /metrics to this address or network; repeatable")
    serve.add_argument("--log-level", default="info",
                       choices=["debug", "info", "warning", "error"])
    evidence_options.add(serve)
    intake_options.add(serve)
    add(commands, "init", help="create the data folder, relay key and schema")
    key = add(commands, "key", help="show the relay key id (give it to members), or rotate it")
    rotate = key.add_subparsers(dest="key_command").add_parser(
        "rotate", parents=[_common()], help="replace the relay key, cross-signed with the old one")
    rotate.add_argument("--overlap-days", type=int, default=30, metavar="N",
                        help="days the rotation statement is published (default 30)")
    evidence_options.add(add(commands, "sweep", help="delete expired envelopes now"))
    audit = add(commands, "audit", help="show the audit trail")
    audit.add_argument("--limit", type=int, default=100)
    openapi = add(commands, "openapi", help="write the OpenAPI description")
    openapi.add_argument("--output", type=Path)
    _org_commands(commands, add)
    _member_commands(commands, add)
    _storage_commands(commands, add)
    return parser


def _storage_commands(commands: argparse._SubParsersAction, add: Adder) -> None:
    db = commands.add_parser("db", help="database schema").add_subparsers(
        dest="db_command", required=True)
    add(db, "init", help="create the data folder, relay key and schema")
    add(db, "migrate", help="bring the schema to this relay's version")
    add(db, "status", help="show the schema version (current and this relay's)")
    backup = add(commands, "backup", help="consistent backup: database, envelopes, relay key")
    backup.add_argument("--to", type=Path, required=True, metavar="NEW_DIR")
    restore = add(commands, "restore", help="restore a backup into an empty relay")
    restore.add_argument("--from", dest="source", type=Path, required=True, metavar="DIR")
    restore.add_argument("--force", action="store_true",
                         help="replace everything the target relay holds")


Adder = Callable[..., argparse.ArgumentParser]


def _adder(common: argparse.ArgumentParser) -> Adder:
    def add(commands: argparse._SubParsersAction, name: str, **kwargs: str
            ) -> argparse.ArgumentParser:
        return commands.add_parser(name, parents=[common], **kwargs)
    return add


def _org_commands(commands: argparse._SubParsersAction, add: Adder) -> None:
    org = commands.add_parser("org", help="organisations").add_subparsers(
        dest="org_command", required=True)
    create = add(org, "create", help="create an organisation and its admin")
    create.add_argument("name")
    key = create.add_mutually_exclusive_group(required=True)
    key.add_argument("--admin-key", type=Path,
                     help="new file for the organisation's certification key (kept by its "
                          "admin, not by the relay)")
    key.add_argument("--public-key", metavar="HEX|FILE",
                     help="the public half of a key the admin made in their vault or on a "
                          "token (`scelle org key create`): the private key never comes here")
    create.add_argument("--passphrase-env", help="encrypt the key with the passphrase in this "
                                                 "environment variable")
    create.add_argument("--valid-hours", type=int, default=72)
    add(org, "list")
    add(org, "links")
    for verb in ("link", "unlink"):
        sub = add(org, verb, help=f"{verb} two organisations (directory and exchange)")
        sub.add_argument("first")
        sub.add_argument("second")
    invite = add(commands, "invite", help="one-time invitation code for a new member")
    invite.add_argument("org")
    invite.add_argument("--role", default="member", choices=["member", "admin"])
    invite.add_argument("--valid-hours", type=int, default=72)


def _member_commands(commands: argparse._SubParsersAction, add: Adder) -> None:
    member = commands.add_parser("member", help="members").add_subparsers(
        dest="member_command", required=True)
    listing = add(member, "list")
    listing.add_argument("--org")
    certify = add(member, "certify", help="certify a member's card with the org key")
    certify.add_argument("fingerprint")
    certify.add_argument("--org-key", type=Path, required=True)
    certify.add_argument("--passphrase-env")
    revoke = add(member, "revoke", help="revoke a member's card")
    revoke.add_argument("fingerprint")
    revoke.add_argument("--reason", choices=list(REVOCATION_REASONS),
                        help="removal from the roll, lost key, or departure (kept with the "
                             "revocation and shown to the organisation's admin)")


def _config(args: argparse.Namespace) -> RelayConfig:
    data, database = args.data, args.database
    if data is None:
        raise ScelleError("Give the data folder with --data DIR (or SCELLE_RELAY_DATA).")
    limits = _serve_limits(args) if args.command == "serve" else Limits()
    serving = args.command == "serve"
    if serving and args.metrics_allow and not args.metrics:
        raise ScelleError("--metrics-allow needs --metrics.")
    return RelayConfig(data_dir=Path(data), database_url=database, limits=limits,
                       trusted_proxies=tuple(args.trusted_proxy) if serving else (),
                       metrics=serving and args.metrics,
                       metrics_networks=tuple(args.metrics_allow) if serving else (),
                       **evidence_options.config(args))


def _actor() -> str:
    try:
        return "admin:" + getpass.getuser()
    except (KeyError, OSError):
        return "admin"


def main(argv: Sequence[str] | None = None) -> int:
    harden_process()  # no core dumps, no debugger of the same user (crypto/process.py)
    args = _parser().parse_args(argv)
    args.json = getattr(args, "json", False)
    try:
        _storage_options(args)
        if args.command == "openapi":
            return _openapi(args.output)
        config = _config(args)
        _refuse_to_create(config, args)
        if args.command == "serve":
            return _serve(config, args)
        if args.command in ("db", "backup", "restore"):
            from relay.cli_admin import run_storage  # opens storage itself: no auto-migrate
            return run_storage(config, args)
        from relay.cli_admin import run_admin

        relay = build_relay(config)
        try:
            return run_admin(relay, args, _actor(), seconds(relay.clock))
        finally:
            relay.db.close()
    except ScelleError as exc:
        print(f"scelle-relay: error: {exc}", file=sys.stderr)
        return exc.exit_code


def _storage_options(args: argparse.Namespace) -> None:
    """The command line first, then --env-file, then the environment. Not parser defaults: the
    option actions are shared with every sub-command (parents=…), and a default there would
    overwrite a value given before the sub-command."""
    env_file = getattr(args, "env_file", None)
    settings = read_env_file(env_file) if env_file else {}
    for name, key in (("data", "SCELLE_RELAY_DATA"), ("database", "SCELLE_RELAY_DATABASE")):
        value = getattr(args, name, None) or settings.get(key) or os.environ.get(key)
        setattr(args, name, value or None)


def _refuse_to_create(config: RelayConfig, args: argparse.Namespace) -> None:
    """Only `db init`, `init`, `serve` and `restore` may start a relay from nothing. Any other
    command on a folder without one would silently create an empty SQLite relay — for instance
    when `sudo` dropped SCELLE_RELAY_DATABASE and the real relay is in PostgreSQL."""
    sub = getattr(args, "db_command", None)
    if args.command in ("serve", "init", "restore") or sub == "init":
        return
    has_key = config.key_path.exists()
    if not has_key and sub != "status":  # `db status` reports "version 0" and creates nothing
        raise ScelleError(f"{config.data_dir} holds no relay (no relay key): check --data or "
                          "--env-file, or create the relay with `scelle-relay db init`.")
    if has_key and config.database_url is None and not config.sqlite_path.exists():
        raise ScelleError(f"{config.data_dir} holds no SQLite database and no --database was "
                          "given: if the relay uses PostgreSQL, add --env-file "
                          "/etc/scelle-relay/relay.env (sudo clears SCELLE_RELAY_DATABASE).")


def _serve(config: RelayConfig, args: argparse.Namespace) -> int:
    import uvicorn

    from relay import logs

    logs.configure(args.log_level)
    app = create_app(config)
    warning = plain_http_warning(args.host, args.port, config.trusted_proxies)
    if warning:
        print(warning, file=sys.stderr)
    uvicorn.run(app, host=args.host, port=args.port, **UVICORN_OPTIONS)
    return 0


def _openapi(output: Path | None) -> int:
    with tempfile.TemporaryDirectory() as tmp:
        app = create_app(RelayConfig(data_dir=Path(tmp) / "data"))
        text = json.dumps(app.openapi(), indent=2, sort_keys=True, ensure_ascii=False) + "\n"
        app.state.relay.db.close()
    if output:
        output.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())


def _serve_limits(args: argparse.Namespace) -> Limits:
    if args.deposit_workers is not None and args.deposit_workers < 1:
        raise ScelleError("--deposit-workers must be at least 1.")
    extra: dict[str, float] = {} if args.deposit_workers is None else {
        "deposit_workers": args.deposit_workers}
    for option, prefix in (("member_rate", "rate"), ("address_rate", "anonymous_rate")):
        value = getattr(args, option)
        if value is None:
            continue
        rate, burst = value
        if not (rate > 0 and burst >= 1 and burst == int(burst)):
            raise ScelleError(f"--{option.replace('_', '-')} needs a rate above 0 and a whole "
                              "burst of at least 1.")
        extra[f"{prefix}_per_second"], extra[f"{prefix}_burst"] = rate, int(burst)
    extra.update(intake_options.limits(args))
    return Limits(max_envelope_size=args.max_envelope_size, **extra)  # type: ignore[arg-type]
