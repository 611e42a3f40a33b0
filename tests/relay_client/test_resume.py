"""Interrupted transfers resume where they stopped; queued work survives a restart and waits
while the relay cannot be reached."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from app.relay_client import RelayTransport, TransferCancelled
from app.relay_client.http import RelayTransport as Transport
from crypto.content_digest import CONTENT_CHUNK
from tests.relay_client.conftest import Net, read_document
from tests.relay_client.helpers import send_case_file

CHUNK = CONTENT_CHUNK  # fixed by the protocol: a few chunks need a file of a few of them
MiB = 1024 * 1024
REPO = Path(__file__).resolve().parents[2]


def _calls(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    seen: list[tuple[str, str]] = []
    original = Transport.call

    def call(self: RelayTransport, method: str, path: str, **kw: object) -> object:
        seen.append((method, path))
        return original(self, method, path, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(Transport, "call", call)
    return seen


def test_upload_killed_halfway_resumes(net: Net, monkeypatch: pytest.MonkeyPatch) -> None:
    lawyer = net.lawyer
    item, content = send_case_file(net, lawyer, net.officer, os.urandom(4 * CHUNK + MiB),
                                   upload=False)
    assert item.state == "queued"
    lawyer.close()  # the child takes the vault
    child = subprocess.run(
        [sys.executable, "-m", "tests.relay_client.kill_child", str(lawyer.folder),
         lawyer.template.vmk.hex(), "upload", str(2 * CHUNK)], cwd=REPO, timeout=120,
        capture_output=True)
    assert child.returncode == -9, child.stderr.decode()
    lawyer.reopen()
    [pending] = lawyer.relay.state.outbox()
    assert pending.state == "uploading" and pending.envelope_id
    status = lawyer.relay._ctx.transport().call("GET",
                                                f"/v1/envelopes/{pending.envelope_id}/upload")
    assert 2 * CHUNK <= status["received"] < pending.size
    calls = _calls(monkeypatch)
    report = lawyer.relay.sync()
    assert report.uploaded == [pending.envelope_id], report
    offsets = [int(p.rsplit("/", 1)[1]) for m, p in calls if m == "PUT"]
    # Resumed, not restarted (killed with chunks in flight: none of them counted half-sent).
    assert min(offsets) == status["received"]
    assert not lawyer.relay.state.outbox_path(pending).exists()  # sent: local copy dropped
    assert net.officer.relay.sync().received == [pending.envelope_id]
    record = net.officer.session.messages.get(net.officer.relay.inbox()[0].item.message_record)
    assert read_document(net.officer.session, record.document_ids[0]) == content


def test_download_interrupted_resumes_with_a_range(net: Net,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    item, content = send_case_file(net, net.lawyer, net.officer, os.urandom(1_500_000))
    officer = net.officer

    def stop_after_some(kind: str, done: int, total: int) -> None:
        if kind == "download" and done >= 256 * 1024:
            raise KeyboardInterrupt  # the user quits mid-download

    with pytest.raises(KeyboardInterrupt):
        officer.relay.sync(progress=stop_after_some)
    partial = officer.relay.state.inbox_path(item.envelope_id)
    have = partial.stat().st_size
    assert 0 < have < item.size
    officer.reopen()
    starts: list[int] = []
    original = Transport.stream

    def stream(self: RelayTransport, path: str, start: int = 0):  # noqa: ANN202
        starts.append(start)
        return original(self, path, start)

    monkeypatch.setattr(Transport, "stream", stream)
    assert officer.relay.sync().received == [item.envelope_id]
    assert starts == [have]
    [view] = officer.relay.inbox()
    kinds = sorted(p.kind for p in view.proofs)
    assert kinds == ["delivery", "deposit", "receipt"] and view.state == "opened"
    record = officer.session.messages.get(view.item.message_record)
    assert read_document(officer.session, record.document_ids[0]) == content
    assert not partial.exists()


def test_cancel_keeps_the_upload_for_later(net: Net) -> None:
    item, _ = send_case_file(net, net.lawyer, net.officer, os.urandom(2 * CHUNK), upload=False)
    calls = iter(range(100))
    with pytest.raises(TransferCancelled):
        net.lawyer.relay.sync(cancel=lambda: next(calls) >= 2)
    [pending] = net.lawyer.relay.state.outbox()
    assert pending.state == "uploading"
    assert net.lawyer.relay.sync().uploaded == [pending.envelope_id]


def test_offline_send_waits_and_survives_a_restart(net: Net,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    lawyer = net.lawyer
    net.befriend(lawyer, net.officer)  # while online
    for name in ("HTTP_PROXY", "http_proxy", "ALL_PROXY", "all_proxy"):
        monkeypatch.setenv(name, "http://127.0.0.1:9")  # a proxy that is not there
    for name in ("NO_PROXY", "no_proxy"):
        monkeypatch.setenv(name, "")
    lawyer.reopen()  # a transport made with these settings
    item, content = send_case_file(net, lawyer, net.officer)
    assert item.state == "queued" and "cannot be reached" in (item.last_error or "")
    report = lawyer.relay.sync()
    assert report.offline and report.uploaded == []
    for name in ("HTTP_PROXY", "http_proxy", "ALL_PROXY", "all_proxy"):
        monkeypatch.delenv(name)
    lawyer.reopen()  # a restart, with the network back
    [view] = lawyer.relay.sent()
    assert view.state == "uploading"
    report = lawyer.relay.sync()
    assert not report.offline and len(report.uploaded) == 1
    assert net.officer.relay.sync().received == report.uploaded
    record = net.officer.session.messages.get(net.officer.relay.inbox()[0].item.message_record)
    assert read_document(net.officer.session, record.document_ids[0]) == content
