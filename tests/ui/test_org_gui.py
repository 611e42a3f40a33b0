"""The Organisation window against the real relay on loopback (SQLite): the admin imports the
organisation's key file, invites, certifies a new member after ticking the comparison, revokes
with a reason and reads the audit trail; a key the relay does not know is one sentence in the
banner; a key on a SoftHSM2 token asks its PIN once."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from app.org.signer import create_token_key, create_vault_key
from app.relay_client import RelayService
from app.vault import create_vault
from relay import admin
from tests.relay.conftest import limits, relay  # noqa: F401 (fixtures)
from tests.relay_client.conftest import (  # noqa: F401 (templates: fixture)
    FAST_KDF,
    PASSPHRASE,
    Member,
    Template,
    new_member,
    templates,
)
from tests.support.relay_server import Org, RunningRelay
from tests.support.softhsm import softhsm  # noqa: F401 (fixture)
from tests.ui.french_checks import each_language  # noqa: F401 (fixture)
from tests.vault_keys.conftest import FakeFactor
from ui.org.dialogs import CertifyDialog, CodeDialog, InviteDialog, RevokeDialog
from ui.org.window import OrgWindow
from ui.workers import JobQueue


@pytest.fixture
def backend() -> None:
    """SQLite only: the relay's back ends are covered by tests/relay."""
    return None


@dataclass
class FakePrompts:
    key_path: Path | None = None
    answers: dict[str, str | None] = field(default_factory=dict)
    asked: list[str] = field(default_factory=list)

    def key_file(self, parent) -> Path | None:  # noqa: ANN001
        self.asked.append("key file")
        return self.key_path

    def text(self, parent, title, label, *, secret=False) -> str | None:  # noqa: ANN001
        self.asked.append(title)
        return self.answers.get(title)


@dataclass
class World:
    server: RunningRelay
    barreau: Org
    lawyer: Member


@pytest.fixture
def world(relay: RunningRelay, templates: dict[str, Template],  # noqa: F811
          tmp_path: Path) -> Iterator[World]:
    barreau = relay.create_org("Barreau")
    lawyer = new_member(relay, templates["lawyer"], tmp_path / "lawyer", barreau, "lawyer")
    yield World(relay, barreau, lawyer)
    lawyer.close()


def _window(qtbot, jobs: JobQueue, member: Member, prompts: FakePrompts) -> OrgWindow:
    window = OrgWindow(member.session, jobs, prompts=prompts)  # type: ignore[arg-type]
    qtbot.addWidget(window)
    window.show()
    return window


def _select(qtbot, window: OrgWindow, fingerprint: str) -> None:
    rows = window.members_model.rows()
    row = next(i for i, m in enumerate(rows) if m.fingerprint == fingerprint)
    window.members_view.selectRow(row)
    qtbot.waitUntil(lambda: window.selected_member() is not None)


def test_import_invite_certify_revoke_audit(qtbot, jobs: JobQueue, world: World,
                                            tmp_path: Path) -> None:
    prompts = FakePrompts(world.barreau.key_path, {"Organisation name": "Barreau",
                                                   "Key file passphrase": ""})
    window = _window(qtbot, jobs, world.lawyer, prompts)
    qtbot.waitUntil(lambda: "no organisation key" in window.key_label.text())
    assert not window.invite_button.isEnabled()
    with qtbot.waitSignal(window.loaded, timeout=20_000):
        qtbot.mouseClick(window.import_button, Qt.MouseButton.LeftButton)
    assert window.banner.kind == "success" and "Shred" in window.banner.label.text()
    assert "Barreau" in window.org_label.text()
    assert [m.status for m in window.members_model.rows()] == ["certified"]

    window.invite_button.click()
    invite = window.dialog
    assert isinstance(invite, InviteDialog)
    invite.hours.setValue(4)
    invite.invite_button.click()
    qtbot.waitUntil(lambda: isinstance(window.dialog, CodeDialog), timeout=20_000)
    code = window.dialog.code.text()
    newbie = RelayService(create_vault(tmp_path / "newbie", PASSPHRASE,
                                       FakeFactor(serial="NEWBIE"), name="Nina Nouvelle",
                                       role="Avocate", organisation="Barreau",
                                       kdf=FAST_KDF).session, clock=world.server.clock.now)
    try:
        newbie.join(world.server.base_url, code, relay_key_id=world.server.relay.key_id)
        fingerprint = newbie.session.identity.card.fingerprint_hex
        window.reload()
        qtbot.waitUntil(lambda: fingerprint in [m.fingerprint
                                                for m in window.members_model.rows()],
                        timeout=20_000)
        _select(qtbot, window, fingerprint)
        assert window.certify_button.isEnabled() and window.revoke_button.isEnabled()
        window.certify_button.click()
        qtbot.waitUntil(lambda: isinstance(window.dialog, CertifyDialog), timeout=20_000)
        certify = window.dialog
        assert certify.member.fingerprint == fingerprint
        assert not certify.certify_button.isEnabled()  # not before the comparison is ticked
        certify.compared.setChecked(True)
        if os.environ.get("SCELLE_SHOTS"):
            certify.grab().save(os.path.join(os.environ["SCELLE_SHOTS"], "org-certify.png"))
        with qtbot.waitSignal(window.loaded, timeout=20_000):
            certify.certify_button.click()
        assert newbie.membership().card_certified
        _select(qtbot, window, fingerprint)
        assert not window.certify_button.isEnabled()
        window.revoke_button.click()
        revoke = window.dialog
        assert isinstance(revoke, RevokeDialog)
        revoke.reason.setCurrentIndex(revoke.reason.findData("departure"))
        with qtbot.waitSignal(window.loaded, timeout=20_000):
            revoke.revoke_button.click()
        states = {m.fingerprint: (m.status, m.reason) for m in window.members_model.rows()}
        assert states[fingerprint] == ("revoked", "departure")
        actions = [r.action for r in window.audit_model.rows()]
        assert actions[-3:] == ["member.enrolled", "member.certified", "member.revoked"]
        if os.environ.get("SCELLE_SHOTS"):
            window.grab().save(os.path.join(os.environ["SCELLE_SHOTS"], "org-window.png"))
    finally:
        newbie.close()
        newbie.session.lock()


def test_unknown_key_is_one_sentence(qtbot, jobs: JobQueue, world: World) -> None:
    create_vault_key(world.lawyer.session, "Barreau")  # a key the relay never heard of
    window = _window(qtbot, jobs, world.lawyer, FakePrompts())
    qtbot.waitUntil(lambda: not window.banner.isHidden(), timeout=20_000)
    assert window.banner.kind == "danger"
    assert "knows no organisation" in window.banner.label.text()
    assert len(window.banner.label.text().splitlines()) == 1
    assert not window.invite_button.isEnabled()


def test_token_key_asks_the_pin_once(qtbot, jobs: JobQueue, world: World,
                                     softhsm) -> None:  # noqa: F811
    record = create_token_key(world.lawyer.session, "Étude Dubois", token=softhsm.selector(),
                              module_path=softhsm.module_path, pin=softhsm.user_pin)
    admin.create_org(world.server.relay.db, world.server.now(), "test", "Étude Dubois", None,
                     public_key=record.public_key)
    prompts = FakePrompts(answers={"Security token PIN": softhsm.user_pin})
    try:
        window = _window(qtbot, jobs, world.lawyer, prompts)
        qtbot.waitUntil(lambda: "Étude Dubois" in window.org_label.text(), timeout=20_000)
        with qtbot.waitSignal(window.loaded, timeout=20_000):
            window.reload()
        assert prompts.asked.count("Security token PIN") == 1
        window.close()
    finally:
        softhsm.delete_key(record.key_id)


def test_mnemonics(each_language, qtbot, jobs: JobQueue, world: World) -> None:  # noqa: F811
    from app.org.admin import OrgMember
    from crypto.identity import PrivateIdentity
    from tests.ui.french_checks import literal_ampersands, mnemonic_clashes

    window = _window(qtbot, jobs, world.lawyer, FakePrompts())
    qtbot.waitUntil(lambda: bool(window.key_label.text()), timeout=20_000)
    card = PrivateIdentity.generate("Nina Nouvelle", "Avocate", "Barreau").card
    member = OrgMember(card.fingerprint_hex, "member", "pending", card.expires, None, None,
                       card.name, card.role, card)
    dialogs = [window, InviteDialog(window), RevokeDialog(member, window),
               CertifyDialog(member, world.lawyer.session.identity.card, window)]
    for dialog in dialogs:
        qtbot.addWidget(dialog)
        dialog.show()
        problems = mnemonic_clashes(dialog) + literal_ampersands(dialog)
        assert not problems, "\n".join(problems)


def test_new_key_on_a_token(qtbot, jobs: JobQueue, world: World, softhsm) -> None:  # noqa: F811
    prompts = FakePrompts(answers={"New organisation key": "Étude Dubois",
                                   "Security token": softhsm.token_label,
                                   "Security token PIN": softhsm.user_pin})
    window = OrgWindow(world.lawyer.session, jobs, prompts=prompts,  # type: ignore[arg-type]
                       module_path=softhsm.module_path)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: "no organisation key" in window.key_label.text(), timeout=20_000)
    window.token_button.click()
    qtbot.waitUntil(lambda: "security token" in window.key_label.text(), timeout=20_000)
    record = window.current_key()
    try:
        assert record is not None and record.kind == "token"
        # The relay does not know the new key yet: the banner says what to give the operator.
        qtbot.waitUntil(lambda: window.banner.kind == "danger", timeout=20_000)
        assert record.public_key_hex in window.banner.label.text()
    finally:
        window.close()
        softhsm.delete_key(record.key_id)


def test_a_wrong_pin_is_asked_again(qtbot, jobs: JobQueue, world: World,
                                    softhsm) -> None:  # noqa: F811
    record = create_token_key(world.lawyer.session, "Étude Dubois", token=softhsm.selector(),
                              module_path=softhsm.module_path, pin=softhsm.user_pin)
    admin.create_org(world.server.relay.db, world.server.now(), "test", "Étude Dubois", None,
                     public_key=record.public_key)
    prompts = FakePrompts(answers={"Security token PIN": "000000"})
    window = _window(qtbot, jobs, world.lawyer, prompts)
    try:
        qtbot.waitUntil(lambda: window.banner.kind == "danger", timeout=20_000)
        assert "PIN" in window.banner.label.text() and not window.invite_button.isEnabled()
        prompts.answers["Security token PIN"] = softhsm.user_pin
        with qtbot.waitSignal(window.loaded, timeout=20_000):
            window.reload()
        assert prompts.asked.count("Security token PIN") == 2
        assert window.invite_button.isEnabled()
    finally:
        window.close()
        softhsm.delete_key(record.key_id)
