"""The inbox badge follows the relay inbox (real relay on loopback, SQLite): an envelope held
for a decision shows "1 envelope(s) waiting" in the status bar and "(1)" on the Relay menu's
inbox action, after the unlock and after a sync; receiving it clears the badge; so does the
lock."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from app.relay_client import Letter
from crypto.identity import PrivateIdentity
from tests.relay.conftest import limits, relay  # noqa: F401 (fixtures)
from tests.relay_client.conftest import Net, add_document, net, templates  # noqa: F401
from tests.ui.documents_fixtures import make_window, prompts  # noqa: F401 (fixtures)
from ui.relay.panel import RelayPanel
from ui.transfers.badge import InboxBadge, waiting_count
from ui.workers import JobQueue

WAIT_MS = 60_000


@pytest.fixture
def backend() -> None:
    """SQLite only: the relay's back ends are covered by tests/relay."""
    return None


@pytest.fixture
def jobs(qapp) -> Iterator[JobQueue]:  # noqa: ANN001
    queue = JobQueue()
    yield queue
    queue.cancel_all()
    queue.wait(WAIT_MS)


def _held_envelope_for_the_officer(net: Net) -> None:  # noqa: F811
    """The lawyer sends to the officer, who has another key under the lawyer's name among his
    contacts: the envelope waits for his decision (held) instead of entering his vault."""
    lawyer, officer = net.lawyer, net.officer
    namesake = PrivateIdentity.generate(lawyer.session.identity.card.name, "Avocat", "Ailleurs")
    officer.session.contacts.import_card(namesake.card.to_bytes())
    at_lawyer = lawyer.relay.add_contact(officer.fingerprint).contact.id
    lawyer.session.contacts.verify_safety_number(
        at_lawyer, lawyer.session.contacts.safety_number(at_lawyer))
    doc = add_document(lawyer.session, "pv-audition.pdf", os.urandom(50_000))
    assert lawyer.relay.send([doc], [at_lawyer], Letter(subject="Pièces")).state == "deposited"


def test_badge_counts_after_sync_and_clears_after_receipt(qtbot, jobs: JobQueue,
                                                          net: Net) -> None:  # noqa: F811
    _held_envelope_for_the_officer(net)
    officer = net.officer.relay
    badge = InboxBadge(jobs)
    badge.refresh(officer)
    qtbot.waitUntil(lambda: not jobs.busy, timeout=WAIT_MS)
    assert badge.count == 0  # the vault has not heard of the envelope yet: no network here
    panel = RelayPanel(officer.session, jobs, service=officer)
    qtbot.addWidget(panel)
    panel.loaded.connect(lambda: badge.show_rows(panel.snapshot.inbox))
    qtbot.waitUntil(lambda: panel.snapshot is not None, timeout=WAIT_MS)
    with qtbot.waitSignal(badge.changed, timeout=WAIT_MS) as changed:
        panel.synchronise()
    assert changed.args == [1] and waiting_count(officer) == 1
    panel.inbox_view.selectRow(0)
    panel.accept_different_key.setChecked(True)
    with qtbot.waitSignal(badge.changed, timeout=WAIT_MS) as changed:
        assert panel.receive_selected() is not None
    assert changed.args == [0] and waiting_count(officer) == 0


def test_main_window_shows_the_count_and_forgets_it_at_lock(
        qtbot, make_window, net: Net) -> None:  # noqa: F811
    _held_envelope_for_the_officer(net)
    officer = net.officer.relay
    report = officer.sync()
    assert len(report.held) == 1
    window = make_window(officer.session)
    glance = window.glance
    qtbot.waitUntil(lambda: glance.badge.count == 1, timeout=WAIT_MS)
    assert glance.inbox_label.isVisible()
    assert glance.inbox_label.text() == "1 envelope(s) waiting in the relay inbox"
    assert window.relay_menu.panel_action.text() == "&Inbox and sent (1)…"
    window.relay_menu._service = officer  # the test relay's clock, for the panel's receipt
    dialog = window.relay_menu.open_panel()
    panel = dialog.panel
    qtbot.waitUntil(lambda: panel.snapshot is not None, timeout=WAIT_MS)
    panel.inbox_view.selectRow(0)
    panel.accept_different_key.setChecked(True)
    with qtbot.waitSignal(glance.badge.changed, timeout=WAIT_MS):
        assert panel.receive_selected() is not None
    assert glance.badge.count == 0 and not glance.inbox_label.isVisible()
    assert window.relay_menu.panel_action.text() == "&Inbox and sent…"
    glance.badge.set_count(2)
    window.release_session()
    assert glance.badge.count == 0 and not glance.inbox_label.isVisible()
