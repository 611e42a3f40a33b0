"""Building intake requests in Python, as the page does (crypto/intake_container + age), and
placing one in a member's vault as if `relay sync` had downloaded it."""

from __future__ import annotations

import io
import json
import os
from datetime import UTC, datetime

from app.intake.state import IntakeState
from crypto.age import AgeWriter, HybridRecipient
from crypto.content_digest import ContentHasher
from crypto.intake_container import format_reply_code, new_reply_code, reply_identity, \
    write_container
from crypto.intake_headers import IntakeFileEntry, IntakeRequest, Requester
from crypto.identity import PrivateIdentity
from tests.relay_client.conftest import Member
from tests.support.relay_server import Org, RelayClient, RunningRelay

INTAKE = "barreau-test"
REQUESTER = "Gaspard Témoin-Discret"
CONTACT = "gaspard.discret@example.org"
SUBJECT = "Signalement confidentiel Témoin-Discret"
MESSAGE = "Madame, Monsieur,\nje souhaite signaler des faits graves.\n"


def request_header(files: list[tuple[str, bytes]], *, intake: str = INTAKE,
                   reply_to: str | None = None) -> IntakeRequest:
    return IntakeRequest(
        intake=intake, intake_version=1, created=datetime(2026, 12, 6, 5, 0, tzinfo=UTC),
        language="fr", requester=Requester(REQUESTER, CONTACT), subject=SUBJECT,
        message=MESSAGE, reply_recipient=reply_to,
        files=tuple(IntakeFileEntry(name, len(data), "application/pdf")
                    for name, data in files))


def encrypt_request(header: IntakeRequest, files: list[tuple[str, bytes]],
                    recipients: list[str]) -> bytes:
    out = io.BytesIO()
    writer = AgeWriter(out, [HybridRecipient.from_string(r) for r in recipients])
    write_container(writer, header, [io.BytesIO(data) for _, data in files])  # type: ignore
    writer.close()
    return out.getvalue()


def reply_code() -> tuple[bytes, str, str]:
    """(K, the code as shown, the reply recipient the page puts in the request)."""
    key = new_reply_code()
    return key, format_reply_code(key), str(reply_identity(key).recipient())


def place_downloaded(member: Member, data: bytes, *, intake: str = INTAKE) -> str:
    """An intake envelope as if listed and downloaded (its proofs aside); returns its id."""
    state = IntakeState(member.session.store.db, member.session.vault_dir)
    envelope_id = os.urandom(16).hex()
    hasher = ContentHasher()
    hasher.update(data)
    now = int(member.server.clock.now())
    state.add(envelope_id, intake, 1, len(data), hasher.hexdigest(), now, now + 30 * 86400)
    state.update(envelope_id, state="downloaded")
    state.path(envelope_id).write_bytes(data)
    return envelope_id


def publish_intake(server: RunningRelay, org: Org, identity: PrivateIdentity, *,
                   version: int = 1) -> RelayClient:
    """`identity` (a certified member of `org`) alone on the intake group, and the intake point
    `INTAKE` published by the organisation's admin; returns the member's relay client."""
    from crypto.intake_document import IntakeDocument, IntakeRecipient, sign_intake
    from crypto.org_signer import SoftwareOrgSigner
    from relay.clock import as_datetime
    from tests.relay.intake_support import org_admin
    from tests.support.groups import GROUP, signed_roster

    member = server.client(identity)
    roster = signed_roster(org.key, org.name, [member.fingerprint], version=version,
                           issued=as_datetime(server.now()))
    answer = member.call("PUT", f"/v1/groups/{GROUP}", json_body={"roster": roster})
    assert answer.status_code == 200, answer.text
    document = IntakeDocument(
        name=INTAKE, organisation=org.name,
        organisation_key=org.key.public_key().public_bytes_raw(), group_id=GROUP,
        title="Écrire à l’Ordre", version=version, issued=as_datetime(server.now()),
        recipients=(IntakeRecipient(member.fingerprint, str(identity.card.age_pq_recipient)),),
        max_bytes=1_000_000, max_files=5)
    signed = json.loads(sign_intake(document, SoftwareOrgSigner(org.key)).to_bytes())
    answer = org_admin(server, org, member).call("PUT", f"/v1/org/intake/{INTAKE}",
                                                 json_body={"intake": signed})
    assert answer.status_code == 200, answer.text
    return member
