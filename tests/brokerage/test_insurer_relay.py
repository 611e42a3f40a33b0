"""Insurers' statements over the real relay (docs/courtage.md §8 and §10, docs/format.md §13):
the insurer's machine identity deposits, the broker syncs and imports, matches and reconciles;
a retry never deposits twice; refused: an insurer whose key the broker did not pin, a statement naming another insurer
or another broker, a replay, a tampered envelope; a person's vault is not a machine."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from app.brokerage import exchange_records as xrecords
from app.brokerage.insurer_client import UnattendedError
from app.brokerage.statement_format import MEDIA_TYPE, StatementError, for_broker, \
    parse_statement, statement_json
from app.records import InvalidValueError
from app.relay_client import Letter
from tests.brokerage.relay_world import World, exchange_templates, org_public_hex, world  # noqa: F401,E501

pytestmark = pytest.mark.usefixtures("exchange_templates")


def _pin(world: World) -> None:  # noqa: F811
    world.book.inbox.pin_insurer_key("AXA", org_public_hex(world.insurer_org))


def _broker_sync(world: World) -> list:  # noqa: F811
    report = world.broker.relay.sync()
    world.book.inbox.accept_held(world.broker.relay)
    return report.errors


def _send_raw(world: World, member, payload: bytes) -> None:  # noqa: F811, ANN001
    """Seal `payload` as a statement for the broker, bypassing the client's checks."""
    contact = member.relay.add_contact(world.broker.fingerprint).contact
    session = member.session
    session.contacts.verify_safety_number(contact.id, session.contacts.safety_number(contact.id))
    doc = session.importer.import_stream("releve.json", len(payload), MEDIA_TYPE,
                                         io.BytesIO(payload)).id
    member.relay.send([doc], [contact.id], Letter(subject="Relevé"))


def test_deposit_import_match_and_reconcile(world: World, tmp_path: Path) -> None:  # noqa: F811
    _pin(world)
    client = world.client(world.insurer)
    source = world.statement(tmp_path / "bord.json", commission_delta=1)
    first = client.deposit(source, world.broker.fingerprint)
    assert first.new and first.state == "deposited" and first.envelope_id
    again = client.deposit(source, world.broker.fingerprint)  # a retry: same deposit
    assert not again.new and again.envelope_id == first.envelope_id
    assert len(world.insurer.relay.state.outbox()) == 1
    assert _broker_sync(world) == []
    (outcome,) = world.book.inbox.import_pending()
    assert outcome.imported and outcome.insurer == "AXA" and outcome.statement == "BORD-2026-01"
    report = outcome.report
    assert report.matched == 2 and not report.unknown
    assert [d.what for d in report.differences] == ["commission", "commission"]
    assert report.commission_theirs == report.commission_ours + 2
    assert world.book.inbox.import_pending() == []  # checked once
    (entry,) = world.book.inbox.entries()
    assert entry.outcome == "imported" and entry.statement_id is not None
    status = client.status()
    assert [s.deposit.statement for s in status] == ["BORD-2026-01"]
    assert "deposit" in status[0].proofs and "delivery" in status[0].proofs


def test_a_csv_through_its_mapping(world: World, tmp_path: Path) -> None:  # noqa: F811
    _pin(world)
    mapping = tmp_path / "map.json"
    mapping.write_text('{"format": "scelle-courtage-mapping/1", "insurer": "AXA", "family": '
                       '"premiums", "delimiter": ";", "date_format": "DD/MM/YYYY", "columns": '
                       '{"contract": "Police", "due_date": "Echeance", "premium": "Prime", '
                       '"commission": "Com"}}', encoding="utf-8")
    item = world.book.schedules.instalments()[0]
    csv = tmp_path / "export.csv"
    csv.write_text("Police;Echeance;Prime;Com\nPOL-1;10/01/2026;"
                   f"{item.amount / 100:.2f};0\n", encoding="utf-8")
    done = world.client(world.insurer).deposit(csv, world.broker.fingerprint, mapping=mapping)
    assert done.statement.startswith("CSV-") and done.state == "deposited"
    _broker_sync(world)
    (outcome,) = world.book.inbox.import_pending()
    assert outcome.imported and outcome.report.family == "premiums"
    assert outcome.report.matched == 1 and not outcome.report.differences


def test_an_unpinned_insurer_is_refused(world: World, tmp_path: Path) -> None:  # noqa: F811
    _pin(world)
    world.client(world.rogue).deposit(world.statement(tmp_path / "s.json"),
                                      world.broker.fingerprint)
    _broker_sync(world)
    (outcome,) = world.book.inbox.import_pending()
    assert not outcome.imported and "not certified" in outcome.reason
    assert world.book.inbox.entries()[0].outcome == "refused"


def test_wrong_insurer_other_broker_and_replay_refused(world: World, tmp_path: Path) -> None:  # noqa: F811,E501
    _pin(world)
    me = world.broker.fingerprint
    base = parse_statement(world.statement(tmp_path / "a.json").read_bytes())
    _send_raw(world, world.insurer, statement_json(for_broker(base, me)))
    other = parse_statement(world.statement(tmp_path / "b.json", statement="B2",
                                            insurer="MAIF").read_bytes())
    _send_raw(world, world.insurer, statement_json(for_broker(other, me)))
    third = parse_statement(world.statement(tmp_path / "c.json", statement="C3").read_bytes())
    _send_raw(world, world.insurer, statement_json(for_broker(third, "ab" * 32)))
    _send_raw(world, world.insurer, statement_json(third))  # names no broker
    _send_raw(world, world.insurer, statement_json(for_broker(base, me)))  # replayed
    _broker_sync(world)
    outcomes = world.book.inbox.import_pending()
    # The relay lists envelopes deposited the same second in no set order: match by content.
    assert [o.statement for o in outcomes if o.imported] == ["BORD-2026-01"]
    reasons = sorted(o.reason for o in outcomes if not o.imported)
    assert reasons == ["replayed: this statement was already imported",
                       "the statement is for another broker",
                       "the statement names another insurer than the one that certified its "
                       "sender", "the statement names no broker"]
    db = world.book.portfolio.db
    assert db.scalar("SELECT count(*) FROM brokerage_statements") == 1


def test_a_tampered_envelope_is_not_imported(world: World, tmp_path: Path) -> None:  # noqa: F811
    _pin(world)
    done = world.client(world.insurer).deposit(world.statement(tmp_path / "s.json"),
                                               world.broker.fingerprint)
    (stored,) = [p for p in world.server.data_dir.rglob(done.envelope_id) if p.is_file()]
    data = bytearray(stored.read_bytes())
    data[len(data) // 2] ^= 0x01
    stored.write_bytes(bytes(data))
    errors = _broker_sync(world)
    assert errors and done.envelope_id in errors[0]
    assert world.book.inbox.import_pending() == []
    assert world.book.portfolio.db.scalar("SELECT count(*) FROM brokerage_statements") == 0


def test_the_client_refuses_before_sealing(world: World, tmp_path: Path) -> None:  # noqa: F811
    client = world.client(world.insurer)
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "scelle-courtage-statement/1"}', encoding="utf-8")
    with pytest.raises(StatementError):
        client.deposit(bad, world.broker.fingerprint)
    source = world.statement(tmp_path / "s.json", broker="cd" * 32)
    with pytest.raises(StatementError, match="another broker"):
        client.deposit(source, world.broker.fingerprint)
    with pytest.raises(InvalidValueError, match="64 hexadecimal"):
        client.deposit(world.statement(tmp_path / "t.json"), "not-a-fingerprint")
    assert world.insurer.relay.state.outbox() == []
    assert xrecords.deposits(world.insurer.session.store.db) == []
    with pytest.raises(UnattendedError, match="not a machine identity"):
        world.client(world.broker).deposit(source, world.insurer.fingerprint)


def test_pinning_rules(world: World) -> None:  # noqa: F811
    _pin(world)
    assert world.book.inbox.insurer_key("AXA") == bytes.fromhex(org_public_hex(world.insurer_org))
    with pytest.raises(InvalidValueError, match="64 hexadecimal"):
        world.book.inbox.pin_insurer_key("AXA", "12")
    with pytest.raises(InvalidValueError, match="no insurer"):
        world.book.inbox.pin_insurer_key("NOPE", "00" * 32)
    world.book.inbox.pin_insurer_key("AXA", None)
    assert world.book.inbox.insurer_key("AXA") is None


def test_notices_sent_through_the_relay_once(world: World) -> None:  # noqa: F811
    from datetime import date

    relay, contacts = world.broker.relay, world.broker.session.contacts
    claire = relay.add_contact(world.client_member.fingerprint).contact.id
    contacts.verify_safety_number(claire, contacts.safety_number(claire))
    unverified = relay.add_contact(world.insurer.fingerprint).contact.id
    world.book.portfolio.link_contact("C1", claire)
    world.book.portfolio.link_contact("C2", unverified)
    january = (date(2026, 1, 1), date(2026, 1, 31))
    world.book.notices.issue(*january)
    sent = sorted(world.book.notices.send_for_clients(*january, relay),
                  key=lambda s: s.client)
    assert [(s.client, s.documents, s.state) for s in sent] == [
        ("C1", 1, "deposited"), ("C2", 1, "refused")]
    assert "verif" in sent[1].refused
    again = world.book.notices.send_for_clients(*january, relay)
    assert ("C1", 0, "already sent") in [(s.client, s.documents, s.state) for s in again]
    report = world.client_member.relay.sync()
    assert report.received == [sent[0].envelope_id]
    names = [d.name for d in world.client_member.session.documents.list()]
    assert names == ["Avis d'échéance POL-1 2026-01-10.pdf"]


def test_an_offline_deposit_waits_and_the_retry_finishes_it(world: World, tmp_path: Path,  # noqa: F811,E501
                                                            monkeypatch: pytest.MonkeyPatch
                                                            ) -> None:
    from app.relay_client import outbox
    from app.relay_client.errors import RelayUnreachable

    real = outbox.upload

    def unreachable(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        raise RelayUnreachable("The relay cannot be reached.")

    monkeypatch.setattr(outbox, "upload", unreachable)
    client = world.client(world.insurer)
    source = world.statement(tmp_path / "s.json")
    waiting = client.deposit(source, world.broker.fingerprint)
    assert waiting.new and waiting.state == "queued" and waiting.envelope_id is None
    monkeypatch.setattr(outbox, "upload", real)
    done = client.deposit(source, world.broker.fingerprint)
    assert not done.new and done.state == "deposited"
    assert len(world.insurer.relay.state.outbox()) == 1
