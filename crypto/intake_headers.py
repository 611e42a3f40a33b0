"""The JSON headers of intake requests and replies (docs/format.md §12.2, §12.3).

A request's header is written by a browser, so readers apply the strict JSON rules of §1.1
(`crypto/strict_json.py`: size cap, depth, no duplicate key, integers only) and check every key
and type, but do not require the canonical byte form. Texts follow the display rule shared with
sealed files (`crypto/text_rules.py`): one-line fields (subject, names, contact, media type)
hold no control, invisible-format or line-separator character; the message may also hold LF,
TAB and CRLF. Lengths count Unicode code points (a browser counting UTF-16 units never counts
fewer). Error messages name the field, never its value: a request's content is confidential.

File names are not refused here (§12.2: a bad name does not lose the request); the container
reader turns them into safe names (`crypto.intake_container.safe_intake_names`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from crypto.age import HybridRecipient, RecipientError
from crypto.errors import ScelleError
from crypto.sealed.codec import Obj, canonical_json, format_time, parse_json
from crypto.text_rules import text_problem

MAX_HEADER_BYTES = 64 * 1024
MAX_FILES = 20
MAX_TOTAL_BYTES = 100_000_000
MAX_SUBJECT = 200
MAX_MESSAGE = 20_000
MAX_PERSON_TEXT = 200
MAX_MEDIA_TYPE = 100
LANGUAGES = ("fr", "en")
REQUEST_TYPE = "intake_request"
REPLY_TYPE = "intake_reply"

_NAME_RE = re.compile(r"[a-z0-9](?:[a-z0-9-]{1,62})[a-z0-9]")
_ENVELOPE_RE = re.compile(r"[0-9a-f]{32}")
_REQUEST_KEYS = ("type", "intake", "intake_version", "created", "language", "requester",
                 "subject", "message", "reply_recipient", "files")
_REPLY_KEYS = ("type", "intake", "request", "created", "organisation", "subject", "message",
               "files")
_FILE_KEYS = ("name", "size", "type")


class IntakeFormatError(ScelleError):
    """An intake request or reply is not of the form docs/format.md §12 describes."""


def is_intake_name(text: str) -> bool:
    """True for an intake point's name: 3–64 of a–z 0–9 -, letter or digit at both ends."""
    return bool(_NAME_RE.fullmatch(text))


@dataclass(frozen=True)
class IntakeFileEntry:
    """One attached file as the header lists it: `name` as written (maybe unsafe), size, type."""

    name: str
    size: int
    media_type: str

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "size": self.size, "type": self.media_type}


@dataclass(frozen=True)
class Requester:
    """Who the requester says they are: nothing here is verified by anyone."""

    name: str | None
    contact: str | None


@dataclass(frozen=True)
class IntakeRequest:
    """A request's header (§12.2)."""

    intake: str
    intake_version: int
    created: datetime
    language: str
    requester: Requester
    subject: str
    message: str
    reply_recipient: str | None
    files: tuple[IntakeFileEntry, ...]

    def to_json(self) -> dict[str, Any]:
        return {"type": REQUEST_TYPE, "intake": self.intake,
                "intake_version": self.intake_version, "created": format_time(self.created),
                "language": self.language,
                "requester": {"name": self.requester.name, "contact": self.requester.contact},
                "subject": self.subject, "message": self.message,
                "reply_recipient": self.reply_recipient,
                "files": [entry.to_json() for entry in self.files]}


@dataclass(frozen=True)
class IntakeReply:
    """A reply's header (§12.3)."""

    intake: str
    request: str
    created: datetime
    organisation: str
    subject: str
    message: str
    files: tuple[IntakeFileEntry, ...]

    def to_json(self) -> dict[str, Any]:
        return {"type": REPLY_TYPE, "intake": self.intake, "request": self.request,
                "created": format_time(self.created), "organisation": self.organisation,
                "subject": self.subject, "message": self.message,
                "files": [entry.to_json() for entry in self.files]}


IntakeHeader = IntakeRequest | IntakeReply


def encode_header(header: IntakeHeader) -> bytes:
    """The header's bytes as our writers put them: canonical JSON, checked like a reader would."""
    data = canonical_json(header.to_json())
    # Writing only what a reader accepts keeps a bad value from reaching a requester.
    decode_header(data, REQUEST_TYPE if isinstance(header, IntakeRequest) else REPLY_TYPE)
    return data


def decode_header(data: bytes, kind: str) -> IntakeHeader:
    """Parse a request (`kind` = "intake_request") or reply header strictly."""
    what = "the intake request" if kind == REQUEST_TYPE else "the intake reply"
    value = parse_json(data, IntakeFormatError, f"The header of {what}",
                       max_bytes=MAX_HEADER_BYTES)
    keys = _REQUEST_KEYS if kind == REQUEST_TYPE else _REPLY_KEYS
    obj = Obj(value, IntakeFormatError, f"the header of {what}", keys)
    if obj.raw("type") != kind:
        raise obj.fail("type", f"is not {kind}")
    if kind == REQUEST_TYPE:
        return _request(obj)
    return _reply(obj)


def _request(obj: Obj) -> IntakeRequest:
    version = obj.integer("intake_version")
    if version < 1:
        raise obj.fail("intake_version", "is below 1")
    language = obj.text("language", 2)
    if language not in LANGUAGES:
        raise obj.fail("language", "is neither fr nor en")
    return IntakeRequest(
        intake=_intake_name(obj), intake_version=version, created=obj.time("created"),
        language=language, requester=_requester(obj),
        subject=_line(obj, "subject", MAX_SUBJECT, allow_empty=False),
        message=_message(obj, allow_empty=True), reply_recipient=_reply_recipient(obj),
        files=_files(obj))


def _reply(obj: Obj) -> IntakeReply:
    request = obj.text("request", 32)
    if not _ENVELOPE_RE.fullmatch(request):
        raise obj.fail("request", "is not an envelope id of 32 hex digits")
    return IntakeReply(
        intake=_intake_name(obj), request=request, created=obj.time("created"),
        organisation=_line(obj, "organisation", MAX_PERSON_TEXT, allow_empty=False),
        subject=_line(obj, "subject", MAX_SUBJECT, allow_empty=True),
        message=_message(obj, allow_empty=False), files=_files(obj))


def _intake_name(obj: Obj) -> str:
    name = obj.text("intake", 64)
    if not is_intake_name(name):
        raise obj.fail("intake", "is not an intake point's name")
    return name


def _line(obj: Obj, key: str, max_len: int, *, allow_empty: bool) -> str:
    value = obj.text(key, max_len, allow_empty=allow_empty)
    problem = text_problem(value)
    if problem is not None:
        raise obj.fail(key, problem)
    return value


def _message(obj: Obj, *, allow_empty: bool) -> str:
    value = obj.text("message", MAX_MESSAGE, allow_empty=allow_empty, controls="\n\t\r")
    problem = text_problem(value, multiline=True)
    if problem is not None:
        raise obj.fail("message", problem)
    return value


def _requester(obj: Obj) -> Requester:
    inner = Obj(obj.raw("requester"), IntakeFormatError, "the requester of the intake request",
                ("name", "contact"))
    return Requester(name=_optional_line(inner, "name"), contact=_optional_line(inner, "contact"))


def _optional_line(obj: Obj, key: str) -> str | None:
    if obj.raw(key) is None:
        return None
    return _line(obj, key, MAX_PERSON_TEXT, allow_empty=True)


def _reply_recipient(obj: Obj) -> str | None:
    if obj.raw("reply_recipient") is None:
        return None
    text = obj.text("reply_recipient", 4096)
    try:
        recipient = HybridRecipient.from_string(text)
    except RecipientError:
        raise obj.fail("reply_recipient", "is not a post-quantum age recipient") from None
    return str(recipient)


def _files(obj: Obj) -> tuple[IntakeFileEntry, ...]:
    entries = []
    for index, item in enumerate(obj.array("files", MAX_FILES), start=1):
        entry = Obj(item, IntakeFormatError, f"file {index} of the intake header", _FILE_KEYS)
        name = entry.raw("name")
        if not isinstance(name, str):
            raise entry.fail("name", "is not text")
        size = entry.integer("size")
        media_type = _line(entry, "type", MAX_MEDIA_TYPE, allow_empty=True)
        entries.append(IntakeFileEntry(name=name, size=size, media_type=media_type))
    return tuple(entries)
