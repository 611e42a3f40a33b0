"""Fixtures of the main window and viewer tests: real vaults with cases and documents, a
100,000-document vault, `FakePrompts`, and a `MainWindow` factory.

Import them by name into a test module (`from tests.ui.documents_fixtures import …`). Vaults
are created once per test session (cheapest legal KDF, a deterministic key factor) and copied
per test, then opened with the key kept from creation: no key derivation per test.
"""

from __future__ import annotations

import io
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
from PySide6.QtGui import QColor, QImage, QPageSize, QPainter, QPdfWriter, QTextDocument

from app.policy import Policy
from app.unlock import UnlockedVault
from app.vault import VaultSession, create_vault, open_unlocked
from crypto.kdf import MIN_MEMORY_KIB, Argon2Params
from storage.header import read_header  # tests may reach below ui/ to build their vaults
from tests.vault_keys.conftest import FakeFactor
from ui.documents.case_dialog import CaseFields
from ui.main_window import MainWindow
from ui.workers import JobQueue

FAST_KDF = Argon2Params(memory_kib=MIN_MEMORY_KIB, iterations=1, lanes=1)
PASSPHRASE = "une phrase de passe assez longue pour le coffre, é"
WAIT_MS = 20_000
BIG_COUNT = 100_000
PDF_CANARY = "usufruitier"  # a word found only inside the PDF's text


# -- content made in the tests ------------------------------------------------------------------
def make_pdf(pages: list[str]) -> bytes:
    """A real PDF (Qt's writer) with one paragraph per page."""
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A5))
    doc = QTextDocument()
    html = "".join(f"<p style='page-break-before: always'>{text}</p>" if i else f"<p>{text}</p>"
                   for i, text in enumerate(pages))
    doc.setHtml(html)
    doc.print_(writer)
    buffer.close()
    return bytes(data.data())


def make_png(width: int = 120, height: int = 80) -> bytes:
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(QColor("#336699"))
    painter = QPainter(image)
    painter.fillRect(0, 0, width // 2, height, Qt.GlobalColor.yellow)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(data.data())


PDF_PAGES = ["Acte de notoriété, page un.", f"Clause de l'{PDF_CANARY}, page deux.",
             "Signatures, page trois."]


# -- vault templates ----------------------------------------------------------------------------
@dataclass(frozen=True)
class Template:
    folder: Path
    vmk: bytes
    info: dict[str, int] = field(default_factory=dict)  # names -> ids


_TEMPLATES: dict[str, Template] = {}


def open_copy(template: Template, dest: Path) -> VaultSession:
    shutil.copytree(template.folder, dest)
    header = read_header(dest)
    header.verify(template.vmk)
    unlocked = UnlockedVault(dest, header, header.slots[0].slot_id, bytearray(template.vmk))
    return open_unlocked(unlocked)


def _new_vault(folder: Path) -> tuple[VaultSession, bytes]:
    new = create_vault(folder, PASSPHRASE, FakeFactor(serial=folder.name), name="Claire Dubois",
                       role="Notaire", organisation="Étude Dubois", kdf=FAST_KDF)
    return new.session, bytes(new.session._require_vault().vmk)


def _add(session: VaultSession, name: str, data: bytes, **kw: Any) -> int:
    return session.importer.import_stream(name, len(data), None, io.BytesIO(data), **kw).id


def _fill_notary(session: VaultSession) -> dict[str, int]:
    martin = session.cases.create("Succession Martin", reference="2026/0142",
                                  retention_until=date(2056, 3, 31)).id
    dupuis = session.cases.create("Vente Dupuis", reference="2026/0187").id
    held = session.cases.create("SCI Les Tilleuls", reference="2025/0933").id
    ids = {"martin": martin, "dupuis": dupuis, "held": held}
    ids["acte"] = _add(session, "Acte de notoriété.pdf", make_pdf(PDF_PAGES), case=martin,
                       tags=["succession"])
    ids["testament"] = _add(session, "Testament.txt", b"Je soussigne" * 300, case=martin)
    ids["plan"] = _add(session, "Plan cadastral.png", make_png(), case=dupuis, tags=["urbanisme"])
    ids["compromis"] = _add(session, "Compromis de vente.docx", b"PK\x03\x04" + b"x" * 40,
                            case=dupuis, tags=["urgent"])
    ids["statuts"] = _add(session, "Statuts SCI.txt", b"Statuts", case=held)
    ids["courrier"] = _add(session, "Courrier client.txt", b"Bonjour", tags=["courrier"])
    session.cases.set_legal_hold(held, True)
    return ids


def _fill_big(session: VaultSession) -> dict[str, int]:
    """BIG_COUNT listing rows in one statement (no content: they are never opened)."""
    db = session.store.db
    with db.transaction():
        db.execute("INSERT INTO cases (name, created_at)"
                   " VALUES ('Archives', '2026-01-01T00:00:00.000000Z')")
        db.execute(
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)"
            " INSERT INTO documents (id, case_id, name, media_type, created_at, imported_at)"
            " SELECT i, 1, printf('Acte %06d.pdf', i), 'application/pdf',"
            " '2026-01-01T00:00:00.000000Z', '2026-01-01T00:00:00.000000Z' FROM n",
            (BIG_COUNT,))
        db.execute("INSERT INTO versions (document_id, number, blob_id, size, sha256,"
                   " wrapped_key, created_at) SELECT id, 1, 'bulk' || id, id * 10,"
                   " zeroblob(32), x'00', created_at FROM documents")
    return {"archives": 1}


def template(root: Path, key: str, fill: Callable[[VaultSession], dict[str, int]]) -> Template:
    # Module-level cache: every test module importing these fixtures shares the templates.
    cached = _TEMPLATES.get(key)
    if cached is None or not cached.folder.exists():
        session, vmk = _new_vault(root / key)
        try:
            info = fill(session)
        finally:
            session.lock()
        cached = _TEMPLATES[key] = Template(root / key, vmk, info)
    return cached


@pytest.fixture(scope="session")
def documents_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("documents-vaults")


@dataclass
class OpenVault:
    session: VaultSession
    ids: dict[str, int]
    folder: Path


@pytest.fixture
def notary(qapp: Any, documents_root: Path, tmp_path: Path) -> Iterator[OpenVault]:
    """Me Claire Dubois's vault: three cases (one under legal hold), six documents."""
    tpl = template(documents_root, "notary", _fill_notary)
    session = open_copy(tpl, tmp_path / "notary")
    yield OpenVault(session, dict(tpl.info), tmp_path / "notary")
    session.lock()


@pytest.fixture
def big_vault(qapp: Any, documents_root: Path, tmp_path: Path) -> Iterator[OpenVault]:
    """A vault with 100,000 documents in one case."""
    tpl = template(documents_root, "big", _fill_big)
    session = open_copy(tpl, tmp_path / "big")
    yield OpenVault(session, dict(tpl.info), tmp_path / "big")
    session.lock()


# -- modal questions ----------------------------------------------------------------------------
@dataclass
class FakePrompts:
    """Answers the window's questions at once and records them."""

    confirm_answer: bool = True
    text_answer: str | None = None
    case_answer: CaseFields | None = None
    paths_answer: list[Path] = field(default_factory=list)
    folder_answer: Path | None = None
    save_answer: Path | None = None
    asked: list[tuple[str, str]] = field(default_factory=list)  # (kind, title)
    errors: list[tuple[str, str]] = field(default_factory=list)  # (title, text)
    infos: list[tuple[str, str]] = field(default_factory=list)

    def open_paths(self, parent: Any, title: str, name_filter: str = "") -> list[Path]:
        self.asked.append(("open_paths", title))
        return list(self.paths_answer)

    def open_folder(self, parent: Any, title: str) -> Path | None:
        self.asked.append(("open_folder", title))
        return self.folder_answer

    def save_path(self, parent: Any, title: str, default: Path) -> Path | None:
        self.asked.append(("save_path", title))
        return self.save_answer

    def text(self, parent: Any, title: str, label: str, value: str) -> str | None:
        self.asked.append(("text", title))
        return self.text_answer

    def confirm(self, parent: Any, title: str, text: str, accept: str, *,
                danger: bool = False) -> bool:
        self.asked.append(("confirm", text))
        return self.confirm_answer

    def error(self, parent: Any, title: str, text: str) -> None:
        self.errors.append((title, text))

    def info(self, parent: Any, title: str, text: str) -> None:
        self.infos.append((title, text))

    def case_fields(self, parent: Any, fields: CaseFields | None = None) -> CaseFields | None:
        self.asked.append(("case_fields", "edit" if fields else "new"))
        return self.case_answer


# -- the window ---------------------------------------------------------------------------------
@pytest.fixture
def prompts() -> FakePrompts:
    return FakePrompts()


@pytest.fixture
def make_window(qtbot: Any, jobs: JobQueue, prompts: FakePrompts
                ) -> Iterator[Callable[..., MainWindow]]:
    """`make_window(session, policy=Policy())`: a shown MainWindow whose panes are loaded."""
    made: list[MainWindow] = []

    def make(session: VaultSession, policy: Policy | None = None) -> MainWindow:
        window = MainWindow(session, jobs, policy or Policy(),
                            prompts=prompts)  # type: ignore[arg-type]
        qtbot.addWidget(window)
        window.show()
        made.append(window)
        cases = 2 + len(session.cases.list())  # "All documents", "Unfiled", then each case
        qtbot.waitUntil(lambda: window.cases_pane.model.rowCount() == cases, timeout=WAIT_MS)
        qtbot.waitUntil(lambda: not window.documents_pane.model.loading, timeout=WAIT_MS)
        return window

    yield make
    for window in made:
        window.release_session()
        window.close()
    jobs.wait(WAIT_MS)  # nothing may still read the vault when its session locks


def names(window: MainWindow) -> list[str]:
    model = window.documents_pane.model
    return [model.document(row).name for row in range(model.rowCount())]  # type: ignore[union-attr]


def wait_idle(qtbot: Any, window: MainWindow) -> None:
    model = window.documents_pane.model
    qtbot.waitUntil(lambda: not model.loading and model.total is not None, timeout=WAIT_MS)


def select_scope(qtbot: Any, window: MainWindow, scope: Any) -> None:
    qtbot.waitUntil(lambda: window.cases_pane.model.row_of(scope) is not None, timeout=WAIT_MS)
    window.cases_pane.select_scope(scope)
    qtbot.waitUntil(lambda: window.documents_pane.model.query.scope == scope, timeout=WAIT_MS)
    wait_idle(qtbot, window)


def select_document(qtbot: Any, window: MainWindow, name: str) -> None:
    wait_idle(qtbot, window)
    table = window.documents_pane.table

    def shown() -> bool:
        details = window.details_pane.details
        if details is not None and details.document.name == name:
            return True
        # A reload of the list (another pane's job finishing late on a loaded machine) may
        # drop the selection made before it: select the row again until its details show.
        row = names(window).index(name)
        if [index.row() for index in table.selectionModel().selectedRows()] != [row]:
            table.selectRow(row)
        return False

    qtbot.waitUntil(shown, timeout=WAIT_MS)
