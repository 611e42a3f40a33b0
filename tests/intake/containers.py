"""Intake containers for the container tests: a request and a reply as the page and the
desktop write them, and raw bytes for the refusals."""

from __future__ import annotations

import io
import json
import struct
from datetime import UTC, datetime

from crypto.age import HybridIdentity
from crypto.intake_container import REQUEST_MAGIC, ContainerReader, write_container
from crypto.intake_headers import IntakeFileEntry, IntakeReply, IntakeRequest, Requester

WHEN = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
REPLY_TO = str(HybridIdentity(bytes(32)).recipient())


def request(files: tuple[IntakeFileEntry, ...] = (), **changes: object) -> IntakeRequest:
    values: dict[str, object] = dict(
        intake="barreau-test", intake_version=3, created=WHEN, language="fr",
        requester=Requester(name="Jeanne Témoin", contact="jeanne@example.org"),
        subject="Demande d'avis", message="Bonjour,\nvoici ma demande.\n", files=files,
        reply_recipient=REPLY_TO)
    values.update(changes)
    return IntakeRequest(**values)  # type: ignore[arg-type]


def reply(files: tuple[IntakeFileEntry, ...] = ()) -> IntakeReply:
    return IntakeReply(intake="barreau-test", request="ab" * 16, created=WHEN,
                       organisation="Ordre des avocats", subject="Re: demande",
                       message="Réponse.", files=files)


def container(header: IntakeRequest | IntakeReply, contents: list[bytes]) -> bytes:
    out = io.BytesIO()
    write_container(out, header, [io.BytesIO(c) for c in contents])
    return out.getvalue()


def raw_request(header: dict[str, object], tail: bytes = b"") -> bytes:
    data = json.dumps(header).encode()
    return REQUEST_MAGIC + struct.pack(">I", len(data)) + data + tail


def good_header() -> dict[str, object]:
    return json.loads(json.dumps(request(files=(IntakeFileEntry("a.pdf", 3, "application/pdf"),
                                                )).to_json()))


def read_all(reader: ContainerReader) -> list[tuple[str, bytes]]:
    return [(item.safe_name, part.read()) for item, part in reader.parts()]
