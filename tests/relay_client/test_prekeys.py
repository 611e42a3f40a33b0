"""Forward secrecy for relayed files: real vaults, the real relay on loopback (SQLite and
PostgreSQL). A lawyer sends to a police officer of a linked organisation."""

from __future__ import annotations

import io
from dataclasses import replace

import pytest

from app.relay_client import inbox, prekey_rows
from app.relay_client.errors import RelayRefused
from app.relay_client.http import RelayTransport
from app.relay_client import prekeys as client_prekeys
from crypto import prekey_ring
from crypto.identity import PrivateIdentity
from crypto.prekey_ring import PrekeyRing
from crypto.prekeys import new_prekey
from crypto.sealed.errors import NotAddressedToYou
from crypto.sealed.reader import open_sealed
from tests.relay_client.conftest import Member, Net, add_document, read_document
from tests.relay_client.helpers import send_case_file

DAY = 86400
#: past a prekey's end of use (14 days after it was made) plus the longest availability
SPENT = (14 + 30) * DAY + 3600


def _open(data: bytes, identity: PrivateIdentity, ring: PrekeyRing | None = None) -> None:
    open_sealed(io.BytesIO(data), identity, sender_check=lambda card: True, replay_guard=None,
                keyring=ring)


def _held(member: Member) -> list:  # type: ignore[type-arg]
    return prekey_rows.held_secrets(member.session.store.db)


def _send_captured(net: Net, sender: Member, recipient: Member,
                   days: int = 7) -> tuple[int, bytes, bytes]:
    """Seal into the outbox, copy the sealed bytes (what a relay or an observer could keep),
    then upload. (outbox id, captured bytes, plaintext)"""
    item, content = send_case_file(net, sender, recipient, upload=False, days=days)
    captured = sender.relay.state.outbox_path(item).read_bytes()
    assert sender.relay.sync().uploaded == [sender.relay.state.outbox_item(item.id).envelope_id]
    return item.id, captured, content


def test_relayed_envelope_is_unreadable_after_the_prekey_is_destroyed(net: Net) -> None:
    lawyer, officer = net.lawyer, net.officer
    officer.relay.sync()  # makes and publishes the first prekey
    state = officer.relay.prekey_state()
    assert state.current is not None and state.published and state.held == 1
    item_id, captured, content = _send_captured(net, lawyer, officer)
    use = lawyer.relay.prekey_use(item_id)
    assert use is not None and use.long_term == ()
    assert use.prekeys == {officer.fingerprint: state.current.prekey_id}

    report = officer.relay.sync()
    assert len(report.received) == 1, report
    [view] = officer.relay.inbox()
    record = officer.session.messages.get(view.item.message_record)
    assert read_document(officer.session, record.document_ids[0]) == content
    identity = officer.session.identity
    with pytest.raises(NotAddressedToYou):
        _open(captured, identity)  # the identity file alone never opened it
    with pytest.raises(NotAddressedToYou):
        _open(captured, lawyer.session.identity)  # nor does the sender's
    _open(captured, identity, PrekeyRing(identity, _held(officer)))  # only the prekey did

    net.server.clock.advance(SPENT)
    officer.relay.sync()  # rotates, publishes the new one, destroys the spent one
    state = officer.relay.prekey_state()
    assert state.destroyed == 1 and state.held == 1 and state.published
    with pytest.raises(NotAddressedToYou, match="prekey this vault does not hold"):
        _open(captured, identity, PrekeyRing(identity, _held(officer)))
    actions = [e.action for e in officer.session.audit.entries()]
    assert actions.count("prekey.create") == 2 and actions.count("prekey.destroy") == 1
    secrets = officer.session.store.db.query("SELECT secret FROM relay_prekeys")
    assert sorted(r[0] is None for r in secrets) == [False, True]
    # What was received stays readable: it was re-encrypted under the vault's keys.
    assert read_document(officer.session, record.document_ids[0]) == content


def test_recipient_without_prekey_gets_the_long_term_key_and_sender_is_told(net: Net) -> None:
    lawyer, officer = net.lawyer, net.officer  # the officer never synced: no prekey yet
    item_id, captured, content = _send_captured(net, lawyer, officer)
    use = lawyer.relay.prekey_use(item_id)
    assert use is not None and use.prekeys == {} and use.long_term == (officer.fingerprint,)
    _open(captured, officer.session.identity)  # the long-term key, as before prekeys
    assert len(officer.relay.sync().received) == 1


def test_classic_sending_uses_long_term_keys(net: Net) -> None:
    lawyer, officer = net.lawyer, net.officer
    officer.relay.sync()
    contact = net.befriend(lawyer, officer)[0]
    doc = add_document(lawyer.session, "acte.pdf", b"%PDF-1.4 classic")
    item = lawyer.relay.send([doc], [contact], classic=True)
    assert lawyer.relay.prekey_use(item.id).long_term == (officer.fingerprint,)


def test_rotation_keeps_the_previous_prekey_during_the_overlap(net: Net) -> None:
    lawyer, officer = net.lawyer, net.officer
    officer.relay.sync()
    first = officer.relay.prekey_state().current
    assert first is not None
    item_id, _, _ = _send_captured(net, lawyer, officer, days=30)  # sealed for the first
    net.server.clock.advance(6 * DAY + 3600)  # within a day of the rotation
    assert client_prekeys.refresh(officer.relay._ctx) == []  # the sync's step, inbox left
    second = officer.relay.prekey_state().current
    assert second is not None and second.prekey_id != first.prekey_id
    assert officer.relay.prekey_state().held == 2  # the first is still in its overlap
    net.server.clock.advance(2 * DAY)
    report = officer.relay.sync()  # after the first's rotation: still opened with it
    assert len(report.received) == 1, report
    later, _, _ = _send_captured(net, lawyer, officer)
    assert lawyer.relay.prekey_use(later).prekeys == {officer.fingerprint: second.prekey_id}
    assert lawyer.relay.prekey_use(item_id).prekeys == {officer.fingerprint: first.prekey_id}


def test_secret_is_kept_while_an_envelope_for_it_waits_in_the_inbox(net: Net) -> None:
    lawyer, officer = net.lawyer, net.officer
    officer.relay.sync()
    send_case_file(net, lawyer, officer, days=30)
    ctx = officer.relay._ctx
    inbox.list_inbox(ctx)
    [item] = officer.relay.state.inbox(("listed",))
    inbox.download(ctx, item)  # downloaded, not yet received (e.g. the program was stopped)
    net.server.clock.advance(SPENT)
    assert client_prekeys.destroy_spent(ctx) == 0
    opened = inbox.receive(ctx, officer.relay.state.inbox_item(item.envelope_id))
    assert opened.state == "opened", opened.reason
    assert client_prekeys.destroy_spent(ctx) == 1


def test_outbox_item_past_its_prekeys_end_is_not_uploaded(net: Net) -> None:
    lawyer, officer = net.lawyer, net.officer
    officer.relay.sync()
    item, _ = send_case_file(net, lawyer, officer, upload=False)
    net.server.clock.advance(15 * DAY)
    report = lawyer.relay.sync()
    assert report.uploaded == [] and any("seal it again" in e for e in report.errors)
    assert lawyer.relay.state.outbox_item(item.id).state == "failed"


def test_forged_prekey_from_the_relay_is_not_used(net: Net,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """A relay handing out a key the officer never signed: the sender's check refuses it and
    seals for the long-term key (and says so)."""
    lawyer, officer, notary = net.lawyer, net.officer, net.notary
    forged = replace(new_prekey(notary.session.identity, lawyer.relay._ctx.now_datetime())
                     .prekey, owner=officer.fingerprint)
    monkeypatch.setattr(client_prekeys, "_entries",
                        lambda answer: {officer.fingerprint: forged.to_bytes()})
    item_id, captured, _ = _send_captured(net, lawyer, officer)
    assert lawyer.relay.prekey_use(item_id).long_term == (officer.fingerprint,)
    _open(captured, officer.session.identity)


def test_envelope_sealed_for_an_unsigned_prekey_is_refused(
        net: Net, monkeypatch: pytest.MonkeyPatch) -> None:
    """If a sender were fooled anyway (its checks bypassed here), the officer's vault refuses
    the envelope with a clear reason and posts a `refused` receipt."""
    lawyer, officer, notary = net.lawyer, net.officer, net.notary
    officer.relay.sync()
    forged = replace(new_prekey(notary.session.identity, lawyer.relay._ctx.now_datetime())
                     .prekey, owner=officer.fingerprint)
    monkeypatch.setattr(client_prekeys, "_verified", lambda card, data, now: forged)
    monkeypatch.setattr(prekey_ring, "verify_prekey", lambda *args: None)
    _send_captured(net, lawyer, officer)
    report = officer.relay.sync()
    assert report.received == [] and len(report.refused) == 1, report
    [view] = officer.relay.inbox()
    assert view.state == "refused" and "prekey this vault does not hold" in view.item.reason


def test_stale_cached_prekey_is_not_used(net: Net) -> None:
    lawyer, officer = net.lawyer, net.officer
    officer.relay.sync()
    first, _, _ = _send_captured(net, lawyer, officer)  # caches the officer's prekey
    net.server.clock.advance(15 * DAY)  # the officer did not sync: nothing in use any more
    second, _, _ = _send_captured(net, lawyer, officer)
    assert lawyer.relay.prekey_use(first).prekeys
    assert lawyer.relay.prekey_use(second).long_term == (officer.fingerprint,)


def test_a_relay_without_prekeys_means_long_term_keys(net: Net,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """An older relay (no /v1/prekeys): syncing says so once per sync, sending falls back to
    the long-term key and says so, receiving works as before."""
    lawyer, officer = net.lawyer, net.officer
    real = RelayTransport.call

    def older(self, method, path, **kwargs):  # type: ignore[no-untyped-def]
        if path.startswith("/v1/prekeys"):
            raise RelayRefused("Nothing here.", code="not_found", status=404)
        return real(self, method, path, **kwargs)

    monkeypatch.setattr(RelayTransport, "call", older)
    report = officer.relay.sync()
    assert [e for e in report.errors if "does not take prekeys" in e], report
    assert officer.relay.prekey_state().published is False
    item_id, captured, _ = _send_captured(net, lawyer, officer)
    assert lawyer.relay.prekey_use(item_id).long_term == (officer.fingerprint,)
    _open(captured, officer.session.identity)
    assert len(officer.relay.sync().received) == 1


def test_envelope_sealed_for_a_stale_prekey_is_refused(net: Net,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """A sender sealing for a prekey past its end (its checks bypassed here): the officer,
    who still holds that secret, refuses the envelope as sealed for a stale prekey."""
    lawyer, officer = net.lawyer, net.officer
    officer.relay.sync()
    stale = officer.relay.prekey_state().current
    net.server.clock.advance(15 * DAY)  # past its rotation and its overlap
    monkeypatch.setattr(client_prekeys, "_verified", lambda card, data, now: stale)
    monkeypatch.setattr(client_prekeys, "require_usable", lambda ctx, item: None)
    monkeypatch.setattr(prekey_ring, "verify_prekey", lambda *args: None)
    item_id, _, _ = _send_captured(net, lawyer, officer)
    assert lawyer.relay.prekey_use(item_id).prekeys == {officer.fingerprint: stale.prekey_id}
    report = officer.relay.sync()
    assert report.received == [] and len(report.refused) == 1, report
    [view] = officer.relay.inbox()
    assert view.state == "refused" and "stale prekey" in view.item.reason
