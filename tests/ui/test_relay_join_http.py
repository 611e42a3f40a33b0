"""The join dialog and plain http://: the core's refusal is shown, and the loud check box lifts
it (the join then goes on to the network). No relay is needed: the address never resolves."""

from __future__ import annotations

import shutil
from pathlib import Path

from app.relay_client import RelayService
from tests.relay_client.conftest import (  # noqa: F401 (templates: fixture)
    Template,
    open_with_vmk,
    templates,
)
from ui.relay.join_dialog import JoinRelayDialog
from ui.workers import JobQueue


def _attempt(qtbot, dialog: JoinRelayDialog) -> str:
    job = dialog.start_join()
    assert job is not None
    qtbot.waitUntil(lambda: job.done, timeout=20_000)
    assert dialog.banner.kind == "danger" and dialog.membership is None
    return dialog.banner.label.text()


def test_plain_http_is_refused_unless_ticked(qtbot, jobs: JobQueue, tmp_path: Path,
                                             templates: dict[str, Template]) -> None:  # noqa: F811
    template = templates["notary"]
    shutil.copytree(template.folder, tmp_path / "notary")
    session = open_with_vmk(tmp_path / "notary", template.vmk)
    service = RelayService(session)
    try:
        dialog = JoinRelayDialog(session, jobs, service=service)
        qtbot.addWidget(dialog)
        dialog.url.setText("http://relay.invalid:8080")
        dialog.code.setText("ABCD-EFGH")
        dialog.key_id.setText("ab" * 32)
        assert not dialog.plain_http.isChecked()  # off by default
        assert "plain http://" in _attempt(qtbot, dialog)
        dialog.plain_http.setChecked(True)
        assert "plain http://" not in _attempt(qtbot, dialog)  # tried, could not connect
        assert not service.joined()
    finally:
        service.close()
        session.lock()
