"""Sealed-file metadata: the canonical JSON object between the magic and the content.

Fields (all required; docs/format.md §3.3):

    id          32 lowercase hex digits, 128 random bits
    created     UTC time to the second, "2025-03-01T09:30:00Z"
    sender      the sender's identity card (JSON object, self-signature verified)
    recipients  fingerprints (64 lowercase hex) of the chosen recipients, strictly ascending
    subject, message, reference   text (may be empty)
    expires     UTC time or null
    view_only   true or false
    files       list of {"name", "size", "type"}, in the order their bytes follow

Optional (present only when used): consult_until (UTC time, view-only files only; §10);
group ({"id", "name", "organisation", "version"}: the duty group addressed; §7);
delegation, delegates (sent on behalf of a principal, copies for delegates; §8,
crypto/sealed/on_behalf.py).

Decoding is strict: the bytes must be exactly the canonical encoding of what they parse to, so one
metadata value has one byte form and the signature covers a single interpretation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from crypto.groups import GroupRef, group_ref_from_json
from crypto.identity import CardError, IdentityCard, card_from_json
from crypto.prekey_ring import PREKEYS_KEY, PrekeyMap, parse_prekey_map, prekey_map_json
from crypto.sealed.codec import MAX_SAFE_INT, Obj, canonical_json, format_time, parse_json
from crypto.sealed.consultation import KEY as CONSULT_UNTIL
from crypto.sealed.consultation import parse_consult_until
from crypto.sealed.on_behalf import (
    DELEGATES_KEY,
    DELEGATION_KEY,
    DelegateCopy,
    SealedDelegation,
    parse_delegates,
    parse_sealed_delegation,
)
from crypto.sealed.errors import MalformedMetadata, SealingRefused
from crypto.sealed.names import check_file_names
from crypto.text_rules import text_problem

MAX_METADATA = 64 * 1024
MAX_FILES = 10_000
MAX_RECIPIENTS = 1_000
MAX_SUBJECT = 1_000
MAX_REFERENCE = 200
MAX_MESSAGE = MAX_METADATA

_KEYS = ("id", "created", "sender", "recipients", "subject", "message", "reference", "expires",
         "view_only", "files")
# Later additions (docs/format.md §3.3): present only when used, so a file that does not use one
# has exactly the bytes an older writer produced. Each is parsed by its own module.
_OPTIONAL_KEYS: tuple[str, ...] = (CONSULT_UNTIL, "group", PREKEYS_KEY, DELEGATION_KEY,
                                   DELEGATES_KEY)
_FILE_KEYS = ("name", "size", "type")
_HEX_ID = re.compile(r"[0-9a-f]{32}")
_HEX_FP = re.compile(r"[0-9a-f]{64}")
_TOKEN = r"[a-z0-9][a-z0-9!#$&^_.+-]{0,126}"
_MEDIA_TYPE = re.compile(f"{_TOKEN}/{_TOKEN}")
DEFAULT_MEDIA_TYPE = "application/octet-stream"


def is_media_type(text: str) -> bool:
    """True for a lowercase `type/subtype` media type as the metadata requires."""
    return bool(_MEDIA_TYPE.fullmatch(text))


@dataclass(frozen=True)
class FileEntry:
    name: str
    size: int
    media_type: str = DEFAULT_MEDIA_TYPE

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "size": self.size, "type": self.media_type}


@dataclass(frozen=True)
class Metadata:
    message_id: bytes
    created: datetime
    sender: IdentityCard
    recipients: tuple[bytes, ...]
    subject: str
    message: str
    reference: str
    expires: datetime | None
    view_only: bool
    files: tuple[FileEntry, ...]
    consult_until: datetime | None = None  # view-only files only (crypto/sealed/consultation.py)
    group: GroupRef | None = None  # addressed to a duty group (crypto/groups.py, §7)
    prekeys: PrekeyMap | None = None  # relayed: recipient -> prekey used (crypto/prekey_ring, §9)
    delegation: SealedDelegation | None = None  # sent on behalf of a principal (§8)
    delegates: tuple[DelegateCopy, ...] | None = None  # recipients receiving for a principal

    @property
    def content_size(self) -> int:
        return sum(f.size for f in self.files)

    def to_json(self) -> dict[str, Any]:
        value: dict[str, Any] = {
            "id": self.message_id.hex(), "created": format_time(self.created),
            "sender": self.sender.to_json(), "recipients": [r.hex() for r in self.recipients],
            "subject": self.subject, "message": self.message, "reference": self.reference,
            "expires": None if self.expires is None else format_time(self.expires),
            "view_only": self.view_only, "files": [f.to_json() for f in self.files]}
        if self.consult_until is not None:
            value[CONSULT_UNTIL] = format_time(self.consult_until)
        if self.group is not None:
            value["group"] = self.group.to_json()
        if self.prekeys is not None:
            value[PREKEYS_KEY] = prekey_map_json(self.prekeys)
        if self.delegation is not None:
            value[DELEGATION_KEY] = self.delegation.to_json()
        if self.delegates is not None:
            value[DELEGATES_KEY] = [c.to_json() for c in self.delegates]
        return value

    def encode(self) -> bytes:
        """Canonical bytes, after checking that a reader would accept them."""
        try:
            data = canonical_json(self.to_json())
        except ValueError:
            raise SealingRefused("The message or a file name contains characters that cannot "
                                 "be stored (invalid text).") from None
        if len(data) > MAX_METADATA:
            raise SealingRefused("The message text and file list are too long for one sealed "
                                 f"file (at most {MAX_METADATA // 1024} KiB together).")
        try:
            decode_metadata(data)  # same rules both ways: never write what we would refuse
        except MalformedMetadata as exc:
            raise SealingRefused(f"Its readers would refuse this sealed file: {exc}") from None
        return data


def decode_metadata(data: bytes) -> Metadata:
    """Parse metadata bytes strictly; raises `MalformedMetadata` or `UnsafeFileName`."""
    if len(data) > MAX_METADATA:
        raise MalformedMetadata("This sealed file's metadata is larger than allowed.")
    value = parse_json(data, MalformedMetadata, "This sealed file's metadata")
    if canonical_json(value) != data:
        raise MalformedMetadata("This sealed file's metadata is not in canonical form; "
                                "it was refused.")
    obj = Obj(value, MalformedMetadata, "the sealed file's metadata", _KEYS, _OPTIONAL_KEYS)
    message_id = obj.text("id", 32)
    if not _HEX_ID.fullmatch(message_id):
        raise obj.fail("id", "is not 32 lowercase hexadecimal digits")
    try:
        sender = card_from_json(obj.raw("sender"))
    except CardError as exc:
        raise MalformedMetadata(f"The sender's identity card inside this sealed file is "
                                f"invalid: {exc}") from None
    created, expires = obj.time("created"), obj.optional_time("expires")
    view_only = obj.boolean("view_only")
    if expires is not None and expires <= created:
        raise obj.fail("expires", "is not after the creation time")
    recipients = _recipients(obj)
    return Metadata(
        message_id=bytes.fromhex(message_id), created=created, sender=sender,
        recipients=recipients, subject=_shown_text(obj, "subject", MAX_SUBJECT),
        message=_shown_text(obj, "message", MAX_MESSAGE, multiline=True),
        reference=_shown_text(obj, "reference", MAX_REFERENCE),
        expires=expires, view_only=view_only, files=_files(obj),
        consult_until=parse_consult_until(obj, view_only=view_only, created=created),
        group=group_ref_from_json(obj.raw("group"), MalformedMetadata) if obj.has("group")
        else None,
        prekeys=parse_prekey_map(obj, recipients) if obj.has(PREKEYS_KEY) else None,
        delegation=parse_sealed_delegation(obj.raw(DELEGATION_KEY), MalformedMetadata)
        if obj.has(DELEGATION_KEY) else None,
        delegates=parse_delegates(obj.raw(DELEGATES_KEY), MalformedMetadata, recipients)
        if obj.has(DELEGATES_KEY) else None)


def _shown_text(obj: Obj, key: str, max_len: int, *, multiline: bool = False) -> str:
    """A text the recipient will read: the display rule (crypto/text_rules.py) refuses what
    could fake a line ("From: … (verified)") or hide characters; LF, TAB, CRLF in the message."""
    value = obj.text(key, max_len, controls="\t\n\r" if multiline else "")
    problem = text_problem(value, multiline=multiline)
    if problem is not None:
        raise MalformedMetadata(f"The sender's {key} {problem}; the sealed file was refused "
                                "(such characters can disguise what is shown).")
    return value


def _recipients(obj: Obj) -> tuple[bytes, ...]:
    items = obj.array("recipients", MAX_RECIPIENTS)
    if not items:
        raise obj.fail("recipients", "is empty")
    if not all(isinstance(i, str) and _HEX_FP.fullmatch(i) for i in items):
        raise obj.fail("recipients", "holds something other than fingerprints")
    if any(a >= b for a, b in zip(items, items[1:])):
        raise obj.fail("recipients", "is not sorted without duplicates")
    return tuple(bytes.fromhex(i) for i in items)


def _files(obj: Obj) -> tuple[FileEntry, ...]:
    entries = []
    total = 0
    for item in obj.array("files", MAX_FILES):
        entry = Obj(item, MalformedMetadata, "a file entry of the metadata", _FILE_KEYS)
        size = entry.integer("size")
        media_type = entry.text("type", 255)
        if not _MEDIA_TYPE.fullmatch(media_type):
            raise entry.fail("type", "is not a lowercase media type like application/pdf")
        if not isinstance(entry.raw("name"), str):
            raise entry.fail("name", "is not text")
        total += size
        entries.append(FileEntry(entry.raw("name"), size, media_type))
    if total > MAX_SAFE_INT:
        raise obj.fail("files", "announces more bytes than any file can hold")
    # Names are checked as a set: each must be safe and none may collide with another. Writers
    # store NFC; a name in another form (macOS file systems use NFD) is normalised, not refused.
    names = check_file_names(e.name for e in entries)
    return tuple(FileEntry(n, e.size, e.media_type) for n, e in zip(names, entries))
