"""Duty groups: a role addressed instead of a person ("Permanence pénale — Barreau de Lyon").

An organisation's admin keeps, for each group, a *duty roster*: who belongs to it and, for each
member, the optional time windows in which they are on duty (none: always on duty). The roster
is canonical JSON (crypto/sealed/codec.py) signed by the organisation's certification key
through an `OrgSigner` (docs/format.md §7):

    {"roster": {"type": "duty_roster", "group": "<32 hex>", "organisation": "<name>",
                "organisation_key": "<b64 Ed25519>", "name": "<group name>",
                "version": N, "issued": "<UTC>",
                "members": [{"fingerprint": "<64 hex>",
                             "windows": [{"from": "<UTC>", "until": "<UTC>"}, ...]}, ...]},
     "signature": "<b64 Ed25519>"}

    signature = Ed25519(organisation key, "scelle/v1 duty roster\\0" || canonical(roster))

`version` only grows: a reader (the relay, a sender) refuses a roster older than or equal to
one it holds, so nobody can bring back yesterday's duty list. Members are sorted by fingerprint
without duplicates; a member's windows are sorted, each non-empty and not overlapping the next.
`parse_roster` checks the form and the signature *with the key the roster names*; the caller
then checks that key is the organisation's (the relay's `certification_key`, the client's pinned
organisation key).

`GroupRef` is what a sealed file addressed to a group says about it (the optional metadata key
`group`, docs/format.md §3.3): its id, name, organisation and the roster version used.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from crypto.errors import ScelleError
from crypto.org_signer import OrgSigner
from crypto.sealed.codec import MAX_SAFE_INT, Obj, b64encode, canonical_json, format_time, \
    parse_json
from crypto.text_rules import text_problem

ROSTER_DOMAIN = b"scelle/v1 duty roster\0"
# Under the relay's JSON body limit (64 KiB) with room for the request around it: a roster
# holds the coming weeks' windows and is published again as they pass.
MAX_ROSTER_BYTES = 60 * 1024
MAX_MEMBERS = 500
MAX_WINDOWS = 64
MAX_NAME = 200
_HEX32 = re.compile(r"[0-9a-f]{32}")
_HEX64 = re.compile(r"[0-9a-f]{64}")
_TOP_KEYS = ("roster", "signature")
_BODY_KEYS = ("type", "group", "organisation", "organisation_key", "name", "version", "issued",
              "members")
_MEMBER_KEYS = ("fingerprint", "windows")
_WINDOW_KEYS = ("from", "until")
_REF_KEYS = ("id", "name", "organisation", "version")


class RosterError(ScelleError):
    """A duty roster is malformed, or its signature does not verify."""


@dataclass(frozen=True)
class DutyWindow:
    """On duty from `start` (included) until `end` (excluded), UTC."""

    start: datetime
    end: datetime

    def covers(self, at: datetime) -> bool:
        return self.start <= at < self.end

    def to_json(self) -> dict[str, str]:
        return {"from": format_time(self.start), "until": format_time(self.end)}


@dataclass(frozen=True)
class RosterMember:
    fingerprint: str  # 64 lowercase hex
    windows: tuple[DutyWindow, ...] = ()  # none: always on duty

    def on_duty(self, at: datetime) -> bool:
        return not self.windows or any(w.covers(at) for w in self.windows)

    def to_json(self) -> dict[str, Any]:
        return {"fingerprint": self.fingerprint, "windows": [w.to_json() for w in self.windows]}


@dataclass(frozen=True)
class Roster:
    """The signed part of a duty roster."""

    group_id: str  # 32 lowercase hex, chosen at random when the group is created
    organisation: str
    organisation_key: bytes  # the organisation's Ed25519 certification key, 32 bytes
    name: str
    version: int
    issued: datetime
    members: tuple[RosterMember, ...]

    def to_json(self) -> dict[str, Any]:
        return {"type": "duty_roster", "group": self.group_id, "organisation": self.organisation,
                "organisation_key": b64encode(self.organisation_key), "name": self.name,
                "version": self.version, "issued": format_time(self.issued),
                "members": [m.to_json() for m in self.members]}

    def signed_message(self) -> bytes:
        return ROSTER_DOMAIN + canonical_json(self.to_json())

    def member(self, fingerprint: str) -> RosterMember | None:
        return next((m for m in self.members if m.fingerprint == fingerprint), None)

    def ref(self) -> GroupRef:
        return GroupRef(self.group_id, self.name, self.organisation, self.version)


@dataclass(frozen=True)
class SignedRoster:
    roster: Roster
    signature: bytes

    def to_json(self) -> dict[str, Any]:
        return {"roster": self.roster.to_json(), "signature": b64encode(self.signature)}

    def to_bytes(self) -> bytes:
        return canonical_json(self.to_json())


@dataclass(frozen=True)
class GroupRef:
    """The group a sealed file was addressed to, as its metadata names it."""

    group_id: str
    name: str
    organisation: str
    version: int

    def to_json(self) -> dict[str, Any]:
        return {"id": self.group_id, "name": self.name, "organisation": self.organisation,
                "version": self.version}


def new_group_id() -> str:
    """128 random bits: a group id names nothing about the group."""
    return secrets.token_hex(16)


def on_duty(roster: Roster, at: datetime) -> tuple[str, ...]:
    """The fingerprints of the members on duty at `at`, sorted."""
    return tuple(m.fingerprint for m in roster.members if m.on_duty(at))


def sign_roster(roster: Roster, signer: OrgSigner) -> SignedRoster:
    """Sign `roster` with the organisation key it names; the result is parsed back, so a roster
    we sign is always one every reader accepts."""
    if signer.public_key_raw() != roster.organisation_key:
        raise RosterError("This roster names another organisation key than the one signing it.")
    try:
        data = SignedRoster(roster, signer.sign(roster.signed_message())).to_bytes()
    except ValueError:
        raise RosterError("The roster holds text that cannot be stored.") from None
    return parse_roster(data)


def parse_roster(data: bytes) -> SignedRoster:
    """Parse strictly and verify the signature with the key the roster names; raises
    `RosterError`. Whether that key is the organisation's is the caller's check."""
    if len(data) > MAX_ROSTER_BYTES:
        raise RosterError("This duty roster is larger than allowed.")
    value = parse_json(data, RosterError, "The duty roster", max_bytes=MAX_ROSTER_BYTES)
    if canonical_json(value) != data:
        raise RosterError("This duty roster is not in canonical form; it was refused.")
    return roster_from_json(value)


def roster_from_json(value: Any) -> SignedRoster:
    """`parse_roster` for an already decoded JSON value (a relay answer)."""
    top = Obj(value, RosterError, "the duty roster", _TOP_KEYS)
    signature = top.b64("signature", 64)
    roster = _body(Obj(top.raw("roster"), RosterError, "the duty roster", _BODY_KEYS))
    try:
        Ed25519PublicKey.from_public_bytes(roster.organisation_key).verify(
            signature, roster.signed_message())
    except (InvalidSignature, ValueError):
        raise RosterError("This duty roster's signature does not verify: it was altered or "
                          "not signed by its organisation.") from None
    return SignedRoster(roster, signature)


def _body(obj: Obj) -> Roster:
    if obj.raw("type") != "duty_roster":
        raise obj.fail("type", "is not duty_roster")
    group_id = obj.text("group", 32)
    if not _HEX32.fullmatch(group_id):
        raise obj.fail("group", "is not 32 lowercase hexadecimal digits")
    version = obj.integer("version")
    if not 1 <= version <= MAX_SAFE_INT:
        raise obj.fail("version", "is not a positive whole number")
    return Roster(group_id=group_id, organisation=_shown(obj, "organisation"),
                  organisation_key=obj.b64("organisation_key", 32), name=_shown(obj, "name"),
                  version=version, issued=obj.time("issued"), members=_members(obj))


def _shown(obj: Obj, key: str) -> str:
    value = obj.text(key, MAX_NAME, allow_empty=False)
    if value != value.strip() or text_problem(value) is not None:
        raise obj.fail(key, "is not a plain one-line name")
    return value


def _members(obj: Obj) -> tuple[RosterMember, ...]:
    members = []
    for item in obj.array("members", MAX_MEMBERS):
        entry = Obj(item, RosterError, "a member of the duty roster", _MEMBER_KEYS)
        fingerprint = entry.text("fingerprint", 64)
        if not _HEX64.fullmatch(fingerprint):
            raise entry.fail("fingerprint", "is not 64 lowercase hexadecimal digits")
        members.append(RosterMember(fingerprint, _windows(entry)))
    prints = [m.fingerprint for m in members]
    if prints != sorted(set(prints)):
        raise obj.fail("members", "is not sorted by fingerprint without duplicates")
    return tuple(members)


def _windows(entry: Obj) -> tuple[DutyWindow, ...]:
    windows = []
    for item in entry.array("windows", MAX_WINDOWS):
        window = Obj(item, RosterError, "a duty window", _WINDOW_KEYS)
        start, end = window.time("from"), window.time("until")
        if end <= start:
            raise window.fail("until", "is not after its start")
        if windows and start < windows[-1].end:
            raise entry.fail("windows", "are not in order without overlap")
        windows.append(DutyWindow(start, end))
    return tuple(windows)


def group_ref_from_json(value: Any, error: type[ScelleError]) -> GroupRef:
    """The metadata's `group` object, strictly; problems raise `error` (the metadata's)."""
    obj = Obj(value, error, "the group of the sealed file", _REF_KEYS)
    group_id = obj.text("id", 32)
    if not _HEX32.fullmatch(group_id):
        raise obj.fail("id", "is not 32 lowercase hexadecimal digits")
    names = []
    for key in ("name", "organisation"):
        text = obj.text(key, MAX_NAME, allow_empty=False)
        if text != text.strip() or text_problem(text) is not None:
            raise obj.fail(key, "is not a plain one-line name")
        names.append(text)
    version = obj.integer("version")
    if version < 1:
        raise obj.fail("version", "is not a positive whole number")
    return GroupRef(group_id, names[0], names[1], version)
