"""Issue 14 end to end, on SQLite and PostgreSQL: Chromium fills the intake page, attaches a
file and deposits; the member's vault syncs and receives it with the CLI (content identical,
marked unauthenticated); the member replies with the CLI; the browser reads the reply on the
reply page with the code it showed, and downloads the attached file. Then every row of the
relay's database, every file under its data folder and every log line it wrote are searched for
the requester's name, contact, subject, message, file name and content, and for the browser's
address (its own loopback address, through tests/intake_page/forwarder.py): none is found."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest

from relay.config import Limits
from relay.db.base import Database
from relay.logs import LOGGER_NAME, JsonFormatter
from tests.intake.requests import INTAKE
from tests.intake.test_end_to_end import _publish
from tests.intake_page.browser_flow import WAIT_MS, fill, open_page, wait_done
from tests.intake_page.conftest import POW_BITS, Watched
from tests.intake_page.forwarder import BROWSER_ADDRESS, forwarded
from tests.relay.conftest import backend  # noqa: F401 (fixture)
from tests.relay_client.conftest import Template, open_with_vmk
from tests.relay_client.test_cli import Vault
from tests.support.relay_server import RunningRelay, running_relay

NAME = "Zéphyrin Gaspard-Quintal"
CONTACT = "zephyrin.quintal@example.org"
SUBJECT = "Signalement Xylophage confidentiel"
MESSAGE = "Les faits Wombatesques se sont produits mardi."
FILE_NAME = "plainte-Zorglub.pdf"
CONTENT = b"%PDF-1.4 Krakatoa-secret " * 4000
REPLY_FILE = b"%PDF-1.4 accuse de reception"
# ASCII pieces of each secret: found even where a text would be escaped (JSON's \u00e9).
NEEDLES = [b"Gaspard-Quintal", b"zephyrin.quintal", b"Xylophage", b"Wombatesques", b"Zorglub",
           b"Krakatoa-secret", BROWSER_ADDRESS.encode(), bytes([127, 0, 0, 7])]


@pytest.fixture
def server(tmp_path: Path, backend: str | None) -> Iterator[RunningRelay]:  # noqa: F811
    limits = Limits(intake_pow_bits=POW_BITS)
    with running_relay(tmp_path / "relay-data", database_url=backend, limits=limits) as running:
        yield running


class _Lines(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.setFormatter(JsonFormatter())
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        # What `scelle-relay serve` writes (relay/logs.configure): its own logger and uvicorn's
        # error log. Uvicorn's access log is off there (and disabled); pytest's capture hooks
        # it back on in this process, so its lines are no part of what the relay writes.
        if record.name.startswith(LOGGER_NAME) or record.name == "uvicorn.error":
            self.lines.append(self.format(record))


@pytest.fixture
def log_lines() -> Iterator[list[str]]:
    """Every record the relay writes, at every level, as it writes it (JSON lines)."""
    handler = _Lines()
    root = logging.getLogger()
    previous = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    try:
        yield handler.lines
    finally:
        root.removeHandler(handler)
        root.setLevel(previous)


def _deposit(page: Watched, url: str) -> tuple[str, str]:
    open_page(page, url, INTAKE)
    fill(page, name=NAME, contact=CONTACT, subject=SUBJECT, message=MESSAGE,
         files=[(FILE_NAME, "application/pdf", CONTENT)])
    page.page.click("#submit")
    done = wait_done(page)
    assert done.reply_code is not None
    page.clean(url)
    return done.receipt["envelope_id"], done.reply_code


def _receive_and_reply(lawyer: Vault, template: Template, envelope: str, tmp: Path) -> None:
    synced = lawyer.json("relay", "sync")
    assert synced["outside_requests_waiting"] == [envelope] and not synced["errors"]
    received = lawyer.run("relay", "intake", "receive", envelope, "--case", "Demandes")
    assert received.returncode == 0 and "unauthenticated" in received.err, received.err
    session = open_with_vmk(lawyer.folder, template.vmk)
    try:
        case = session.cases.find_by_name("Demandes").id
        docs = {d.name: d for d in session.documents.list(case_id=case)}
        assert session.documents.open(docs[FILE_NAME].id).read() == CONTENT
        note = session.documents.open(docs[f"demande-exterieure-{envelope[:8]}.txt"].id).read()
        assert all(t.encode() in note for t in (NAME, CONTACT, SUBJECT, MESSAGE))
    finally:
        session.lock()
    message = tmp / "message.txt"
    message.write_text("Bonjour,\nnous avons bien reçu votre signalement.\n", encoding="utf-8")
    annex = tmp / "accusé de réception.pdf"
    annex.write_bytes(REPLY_FILE)
    replied = lawyer.run("relay", "intake", "reply", envelope, "--message-file", message,
                         "--subject", "Votre signalement", "--attach", annex)
    assert replied.returncode == 0, replied.err


def _read_reply(page: Watched, url: str, code: str) -> None:
    p = page.page
    p.goto(f"{url}/depot/{INTAKE}/reponse")
    p.fill("#code", code.lower().replace("-", " "))  # case, spaces and dashes do not matter
    p.keyboard.press("Enter")
    p.wait_for_selector("article.reply, #error:not([hidden])", timeout=WAIT_MS)
    assert p.is_hidden("#error"), p.inner_text("#error")
    assert p.inner_text("article.reply h2") == "Votre signalement"
    assert p.inner_text("article.reply .message") == \
        "Bonjour,\nnous avons bien reçu votre signalement.\n"
    assert "De Barreau" in p.inner_text("article.reply .hint")
    with p.expect_download() as download:
        p.click("article.reply .files a")
    assert download.value.suggested_filename == "accusé de réception.pdf"
    assert Path(download.value.path()).read_bytes() == REPLY_FILE
    page.clean(url)


def _rows(db: Database) -> list[tuple[str, tuple]]:
    listing = ("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"
               if db.dialect == "postgres" else
               "SELECT name FROM sqlite_master WHERE type = 'table'")
    with db.transaction() as tx:
        names = [r[0] for r in tx.all(listing)]
        return [(name, tuple(r)) for name in names for r in tx.all(f"SELECT * FROM {name}")]


def _holds(value: object) -> bool:
    data = value if isinstance(value, bytes) else str(value).encode("utf-8", "replace")
    return any(needle in data for needle in NEEDLES)


def _relay_learned_nothing(server: RunningRelay, lines: list[str]) -> None:
    rows = _rows(server.relay.db)
    assert any(table == "intake_deposits" for table, _ in rows)
    assert any(table == "intake_replies" for table, _ in rows)
    assert [(t, r) for t, r in rows if any(_holds(v) for v in r)] == []
    files = [p for p in server.data_dir.rglob("*") if p.is_file()]
    assert files and [p for p in files if _holds(p.read_bytes())] == []
    assert any('"event":"intake.deposited"' in line for line in lines)
    assert any('"event":"intake.replied"' in line for line in lines)
    assert [line for line in lines if _holds(line)] == []


def test_browser_deposit_member_reply_browser_reads_it(
        server: RunningRelay, templates: dict[str, Template], page: Watched,
        log_lines: list[str], tmp_path: Path) -> None:
    lawyer = Vault(templates["lawyer"], tmp_path / "lawyer")
    _publish(server, lawyer, templates["lawyer"])
    with forwarded(server.base_url) as url:
        envelope, code = _deposit(page, url)
        _receive_and_reply(lawyer, templates["lawyer"], envelope, tmp_path)
        _read_reply(page, url, code)
    server.sweep()
    _relay_learned_nothing(server, log_lines)
