"""The workstation policy through the desktop application (pytest-qt): what the policy forbids is
greyed out ahead of time, and when forced anyway the core refuses, the window showing the
core's own message; nothing is written, no relay is contacted. The allowed cases still work.
"""

from __future__ import annotations

import pytest
from PySide6.QtGui import QGuiApplication

from app.documents import EXPORT_ACTION
from app.policy import Policy, PolicyRefusal, workstation_policy
from app.relay_client import RelayService
from tests.policy.conftest import listing
from tests.ui.conftest import collect_after_test, gui_thread_collector, jobs  # noqa: F401
from tests.ui.documents_fixtures import (  # noqa: F401 (fixtures)
    WAIT_MS,
    documents_root,
    make_window,
    notary,
    prompts,
    select_document,
)
from ui.relay.join_dialog import JoinRelayDialog
from ui.viewer.viewer_window import COPY_ACTION


def _core_refusal(action: str) -> str:
    with pytest.raises(PolicyRefusal) as refused:
        workstation_policy().require_export_allowed(action)
    return str(refused.value)


# -- export -----------------------------------------------------------------------------------

def test_export_is_greyed_out_and_the_core_refuses_it(qtbot, notary, make_window, prompts,
                                                      set_policy, tmp_path) -> None:
    policy_file = set_policy(export_allowed=False)
    out = tmp_path / "out"
    out.mkdir()
    window = make_window(notary.session, workstation_policy())
    select_document(qtbot, window, "Testament.txt")
    assert not window.main_actions.export.isEnabled()
    # Forced: the core's message, before any file dialog.
    prompts.save_answer = out / "copie.txt"
    window.ops.export(window.documents_pane.current_document())
    message = _core_refusal(EXPORT_ACTION)
    assert [text for _title, text in prompts.errors] == [message]
    assert str(policy_file) in message and "export_allowed is false" in message
    assert not any(kind == "save_path" for kind, _ in prompts.asked)
    # The service itself, as any face would call it: the same refusal, nothing written.
    with pytest.raises(PolicyRefusal) as refused:
        notary.session.documents.export(notary.ids["testament"], out / "direct.txt")
    assert str(refused.value) == message
    assert listing(out) == []


def test_a_window_told_nothing_is_still_refused_by_the_core(qtbot, notary, make_window,
                                                            prompts, set_policy,
                                                            tmp_path) -> None:
    set_policy(export_allowed=False)
    window = make_window(notary.session, Policy())  # a face that did not grey anything out
    select_document(qtbot, window, "Testament.txt")
    prompts.save_answer = tmp_path / "copie.txt"
    window.main_actions.export.trigger()
    qtbot.waitUntil(lambda: bool(prompts.errors), timeout=WAIT_MS)
    assert prompts.errors[-1][1] == _core_refusal(EXPORT_ACTION)
    assert not (tmp_path / "copie.txt").exists()


def test_export_works_where_allowed(qtbot, notary, make_window, prompts, set_policy,
                                    tmp_path) -> None:
    set_policy(export_allowed=True, proxy="http://proxy.etude.example:3128")
    window = make_window(notary.session, workstation_policy())
    select_document(qtbot, window, "Testament.txt")
    assert window.main_actions.export.isEnabled()
    prompts.save_answer = tmp_path / "copie.txt"
    window.main_actions.export.trigger()
    qtbot.waitUntil((tmp_path / "copie.txt").exists, timeout=WAIT_MS)
    assert prompts.errors == []


# -- the viewer -------------------------------------------------------------------------------

def _viewer(qtbot, window, name: str):
    select_document(qtbot, window, name)
    window.main_actions.open_document.trigger()
    return window.viewers[-1]


def test_viewer_export_and_copy_are_greyed_out_and_refused(qtbot, notary, make_window,
                                                           prompts, set_policy,
                                                           tmp_path) -> None:
    set_policy(export_allowed=False)
    window = make_window(notary.session, workstation_policy())
    viewer = _viewer(qtbot, window, "Acte de notoriété.pdf")
    qtbot.waitUntil(lambda: viewer.page_count > 0, timeout=WAIT_MS)
    assert not viewer.export_action.isEnabled() and not viewer.copy_action.isEnabled()
    clipboard = QGuiApplication.clipboard()
    clipboard.setText("avant")
    viewer.copy_page_text()  # forced: the core's refusal in the status bar, nothing copied
    assert viewer.statusBar().currentMessage() == _core_refusal(COPY_ACTION)
    qtbot.wait(200)
    assert clipboard.text() == "avant"
    prompts.save_answer = tmp_path / "acte.pdf"
    viewer.exportRequested.emit(viewer.document)  # forced export from the viewer
    assert prompts.errors[-1][1] == _core_refusal(EXPORT_ACTION)
    assert not (tmp_path / "acte.pdf").exists()


def test_viewer_copy_works_where_allowed(qtbot, notary, make_window, set_policy) -> None:
    set_policy(export_allowed=True)
    window = make_window(notary.session, workstation_policy())
    viewer = _viewer(qtbot, window, "Acte de notoriété.pdf")
    qtbot.waitUntil(viewer.copy_action.isEnabled, timeout=WAIT_MS)
    QGuiApplication.clipboard().setText("avant")
    viewer.copy_page_text()
    qtbot.waitUntil(lambda: QGuiApplication.clipboard().text() != "avant", timeout=WAIT_MS)


# -- joining a relay --------------------------------------------------------------------------

@pytest.fixture
def make_dialog(qtbot, notary, jobs):  # noqa: F811
    """`make_dialog()`: the join dialog as the Relay menu opens it (after the policy is set)."""
    service = RelayService(notary.session)

    def make() -> JoinRelayDialog:
        made = JoinRelayDialog(notary.session, jobs, service=service)
        qtbot.addWidget(made)
        return made

    yield make
    service.close()


def _fill(dialog: JoinRelayDialog, url: str) -> None:
    dialog.url.setText(url)
    dialog.code.setText("ABCD-EFGH-IJKL")
    dialog.key_id.setText("ab" * 8)


def _force_join(qtbot, dialog: JoinRelayDialog, monkeypatch) -> None:
    """Join as if the dialog had not checked anything: only the core stands in the way."""
    monkeypatch.setattr(dialog, "problem", lambda: None)
    job = dialog.start_join()
    assert job is not None
    qtbot.waitUntil(lambda: dialog._job is None, timeout=WAIT_MS)


def test_relay_not_allowed_is_refused_with_the_core_message(qtbot, make_dialog, set_policy,
                                                           counting, monkeypatch) -> None:
    relay = counting()
    set_policy(allowed_relays=["https://relais.notaires.example"])
    dialog = make_dialog()
    _fill(dialog, relay.url)
    with pytest.raises(PolicyRefusal) as refused:
        dialog.service.join(relay.url, "ABCD-EFGH-IJKL")
    message = str(refused.value)
    assert "allowed_relays" in message
    assert dialog.start_join() is None  # refused ahead of time…
    assert dialog.banner.label.text() == message
    _force_join(qtbot, dialog, monkeypatch)  # …and by the core when forced
    assert dialog.banner.kind == "danger" and dialog.banner.label.text() == message
    assert relay.connections == 0 and dialog.membership is None


def test_the_imposed_proxy_is_shown_enforced_and_used(qtbot, make_dialog, set_policy,
                                                      counting, monkeypatch) -> None:
    relay, imposed, other = counting(), counting(), counting()
    set_policy(allowed_relays=[relay.url], proxy=imposed.url)
    fresh = make_dialog()
    assert fresh.proxy.text() == imposed.url and fresh.proxy.isReadOnly()
    _fill(fresh, relay.url)
    fresh.proxy.setText(other.url)  # forced past the read-only field
    assert fresh.start_join() is None
    message = fresh.banner.label.text()
    assert "the policy's proxy" in message and "workstation policy" in message
    _force_join(qtbot, fresh, monkeypatch)
    assert fresh.banner.label.text() == message
    assert relay.connections == imposed.connections == other.connections == 0
    # With the imposed proxy, the join goes through it (a counter here, so it then fails).
    fresh.proxy.setText(imposed.url)
    assert fresh.start_join() is not None  # `problem` is still bypassed
    qtbot.waitUntil(lambda: fresh._job is None, timeout=WAIT_MS)
    assert imposed.connections >= 1 and relay.connections == 0


def test_the_dialog_offers_any_relay_when_unmanaged(make_dialog, set_policy) -> None:
    set_policy()  # a policy file that imposes nothing
    dialog = make_dialog()
    _fill(dialog, "https://relais.example")
    assert dialog.problem() is None
    assert not dialog.proxy.isReadOnly()
