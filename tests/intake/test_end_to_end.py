"""A request from outside, end to end over real HTTP on loopback: an intake point published by
the organisation's admin, a request built in Python as the page builds it (crypto/intake_container
and age to the members' hybrid recipients) deposited through the real route with its proof of
work, received with the CLI into a case (content identical, marked unauthenticated), answered
with the CLI, and the reply fetched by its locator and decrypted with the reply code."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from app.relay_client import RelayService
from crypto.age import AgeReader
from crypto.intake_container import ChunkStream, ContainerReader, parse_reply_code, \
    reply_identity, reply_locator, reply_lookup
from relay.config import Limits
from tests.intake.requests import CONTACT, INTAKE, REQUESTER, SUBJECT, encrypt_request, \
    publish_intake, reply_code, request_header
from tests.relay.intake_support import Browser
from tests.cli_vault.conftest import run_scelle
from tests.relay_client.conftest import Template, open_with_vmk
from tests.relay_client.test_cli import Vault, _join, _orgs
from tests.support.relay_server import RunningRelay, running_relay


@pytest.fixture
def server(tmp_path: Path) -> Iterator[RunningRelay]:
    with running_relay(tmp_path / "relay-data", limits=Limits(intake_pow_bits=4)) as running:
        yield running


def _publish(server: RunningRelay, vault: Vault, template: Template) -> str:
    """The lawyer on Barreau's intake group, the intake point published; their recipient."""
    session = open_with_vmk(vault.folder, template.vmk)
    identity = session.identity
    session.lock()
    _join(vault, server, "Barreau")
    barreau = next(o for o in _orgs(server) if o.name == "Barreau")
    publish_intake(server, barreau, identity)
    return str(identity.card.age_pq_recipient)


def test_deposit_receive_reply_and_read_the_reply(server: RunningRelay,
                                                  templates: dict[str, Template],
                                                  tmp_path: Path) -> None:
    lawyer = Vault(templates["lawyer"], tmp_path / "lawyer")
    recipient = _publish(server, lawyer, templates["lawyer"])
    key, code, reply_to = reply_code()
    content = b"%PDF-1.4 plainte " * 3000
    files = [("plainte détaillée.pdf", content), ("..\\évil", b"second")]
    body = encrypt_request(request_header(files, reply_to=reply_to), files, [recipient])
    browser = Browser(server)
    try:
        deposited = browser.deposit(body, name=INTAKE,
                                    reply_lookup=reply_lookup(reply_locator(key)).hex())
        assert deposited.status_code == 201, deposited.text
        envelope = deposited.json()["envelope_id"]

        synced = lawyer.json("relay", "sync")
        assert synced["outside_requests_waiting"] == [envelope] and not synced["errors"]
        assert synced["received"] == []  # never received without the member's decision
        [waiting] = lawyer.json("relay", "intake", "list")
        assert waiting["state"] == "downloaded" and waiting["subject"] is None
        assert "non authentifiée" in waiting["origin"]
        shown = lawyer.run("relay", "intake", "list")
        assert "unauthenticated outside request" in shown.err and envelope in shown.out

        received = lawyer.run("relay", "intake", "receive", envelope, "--case", "Demandes")
        assert received.returncode == 0, received.err
        assert "created case" in received.err and "unauthenticated" in received.err
        [row] = lawyer.json("relay", "intake", "list", "--all")
        assert row["state"] == "received" and row["subject"] == SUBJECT
        assert row["reply_possible"] is True

        message = tmp_path / "message.txt"
        message.write_text("Bonjour,\nvotre demande est enregistrée sous le n° 12.\n")
        annex = tmp_path / "accusé.pdf"
        annex.write_bytes(b"%PDF-1.4 accuse")
        replied = lawyer.run("relay", "intake", "reply", envelope, "--message-file", message,
                             "--subject", "Votre demande", "--attach", annex)
        assert replied.returncode == 0, replied.err
        again = lawyer.run("relay", "intake", "receive", envelope)
        assert again.returncode == 1 and "scelle:" in again.err and "Traceback" not in again.err
        unknown = lawyer.run("relay", "intake", "receive", "0" * 32)
        assert unknown.returncode == 1 and "no such request from outside" in unknown.err
        missing = lawyer.run("relay", "intake", "reply", envelope, "--message-file",
                             tmp_path / "absent.txt")
        assert missing.returncode != 0 and "message file" in missing.err
        assert "Traceback" not in unknown.err + missing.err

        bundle = tmp_path / "preuves.json"
        assert lawyer.run("relay", "proofs", envelope, "-o", bundle).returncode == 0
        checked = run_scelle("relay", "proof", "verify", bundle, "--relay-key-id",
                             server.relay.key_id, "--json").json()
        assert sorted(v["kind"] for v in checked) == ["delivery", "intake_deposit", "receipt"]
        _check_vault(lawyer, templates["lawyer"], envelope, content)
        _read_reply(server, code, envelope, annex.read_bytes())
    finally:
        browser.close()


def _check_vault(vault: Vault, template: Template, envelope: str, content: bytes) -> None:
    session = open_with_vmk(vault.folder, template.vmk)
    try:
        case = session.cases.find_by_name("Demandes").id
        docs = {d.name: d for d in session.documents.list(case_id=case)}
        assert session.documents.open(docs["plainte détaillée.pdf"].id).read() == content
        assert "piece-2" in docs
        note = session.documents.open(docs[f"demande-exterieure-{envelope[:8]}.txt"].id).read()
        assert REQUESTER.encode() in note and CONTACT.encode() in note
        assert note.startswith("DEMANDE EXTÉRIEURE NON AUTHENTIFIÉE".encode())
        assert any(n.startswith("reponse-") for n in docs) and "accusé.pdf" in docs
        kinds = {(p.kind, p.event) for p in RelayService(session).state.proofs(envelope)}
        assert {("intake_deposit", None), ("delivery", None), ("receipt", "opened")} <= kinds
    finally:
        session.lock()


def _read_reply(server: RunningRelay, code: str, envelope: str, annex: bytes) -> None:
    """What the reply page does: the locator in a header, the reply decrypted with the code."""
    key = parse_reply_code(code.lower().replace("-", " "))
    headers = {"Scelle-Reply-Locator": reply_locator(key).hex()}
    with httpx.Client(base_url=server.base_url) as http:
        listed = http.get("/v1/intake/replies", headers=headers)
        assert listed.status_code == 200, listed.text
        [entry] = listed.json()["replies"]
        data = http.get(f"/v1/intake/replies/{entry['id']}", headers=headers)
        assert data.status_code == 200
        nothing = http.get("/v1/intake/replies", headers={"Scelle-Reply-Locator": "0" * 32})
        assert nothing.json()["replies"] == []
    reader = AgeReader(io.BytesIO(data.content), [reply_identity(key)])
    container = ContainerReader(ChunkStream(reader.chunks()), "intake_reply", intake=INTAKE)
    header = container.header
    assert header.request == envelope and header.organisation == "Barreau"
    assert header.message.startswith("Bonjour,\nvotre demande est enregistrée")
    assert [(f.safe_name, part.read()) for f, part in container.parts()] == [
        ("accusé.pdf", annex)]
