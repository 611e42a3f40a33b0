"""The admin sub-commands of `scelle-relay` (see relay/cli.py): output and dispatch only."""

from __future__ import annotations

import argparse
import base64
import json
import os
import time
from typing import Any

from crypto.identity import format_fingerprint
from relay import admin, backup, sweeper
from relay.blobs import BlobStore
from relay.config import RelayConfig
from relay.context import Relay
from relay.db import directory, housekeeping, open_database
from relay.db.base import Database
from relay.db.migrations import MIGRATIONS, migrate, schema_version
from relay.keys import load_or_create_relay_key, load_org_key, rotate_relay_key


def _emit(args: argparse.Namespace, value: Any, lines: list[str]) -> None:
    if args.json:
        print(json.dumps(value, indent=2, sort_keys=True, ensure_ascii=False))
    else:
        for line in lines:
            print(line)


def _when(epoch: int) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(epoch))


def _invitation(args: argparse.Namespace, inv: admin.Invitation) -> None:
    _emit(args, {"code": inv.code, "organisation": inv.organisation, "role": inv.role,
                 "expires": inv.expires},
          [f"Invitation code ({inv.role} of {inv.organisation}), valid until {_when(inv.expires)}:",
           f"  {inv.code}", "It works once. Hand it over by a trusted channel."])


def _member_line(member: directory.Member, names: dict[str, str]) -> dict[str, Any]:
    return {"fingerprint": member.fingerprint, "organisation": names.get(member.org_id, "?"),
            "role": member.role, "status": member.status, "card_expires": member.card_expires}


def passphrase_from_env(variable: str | None) -> bytes | None:
    """A key passphrase from the environment: never on the command line, where `ps` shows it."""
    if not variable:
        return None
    value = os.environ.get(variable)
    if not value:
        raise admin.AdminError(f"The environment variable {variable} is empty or not set.")
    return value.encode("utf-8")


def run_admin(relay: Relay, args: argparse.Namespace, actor: str, now: int) -> int:
    handler = _HANDLERS[args.command]
    return handler(relay, args, actor, now)


def _init(relay: Relay, args: argparse.Namespace, actor: str, now: int) -> int:
    return _key(relay, args, actor, now)


def _key(relay: Relay, args: argparse.Namespace, actor: str, now: int) -> int:
    if getattr(args, "key_command", None) == "rotate":
        return _rotate(relay, args, actor, now)
    key = base64.b64encode(relay.public_key).decode("ascii")
    _emit(args, {"relay_key": key, "relay_key_id": relay.key_id},
          [f"Relay key id: {relay.key_id}", f"Relay public key: {key}",
           "Give the key id to members: their client checks it when it first connects."])
    return 0


def _rotate(relay: Relay, args: argparse.Namespace, actor: str, now: int) -> int:
    config = relay.config
    old, new = rotate_relay_key(config.key_path, config.key_history_path, now, args.overlap_days)
    old_id, new_id = _key_id(old), _key_id(new)
    with relay.db.transaction() as tx:
        housekeeping.audit(tx, now, actor, "relay.key_rotated", new_id, f"from {old_id}")
    _emit(args, {"old_key_id": old_id, "new_key_id": new_id, "overlap_days": args.overlap_days},
          [f"Relay key rotated: {old_id} -> {new_id}.",
           f"The rotation is published for {args.overlap_days} day(s); clients that connect "
           "in that time move to the new key by themselves.",
           "Restart every scelle-relay serve process now so that they sign with the new key."])
    return 0


def _sweep(relay: Relay, args: argparse.Namespace, actor: str, now: int) -> int:
    report = sweeper.sweep(relay)
    _emit(args, report.__dict__, [f"Deleted {report.envelopes} envelope(s), {report.nonces} "
                                  f"nonce(s), {report.orphans} orphan blob(s)."])
    return 0


def _audit(relay: Relay, args: argparse.Namespace, actor: str, now: int) -> int:
    with relay.db.transaction() as tx:
        entries = housekeeping.audit_log(tx, args.limit)
    _emit(args, [e.__dict__ for e in entries],
          [f"{_when(e.time)}  {e.actor}  {e.action}  {e.subject}  {e.detail}" for e in entries])
    return 0


def _org(relay: Relay, args: argparse.Namespace, actor: str, now: int) -> int:
    sub = args.org_command
    if sub == "create":
        public = admin.read_public_key(args.public_key) if args.public_key else None
        org, inv = admin.create_org(relay.db, now, actor, args.name, args.admin_key,
                                    passphrase_from_env(args.passphrase_env), args.valid_hours,
                                    public_key=public)
        if not args.json:
            print(f"Organisation {org.name!r} created. " + (
                "Its certification key stays with its admin; the relay holds its public key "
                f"{public.hex()}." if public else
                f"Its certification key is in {args.admin_key}: keep it with its admin, off "
                "the relay."))
        _invitation(args, inv)
    elif sub == "list":
        with relay.db.transaction() as tx:
            orgs = directory.list_orgs(tx)
        _emit(args, [{"id": o.id, "name": o.name, "created": o.created} for o in orgs],
              [f"{o.id}  {o.name}" for o in orgs])
    elif sub == "links":
        with relay.db.transaction() as tx:
            links = directory.list_links(tx)
        _emit(args, [{"first": a, "second": b, "created": c} for a, b, c in links],
              [f"{a}  <->  {b}  (since {_when(c)})" for a, b, c in links])
    else:
        changed = admin.link_orgs(relay.db, now, actor, args.first, args.second,
                                  linked=sub == "link")
        print(("Linked." if sub == "link" else "Unlinked.") if changed else "Nothing to change.")
    return 0


def _invite(relay: Relay, args: argparse.Namespace, actor: str, now: int) -> int:
    _invitation(args, admin.invite(relay.db, now, actor, args.org, args.role, args.valid_hours))
    return 0


def _member(relay: Relay, args: argparse.Namespace, actor: str, now: int) -> int:
    sub = args.member_command
    names = admin.org_names(relay.db)
    if sub == "list":
        org_id = None
        if args.org:
            org_id = next((i for i, n in names.items() if n == args.org), None)
            if org_id is None:
                raise admin.AdminError(f"There is no organisation named {args.org!r}.")
        with relay.db.transaction() as tx:
            members = directory.list_members(tx, org_id)
        rows = [_member_line(m, names) for m in members]
        _emit(args, rows, [f"{format_fingerprint(bytes.fromhex(r['fingerprint']))}  "
                           f"{r['status']:9}  {r['role']:6}  {r['organisation']}" for r in rows])
        return 0
    if sub == "certify":
        key = load_org_key(args.org_key, passphrase_from_env(args.passphrase_env))
        member = admin.certify_member(relay.db, now, actor, args.fingerprint, key)
    else:
        member = admin.revoke_member(relay.db, now, actor, args.fingerprint, args.reason)
    row = _member_line(member, names)
    _emit(args, row, [f"{member.fingerprint}: {member.status}"])
    return 0


_HANDLERS = {"init": _init, "key": _key, "sweep": _sweep, "audit": _audit, "org": _org,
             "invite": _invite, "member": _member}


def run_storage(config: RelayConfig, args: argparse.Namespace) -> int:
    """`db init|migrate|status`, `backup`, `restore`: on the storage itself, migrating only when
    asked (`serve` and the other admin commands migrate on their own at start)."""
    if args.command == "db" and args.db_command == "status" and config.database_url is None \
            and not config.sqlite_path.exists():
        _schema_status(args, 0)
        return 0
    config.data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    try:
        db = open_database(config)
    except ValueError as exc:
        raise admin.AdminError(str(exc)) from None
    try:
        return _STORAGE[args.command](db, config, args)
    except RuntimeError as exc:  # migrations: a schema newer than this relay
        raise admin.AdminError(str(exc)) from None
    finally:
        db.close()


def _schema_status(args: argparse.Namespace, current: int) -> None:
    target = max(MIGRATIONS)
    state = ("up to date" if current == target else
             "newer than this relay: upgrade the relay" if current > target else
             "run `scelle-relay db migrate`")
    _emit(args, {"current": current, "target": target, "up_to_date": current == target},
          [f"Schema version {current}, this relay's version {target}: {state}."])


def _db(db: Database, config: RelayConfig, args: argparse.Namespace) -> int:
    now = int(time.time())
    if args.db_command == "status":
        _schema_status(args, schema_version(db))
        return 0
    before = schema_version(db)
    after = migrate(db, now)
    if args.db_command == "init":
        key = load_or_create_relay_key(config.key_path)
        BlobStore(config.blob_dir)
        print(f"Relay ready in {config.data_dir}: schema version {after}.")
        print(f"Relay key id: {_key_id(key.public_key().public_bytes_raw())}")
    else:
        print(f"Schema migrated from version {before} to {after}." if before != after
              else f"Schema already at version {after}; nothing to do.")
    return 0


def _key_id(public: bytes) -> str:
    from crypto.httpsig import relay_key_id

    return relay_key_id(public)


def _backup(db: Database, config: RelayConfig, args: argparse.Namespace) -> int:
    if not config.key_path.exists():
        raise admin.AdminError(f"{config.data_dir} holds no relay key: is it a relay's data "
                               "folder?")
    summary = backup.create_backup(db, BlobStore(config.blob_dir), config.key_path, args.to)
    _emit(args, {"path": str(summary.path), "schema": summary.schema, "rows": summary.rows,
                 "envelopes": summary.blobs, "envelope_bytes": summary.blob_bytes},
          [f"Backup written to {summary.path} (schema version {summary.schema}, "
           f"{summary.rows['members']} member(s), {summary.blobs} envelope(s), "
           f"{summary.blob_bytes} byte(s) of envelopes).",
           "It holds the relay's private key: store it as you store that key."])
    return 0


def _restore(db: Database, config: RelayConfig, args: argparse.Namespace) -> int:
    counts = backup.restore_backup(db, BlobStore(config.blob_dir), config.key_path, args.source,
                                   int(time.time()), force=args.force)
    _emit(args, {"rows": counts},
          [f"Restored {counts['members']} member(s), {counts['envelopes']} envelope(s) and "
           f"{counts['audit']} audit entr(ies) into {config.data_dir}; the backup's SHA-256 "
           "sums were checked first."])
    return 0


_STORAGE = {"db": _db, "backup": _backup, "restore": _restore}
