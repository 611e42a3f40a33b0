"""The Organisation window's Intake point tab against the real relay on loopback (SQLite): the
admin publishes an intake point for a duty group, reads and copies the key fingerprint and the
page's address, publishes it again, withdraws it; a refusal is one sentence in the banner;
a revocation in the Members tab republishes it; Alt+letters distinct in both languages."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from PySide6.QtGui import QGuiApplication

from app.org.signer import import_key_file
from app.relay_client import group_admin
from crypto.org_signer import SoftwareOrgSigner
from tests.relay.conftest import limits, relay  # noqa: F401 (fixtures)
from tests.relay_client.conftest import Member, Template, new_member, \
    templates  # noqa: F401 (templates: fixture)
from tests.support.relay_server import RunningRelay
from tests.ui.french_checks import each_language  # noqa: F401 (fixture)
from tests.ui.test_org_gui import FakePrompts, World, _select
from ui.org.intake_dialog import PublishIntakeDialog
from ui.org.window import OrgWindow
from ui.workers import JobQueue

NAME = "ordre-ecrire"


@pytest.fixture
def backend() -> None:
    """SQLite only: the relay's back ends are covered by tests/relay."""
    return None


@pytest.fixture
def world(relay: RunningRelay, templates: dict[str, Template],  # noqa: F811
          tmp_path: Path) -> Iterator[World]:
    barreau = relay.create_org("Barreau")
    lawyer = new_member(relay, templates["lawyer"], tmp_path / "lawyer", barreau, "lawyer")
    import_key_file(lawyer.session, barreau.key_path, "Barreau")
    yield World(relay, barreau, lawyer)
    lawyer.close()


def _intake_tab(qtbot, jobs: JobQueue, member: Member, confirm=None) -> OrgWindow:  # noqa: ANN001
    window = OrgWindow(member.session, jobs, prompts=FakePrompts())  # type: ignore[arg-type]
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: "Barreau" in window.org_label.text(), timeout=20_000)
    if confirm is not None:
        window.intake_panel.confirm = confirm
    with qtbot.waitSignal(window.intake_panel.loaded, timeout=20_000):
        window.tabs.setCurrentWidget(window.intake_panel)
    return window


def _page(world: World) -> httpx.Response:
    return httpx.get(f"{world.server.base_url}/v1/intake/{NAME}")


def test_publish_copy_republish_withdraw(qtbot, jobs: JobQueue, world: World) -> None:
    ctx = world.lawyer.relay._ctx
    signer = SoftwareOrgSigner(world.barreau.key)
    asked: list[str] = []
    window = _intake_tab(qtbot, jobs, world.lawyer, lambda _w, text: asked.append(text) or True)
    panel = window.intake_panel
    assert panel.model.rowCount() == 0 and panel.banner.kind == "info"  # no duty group yet
    assert not panel.buttons["withdraw"].isEnabled()
    group_admin.create(ctx, signer, "Accueil de l’Ordre", [world.lawyer.fingerprint])
    with qtbot.waitSignal(panel.loaded, timeout=20_000):
        panel.buttons["reload"].click()
    panel.buttons["publish"].click()
    dialog = panel.dialog
    assert isinstance(dialog, PublishIntakeDialog)
    assert dialog.group_choice.currentText() == "Accueil de l’Ordre"
    dialog.name_edit.setText("Ordre")  # refused by the core: one sentence in the banner
    dialog.title_edit.setText("Écrire à l’Ordre")
    dialog.accept()
    qtbot.waitUntil(lambda: panel.banner.kind == "danger", timeout=20_000)
    assert "3 to 64 characters" in panel.banner.label.text()
    panel.buttons["publish"].click()
    panel.dialog.name_edit.setText(NAME)
    panel.dialog.title_edit.setText("Écrire à l’Ordre")
    panel.dialog.size_box.setValue(5)
    with qtbot.waitSignal(panel.loaded, timeout=20_000):
        panel.dialog.accept()
    assert panel.banner.kind == "success" and NAME in panel.banner.label.text()
    [point] = panel.model.rows()
    assert (point.document.version, point.document.max_bytes) == (1, 5_000_000)
    key = world.barreau.key.public_key().public_bytes_raw().hex()
    assert panel.key_edit.text().replace(" ", "") == key and panel.key_edit.isReadOnly()
    assert panel.address_edit.text() == f"{world.server.base_url}/depot/{NAME}#cle={key}"
    panel.buttons["copy_address"].click()
    assert QGuiApplication.clipboard().text() == panel.address_edit.text()
    panel.buttons["copy_key"].click()
    assert QGuiApplication.clipboard().text() == panel.key_edit.text()
    assert _page(world).status_code == 200
    # Publishing the chosen point again: the dialog is filled with it.
    panel.buttons["publish"].click()
    assert panel.dialog.name_edit.text() == NAME and panel.dialog.size_box.value() == 5
    with qtbot.waitSignal(panel.loaded, timeout=20_000):
        panel.dialog.accept()
    assert panel.model.rows()[0].document.version == 2
    with qtbot.waitSignal(panel.loaded, timeout=20_000):
        panel.buttons["withdraw"].click()
    assert NAME in asked[0]
    assert panel.model.rows()[0].withdrawn is not None
    assert not panel.buttons["withdraw"].isEnabled()
    assert _page(world).status_code == 404
    window.close()


def test_a_revocation_in_the_members_tab_republishes(qtbot, jobs: JobQueue, world: World,
                                                     second: Member) -> None:
    ctx = world.lawyer.relay._ctx
    signer = SoftwareOrgSigner(world.barreau.key)
    group = group_admin.create(ctx, signer, "Accueil",
                               [world.lawyer.fingerprint, second.fingerprint])
    window = _intake_tab(qtbot, jobs, world.lawyer)
    panel = window.intake_panel
    panel.buttons["publish"].click()
    panel.dialog.name_edit.setText(NAME)
    panel.dialog.title_edit.setText("Écrire")
    with qtbot.waitSignal(panel.loaded, timeout=20_000):
        panel.dialog.accept()
    assert len(panel.model.rows()[0].document.recipients) == 2
    window.tabs.setCurrentIndex(0)
    with qtbot.waitSignal(window.loaded, timeout=20_000):
        window.reload()
    _select(qtbot, window, second.fingerprint)
    window.revoke_button.click()
    with qtbot.waitSignal(window.loaded, timeout=20_000):
        window.dialog.accept()
    assert window.banner.kind == "success"
    with qtbot.waitSignal(panel.loaded, timeout=20_000):
        window.tabs.setCurrentWidget(panel)
    [point] = panel.model.rows()
    assert point.document.version == 2 and point.current
    assert list(point.document.fingerprints()) == [world.lawyer.fingerprint]
    assert point.document.group_id == group.group_id and _page(world).status_code == 200
    window.close()


@pytest.fixture
def second(world: World, templates: dict[str, Template],  # noqa: F811
           tmp_path: Path) -> Iterator[Member]:
    member = new_member(world.server, templates["notary"], tmp_path / "second", world.barreau,
                        "second")
    yield member
    member.close()


def test_mnemonics(each_language, qtbot, jobs: JobQueue, world: World) -> None:  # noqa: F811
    from tests.ui.french_checks import literal_ampersands, mnemonic_clashes

    window = _intake_tab(qtbot, jobs, world.lawyer)
    dialog = PublishIntakeDialog([], None, window)
    for shown in (window, dialog):
        qtbot.addWidget(shown)
        shown.show()
        problems = mnemonic_clashes(shown) + literal_ampersands(shown)
        assert not problems, "\n".join(problems)
