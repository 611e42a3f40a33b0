"""No plaintext left behind: one session across the whole product, then a search for canaries.

Two organisations linked on a real `scelle-relay serve` (SQLite, then PostgreSQL), a lawyer and
an officer each with a vault, driven through the real `scelle` command. The lawyer imports a PDF,
a text file and a folder, searches, views the PDF through the viewer's own code (decrypted into
memory, rendered and its text read by PDFium, then wiped), seals a file, sends documents through
the relay; the officer receives them and opens the sealed file into a case; the lawyer collects
the proofs and exports them. Every command locks its vault when it ends.

Distinct random canaries are planted in the contents, file names, case names, tags, subjects,
references and messages. Afterwards every byte the session could have left is searched for them
in many encodings (tests/reliability/plaintext_scan.py): both vault folders, the relay's data
folder and database (a full SQL dump as well as the raw files), every log (the relay's output,
each command's standard error, PostgreSQL's log), the session's private TMPDIR and HOME (config,
cache, data and state folders), and the files the user asked for that must be ciphertext or
proofs only (the sealed file, the proof bundle). Only the user's original documents are not
searched. The expected number of hits is zero.

Figures for docs/reliability.md: SCELLE_PLAINTEXT_REPORT=FILE appends one JSON line per run.
"""

from __future__ import annotations

import getpass
import json
import os
import shutil
import sqlite3
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.relay_client.conftest import Template, open_with_vmk, templates  # noqa: F401
from tests.reliability.plaintext_scan import Canary, Hit, Scanner, make_canary
from tests.reliability.plaintext_session import CliVault, PrivateWorld, RelayProcess
from tests.store.helpers import make_pdf
from tests.support.postgres import PG_BIN, PostgresServer, private_postgres_server


@dataclass(frozen=True)
class Canaries:
    pdf_text: Canary
    text_content: Canary
    pdf_name: Canary
    text_name: Canary
    case: Canary
    folder: Canary
    folder_file: Canary
    tag: Canary
    seal_subject: Canary
    seal_message: Canary
    seal_reference: Canary
    send_subject: Canary
    send_message: Canary
    send_reference: Canary
    received_case: Canary

    @classmethod
    def new(cls) -> Canaries:
        return cls(
            pdf_text=make_canary("pdf content", "Audition confidentielle témoin {core}"),
            text_content=make_canary("text content", "Note: la cliente Héloïse {core} avoue"),
            pdf_name=make_canary("pdf file name", "pv-audition-{core}.pdf"),
            text_name=make_canary("text file name", "note-Héloïse-{core}.txt"),
            case=make_canary("case name", "Succession Dubreuil {core}"),
            folder=make_canary("imported folder name", "Dossier-Garçon-{core}"),
            folder_file=make_canary("file name in a folder", "piece-{core}.txt"),
            tag=make_canary("tag", "tag{core}"),
            seal_subject=make_canary("sealed subject", "Affaire Mériadec {core}"),
            seal_message=make_canary("sealed message", "Voici les pièces, {core}.\nCordialement"),
            seal_reference=make_canary("sealed reference", "RG 24/{core}"),
            send_subject=make_canary("relay subject", "Garde à vue {core}"),
            send_message=make_canary("relay message", "Merci de confirmer {core} avant lundi"),
            send_reference=make_canary("relay reference", "PV-{core}"),
            received_case=make_canary("receiving case name", "Enquête Æsir {core}"),
        )

    def all(self) -> list[Canary]:
        return list(self.__dict__.values())


@pytest.fixture(params=["sqlite", "postgres"])
def database(request: pytest.FixtureRequest
             ) -> Iterator[tuple[str | None, PostgresServer | None]]:
    """None, or a PostgreSQL cluster of this test's own: the whole cluster (heap, WAL) is then
    the session's and is searched whole, without the other tests' databases that the worker's
    shared cluster holds (hundreds of megabytes of WAL late in the suite)."""
    if request.param == "sqlite":
        yield None, None
        return
    with private_postgres_server() as server:
        yield server.url(server.create_database()), server


@pytest.fixture
def world(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
          database: tuple[str | None, PostgresServer | None]) -> PrivateWorld:
    """The private folders; this test process uses them too (it runs the viewer's code). After
    `database`: the PostgreSQL cluster is the machine's, not part of the session's folders."""
    made = PrivateWorld(tmp_path / "session")
    for key, value in made.env().items():
        if key in ("HOME", "TMPDIR", "TMP", "TEMP") or key.startswith("XDG_"):
            monkeypatch.setenv(key, value)
    monkeypatch.setattr(tempfile, "tempdir", None)  # re-read TMPDIR
    return made


def _vault(world: PrivateWorld, template: Template, name: str) -> CliVault:
    folder = world.root / "vaults" / name
    shutil.copytree(template.folder, folder)
    recovery = world.root / "secrets" / f"{name}-recovery.txt"
    recovery.parent.mkdir(exist_ok=True, mode=0o700)
    recovery.write_text(template.recovery_code + "\n")
    return CliVault(world, folder, recovery)


def _originals(world: PrivateWorld, c: Canaries) -> dict[str, Path]:
    """The user's own documents (plaintext by nature; never searched)."""
    folder = world.root / "originals"
    (folder / c.folder.text).mkdir(parents=True)
    files = {"pdf": folder / c.pdf_name.text, "text": folder / c.text_name.text,
             "folder": folder / c.folder.text}
    files["pdf"].write_bytes(make_pdf([c.pdf_text.text, "Page deux"]))
    files["text"].write_text(c.text_content.text * 40, encoding="utf-8")
    (files["folder"] / c.folder_file.text).write_text(c.text_content.text, encoding="utf-8")
    return files


def _view(world: PrivateWorld, vault: CliVault, template: Template, doc_id: int,
          c: Canaries) -> None:
    """What the viewer does with a document: read_content, PdfSource render + page text."""
    from ui.viewer.sources import PdfSource, read_content

    session = open_with_vmk(vault.folder, template.vmk)
    try:
        content = read_content(session, doc_id)
        source = PdfSource(content.data)
        try:
            image = source.render(0, 1.0)
            assert image.width() > 0 and image.height() > 0
            assert c.pdf_text.core in source.page_text(0)
        finally:
            source.close()
        assert not any(content.data)  # wiped when the viewer closed it
    finally:
        session.lock()


def _lawyer_side(lawyer: CliVault, files: dict[str, Path], c: Canaries) -> tuple[int, int]:
    imported = lawyer.json("import", "--case", c.case.text, "--tag", c.tag.text,
                           files["pdf"], files["text"])["imported"]
    pdf_id, text_id = (d["id"] for d in imported)
    lawyer.json("import", files["folder"])
    hits = lawyer.json("search", c.pdf_text.core)
    assert [h["id"] for h in hits] == [pdf_id], hits
    assert sorted(h["id"] for h in lawyer.json("search", c.case.core)) == [pdf_id, text_id]
    return pdf_id, text_id


def _exchange(world: PrivateWorld, lawyer: CliVault, officer: CliVault, officer_contact: int,
              docs: tuple[int, int], c: Canaries) -> Path:
    outputs = world.root / "outputs"
    outputs.mkdir(mode=0o700)
    sealed = outputs / "pli.scelle"
    lawyer.ok("seal", "--to", str(officer_contact), "-o", sealed, "--subject",
              c.seal_subject.text, "--message", c.seal_message.text, "--reference",
              c.seal_reference.text, str(docs[0]))
    sent = lawyer.ok("relay", "send", "--to", str(officer_contact), "--subject",
                     c.send_subject.text, "--message", c.send_message.text, "--reference",
                     c.send_reference.text, "--days", "2", *map(str, docs))
    envelope = sent.out.split()[-1]
    synced = officer.json("relay", "sync")
    assert synced["received"] == [envelope] and not synced["errors"], synced
    [row] = officer.json("relay", "inbox")
    assert row["subject"] == c.send_subject.text and row["state"] == "opened"
    opened = officer.json("open", "--case", c.received_case.text, sealed)
    assert opened, opened
    assert lawyer.json("relay", "sync")["proofs_collected"] >= 2
    lawyer.ok("relay", "proofs", envelope, "-o", outputs / "proofs.json")
    return outputs


def _database_dumps(relay: RelayProcess, pg: PostgresServer | None, world: PrivateWorld
                    ) -> dict[str, bytes]:
    """A logical dump of the relay's database: nothing hidden by page layout or compression."""
    if pg is None:
        copy = world.root / "dump" / "relay.sqlite3"
        copy.parent.mkdir()
        source = sqlite3.connect(relay.data / "relay.sqlite3")
        target = sqlite3.connect(copy)
        with source, target:
            source.backup(target)
        dump = "\n".join(target.iterdump()).encode("utf-8")
        source.close()
        target.close()
        copy.unlink()
        return {"SQLite dump of relay.sqlite3": dump}
    assert relay.database_url is not None
    dump = subprocess.run([str(PG_BIN / "pg_dump"), "--data-only", "--inserts",
                           relay.database_url], capture_output=True, check=True, timeout=120)
    return {"pg_dump of the relay database": dump.stdout}


def _shared_places(world: PrivateWorld) -> list[Path]:
    """Where a program that ignored TMPDIR or HOME would have written: the system's temporary
    folders and the real home's configuration, cache, data and state folders."""
    home = Path(os.path.expanduser("~" + getpass.getuser()))
    places = [Path("/tmp"), Path("/var/tmp"), Path("/dev/shm"),
              *(home / sub for sub in (".config", ".cache", ".local/share", ".local/state"))]
    return [p for p in places if p.is_dir() and p.resolve() != world.root.resolve()]


def _scan(scanner: Scanner, world: PrivateWorld, relay: RelayProcess,
          pg: PostgresServer | None, since: float) -> list[Hit]:
    # Everything of the session: vaults, relay-data, logs, tmp, home, outputs, org keys…
    hits = scanner.scan_tree(world.root, exclude=[world.root / "originals"])
    for label, data in _database_dumps(relay, pg, world).items():
        hits += scanner.scan_bytes(data, label)
    if pg is not None:  # the cluster's files (heap, WAL) and its server log
        hits += scanner.scan_tree(pg.data)
        hits += scanner.scan_bytes((pg.base / "server.log").read_bytes(), "PostgreSQL log")
    for shared in _shared_places(world):
        hits += scanner.scan_changed(shared, since, exclude=[
            world.root, *([pg.base] if pg else []), *_harness_folders(shared)])
    return hits


def _harness_folders(shared: Path) -> list[Path]:
    """The test harness's own folders in a shared one: pytest's per-test folders (this
    session's, `world.root`, is searched whole above) and the PostgreSQL clusters of the tests
    running beside this one. No process of the session is given their paths; searching them
    read the other tests' files and WAL, up to a minute late in the suite."""
    return sorted([*shared.glob("pytest-of-*"), *shared.glob("scelle-pg-*")])


def test_a_whole_session_leaves_no_canary_outside_the_encrypted_stores(
        world: PrivateWorld, templates: dict[str, Template],  # noqa: F811
        database: tuple[str | None, PostgresServer | None]) -> None:
    url, pg = database
    since = time.time() - 1
    c = Canaries.new()
    relay = RelayProcess(world, url)
    relay.start()
    try:
        barreau, police = relay.create_org("Barreau"), relay.create_org("Police")
        relay.admin("org", "link", "Barreau", "Police")
        lawyer = _vault(world, templates["lawyer"], "lawyer")
        officer = _vault(world, templates["officer"], "officer")
        lawyer_fp, officer_fp = lawyer.join(relay, barreau), officer.join(relay, police)
        officer_contact = lawyer.befriend(officer_fp)
        officer.befriend(lawyer_fp)
        files = _originals(world, c)
        docs = _lawyer_side(lawyer, files, c)
        _view(world, lawyer, templates["lawyer"], docs[0], c)
        _exchange(world, lawyer, officer, officer_contact, docs, c)
        received = officer.json("search", c.pdf_text.core)
        assert len(received) == 2, received  # via the relay and via the sealed file
    finally:
        relay.stop()

    # Positive control: the user's originals, which are not searched, do hold the canaries.
    control = {h.canary.where for h in Scanner(c.all()).scan_tree(world.root / "originals")}
    assert {"pdf file name", "text content", "imported folder name"} <= control, control
    scanner = Scanner(c.all())
    hits = _scan(scanner, world, relay, pg, since)
    _report(scanner, hits, "postgres" if pg else "sqlite")
    assert not hits, "plaintext left behind:\n" + "\n".join(map(str, hits))


def test_the_scanner_finds_a_canary_in_every_encoding(tmp_path: Path) -> None:
    """The search itself is checked: a canary written in any of the encodings is found."""
    import base64
    import urllib.parse

    canary = make_canary("probe", "Héloïse Œuvre {core}")
    forms = {
        "utf-8": canary.text.encode(), "utf-16-le": canary.text.encode("utf-16-le"),
        "utf-16-be": canary.text.upper().encode("utf-16-be"),
        "percent": urllib.parse.quote(canary.text).encode(),
        "nfd": __import__("unicodedata").normalize("NFD", canary.text).encode(),
        "core latin-1": canary.core.upper().encode("latin-1"),
    }
    for skip in range(3):
        forms[f"base64+{skip}"] = base64.b64encode(os.urandom(skip) + canary.text.encode())
        forms[f"urlsafe+{skip}"] = base64.urlsafe_b64encode(b"xy"[:skip] + canary.core.encode())
    for name, data in forms.items():
        (tmp_path / f"{name}.bin").write_bytes(b"\x00 padding " + data + b" tail\xff")
    (tmp_path / f"named-{canary.core}").write_bytes(b"")
    scanner = Scanner([canary])
    found = {Path(h.place.removeprefix("name of ")).name for h in scanner.scan_tree(tmp_path)}
    assert found == {f"{name}.bin" for name in forms} | {f"named-{canary.core}"}
    assert not Scanner([make_canary("other", "{core}")]).scan_tree(tmp_path)


def _report(scanner: Scanner, hits: list[Hit], backend: str) -> None:
    target = os.environ.get("SCELLE_PLAINTEXT_REPORT")
    if not target:
        return
    value = {"backend": backend, "canaries": len(scanner.canaries),
             "needles": scanner.needle_count, "places": len(scanner.places),
             "bytes": scanner.bytes_searched, "hits": [str(h) for h in hits]}
    with open(target, "a", encoding="utf-8") as out:
        out.write(json.dumps(value, ensure_ascii=False) + "\n")
