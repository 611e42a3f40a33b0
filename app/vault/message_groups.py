"""Messages addressed to a duty group (table `message_groups`, schema 7).

A sealed file addressed to a group names it in its signed metadata (crypto/groups.py
`GroupRef`); the correspondence log keeps that beside the record, sent or received, with the
members the file went to. The sender also keeps the names on those members' cards (a group's
members need not be contacts) and the members on duty who could not be used, with the reason,
so that what was not sent is never silently forgotten.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass

from crypto.groups import GroupRef
from crypto.sealed.metadata import Metadata
from storage.db import Database
from storage.store import Store


@dataclass(frozen=True)
class GroupMember:
    fingerprint: str
    name: str | None  # from the member's card when we sent it; None when received


@dataclass(frozen=True)
class UnusableMember:
    fingerprint: str
    name: str | None
    reason: str


@dataclass(frozen=True)
class MessageGroup:
    message: int
    group: GroupRef
    members: tuple[GroupMember, ...]
    unusable: tuple[UnusableMember, ...] = ()
    # Whether the relay's signed deposit proof names this group too (None: not asked, or no
    # deposit proof, e.g. a file received by hand). The group in the metadata is the sender's
    # word; the proof is the relay's, which checked the recipients against the roster.
    confirmed: bool | None = None


def record_group(store: Store, record_id: int, metadata: Metadata) -> None:
    """Inside the caller's transaction (app/vault/messages.py `insert_record`): the group the
    metadata names and every recipient it lists."""
    group = metadata.group
    assert group is not None
    members = [{"fingerprint": r.hex(), "name": None} for r in metadata.recipients]
    store.db.execute(
        "INSERT INTO message_groups (message, group_id, name, organisation, version, members)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        (record_id, group.group_id, group.name, group.organisation, group.version,
         json.dumps(members)))


def set_sent_details(db: Database, record_id: int, names: dict[str, str],
                     unusable: Sequence[UnusableMember]) -> None:
    """The sender's part: names from the members' cards and the members not used."""
    found = group_of(db, record_id)
    if found is None:
        return
    members = [{"fingerprint": m.fingerprint, "name": names.get(m.fingerprint)}
               for m in found.members]
    skipped = [{"fingerprint": u.fingerprint, "name": u.name, "reason": u.reason}
               for u in unusable]
    with db.transaction():
        db.execute("UPDATE message_groups SET members = ?, unusable = ? WHERE message = ?",
                   (json.dumps(members), json.dumps(skipped), record_id))


def set_member_name(db: Database, record_id: int, fingerprint: str, name: str) -> None:
    """A member's name learnt later (who took a received group envelope, from their card)."""
    found = group_of(db, record_id)
    if found is None:
        return
    members = [{"fingerprint": m.fingerprint,
                "name": name if m.fingerprint == fingerprint else m.name} for m in found.members]
    with db.transaction():
        db.execute("UPDATE message_groups SET members = ? WHERE message = ?",
                   (json.dumps(members), record_id))


def group_id_of(db: Database, record_id: int | None) -> str | None:
    """The id of the group a message was addressed to, if any (the outbox names it to the
    relay at the deposit)."""
    if record_id is None:
        return None
    value = db.scalar("SELECT group_id FROM message_groups WHERE message = ?", (record_id,))
    return None if value is None else str(value)


def group_of(db: Database, record_id: int) -> MessageGroup | None:
    row = db.query_one("SELECT message, group_id, name, organisation, version, members, unusable"
                       " FROM message_groups WHERE message = ?", (record_id,))
    if row is None:
        return None
    members = tuple(GroupMember(m["fingerprint"], m["name"]) for m in json.loads(row[5]))
    unusable = tuple(UnusableMember(u["fingerprint"], u["name"], u["reason"])
                     for u in json.loads(row[6]))
    return MessageGroup(int(row[0]), GroupRef(row[1], row[2], row[3], int(row[4])), members,
                        unusable)
